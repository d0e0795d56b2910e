"""The API tokens page (docs/api.md, "Signing in"): everyone's own tokens; for the coordinator
also the service accounts of agencies and their tokens. A new token is shown once, in the
answer to the form that made it (never stored in the session or a message)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import permissions, selectors
from accounts.forms_tokens import ServiceAccountForm, TokenForm
from accounts.models import User
from accounts.services import tokens


def _page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context.setdefault("form", TokenForm())
    if permissions.may_create_service_accounts(user):
        context.setdefault("account_form", ServiceAccountForm())
        context["service_accounts"] = selectors.service_accounts_for(user)
    context["tokens"] = selectors.tokens_of(user, user) if not user.is_service_account else []
    return render(request, "accounts/tokens.html", context, status=status)


def _add_errors(form: Any, error: ValidationError) -> None:
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The list, and the form that makes a token (one's own, or a service account's)."""
    user: User = request.user  # type: ignore[assignment]
    if request.method != "POST":
        return _page(request)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, form=form)
    owner = selectors.token_owner_for(user, form.cleaned_data["owner"])
    try:
        created = tokens.token_create(
            by=user,
            owner=owner,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _page(request, status=400, form=form)
    return _page(request, created=created, created_for=owner)


@never_cache
@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = selectors.token_to_revoke(user, token_id)
    tokens.token_revoke(by=user, token=token)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@never_cache
@login_required
@require_POST
def service_account_create(request: HttpRequest) -> HttpResponse:
    """A new service account of an agency (the coordinator); its tokens are made on the same
    page."""
    user: User = request.user  # type: ignore[assignment]
    if not permissions.may_create_service_accounts(user):
        return _page(request, status=403)
    form = ServiceAccountForm(request.POST)
    if form.is_valid():
        try:
            account = tokens.service_account_create(
                by=user,
                username=form.cleaned_data["username"],
                agency=form.cleaned_data["agency"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The service account %(name)s is made; make its token below.")
                % {"name": account.username},
            )
            return redirect("accounts:tokens")
    return _page(request, status=400, account_form=form)
