"""Writes to a plan: create and change its elements, delete them with everything below them.

Every write re-checks the invariants the coordinator's forms check too (codes unique within the
plan per kind, objectives nested inside one area without cycles, an indicator with exactly one
parent in the same plan, numbers for numeric indicators and words for qualitative ones, …), so a
caller that is not a form cannot store a plan the screens would refuse. A refusal is a
`ValidationError` keyed by the form field it concerns; nothing is written when one is raised.
"""

from ._common import (
    AGGREGATION_FIELDS,
    CALENDAR_LIMITS,
    DEFAULT_AREAS,
    MESSAGES,
    PLAN_SETTINGS,
    THRESHOLD_LIMITS,
    Milestones,
    days_error,
    duplicate_code_error,
    plan_setting_defaults,
    plan_setting_errors,
    plan_setting_message,
    threshold_errors,
)
from .activities import activity_create, activity_update
from .delete import ELEMENT_MODELS, element_delete
from .elements import area_create, area_update, objective_create, objective_update
from .indicators import TARGET_FIELDS, indicator_create, indicator_update
from .plan import plan_create, plan_update
from .population import (
    MAX_POPULATION,
    SOURCE_LENGTH,
    PopulationRow,
    plan_populations_set,
    population_field,
    source_field,
)

__all__ = [
    "AGGREGATION_FIELDS",
    "CALENDAR_LIMITS",
    "DEFAULT_AREAS",
    "ELEMENT_MODELS",
    "MAX_POPULATION",
    "MESSAGES",
    "PLAN_SETTINGS",
    "SOURCE_LENGTH",
    "TARGET_FIELDS",
    "THRESHOLD_LIMITS",
    "Milestones",
    "PopulationRow",
    "activity_create",
    "activity_update",
    "area_create",
    "area_update",
    "days_error",
    "duplicate_code_error",
    "element_delete",
    "indicator_create",
    "indicator_update",
    "objective_create",
    "objective_update",
    "plan_create",
    "plan_populations_set",
    "plan_setting_defaults",
    "plan_setting_errors",
    "plan_setting_message",
    "plan_update",
    "population_field",
    "source_field",
    "threshold_errors",
]
