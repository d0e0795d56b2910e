"""The plan-quality check: what a plan lacks before it can be monitored.

The guide's checklist (annex 1) asks for activities with "clearly assigned responsibilities,
time-lines, resources plan and budget" and "measurable, realistic and time-bound indicators";
ICAT found that few national action plans have them. These pure functions take the plan as plain
facts and list what is missing; `plans.selectors.plan_quality_for_user` loads the facts.

Objectives: an objective with sub-objectives is measured through them (annex 4 puts indicators
on the outputs under each outcome), so only objectives without sub-objectives are listed when
no indicator hangs on them directly. Indicators of an objective's activities measure those
activities, not whether the objective is reached, so they do not count.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plans.models import FundingSource, Plan

INDICATOR_NO_BASELINE = "indicator_no_baseline"
INDICATOR_NO_TARGET = "indicator_no_target"
INDICATOR_NO_SOURCE = "indicator_no_source"
INDICATOR_NO_AGENCY = "indicator_no_agency"
ACTIVITY_NO_LEAD = "activity_no_lead"
ACTIVITY_NO_TIMELINE = "activity_no_timeline"
ACTIVITY_NO_BUDGET = "activity_no_budget"
OBJECTIVE_NO_INDICATOR = "objective_no_indicator"

# In the order the page lists them: what to measure first, then who does what, when, with what.
PROBLEM_TITLES: dict[str, Promise] = {
    INDICATOR_NO_BASELINE: _("Indicators without a baseline"),
    INDICATOR_NO_TARGET: _("Indicators without an end target"),
    INDICATOR_NO_SOURCE: _("Indicators without a means of verification"),
    INDICATOR_NO_AGENCY: _("Indicators without a responsible agency"),
    ACTIVITY_NO_LEAD: _("Activities without a lead agency"),
    ACTIVITY_NO_TIMELINE: _("Activities without a start or an end"),
    ACTIVITY_NO_BUDGET: _("Activities without a budget line"),
    OBJECTIVE_NO_INDICATOR: _("Objectives without an indicator"),
}


@dataclass(frozen=True)
class ObjectiveFacts:
    id: int
    code: str
    name: str
    parent_id: int | None


@dataclass(frozen=True)
class ActivityFacts:
    id: int
    code: str
    name: str
    lead_agency_id: int | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    budget: Decimal | None
    funding_source: str


@dataclass(frozen=True)
class IndicatorFacts:
    id: int
    code: str
    name: str
    qualitative: bool
    objective_id: int | None
    baseline: Decimal | None
    baseline_text: str
    end_target: Decimal | None
    end_target_text: str
    means_of_verification: str
    responsible_count: int


@dataclass(frozen=True)
class Finding:
    kind: str  # "indicator", "activity" or "objective": the element_delete/URL kind
    element_id: int
    code: str
    name: str
    problem: str
    message: str | Promise
    # Findings of other apps' checks (EXTRA_CHECKS) link to their own pages.
    detail_url: str = ""
    edit_url: str = ""


@dataclass
class ProblemGroup:
    problem: str
    title: str | Promise
    findings: list[Finding] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.findings)


def indicator_findings(indicator: IndicatorFacts) -> list[Finding]:
    def finding(problem: str, message: Promise) -> Finding:
        return Finding("indicator", indicator.id, indicator.code, indicator.name, problem, message)

    found = []
    if indicator.qualitative and not indicator.baseline_text.strip():
        found.append(finding(INDICATOR_NO_BASELINE, _("No baseline description.")))
    if not indicator.qualitative and indicator.baseline is None:
        found.append(finding(INDICATOR_NO_BASELINE, _("No baseline value.")))
    if indicator.qualitative and not indicator.end_target_text.strip():
        found.append(finding(INDICATOR_NO_TARGET, _("No end target description.")))
    if not indicator.qualitative and indicator.end_target is None:
        found.append(finding(INDICATOR_NO_TARGET, _("No end target value.")))
    if not indicator.means_of_verification.strip():
        found.append(finding(INDICATOR_NO_SOURCE, _("No means of verification (data source).")))
    if indicator.responsible_count == 0:
        found.append(finding(INDICATOR_NO_AGENCY, _("No agency is responsible for the data.")))
    return found


def activity_findings(activity: ActivityFacts) -> list[Finding]:
    def finding(problem: str, message: Promise) -> Finding:
        return Finding("activity", activity.id, activity.code, activity.name, problem, message)

    found = []
    if activity.lead_agency_id is None:
        found.append(finding(ACTIVITY_NO_LEAD, _("No lead agency.")))
    if activity.starts_on is None and activity.ends_on is None:
        found.append(finding(ACTIVITY_NO_TIMELINE, _("No start and no end.")))
    elif activity.starts_on is None:
        found.append(finding(ACTIVITY_NO_TIMELINE, _("No start.")))
    elif activity.ends_on is None:
        found.append(finding(ACTIVITY_NO_TIMELINE, _("No end.")))
    # An activity that costs nothing says so with the funding source "No funding needed".
    if activity.budget is None and activity.funding_source != FundingSource.NONE_NEEDED:
        found.append(finding(ACTIVITY_NO_BUDGET, _("No budget estimate.")))
    return found


def objective_findings(
    objectives: Iterable[ObjectiveFacts], indicators: Iterable[IndicatorFacts]
) -> list[Finding]:
    """Objectives without sub-objectives and without an indicator of their own."""
    objectives = list(objectives)
    parents = {objective.parent_id for objective in objectives}
    measured = {indicator.objective_id for indicator in indicators}
    return [
        Finding(
            "objective",
            objective.id,
            objective.code,
            objective.name,
            OBJECTIVE_NO_INDICATOR,
            _("No indicator measures this objective."),
        )
        for objective in objectives
        if objective.id not in parents and objective.id not in measured
    ]


def find_problems(
    objectives: Iterable[ObjectiveFacts],
    activities: Iterable[ActivityFacts],
    indicators: Iterable[IndicatorFacts],
) -> list[Finding]:
    """Every finding, in the order the elements were given."""
    indicators = list(indicators)
    findings = [f for indicator in indicators for f in indicator_findings(indicator)]
    findings += [f for activity in activities for f in activity_findings(activity)]
    findings += objective_findings(objectives, indicators)
    return findings


def group_by_problem(findings: Iterable[Finding]) -> list[ProblemGroup]:
    """The findings under their problem, in PROBLEM_TITLES order; problems with none left out."""
    groups = {problem: ProblemGroup(problem, title) for problem, title in PROBLEM_TITLES.items()}
    for finding in findings:
        groups[finding.problem].findings.append(finding)
    return [group for group in groups.values() if group.findings]


# Checks of apps above plans (coordination's recommendations), which plans may not import:
# each registers, from its AppConfig.ready(), a function giving a plan's problem groups, shown
# after the plan's own. Their findings carry their own detail and edit URLs.
ExtraCheck = Callable[[Plan], list[ProblemGroup]]
EXTRA_CHECKS: list[ExtraCheck] = []


def register_check(check: ExtraCheck) -> None:
    """Add a check of another app to the plan-quality page (once, however often called)."""
    if check not in EXTRA_CHECKS:
        EXTRA_CHECKS.append(check)


def extra_groups(plan: Plan) -> list[ProblemGroup]:
    """The problem groups of the registered checks, with problems only."""
    return [group for check in EXTRA_CHECKS for group in check(plan) if group.findings]
