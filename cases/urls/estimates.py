"""Hidden victims (cases/views/estimates.py), included by cases/urls/__init__.py: the estimates
of how many victims no agency's list holds (docs/estimation.md)."""

from django.urls import path

from cases.views import estimates

urlpatterns = [
    path("estimates/", estimates.estimate_list, name="estimate_list"),
    path("estimates/request/", estimates.estimate_request_view, name="estimate_request"),
    path("estimates/<int:estimate_id>/", estimates.estimate_detail, name="estimate_detail"),
    path(
        "estimates/<int:estimate_id>/publish/",
        estimates.estimate_publish_view,
        name="estimate_publish",
    ),
    path(
        "estimates/<int:estimate_id>/unpublish/",
        estimates.estimate_unpublish_view,
        name="estimate_unpublish",
    ),
]
