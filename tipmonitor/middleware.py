"""Project-wide response rules that belong to no single app."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer of the JSON API and on every download (ASVS
    8.2.1): the reports, workbooks, exports and documents an agency fetched must not stay in
    a shared computer's browser cache or a proxy's.

    A download is any answer carrying `Content-Disposition` (every file this site sends does:
    workbooks, CSV and XLSX exports, DOCX and PDF documents), so a new export is covered
    without anyone remembering a decorator. Case pages add it in their own views.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.api_prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "public" in response.get("Cache-Control", ""):
            return response  # a view that chose to be cached (the public site's pages)
        if self._is_api(request) or response.has_header("Content-Disposition"):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response

    def _is_api(self, request: HttpRequest) -> bool:
        if self.api_prefix is None:
            self.api_prefix = reverse("api:api-root")
        return request.path.startswith(self.api_prefix)
