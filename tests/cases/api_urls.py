"""The site's URLs, plus the cases router on a test API while tipmonitor/api.py does not mount
it yet (the lead mounts it), so that the API tests run either way."""

from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

from cases.api import router
from tipmonitor.api import api as site_api
from tipmonitor.urls import urlpatterns as site_urlpatterns

MOUNTED_ON_SITE = any(mounted is router for _prefix, mounted in site_api._routers)
urlpatterns = list(site_urlpatterns)
test_api: NinjaAPI | None = None
if not MOUNTED_ON_SITE:
    test_api = NinjaAPI(
        title="TIP Monitor API (cases)",
        version="1",
        urls_namespace="cases_test_api",
        auth=django_auth,
    )
    test_api.add_router("", router)
    urlpatterns.append(path("api/v1/", test_api.urls))
