from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from accounts import selectors, services
from accounts.forms import LockoutAuthenticationForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


def _safe_next(request) -> str:
    """Where to go after the second factor: only ever a page of this site (ASVS 5.1.5)."""
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Enrol a TOTP device on first login, or check the code on every later one."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.user.is_verified():
        return redirect(_safe_next(request))
    device = selectors.totp_device_for_login(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_verify(device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            otp_login(request, device)
            return redirect(_safe_next(request))
    context = {"form": form, "device": device, "next": _safe_next(request)}
    if not device.confirmed:
        context["qr_svg"] = selectors.totp_qr_svg(device=device)
    return render(request, "accounts/two_factor.html", context)
