"""The reporting benchmark's dataset, made by code that the progress and documents benchmarks
import rather than copy: the plan (`world`), its values (`values`: as rows for
`values_import`, or through the fast loader) and the states its last year is varied into
(`statuses`)."""

from .statuses import vary_statuses
from .values import agency_rows, cells, fast_load, quarter_bounds
from .world import (
    AGENCIES,
    DIMENSIONS,
    INDICATORS,
    PLAN_END,
    PLAN_START,
    QUARTERS,
    QUICK_AGENCIES,
    VALUES_PER_CELL,
    Scale,
    World,
    build_world,
)

__all__ = [
    "AGENCIES",
    "DIMENSIONS",
    "INDICATORS",
    "PLAN_END",
    "PLAN_START",
    "QUARTERS",
    "QUICK_AGENCIES",
    "VALUES_PER_CELL",
    "Scale",
    "World",
    "agency_rows",
    "build_world",
    "cells",
    "fast_load",
    "quarter_bounds",
    "vary_statuses",
]
