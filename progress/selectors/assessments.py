"""The agencies' own assessments beside the computed status."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from agencies.models import Agency
from plans.models import Indicator, Plan
from progress.engine import Status
from reporting.models import Assessment, IndicatorEntry, Report
from reporting.selectors import counting_entries
from tipmonitor.lib.reporting_periods import Period

from .judging import IndicatorProgress, _day
from .shares import AgencyShare

# --- The agencies' own assessments beside the computed status ----------------------------------


@dataclass(frozen=True)
class AgencyAssessment:
    """What a responsible agency said of an indicator in its latest counted report that
    assessed it (annex 5: on/off track and a comment)."""

    indicator_id: int
    agency: Agency
    period: str
    report_id: int
    assessment: str
    comment: str

    @property
    def label(self) -> str:
        return str(Assessment(self.assessment).label)


def disagrees(status: str, assessment: str) -> bool:
    """Whether an agency's own assessment contradicts the computed status: "on track" against
    at risk or off track, or "off track" against on track or achieved. No data and not
    applicable contradict nothing (there is nothing computed to set against the agency's word),
    and "off track" against at risk is the same worry in two words."""
    if assessment == Assessment.ON_TRACK:
        return status in (Status.AT_RISK, Status.OFF_TRACK)
    if assessment == Assessment.OFF_TRACK:
        return status in (Status.ON_TRACK, Status.ACHIEVED)
    return False


def _latest_entries(
    entries: QuerySet[IndicatorEntry],
) -> dict[tuple[int, int], tuple[str, int, str, str]]:
    """(indicator id, agency id) -> (quarter, report id, assessment, comment) of the newest
    entry. Plain tuples, oldest first so the newest wins: a national plan holds a few hundred
    thousand entries, too many to build model instances for."""
    latest: dict[tuple[int, int], tuple[str, int, str, str]] = {}
    rows = entries.order_by("report__period_start").values_list(
        "indicator_id", "report__agency_id", "report__period", "report_id", "assessment", "comment"
    )
    for indicator_id, agency_id, period, report_id, assessment, comment in rows:
        latest[indicator_id, agency_id] = (period, report_id, assessment, comment)
    return latest


def agency_assessments(
    plan: Plan,
    *,
    as_of: Period | datetime.date,
    provisional: bool = False,
    reports: QuerySet[Report] | None = None,
    agency: Agency | None = None,
) -> dict[int, list[AgencyAssessment]]:
    """Indicator id -> each agency's latest assessment by `as_of`, from the reports counted in
    the same view as the numbers (accepted; also submitted when provisional), among `reports`
    when given (the reports the user may read). Two queries."""
    day = _day(as_of)
    entries = counting_entries(
        provisional=provisional, plan=plan, agency=agency, starting_by=day
    ).exclude(assessment="")
    if reports is not None:
        entries = entries.filter(report__in=reports)
    latest = _latest_entries(entries)
    agencies = Agency.objects.in_bulk({agency_id for _indicator, agency_id in latest})
    by_indicator: dict[int, list[AgencyAssessment]] = defaultdict(list)
    for (indicator_id, agency_id), (period, report_id, assessment, comment) in sorted(
        latest.items(), key=lambda item: agencies[item[0][1]].code
    ):
        by_indicator[indicator_id].append(
            AgencyAssessment(
                indicator_id=indicator_id,
                agency=agencies[agency_id],
                period=period,
                report_id=report_id,
                assessment=assessment,
                comment=comment,
            )
        )
    return by_indicator


@dataclass
class JudgedIndicator:
    """An indicator's computed progress with its agencies' own assessments beside it."""

    progress: IndicatorProgress
    assessments: list[AgencyAssessment]
    # On an agency's page, for an indicator other agencies report too: the agency's share.
    share: AgencyShare | None = None

    @property
    def indicator(self) -> Indicator:
        return self.progress.indicator

    @property
    def status(self) -> Status:
        return self.progress.status

    @property
    def progress_percent(self) -> Decimal | None:
        progress = self.progress.progress
        return None if progress is None else progress * 100

    @property
    def is_contribution(self) -> bool:
        """An agency's share shown without a status: no target of its own to judge it by."""
        return self.share is not None and not self.share.judged

    @property
    def disagreeing(self) -> list[AgencyAssessment]:
        return [a for a in self.assessments if disagrees(self.status, a.assessment)]

    @property
    def flagged(self) -> bool:
        """For the working group's next meeting: an agency's word contradicts the numbers."""
        return bool(self.disagreeing)


def judged(
    rows: Sequence[IndicatorProgress],
    assessments: dict[int, list[AgencyAssessment]],
    shares: dict[int, AgencyShare] | None = None,
) -> list[JudgedIndicator]:
    shares = shares or {}
    return [
        JudgedIndicator(row, assessments.get(row.indicator.pk, []), shares.get(row.indicator.pk))
        for row in rows
    ]


def flagged(rows: Sequence[JudgedIndicator]) -> list[JudgedIndicator]:
    """The indicators to put before the working group: computed status and agency disagree."""
    return [row for row in rows if row.flagged]
