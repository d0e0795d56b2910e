"""Agencies as the JSON API shows them."""

from ninja import Schema

from agencies.models import Agency, AgencyType


class AgencyOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    type: AgencyType
    parent: str | None
    email: str
    # Whether a reporter's report waits for one of the agency's approvers before it reaches
    # the coordinator.
    requires_sign_off: bool

    @staticmethod
    def resolve_parent(obj: Agency) -> str | None:
        return obj.parent.code if obj.parent is not None else None
