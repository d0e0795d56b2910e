"""Schemathesis generates requests for every operation of the OpenAPI schema the API publishes
and sends them, signed in as the coordinator past the second factor, through the project's
WSGI application (middleware, sessions, CSRF). Every answer must be no server error, a status
and a body the schema documents, and a request the schema calls valid is not refused (422).

Bounded and repeatable: a fixed seed, deterministic generation, a few examples per operation.
"""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, settings

from cases.models import CaseRecord, Person
from cases.services import cases_import
from plans.models import DatePrecision, FundingSource, Milestone
from tests import factories
from tests.openapi import api_schema
from tests.reporting.core_data import accepted_q2, build_world
from tests.reporting.pages import open_report

REFUSED_ROW_BY_ROW = "data-values|cases/import|population-estimates|plans/[^/]+/populations"
CONFIG = f"""
seed = 20261206

[generation]
mode = "all"
max-examples = 10
deterministic = true
database = "none"

# A file of case records or a set of values may be well formed and still be refused row by
# row (an unknown indicator or agency code, a file that is not a CSV of case records): the
# schema cannot say which codes exist. That refusal is the documented 400 with its errors. So
# may a request for an estimate (an agency code, a year without persons) or a plan's
# populations (a year outside the plan).
[[operations]]
include-path-regex = "^/api/v1/({REFUSED_ROW_BY_ROW})$"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]
"""


def _without_security(document: dict[str, Any]) -> dict[str, Any]:
    """The schema without its session security scheme: the test signs in itself and sends the
    session cookie with every request, so Schemathesis must not generate (or omit) it.
    Refusing a request without a session is tested for every operation elsewhere
    (test_every_url.py, test_openapi_schema.py)."""
    paths = {
        path: {method: _without(operation, "security") for method, operation in item.items()}
        for path, item in document["paths"].items()
    }
    components = _without(document.get("components", {}), "securitySchemes")
    return {**document, "paths": paths, "components": components}


def _without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in mapping.items() if name != key}


schema = schemathesis.openapi.from_dict(
    _without_security(api_schema()), config=schemathesis.config.SchemathesisConfig.from_str(CONFIG)
)
# Each test makes its own WSGI handler (`shared_connection`), after the test's settings are in
# place, since the middleware reads them (STATIC_ROOT) when the handler is made.
_handlers: list[WSGIHandler] = []


def _application(environ: dict[str, Any], start_response: Any) -> Any:
    return _handlers[-1](environ, start_response)


schema.app = _application


@pytest.fixture
def shared_connection() -> Iterator[None]:
    """Requests reach the WSGI application in the test's thread and use its database
    connection, inside the test's transaction; Django closes connections at each request's
    start and end, which would end that transaction (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    _handlers.append(WSGIHandler())
    try:
        yield
    finally:
        _handlers.pop()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(client_of, coordinator, api_data, shared_connection) -> dict[str, dict[str, str]]:
    """The coordinator's session cookie (past the second factor) and a CSRF token."""
    session = client_of(coordinator).cookies["sessionid"].value
    token = _get_new_csrf_string()
    return {
        "cookies": {"sessionid": session, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }


@pytest.fixture
def api_data(settings, plan, agency_a, agency_b, reporter_a, case_officer_a, coordinator) -> None:
    """Objects for the generated requests to find and every response shape to show: a plan
    with dimensions, milestones and an activity dated by quarter; an accepted report with
    values, entries, activity updates and its history; case records, one of them linked."""
    settings.LINKAGE_KEY = "the linkage key of the test deployment"
    world = build_world(agency_a, agency_b)
    accepted_q2(world, reporter_a, coordinator)
    open_report(plan, agency_a, reporter_a)
    Milestone.objects.create(indicator=world.victims, year=2025, target=Decimal("7.5"))
    activity = factories.ActivityFactory.create(
        objective=world.activity.objective,
        lead_agency=agency_b,
        starts_precision=DatePrecision.QUARTER,
        ends_precision=DatePrecision.YEAR,
        funding_source=FundingSource.DONOR,
        funder="A donor",
    )
    activity.partner_agencies.set([agency_a])
    cases_import(agency=agency_a, file=CASES, filename="cases.csv", user=case_officer_a)
    person = Person.objects.create(label="P-0001")
    CaseRecord.objects.filter(record_id="A1").update(person=person, match_probability=0.97)


CASES = (
    b"record_id,first_name,last_name,date_of_birth,sex,nationality,region,exploitation,"
    b"identified_on,status\n"
    b"A1,Anna,Khachatryan,1990-03-05,F,ARM,Yerevan,labour;sexual,2024-05-01,identified\n"
    b"A2,,,,,,,,2025-03-01,\n"
)


def _signed_in_throughout(ctx: Any, response: Any, case: Any) -> None:
    """A 401 would mean the session was lost, and every other check would pass on it."""
    assert response.status_code != 401, "the signed-in coordinator was answered 401"


@schema.parametrize()
# The fixtures are made once per operation and shared by its examples, on purpose: what one
# example posts stays for the next, as it would on a server.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_it_answers_every_generated_request_as_documented(case, signed_in):
    case.call_and_validate(
        base_url="http://localhost", additional_checks=[_signed_in_throughout], **signed_in
    )
