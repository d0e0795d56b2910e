"""Shapes of the progress API. Decimal numbers are strings (as in the rest of the API), so no
figure loses digits on its way through JSON."""

from ninja import Schema

from progress.engine import Status


class IndicatorProgressOut(Schema):
    code: str
    name: str
    actual: str | None
    expected: str | None
    end_target: str | None
    progress: str | None
    status: Status
    latest_period: str | None
    rating: str | None
    # The actual is a small count of victims (or would give one away) and is not shown.
    withheld: bool = False


class StatusCountOut(Schema):
    status: Status
    count: int
    share: str


class RollUpOut(Schema):
    # The objective's, area's or agency's code; the plan's code for the whole plan.
    code: str
    name: str
    total: int
    statuses: list[StatusCountOut]
