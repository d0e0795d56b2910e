"""The project's URLs with the review queue under `cases:` as cases/urls.py will include it
(cases/urls_review.py); used by the review page tests until that include lands."""

from django.urls import URLPattern, URLResolver, include, path

from cases import urls as case_urls
from cases import urls_review
from tipmonitor import urls as root

_included = {p.name for p in case_urls.urlpatterns if isinstance(p, URLPattern)}
_review = [p for p in urls_review.urlpatterns if p.name not in _included]

urlpatterns: list[URLPattern | URLResolver] = [
    p
    for p in root.urlpatterns
    if isinstance(p, URLPattern | URLResolver) and str(p.pattern) != "cases/"
]
urlpatterns.append(
    path("cases/", include(([*case_urls.urlpatterns, *_review], "cases"), namespace="cases"))
)
