"""The recommendations pages' routes (coordination/urls.py joins them)."""

from django.urls import path

from coordination.views import recommendations as views

urlpatterns = [
    path("recommendations/", views.recommendation_index, name="recommendation_index"),
    path(
        "plans/<int:plan_id>/recommendations/",
        views.recommendation_list,
        name="recommendation_list",
    ),
    path(
        "plans/<int:plan_id>/recommendations/new/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    path(
        "plans/<int:plan_id>/recommendations/upload/",
        views.recommendation_upload,
        name="recommendation_upload",
    ),
    path(
        "plans/<int:plan_id>/recommendations.xlsx",
        views.recommendation_export,
        name="recommendation_export",
    ),
    path(
        "plans/<int:plan_id>/recommendations/publish/",
        views.tracker_publish,
        name="tracker_publish",
    ),
    path(
        "recommendations/<int:recommendation_id>/",
        views.recommendation_detail,
        name="recommendation_detail",
    ),
    path(
        "recommendations/<int:recommendation_id>/edit/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "recommendations/<int:recommendation_id>/delete/",
        views.recommendation_delete,
        name="recommendation_delete",
    ),
    path(
        "recommendations/<int:recommendation_id>/confirm/",
        views.recommendation_confirm,
        name="recommendation_confirm",
    ),
]
