"""The project's URLs with the statistics pages under `cases:` as cases/urls.py will include
them (cases/urls_stats.py); used by the statistics page tests until that include lands."""

from django.urls import URLPattern, URLResolver, include, path

from cases import urls as case_urls
from cases import urls_stats
from tipmonitor import urls as root

_included = {p.name for p in case_urls.urlpatterns if isinstance(p, URLPattern)}
_stats = [p for p in urls_stats.urlpatterns if p.name not in _included]

urlpatterns: list[URLPattern | URLResolver] = [
    p
    for p in root.urlpatterns
    if isinstance(p, URLPattern | URLResolver) and str(p.pattern) != "cases/"
]
urlpatterns.append(
    path("cases/", include(([*case_urls.urlpatterns, *_stats], "cases"), namespace="cases"))
)
