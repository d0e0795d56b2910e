"""Reading the plan: the list of plans, the plan as a tree, one objective, activity or
indicator with everything about it, and the coordinator's plan-quality check.

Every view goes through a selector that applies the permission getters: a plan the user may not
see is a 404, the quality check is a 403 for anyone but a coordinator.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from plans import selectors


@require_safe
@login_required
def plan_list(request):
    plans = selectors.plan_summaries(request.user)
    return render(request, "plans/plan_list.html", {"plans": plans})


@require_safe
@login_required
def plan_tree(request, plan_id: int):
    tree = selectors.plan_tree_for_user(request.user, plan_id)
    return render(request, "plans/plan_tree.html", {"tree": tree, "plan": tree.plan})


@require_safe
@login_required
def objective_detail(request, plan_id: int, objective_id: int):
    detail = selectors.objective_detail_for_user(request.user, plan_id, objective_id)
    context = {"detail": detail, "plan": detail.objective.plan}
    return render(request, "plans/objective_detail.html", context)


@require_safe
@login_required
def activity_detail(request, plan_id: int, activity_id: int):
    detail = selectors.activity_detail_for_user(request.user, plan_id, activity_id)
    context = {"detail": detail, "plan": detail.activity.plan}
    return render(request, "plans/activity_detail.html", context)


@require_safe
@login_required
def indicator_detail(request, plan_id: int, indicator_id: int):
    detail = selectors.indicator_detail_for_user(request.user, plan_id, indicator_id)
    context = {"detail": detail, "plan": detail.indicator.plan}
    return render(request, "plans/indicator_detail.html", context)


@require_safe
@login_required
def plan_quality(request, plan_id: int):
    report = selectors.plan_quality_for_user(request.user, plan_id)
    return render(request, "plans/plan_quality.html", {"report": report, "plan": report.plan})
