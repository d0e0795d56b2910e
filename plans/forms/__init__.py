"""The coordinator's forms for every element of a plan.

Forms turn what was typed into the values the services take (`service_kwargs()`) and check what
can be checked before writing, by the same rules and in the same words as the services and the
workbook (plans/rules.py, `services.MESSAGES`); the services check everything again. Numbers are
read by tipmonitor.lib.numbers.parse_number, as everywhere. Periods are typed as text
(`2024-Q1`, `2024-03-15`, `2024`) because NAPs are written in quarters; milestones as
`2024: 120; 2025: 150`, as in the workbook.
"""

from ._common import (
    LABEL_LENGTH,
    SERVICE_FIELD_ALIASES,
    AccessibleFormMixin,
    PlanElementForm,
    RuleWordedMixin,
)
from .activities import ActivityForm, PeriodField
from .elements import AreaForm, ObjectiveChoiceField, ObjectiveForm
from .indicators import (
    AgencyTargetRow,
    DimensionChoiceField,
    IndicatorForm,
    IndicatorParentField,
    format_milestones,
    format_number,
)
from .plan import PlanCreateForm, PlanForm

__all__ = [
    "LABEL_LENGTH",
    "SERVICE_FIELD_ALIASES",
    "AccessibleFormMixin",
    "ActivityForm",
    "AgencyTargetRow",
    "AreaForm",
    "DimensionChoiceField",
    "IndicatorForm",
    "IndicatorParentField",
    "ObjectiveChoiceField",
    "ObjectiveForm",
    "PeriodField",
    "PlanCreateForm",
    "PlanElementForm",
    "PlanForm",
    "RuleWordedMixin",
    "format_milestones",
    "format_number",
]
