"""Panels that apps above reporting add to its work pages: the list of reports (where an
agency's reporters and approvers start) and the coordinator's attention page. Reporting may not
import those apps (the layers, docs/decisions.md), so each registers a function here from its
AppConfig.ready() (coordination: the overdue and soon-due actions) and the pages include
whatever panels the functions return.

A source is called with keyword arguments `user`, `today` and `plan` (None on the list of
reports) and returns a Panel, or None when it has nothing to show that user.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from accounts.models import User
from plans.models import Plan

REPORT_LIST = "report_list"
ATTENTION = "attention"


@dataclass(frozen=True)
class Panel:
    """A template to include on the page and its context (available as `panel`)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelSource = Callable[..., Panel | None]
_sources: dict[str, list[PanelSource]] = {REPORT_LIST: [], ATTENTION: []}


def register_panel(page: str, source: PanelSource) -> None:
    """Show what `source` returns on `page` (REPORT_LIST or ATTENTION); registering twice is
    once (ready() may run again in tests)."""
    if page not in _sources:
        raise ValueError(f"No work page {page!r}; one of {', '.join(_sources)}.")
    if source not in _sources[page]:
        _sources[page].append(source)


def panels(page: str, *, user: User, today: datetime.date, plan: Plan | None = None) -> list[Panel]:
    found = []
    for source in _sources[page]:
        panel = source(user=user, today=today, plan=plan)
        if panel is not None:
            found.append(panel)
    return found
