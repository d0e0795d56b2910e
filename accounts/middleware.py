import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from accounts.api_auth import is_token_request, token_user


class SecondFactorMiddleware:
    """Send a signed-in user who has not passed the second factor to set it up or enter it.

    Protects every page behind the password (ASVS 2.7): a stolen password alone opens nothing.
    The JSON API answers 401 instead, since a script cannot follow a redirect to a form; it
    does so for anonymous requests too (the schema included), before any operation runs.
    A request bearing an API token goes through to the API, which signs it in by its token
    alone (a token is made behind both factors and stands for them).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._is_api(request) and is_token_request(request):
            # A token stands for both factors; the API checks it (accounts.api_auth) and a
            # bad one is a 401 there, never a fall-back to a session sent beside it. The
            # schema is no operation, so its token is checked here.
            if request.path == reverse("api:openapi-json"):
                try:
                    token_user(request)
                except HttpError as refused:
                    return JsonResponse({"detail": str(refused)}, status=refused.status_code)
            return self.get_response(request)
        if self._is_api(request) and not request.user.is_authenticated:
            return JsonResponse({"detail": _("Sign in first.")}, status=401)
        if self._needs_second_factor(request):
            two_factor_url = reverse("accounts:two_factor")
            if self._is_api(request):
                message = _("Enter the code from your authenticator app first.")
                return JsonResponse(
                    {"detail": message, "two_factor_url": two_factor_url}, status=401
                )
            return redirect(f"{two_factor_url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _needs_second_factor(self, request: HttpRequest) -> bool:
        user = request.user
        if not settings.REQUIRE_SECOND_FACTOR or not user.is_authenticated:
            return False
        if user.is_verified():  # type: ignore[attr-defined]  # set by django_otp's middleware
            return False
        # An invitation link signs its holder in itself, whoever was signed in before.
        invitation = reverse("accounts:invitation", args=["-"]).removesuffix("-/")
        exempt = (
            reverse("accounts:two_factor"),
            reverse("accounts:logout"),
            invitation,
            "/static/",
            "/i18n/",
        )
        return not request.path.startswith(exempt)

    def _is_api(self, request: HttpRequest) -> bool:
        # The interactive documentation is a page for people: it gets the redirect.
        return request.path.startswith(reverse("api:api-root")) and request.path != reverse(
            "api:openapi-view"
        )


SIGNED_IN_AT_SESSION_KEY = "tipmonitor_signed_in_at"


class SessionLifetimeMiddleware:
    """Sign out a session older than SESSION_MAX_AGE, however busy it has been (ASVS 3.3.2).

    The idle timeout (SESSION_COOKIE_AGE) never ends a session that is in use, so a stolen
    session cookie would otherwise stay good for as long as the thief keeps using it. The
    first request a session makes signed in starts its clock (sign-in is that request's
    predecessor; Django gives every sign-in a new session).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self._expired(request):
            logout(request)
            if request.path.startswith(reverse("api:api-root")):
                return JsonResponse(
                    {"detail": _("Your session has ended. Sign in again.")}, status=401
                )
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> bool:
        now = int(time.time())
        started = request.session.setdefault(SIGNED_IN_AT_SESSION_KEY, now)
        return now - int(started) > settings.SESSION_MAX_AGE
