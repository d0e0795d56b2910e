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

    @staticmethod
    def resolve_parent(obj: Agency) -> str | None:
        return obj.parent.code if obj.parent is not None else None
