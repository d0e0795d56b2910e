import ipaddress

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import services

# One message whatever was locked (the name typed or the address it came from) and whether
# or not such a user exists, so a refusal tells an attacker nothing about real accounts.
LOCKED_MESSAGE = _(
    "Too many failed sign-in attempts. Sign-in is blocked for %(minutes)s minutes; "
    "ask your administrator if you cannot wait."
)


class LockoutMixin:
    """Refuse an account locked by repeated failures, before the password is even checked
    (ASVS 2.2.1: anti-automation against password guessing).

    The attempt is counted first, atomically (`services.login_attempt_begin`), and only then is
    the password checked, so parallel attempts cannot all slip in before the count. Only a
    wrong name or password stays counted, and only a successful sign-in clears the count: a
    form with an empty password, or a right password for an account that may not sign in
    here, neither counts nor resets it.
    """

    request: HttpRequest | None  # set by the form this is mixed into

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = self._client_ip()
        if not (username and self.cleaned_data.get("password")):
            if username and services.login_is_locked(username=username, ip_address=address):
                raise self._locked()
            return super().clean()
        attempt = services.login_attempt_begin(username=username, ip_address=address)
        if attempt is None:
            raise self._locked()
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if self.user_cache is not None:  # right password, account may not sign in here
                services.login_attempt_discard(attempt_id=attempt)
            raise
        services.login_attempt_succeeded(attempt_id=attempt, username=username)
        return cleaned

    def confirm_login_allowed(self, user) -> None:
        """A service account signs in nowhere, even were a password set for it in the admin:
        it has API tokens only. Refused as a wrong password is (it says nothing more)."""
        if getattr(user, "is_service_account", False):
            raise self.get_invalid_login_error()  # type: ignore[attr-defined]
        super().confirm_login_allowed(user)  # type: ignore[misc]

    def _locked(self) -> forms.ValidationError:
        return forms.ValidationError(
            LOCKED_MESSAGE, code="locked", params={"minutes": settings.LOGIN_LOCKOUT_MINUTES}
        )

    def _client_ip(self) -> str | None:
        return None if self.request is None else client_ip(self.request)


def client_ip(request: HttpRequest) -> str | None:
    """The address a request comes from, as the lockout counts it (LOGIN_CLIENT_IP_HEADER)."""
    raw = request.META.get(settings.LOGIN_CLIENT_IP_HEADER) or ""
    # A proxy's X-Forwarded-For lists every hop; the last one is the one it saw itself.
    address = raw.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


class LockoutAuthenticationForm(LockoutMixin, AuthenticationForm):
    """The sign-in form of the site."""


class LockoutAdminAuthenticationForm(LockoutMixin, AdminAuthenticationForm):
    """The admin's own sign-in form, so that /admin/login/ is no way around the lockout."""


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ActivationForm(forms.Form):
    activation_code = forms.CharField(
        label=_("Activation code"),
        help_text=_("The code you were given with your account, such as ABCD-EFGH-JKMN-PQRS."),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "aria-describedby": "activation-help",
            }
        ),
    )


class InvitationPasswordForm(forms.Form):
    """The first step of an invitation link: the password chosen (the service validates it)."""

    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        help_text=_(
            "At least 12 characters, not a common password, not only digits and not like your name."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class InvitationCurrentPasswordForm(forms.Form):
    """The first step of a link sent after a reset of the second factor: the password the
    person already has, so the link alone (a read mailbox) enrols nothing."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(forms.Form):
    """A signed-in user's own password: the one they have, then the new one twice (the service
    checks it, counts a wrong current one like a failed sign-in, and validates the new one)."""

    current_password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_(
            "At least 12 characters, not a common password, not only digits and not like your name."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("The new password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
