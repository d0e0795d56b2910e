"""A signed-in user changes their own password (behind the second factor like every page)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import PasswordChangeForm, client_ip


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """The current password, then the new one twice. On success this session stays signed
    in (its hash is renewed) and every other session of the user ends."""
    form = PasswordChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            services.password_change(
                user=user,  # type: ignore[arg-type]
                current=form.cleaned_data["current_password"],
                new=form.cleaned_data["new_password"],
                new_again=form.cleaned_data["new_password_again"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            update_session_auth_hash(request, user)  # type: ignore[arg-type]
            messages.success(
                request,
                _("Your password has been changed. Your other sessions, if any, are signed out."),
            )
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})
