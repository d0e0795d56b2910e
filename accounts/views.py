from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import selectors, services
from accounts.forms import (
    ActivationForm,
    InvitationCurrentPasswordForm,
    InvitationPasswordForm,
    LockoutAuthenticationForm,
    TokenForm,
)

# The device an activation code made for this session to enrol; nothing else may show a QR.
ENROLMENT_SESSION_KEY = "tipmonitor_enrolment_device"


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
def two_factor(request: HttpRequest) -> HttpResponse:
    """Check the authenticator's code on every sign-in; before the first, enrol it.

    Enrolling needs the one-time activation code given with the account (ASVS 2.7.1): with
    the password alone nobody sees a QR code, so a stolen password cannot enrol a device.
    """
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_safe_next(request))
    device = selectors.confirmed_totp_device(user=user)
    if device is None:
        device = selectors.enrolment_device(
            user=user,
            device_id=request.session.get(ENROLMENT_SESSION_KEY),
        )
        if device is None:
            return _activation(request)
    return _code(request, device)


def _activation(request: HttpRequest) -> HttpResponse:
    form = ActivationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.activation_code_redeem(
                user=request.user,  # type: ignore[arg-type]
                code=form.cleaned_data["activation_code"],
            )
        except ValidationError as error:
            form.add_error("activation_code", error)
        else:
            request.session[ENROLMENT_SESSION_KEY] = device.pk
            # A GET shows the QR code, so a reload does not post the used code again.
            return redirect(request.get_full_path())
    context = {"activation_form": form, "next": _safe_next(request)}
    return render(request, "accounts/two_factor.html", context)


def _code(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    form = TokenForm(request.POST if "token" in request.POST else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_verify(device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            otp_login(request, device)
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            # A new session id once fully signed in, as after the password (ASVS 3.2.1).
            request.session.cycle_key()
            return redirect(_safe_next(request))
    context = {"form": form, "device": device, "next": _safe_next(request)}
    if not device.confirmed:
        context["qr_svg"] = selectors.totp_qr_svg(device=device)
    return render(request, "accounts/two_factor.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, code: str) -> HttpResponse:
    """An e-mailed link, no sign-in needed: step 1 sets the password (or, after a reset of the
    second factor, asks the one they have), which uses the link up and signs them in; step 2
    is the two-factor page, showing the QR code of the device made for this session.
    """
    found = services.invitation_lookup(code)
    if found is None:
        return _invalid_link(request)
    resetting = found.user.has_usable_password()
    form_class = InvitationCurrentPasswordForm if resetting else InvitationPasswordForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user, device = services.invitation_redeem(
                code=code,
                password=form.cleaned_data["password"],
                password_again=form.cleaned_data.get("password_again"),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid_link":
                return _invalid_link(request)
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            auth_login(request, user)  # a new session, the previous one's user signed out
            request.session[ENROLMENT_SESSION_KEY] = device.pk
            return redirect("accounts:two_factor")
    context = {"form": form, "username": found.user.username, "resetting": resetting}
    return render(request, "accounts/invitation.html", context)


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"message": services.INVALID_LINK_MESSAGE},
        status=404,
    )
