"""Coordination's panels on reporting's work pages (reporting/worklists.py, registered in
CoordinationConfig.ready()): an agency user's overdue and soon-due actions on the list of
reports they start at; every agency's on the coordinator's attention page of the plan."""

from __future__ import annotations

import datetime

from accounts.models import User
from coordination.selectors.actions import attention_work_list, my_work_list
from plans.models import Plan
from reporting.worklists import Panel

TEMPLATE = "coordination/_action_worklist.html"


def my_actions_panel(*, user: User, today: datetime.date, plan: Plan | None = None) -> Panel | None:
    work = my_work_list(user, today=today)
    if not work:
        return None
    return Panel(TEMPLATE, {"work": work, "everyone": False, "today": today})


def attention_actions_panel(
    *, user: User, today: datetime.date, plan: Plan | None = None
) -> Panel | None:
    if plan is None:
        return None
    work = attention_work_list(user, plan, today=today)
    if not work:
        return None
    return Panel(TEMPLATE, {"work": work, "everyone": True, "today": today, "plan": plan})
