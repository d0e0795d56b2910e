"""Case statistics and case queries (cases/stats_views.py), included by cases/urls.py."""

from django.urls import path

from cases import stats_views

urlpatterns = [
    path("stats/", stats_views.stats, name="stats"),
    path(
        "plans/<int:plan_id>/case-queries/",
        stats_views.case_query_list,
        name="case_query_list",
    ),
    path(
        "plans/<int:plan_id>/case-queries/sync/",
        stats_views.case_query_run,
        name="case_query_sync",
    ),
    path(
        "indicators/<int:indicator_id>/case-query/",
        stats_views.case_query_edit,
        name="case_query_edit",
    ),
    path(
        "indicators/<int:indicator_id>/case-query/remove/",
        stats_views.case_query_remove,
        name="case_query_remove",
    ),
]
