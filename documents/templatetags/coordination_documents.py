"""Template tags for coordination's pages to show the documents made from them (issue 12):
`{% load coordination_documents %}` then `{% minutes_box meeting %}` on a meeting's page (the
minutes as DOCX and PDF) and `{% follow_up_box plan %}` on the recommendation tracker. Each shows
nothing to a user who may not read or make the documents."""

from typing import Any

from django import template
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from coordination.models import Meeting
from documents import selectors
from documents.views_coordination import minutes_box_context
from plans.models import Plan

register = template.Library()


@register.inclusion_tag("documents/_minutes_box.html", takes_context=True)
def minutes_box(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    user = context["request"].user
    try:
        selectors.get_minutes_meeting_for_user(user, meeting.pk)
    except (PermissionDenied, Http404):
        return {"hidden": True}
    return {**minutes_box_context(user, meeting), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("documents/_follow_up_box.html", takes_context=True)
def follow_up_box(context: template.Context, plan: Plan) -> dict[str, Any]:
    shown = permissions.may_manage_coordination(context["request"].user)
    return {"plan": plan, "hidden": not shown}
