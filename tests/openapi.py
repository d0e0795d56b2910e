"""Validate JSON API responses against the OpenAPI schema the API itself publishes.

Every test of an API operation ends with

    response = client_of(viewer).get(f"/api/v1/plans/{plan.pk}")
    assert_matches_openapi(response, "/api/v1/plans/{plan_id}", "get")

which fails unless the operation is in the schema, the status code is one it documents and the
body matches that status's schema (types, required fields, enums, date formats). Refusals
(401, 404, …) are validated like successes.

Write the path template and the method as literal strings:
tests/tipmonitor/test_openapi_schema.py reads them from the test sources to prove that every
operation of the schema is exercised by at least one test. Reading the sources (rather than
recording calls at run time) gives the same answer whatever order the tests run in and
however pytest-xdist spreads them over processes.
"""

import ast
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIResponse
from openapi_core.exceptions import OpenAPIError
from openapi_core.testing import MockRequest

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

HELPER = "assert_matches_openapi"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@cache
def api_schema() -> dict[str, Any]:
    """The schema as a client downloads it from /api/v1/openapi.json."""
    from tipmonitor.api import api

    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


@cache
def _openapi() -> OpenAPI:
    return OpenAPI.from_dict(api_schema())


def schema_operations() -> set[tuple[str, str]]:
    """Every (method, path template) the schema documents."""
    return {
        (method, path)
        for path, item in api_schema()["paths"].items()
        for method in item
        if method in METHODS
    }


def assert_matches_openapi(response: "TestResponse", path_template: str, method: str) -> None:
    """Fail unless `response` is what the schema promises for `method` on `path_template`."""
    method = method.lower()
    request = response.wsgi_request
    assert (method, path_template) in schema_operations(), (
        f"{method.upper()} {path_template} is not in the OpenAPI schema"
    )
    assert (request.method or "").lower() == method, f"the request was a {request.method}"
    assert re.fullmatch(_template_pattern(path_template), request.path), (
        f"{request.path} is not an instance of {path_template}"
    )
    openapi_request = MockRequest(
        "http://testserver", method, request.path, path_pattern=path_template
    )
    try:
        _openapi().validate_response(openapi_request, DjangoOpenAPIResponse(response))  # type: ignore[arg-type]
    except OpenAPIError as error:
        raise AssertionError(_explain(error, response)) from error


def _template_pattern(path_template: str) -> str:
    parts = re.split(r"\{\w+\}", path_template)
    return "[^/]+".join(re.escape(part) for part in parts)


def _explain(error: BaseException, response: "TestResponse") -> str:
    """The validation errors, down to the offending field, and the body that caused them."""
    lines = [f"{response.status_code} does not match the OpenAPI schema: {error}"]
    cause: BaseException | None = error
    while cause is not None:
        lines.extend(f"  - {e}" for e in getattr(cause, "schema_errors", []))
        cause = cause.__cause__
    lines.append(f"body: {response.content[:2000]!r}")
    return "\n".join(lines)


def operations_hit_by_tests(test_files: Iterable[Path]) -> set[tuple[str, str]]:
    """The (method, path template) pairs passed as literals to the helper in `test_files`."""
    hits = set()
    for path in test_files:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call) and _called_name(node.func) == HELPER:
                arguments = _literal_arguments(node)
                if arguments is not None:
                    hits.add(arguments)
    return hits


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal_arguments(call: ast.Call) -> tuple[str, str] | None:
    values = {keyword.arg: keyword.value for keyword in call.keywords}
    template = call.args[1] if len(call.args) > 1 else values.get("path_template")
    method = call.args[2] if len(call.args) > 2 else values.get("method")
    if isinstance(template, ast.Constant) and isinstance(method, ast.Constant):
        return str(method.value).lower(), str(template.value)
    return None
