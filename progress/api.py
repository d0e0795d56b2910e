"""Progress against targets through the JSON API (docs/progress.md): the same judgement as the
dashboards and `tipmonitor progress`, for whoever may see the plan."""

import datetime
import re
from typing import Annotated, Any, Literal, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator

from accounts.models import User
from plans.selectors import get_plan_for_user
from progress import schemas
from progress.selectors import (
    IndicatorProgress,
    StatusCounts,
    disclose_rows_for,
    indicator_progress,
    roll_up,
)
from tipmonitor.lib.numbers import plain_decimal
from tipmonitor.lib.reporting_periods import Period, parse_as_of
from tipmonitor.schemas import READ_ERRORS, ErrorOut, PathId

router = Router(tags=["progress"])
ERRORS = {**READ_ERRORS, 400: ErrorOut}


# A period code as `parse_period_code` reads it: a year, a quarter, a half-year or a month,
# DHIS2's codes (2025Q1, 202503) too. The schema says so, so that a client can tell a valid
# request from an invalid one (422) without asking.
PERIOD_PATTERN = r"^[12][0-9]{3}(-?[Qq][1-4]|-?[Ss][12]|-?(0[1-9]|1[0-2]))?$"
PeriodCode = Annotated[str, Field(pattern=PERIOD_PATTERN)]


def _iso_date_text(value: object) -> object:
    """Only a date written 2025-12-31 is a date here; pydantic would also read "0" or a
    number of seconds as one."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    raise ValueError(_("Write a date as YYYY-MM-DD, e.g. 2025-12-31."))


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_text)]


class ProgressQuery(Schema):
    as_of: IsoDate | PeriodCode = Field(
        description="A date (2025-12-31) or a period (2025-Q4, 2025-S2, 2025-06, 2025), "
        "whose last day counts."
    )
    provisional: bool = False


class RollUpQuery(ProgressQuery):
    by: Literal["area", "objective", "agency", "plan"] = "area"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _as_of(value: datetime.date | str) -> Period | datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return parse_as_of(value)
    except ValueError as error:
        raise HttpError(400, _("as_of: %(reason)s") % {"reason": error}) from None


def _judged(request: HttpRequest, plan_id: int, query: ProgressQuery) -> list[IndicatorProgress]:
    plan = get_plan_for_user(_user(request), plan_id)
    as_of = _as_of(query.as_of)
    rows = indicator_progress(plan, as_of=as_of, provisional=query.provisional)
    # Counts of victims pass disclosure control for anyone but the coordinator (issue 10 #4).
    return disclose_rows_for(
        plan, rows, as_of=as_of, provisional=query.provisional, user=_user(request)
    )


@router.get(
    "/plans/{plan_id}/progress", response={200: list[schemas.IndicatorProgressOut], **ERRORS}
)
def list_progress(
    request: HttpRequest, plan_id: PathId, query: Query[ProgressQuery]
) -> list[dict[str, Any]]:
    """Every indicator of the plan judged at `as_of`: actual, expected, end target, progress
    and status. `provisional=true` also counts submitted reports not yet accepted."""
    return [_progress_row(item) for item in _judged(request, plan_id, query)]


@router.get("/plans/{plan_id}/progress/roll-up", response={200: list[schemas.RollUpOut], **ERRORS})
def list_roll_up(
    request: HttpRequest, plan_id: PathId, query: Query[RollUpQuery]
) -> list[dict[str, Any]]:
    """How many indicators have each status, per strategic area, objective, responsible agency
    or for the whole plan."""
    groups = roll_up(_judged(request, plan_id, query), by=query.by)
    return [_roll_up_row(key, counts) for key, counts in groups.items()]


def _progress_row(item: IndicatorProgress) -> dict[str, Any]:
    return {
        "code": item.indicator.code,
        "name": item.indicator.name,
        "actual": plain_decimal(item.actual),
        "expected": plain_decimal(item.expected),
        "end_target": plain_decimal(item.end_target),
        "progress": plain_decimal(item.progress),
        "status": item.status,
        "latest_period": item.latest_period,
        "rating": item.rating or None,
        "withheld": item.withheld,
    }


def _roll_up_row(key: Any, counts: StatusCounts) -> dict[str, Any]:
    shares = counts.shares
    return {
        "code": key.code,
        "name": getattr(key, "name", None) or getattr(key, "title", ""),
        "total": counts.total,
        "statuses": [
            {"status": status, "count": count, "share": plain_decimal(shares[status])}
            for status, count in counts.counts.items()
        ],
    }
