"""The actions pages' routes (coordination/urls.py joins them)."""

from django.urls import path

from coordination.views import actions

urlpatterns = [
    path("actions/", actions.action_list, name="action_list"),
    path("actions/<int:action_id>/", actions.action_detail, name="action_detail"),
    path("actions/<int:action_id>/update/", actions.action_update, name="action_update"),
    path("actions/<int:action_id>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:action_id>/delete/", actions.action_delete, name="action_delete"),
    path("actions/evidence/<int:update_id>/", actions.action_evidence, name="action_evidence"),
]
