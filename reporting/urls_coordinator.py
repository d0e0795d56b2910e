"""The coordinator's pages (reporting/views/coordinator.py), included by reporting/urls.py."""

from django.urls import path

from reporting.views import coordinator

urlpatterns = [
    path("plans/<int:plan_id>/matrix/", coordinator.matrix, name="matrix"),
    path("plans/<int:plan_id>/status-list/", coordinator.status_list, name="status_list"),
    path("plans/<int:plan_id>/attention/", coordinator.attention, name="attention"),
]
