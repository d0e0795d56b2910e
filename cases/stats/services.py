"""Writes of case statistics: the audit of every statistic and export read, binding an indicator
to a case query, and `case_query_sync`, which turns case records into indicator values.

`case_query_sync` counts persons (cases.stats) for every indicator bound to a case query, for
each of the indicator's periods that has ended within the plan, with the indicator's breakdowns
that case records can fill (sex, age group, citizenship, region), and hands them to the bulk
data-values import (`reporting.services.values_import`) as the bound agency's accepted values, so
the progress engine, the reports and the matrix see them like any imported value.

Decisions where the issue is silent:
- A dimension is broken down only when every person counted falls in one of its categories
  (sex "not known" goes to a category coded "other", "unknown" or "not_known" when the dimension
  has one); otherwise the reporting rule "categories add up to the total" could not hold, and
  the period's comment says the dimension was left out and why.
- Forms of exploitation are never written as a breakdown: a person may have several, so the
  categories add up to more than the total, which the values' validation refuses.
- Values are written in every run, also zeros; a value the query no longer produces (a
  breakdown dropped from the indicator) is left as it was.
- Periods starting before the cutoff of a retention purge (cases/retention.py) are left as
  they were: their persons are partly gone, and the values written are reporting values.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from accounts.selectors import only_coordinator
from agencies.models import Agency
from cases.models import CaseAccess, CaseQuery, TraffickingStatus
from cases.retention import sync_horizon
from cases.services import case_access_record
from cases.stats.counting import StatsQuery, selects
from cases.stats.dimensions import (
    DIMENSIONS,
    UNKNOWN,
    PersonFacts,
    citizenship_group,
    home_country,
)
from cases.stats.persons import persons
from plans.models import Indicator, Plan
from reporting.models import ReportStatus, ValueSource
from reporting.services import ImportResult, ValueRow, values_import
from tipmonitor.lib.reporting_periods import Period, periods_between

ACTION_STATS = "stats"
ACTION_EXPORT = "export"
ACTION_SYNC = "sync"


def stats_access_record(*, user: User | None, action: str, target: str, persons: int) -> CaseAccess:
    """Audit a statistic or an export (`target`: dimensions and filters, codes only)."""
    return case_access_record(user=user, action=action, target=target, records=persons)


# --- Binding an indicator to a case query -------------------------------------------------------


@transaction.atomic
def case_query_save(
    *,
    indicator: Indicator,
    agency: Agency,
    statuses: Sequence[str],
    filters: dict[str, list[str]],
    user: User,
) -> CaseQuery:
    """Bind `indicator` to a case query (or change its binding)."""
    if not permissions.may_review_reports(user):
        raise PermissionDenied
    errors = _query_errors(indicator, agency, statuses, filters)
    if errors:
        raise ValidationError(errors)
    query, _created = CaseQuery.objects.update_or_create(
        indicator=indicator,
        defaults={"agency": agency, "statuses": list(statuses), "filters": filters},
    )
    return query


def _query_errors(
    indicator: Indicator, agency: Agency, statuses: Sequence[str], filters: dict[str, list[str]]
) -> dict[str, str]:
    errors = {}
    if indicator.is_qualitative:
        errors["indicator"] = _("A qualitative indicator cannot be counted from case records.")
    if not indicator.responsible_agencies.filter(pk=agency.pk).exists():
        errors["agency"] = _("%(agency)s is not responsible for indicator %(code)s.") % {
            "agency": agency.code,
            "code": indicator.code,
        }
    if not statuses or set(statuses) - set(TraffickingStatus.values):
        errors["statuses"] = _("Choose one or more trafficking statuses.")
    unknown = sorted(set(filters) - set(DIMENSIONS))
    if unknown:
        errors["filters"] = _("Unknown dimension %(names)s.") % {"names": ", ".join(unknown)}
    return errors


@transaction.atomic
def case_query_delete(*, query: CaseQuery, user: User) -> None:
    """Unbind the indicator; values already written stay (they were accepted values)."""
    if not permissions.may_review_reports(user):
        raise PermissionDenied
    query.delete()


# --- Sync -------------------------------------------------------------------------------------

# Case categories -> the category codes a plan's dimension may use for them, first match wins.
_CANDIDATES: dict[str, dict[str, tuple[str, ...]]] = {
    "sex": {
        "F": ("female", "f", "women"),
        "M": ("male", "m", "men"),
        "X": ("other", "x"),
        UNKNOWN: ("unknown", "not_known", "other"),
    },
    "age_group": {
        "child": ("child", "children", "minor"),
        "adult": ("adult", "adults"),
        UNKNOWN: ("unknown", "not_known"),
    },
    "nationality": {
        "national": ("national", "nationals"),
        "eu": ("foreign", "foreigners", "eu"),
        "non_eu": ("foreign", "foreigners", "non_eu"),
        UNKNOWN: ("unknown", "not_known"),
    },
}


def _case_category(dimension: str, facts: PersonFacts, home: str) -> str:
    if dimension == "sex":
        return facts.sex or UNKNOWN
    if dimension == "age_group":
        return DIMENSIONS["age_group"].categories_of(facts, home)[0]
    if dimension == "nationality":
        return citizenship_group(facts.nationality, home) if home else UNKNOWN
    return facts.region or UNKNOWN  # region: the plan's codes are the records' codes


def _mapper(dimension: str, codes: Sequence[str]) -> Callable[[str], str | None]:
    """The plan category of a case category, or None."""
    lowered = {code.lower(): code for code in codes}
    candidates = _CANDIDATES.get(dimension)

    def plan_code(case_category: str) -> str | None:
        if candidates is None:
            return lowered.get(case_category.lower())
        return next((lowered[c] for c in candidates.get(case_category, ()) if c in lowered), None)

    return plan_code


# The indicator dimensions case records fill; exploitation is not one (see the docstring).
_FILLED = ("sex", "age_group", "nationality", "region")


@dataclass
class SyncResult:
    indicators: int
    rows: int
    imported: ImportResult | None


def _sync_user(user: User | None) -> User:
    """Who the values are recorded as entered by: the user, or the one coordinator."""
    if user is not None:
        return user
    coordinator = only_coordinator()
    if coordinator is None:
        raise ValueError(_("Say which coordinator the values are recorded for."))
    return coordinator


def _periods(indicator: Indicator, plan: Plan, today: datetime.date) -> list[Period]:
    """The indicator's periods within the plan that have ended: a count of a period still
    running would be read as its result."""
    end = min(plan.ends_on, today)
    periods = periods_between(indicator.frequency, plan.starts_on, end)
    return [p for p in periods if p.end <= end and p.start >= plan.starts_on]


@transaction.atomic
def case_query_sync(
    *, plan: Plan, user: User | None = None, today: datetime.date | None = None
) -> SyncResult:
    """Write the values of every indicator of `plan` bound to a case query (see the module's
    docstring): all or nothing, audited."""
    author = _sync_user(user)
    if not permissions.may_review_reports(author):
        raise PermissionDenied
    today = today or timezone.localdate()
    queries = list(
        CaseQuery.objects.filter(indicator__plan=plan)
        .select_related("indicator", "agency")
        .prefetch_related("indicator__dimensions__categories")
        .order_by("indicator__position", "indicator__code")
    )
    population = list(persons())
    home = home_country()
    # A purge (cases/retention.py) removed persons first identified before this day: the
    # values of periods starting before it stay as they were written.
    horizon = sync_horizon()
    rows: list[ValueRow] = []
    for query in queries:
        for period in _periods(query.indicator, plan, today):
            if horizon is None or period.start >= horizon:
                rows += _rows_for(query, period, population, home, start_line=len(rows) + 1)
    imported = None
    if rows:
        imported = values_import(
            plan=plan,
            rows=rows,
            user=author,
            status=ReportStatus.ACCEPTED,
            source=ValueSource.CASES,
        )
    target = f"sync plan={plan.code} indicators={','.join(q.indicator.code for q in queries)}"
    case_access_record(user=user, action=ACTION_SYNC, target=target, records=len(population))
    return SyncResult(indicators=len(queries), rows=len(rows), imported=imported)


def _rows_for(
    query: CaseQuery,
    period: Period,
    population: list[PersonFacts],
    home: str,
    *,
    start_line: int,
) -> list[ValueRow]:
    stats = StatsQuery(
        start=period.start,
        end=period.end,
        statuses=tuple(query.statuses),
        filters={name: tuple(codes) for name, codes in query.filters.items()},
    )
    selected = [f for f in population if selects(stats, f, home)]
    comment = _("Counted from case records: persons, each once.")
    breakdowns: list[tuple[dict[str, str], int]] = [({}, sum(f.weight for f in selected))]
    notes = []
    for dimension in query.indicator.dimensions.all():
        codes = [category.code for category in dimension.categories.all()]
        cells = _breakdown(dimension.code, codes, selected, home)
        if cells is None:
            notes.append(_left_out(dimension.code))
            continue
        breakdowns += [({dimension.code: code}, count) for code, count in cells.items()]
    comment = " ".join([comment, *notes])
    return [
        ValueRow(
            line=start_line + n,
            indicator_code=query.indicator.code,
            period=period.code,
            agency_code=query.agency.code,
            value=str(count),
            comment=comment,
            breakdown=pairs,
        )
        for n, (pairs, count) in enumerate(breakdowns)
    ]


def _left_out(dimension: str) -> str:
    if dimension not in _FILLED:
        return _("Not broken down by %(dimension)s: case records cannot fill it.") % {
            "dimension": dimension
        }
    return _(
        "Not broken down by %(dimension)s: not every person falls in one of its categories."
    ) % {"dimension": dimension}


def _breakdown(
    dimension: str, codes: list[str], selected: list[PersonFacts], home: str
) -> dict[str, int] | None:
    """Persons per category of the plan's dimension, or None when it cannot hold them all."""
    if dimension not in _FILLED or not codes:
        return None
    plan_code = _mapper(dimension, codes)
    counts = dict.fromkeys(codes, 0)
    for facts in selected:
        code = plan_code(_case_category(dimension, facts, home))
        if code is None:
            return None
        counts[code] += facts.weight
    return counts
