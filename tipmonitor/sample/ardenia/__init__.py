"""The Republic of Ardenia's National Action Plan 2024–2026 as plain data, one list per sheet of
the sample workbook (`tipmonitor/sample/make_sample.py` writes them out): the plan header,
agencies, dimensions, areas and objectives (`framework`), the activities, and the indicators
with the agencies' own targets and the units in Armenian and Russian."""

from .activities import ACTIVITIES
from .framework import AGENCIES, AREAS, DIMENSIONS, OBJECTIVES, PLAN
from .indicators import AGENCY_TARGETS, INDICATORS, UNITS_I18N

__all__ = [
    "ACTIVITIES",
    "AGENCIES",
    "AGENCY_TARGETS",
    "AREAS",
    "DIMENSIONS",
    "INDICATORS",
    "OBJECTIVES",
    "PLAN",
    "UNITS_I18N",
]
