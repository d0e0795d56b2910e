"""The rules of the agency tree, written once: the agencies' form and services and the plan
workbook's Agencies sheet all call them (issue 9: one home per rule). Plain functions over plain
data; callers load the tree (`parent_of`: agency -> its parent, by id or by code)."""

from collections.abc import Hashable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from tipmonitor.lib.trees import places_under_itself

PARENT_CYCLE_MESSAGE = _(
    "An agency cannot be placed under itself or under an agency that is below it."
)


def parent_error(
    agency: Hashable, parent: Hashable | None, parent_of: Mapping[Any, Any]
) -> str | None:
    """Why `parent` cannot be the parent of `agency` (a parent that is the agency itself or one
    of its descendants), or None when it can."""
    if parent is not None and places_under_itself(agency, parent, parent_of):
        return str(PARENT_CYCLE_MESSAGE)
    return None


def default_requires_sign_off(agency_type: str) -> bool:
    """Whether an agency's reports need its approver's sign-off when the coordinator has not
    said: yes for a state body (a head of unit signs what a ministry sends), no for the others."""
    from agencies.models import AgencyType

    return agency_type == AgencyType.STATE
