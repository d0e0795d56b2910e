"""Case statistics and case queries (cases/views/stats.py, cases/views/case_queries.py), included
by cases/urls/__init__.py."""

from django.urls import path

from cases.views import case_queries, international, stats

urlpatterns = [
    path("stats/", stats.stats, name="stats"),
    path("stats/international/", international.international_download, name="international"),
    path(
        "plans/<int:plan_id>/case-queries/",
        case_queries.case_query_list,
        name="case_query_list",
    ),
    path(
        "plans/<int:plan_id>/case-queries/sync/",
        case_queries.case_query_run,
        name="case_query_sync",
    ),
    path(
        "indicators/<int:indicator_id>/case-query/",
        case_queries.case_query_edit,
        name="case_query_edit",
    ),
    path(
        "indicators/<int:indicator_id>/case-query/remove/",
        case_queries.case_query_remove,
        name="case_query_remove",
    ),
]
