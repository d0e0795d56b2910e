"""The plan as the JSON API shows it.

Elements refer to each other and to agencies and dimensions by their codes, as the workbook
does (docs/workbook.md), and carry their database `id` for the API's own URLs. Decimal numbers
(budgets, baselines, targets) are strings, so no precision is lost on the way.
"""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from plans.models import (
    Activity,
    AgencyAggregation,
    DatePrecision,
    Direction,
    Frequency,
    FundingSource,
    Indicator,
    IndicatorLevel,
    IndicatorType,
    Objective,
    ObjectiveKind,
    Plan,
    PlanStatus,
    TimeAggregation,
)


def _code_or_none(related) -> str | None:
    return related.code if related is not None else None


def _choice_or_none(value: str) -> str | None:
    """A blank choice ("not said") is null in the API, never an empty string."""
    return value or None


class PlanOut(Schema):
    id: int
    code: str
    title: str
    country: str
    starts_on: date
    ends_on: date
    currency: str
    status: PlanStatus
    languages: list[str]
    report_deadline_days: int
    reminder_days_before: int
    reminder_days_after: int
    on_track_from: Decimal
    at_risk_from: Decimal
    maintain_tolerance: Decimal
    updated_at: datetime

    @staticmethod
    def resolve_languages(obj: Plan) -> list[str]:
        return obj.language_list


class AreaOut(Schema):
    id: int
    code: str
    name: str
    # Its name in other languages than the base name's: {"hy": "…", "ru": "…"}.
    name_i18n: dict[str, str]
    position: int


class PopulationOut(Schema):
    """The country's residents in a year of the plan, and where the figure comes from: the
    denominator of figures per 100,000 residents."""

    year: int
    population: int
    source: str


class PlanDetailOut(PlanOut):
    areas: list[AreaOut]
    populations: list[PopulationOut]

    @staticmethod
    def resolve_populations(obj: Plan) -> list[dict]:
        return [
            {"year": p.year, "population": p.population, "source": p.source}
            for p in obj.populations.order_by("year")
        ]


class PopulationIn(Schema):
    year: int = Field(ge=1900, le=2200)
    population: int = Field(ge=1, le=2_000_000_000)
    source: str = Field("", max_length=200)


class PopulationsIn(Schema):
    """Every year's population of the plan: a year left out has none."""

    populations: list[PopulationIn] = Field(max_length=301)


class PopulationErrorOut(Schema):
    field: str
    message: str


class PopulationsErrorOut(Schema):
    detail: str
    # Each problem with the field it concerns; none when the body could not be read at all.
    errors: list[PopulationErrorOut] = Field(default_factory=list)


class ObjectiveOut(Schema):
    id: int
    code: str
    name: str
    # Its name in other languages than the base name's: {"hy": "…", "ru": "…"}.
    name_i18n: dict[str, str]
    kind: ObjectiveKind | None
    area: str
    parent: str | None
    position: int

    @staticmethod
    def resolve_kind(obj: Objective) -> str | None:
        return _choice_or_none(obj.kind)

    @staticmethod
    def resolve_area(obj: Objective) -> str:
        return obj.area.code

    @staticmethod
    def resolve_parent(obj: Objective) -> str | None:
        return _code_or_none(obj.parent)


class ActivityOut(Schema):
    id: int
    code: str
    name: str
    # Its name in other languages than the base name's: {"hy": "…", "ru": "…"}.
    name_i18n: dict[str, str]
    objective: str
    lead_agency: str | None
    partner_agencies: list[str]
    starts_on: date | None
    starts_precision: DatePrecision
    ends_on: date | None
    ends_precision: DatePrecision
    result_indicator: str
    budget: Decimal | None
    funding_source: FundingSource | None
    funder: str
    position: int

    @staticmethod
    def resolve_objective(obj: Activity) -> str:
        return obj.objective.code

    @staticmethod
    def resolve_lead_agency(obj: Activity) -> str | None:
        return _code_or_none(obj.lead_agency)

    @staticmethod
    def resolve_partner_agencies(obj: Activity) -> list[str]:
        return [agency.code for agency in obj.partner_agencies.all()]

    @staticmethod
    def resolve_funding_source(obj: Activity) -> str | None:
        return _choice_or_none(obj.funding_source)


class MilestoneOut(Schema):
    year: int
    target: Decimal


class AgencyTargetOut(Schema):
    """An agency's own target for its share of the indicator (judged against it, not the
    national target)."""

    agency: str
    target: Decimal
    target_date: date | None


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    # Its name in other languages than the base name's: {"hy": "…", "ru": "…"}.
    name_i18n: dict[str, str]
    objective: str | None
    activity: str | None
    level: IndicatorLevel
    type: IndicatorType
    direction: Direction
    unit: str
    # Its unit in other languages than the base unit's: {"hy": "…", "ru": "…"}.
    unit_i18n: dict[str, str]
    baseline: Decimal | None
    baseline_text: str
    baseline_year: int | None
    baseline_source: str
    midterm_target: Decimal | None
    midterm_target_text: str
    end_target: Decimal | None
    end_target_text: str
    milestones: list[MilestoneOut]
    means_of_verification: str
    frequency: Frequency
    time_aggregation: TimeAggregation | None
    agency_aggregation: AgencyAggregation | None
    responsible_agencies: list[str]
    dimensions: list[str]
    # Shown on the public site (public/): anyone may read its status and accepted values.
    headline: bool
    # Its values are numbers of victims: small counts are withheld outside the coordinator.
    counts_victims: bool
    agency_targets: list[AgencyTargetOut]
    position: int

    @staticmethod
    def resolve_time_aggregation(obj: Indicator) -> str | None:
        return _choice_or_none(obj.time_aggregation)

    @staticmethod
    def resolve_agency_aggregation(obj: Indicator) -> str | None:
        return _choice_or_none(obj.agency_aggregation)

    @staticmethod
    def resolve_objective(obj: Indicator) -> str | None:
        return _code_or_none(obj.objective)

    @staticmethod
    def resolve_activity(obj: Indicator) -> str | None:
        return _code_or_none(obj.activity)

    @staticmethod
    def resolve_milestones(obj: Indicator) -> list[dict[str, object]]:
        return [{"year": m.year, "target": m.target} for m in obj.milestones.all()]

    @staticmethod
    def resolve_agency_targets(obj: Indicator) -> list[dict[str, object]]:
        return [
            {"agency": t.agency.code, "target": t.target, "target_date": t.target_date}
            for t in obj.agency_targets.all()
        ]

    @staticmethod
    def resolve_responsible_agencies(obj: Indicator) -> list[str]:
        return [agency.code for agency in obj.responsible_agencies.all()]

    @staticmethod
    def resolve_dimensions(obj: Indicator) -> list[str]:
        return [dimension.code for dimension in obj.dimensions.all()]
