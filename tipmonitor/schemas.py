"""Shapes shared by every part of the JSON API."""

from ninja import Schema


class ErrorOut(Schema):
    """Every refusal: 401 (not signed in, or second factor not passed), 403, 404."""

    detail: str
    # Only on the 401 for a session that has not passed the second factor: where to pass it.
    two_factor_url: str | None = None


# The refusals an operation may answer, for its `response=` declaration, so that the OpenAPI
# schema documents them and tests validate them like any other answer. AUTH_ERRORS for lists
# that need no object; READ_ERRORS for operations on one object that may not exist or be hidden.
AUTH_ERRORS: dict[int, type[Schema]] = {401: ErrorOut}
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut}
