"""Shapes shared by every part of the JSON API."""

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from ninja.params import functions as param

# The largest id a database column holds (a signed 64-bit integer): a larger one in a URL is an
# invalid request (422), never a server error.
MAX_ID = 2**63 - 1

# An object's id in a path, e.g. `plan_id: PathId`.
PathId = Annotated[int, param.Path(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    """Every refusal: 401 (not signed in, or second factor not passed), 403, 404, 413, and a
    400 for a body that cannot be read."""

    detail: str
    # Only on the 401 for a session that has not passed the second factor: where to pass it.
    two_factor_url: str | None = None


class JobOut(Schema):
    """A background job (docs/worker.md): queued, running, done (with its `result`: a `url`
    and `text` for a link, a `message`) or failed (with its `error`, readable)."""

    id: int
    title: str
    status: str
    error: str
    result: dict[str, Any]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class InvalidRequestOut(Schema):
    """A request that is not as documented: a parameter or field missing, of the wrong type or
    out of its bounds. Each item says where (`loc`) and what (`msg`)."""

    detail: list[dict[str, Any]]


# The refusals an operation may answer, for its `response=` declaration, so that the OpenAPI
# schema documents them and tests validate them like any other answer. AUTH_ERRORS for lists
# that take no parameter; READ_ERRORS for operations whose parameters may be invalid (422) or
# name an object that does not exist or is hidden (404).
AUTH_ERRORS: dict[int, type[Schema]] = {401: ErrorOut}
INVALID: dict[int, type[Schema]] = {422: InvalidRequestOut}
READ_ERRORS: dict[int, type[Schema]] = {**AUTH_ERRORS, 404: ErrorOut, **INVALID}
# What a POST may also answer: a body too large (413).
TOO_LARGE: dict[int, type[Schema]] = {413: ErrorOut}


def row_errors(errors: Iterable[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """An import's errors, each (line, column, message), as the API's `errors` items."""
    return [{"row": line, "column": column, "message": message} for line, column, message in errors]
