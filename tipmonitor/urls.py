from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from agencies.urls import urlpatterns as agency_pages
from plans.views.agencies import agency_detail
from public import views as public_views
from tipmonitor import views
from tipmonitor.api import api

urlpatterns = [
    # Before the plans' pages: `/` is the public site, or the signed-in user's own work.
    path("", views.home, name="home"),
    path("", include("plans.urls")),
    path("accounts/", include("accounts.urls")),
    path("people/", include("accounts.urls_people")),
    # One agency's page shows its part in the plans, so plans serve it (agencies sit below).
    path(
        "agencies/",
        include(
            (
                [*agency_pages, path("<int:agency_id>/", agency_detail, name="detail")],
                "agencies",
            )
        ),
    ),
    path("reporting/", include("reporting.urls")),
    path("progress/", include("progress.urls")),
    path("documents/", include("documents.urls")),
    path("public/", include("public.urls")),
    path("cases/", include("cases.urls")),
    path("jobs/", include("jobs.urls")),
    path("coordination/", include("coordination.urls")),
    path("exchange/", include("exchange.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # Where crawlers look; unnamed, as it is the public site's robots.txt at the root.
    path("robots.txt", public_views.robots_txt),
    path("api/v1/", api.urls),
]
