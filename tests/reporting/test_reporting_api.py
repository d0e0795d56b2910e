"""Reports and bulk data values through the JSON API: refused to anonymous sessions (401),
another agency's draft hidden (404), data values posted under the same rules as the files
(nothing stored on any error), every answer as the OpenAPI schema promises, and the list of
reports in a number of queries that does not grow with it."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from reporting.models import IndicatorValue, Report, ReportStatus, ValueSource
from reporting.services import ValueRow, report_open, values_import
from tests.openapi import assert_matches_openapi
from tests.reporting.files_data import reporting_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(agency_a, agency_b):
    return reporting_plan(agency_a, agency_b)


@pytest.fixture
def draft_a(plan, agency_a, reporter_a) -> Report:
    return report_open(plan=plan, agency=agency_a, period="2025-Q1", user=reporter_a)


@pytest.fixture
def accepted_b(plan, coordinator) -> Report:
    """Agency B's Q1 values, imported and vouched for by the coordinator."""
    values_import(plan=plan, rows=[ValueRow(2, "IB", "2025-Q1", "NGO1", "4")], user=coordinator)
    return Report.objects.get(agency__code="NGO1")


def get_reports(client: Client, query: str = ""):
    response = client.get(f"/api/v1/reports{query}")
    assert_matches_openapi(response, "/api/v1/reports", "get")
    return response


def get_report(client: Client, report_id: int):
    response = client.get(f"/api/v1/reports/{report_id}")
    assert_matches_openapi(response, "/api/v1/reports/{report_id}", "get")
    return response


def post_values(client: Client, body: dict):
    response = client.post("/api/v1/data-values", json.dumps(body), content_type="application/json")
    assert_matches_openapi(response, "/api/v1/data-values", "post")
    return response


def _body(*values: dict, status: str | None = None) -> dict:
    body: dict = {"plan": "NAP-R", "values": list(values)}
    if status:
        body["status"] = status
    return body


def _value(indicator="I1", period="2025-Q1", agency="POL", value=12, **extra) -> dict:
    return {"indicator": indicator, "period": period, "agency": agency, "value": value, **extra}


def test_it_refuses_anonymous_sessions(anonymous, draft_a):
    responses = [
        get_reports(anonymous),
        get_report(anonymous, draft_a.pk),
        post_values(anonymous, _body(_value())),
    ]

    assert [response.status_code for response in responses] == [401, 401, 401]
    assert not IndicatorValue.objects.exists()


def test_it_lists_the_reports_each_user_may_see(
    client_of, draft_a, accepted_b, coordinator, reporter_a, reporter_b, viewer
):
    def seen(user, query=""):
        return [(r["agency"], r["status"]) for r in get_reports(client_of(user), query).json()]

    assert seen(coordinator) == [("NGO1", "accepted"), ("POL", "draft")]
    assert seen(reporter_a) == [("POL", "draft")]
    assert seen(reporter_b) == [("NGO1", "accepted")]
    assert seen(viewer) == [("NGO1", "accepted")]
    assert seen(coordinator, "?agency=NGO1") == [("NGO1", "accepted")]
    assert seen(coordinator, "?status=draft&period=2025-Q1") == [("POL", "draft")]
    assert seen(coordinator, f"?plan_id={draft_a.plan_id + 1000}") == []
    assert get_reports(client_of(coordinator), "?status=lost").status_code == 422


def test_it_lists_reports_in_a_bounded_number_of_queries(
    client_of, plan, coordinator, django_assert_max_num_queries
):
    rows = [
        ValueRow(line, code, f"2025-Q{quarter}", agency, "1")
        for line, (quarter, (code, agency)) in enumerate(
            ((q, pair) for q in (1, 2, 3, 4) for pair in (("IB", "NGO1"), ("I1", "POL"))),
            start=2,
        )
    ]
    values_import(plan=plan, rows=rows, user=coordinator, status=ReportStatus.SUBMITTED)
    client = client_of(coordinator)

    with django_assert_max_num_queries(8):  # session, user, device, roles, reports, session save
        reports = get_reports(client).json()

    assert len(reports) == 8
    assert [r["period"] for r in reports[:2]] == ["2025-Q1", "2025-Q1"]
    assert [r["period"] for r in get_reports(client, "?period=2025Q3").json()] == 2 * ["2025-Q3"]


def test_it_hides_another_agencys_draft(client_of, draft_a, reporter_b, viewer):
    assert get_report(client_of(reporter_b), draft_a.pk).status_code == 404
    assert get_report(client_of(viewer), draft_a.pk).status_code == 404
    assert get_report(client_of(viewer), draft_a.pk + 1000).status_code == 404


def test_it_gives_one_report_with_its_values(client_of, accepted_b, reporter_b, viewer):
    for user in (reporter_b, viewer):
        body = get_report(client_of(user), accepted_b.pk).json()

        assert body["agency"] == "NGO1"
        assert body["status"] == "accepted"
        assert [
            (v["indicator"], v["period"], v["value"], v["breakdown"]) for v in body["values"]
        ] == [("IB", "2025-Q1", "4", {})]
        assert body["values"][0]["entered_by"] == "coordinator"
        assert [event["kind"] for event in body["events"]][-1] == "imported"


def test_it_gives_a_report_in_a_bounded_number_of_queries(
    client_of, plan, coordinator, django_assert_max_num_queries
):
    rows = [ValueRow(2, "I1", "2025-Q1", "POL", "6")]
    rows += [ValueRow(3 + n, "I2", f"2025-0{n + 1}", "POL", str(n)) for n in range(3)]
    rows += [
        ValueRow(6 + n, "I1", "2025-Q1", "POL", "3", "", {"sex": s})
        for n, s in enumerate(["female", "male"])
    ]
    values_import(plan=plan, rows=rows, user=coordinator, status=ReportStatus.SUBMITTED)
    values_import(plan=plan, rows=rows[:1], user=coordinator, status=ReportStatus.SUBMITTED)
    report = Report.objects.get()
    client = client_of(coordinator)

    # 7 for the session and user, 6 for the report (one for who submitted and approved it)
    with django_assert_max_num_queries(13):
        body = get_report(client, report.pk).json()

    assert len(body["values"]) == 6
    assert [event["kind"] for event in body["events"]] == ["imported", "imported"]


def test_it_records_a_coordinators_values_as_accepted(client_of, plan, coordinator):
    response = post_values(
        client_of(coordinator),
        _body(
            _value(value=12),
            _value(period="2025Q1", value="7", breakdown={"sex": "female"}),
            _value(value=5.0, breakdown={"sex": "male", "age_group": ""}),
            _value(indicator="I2", period="202503", value=3, comment="estimate"),
        ),
    )

    assert response.status_code == 200
    assert response.json() == {
        "status": "accepted",
        "reports": 1,
        "values_created": 4,
        "values_updated": 0,
    }
    report = Report.objects.get()
    assert report.status == ReportStatus.ACCEPTED
    stored = {(v.period, v.breakdown): (v.value, v.comment, v.source) for v in report.values.all()}
    assert stored == {
        ("2025-Q1", ""): (Decimal(12), "", ValueSource.BULK),
        ("2025-Q1", "sex=female"): (Decimal(7), "", ValueSource.BULK),
        ("2025-Q1", "sex=male"): (Decimal(5), "", ValueSource.BULK),
        ("2025-03", ""): (Decimal(3), "estimate", ValueSource.BULK),
    }


def test_it_records_an_agencys_own_values_as_submitted(client_of, plan, reporter_a):
    asked = post_values(client_of(reporter_a), _body(_value(), status="accepted"))
    response = post_values(client_of(reporter_a), _body(_value()))

    assert asked.status_code == 403  # only the coordinator vouches for values
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert Report.objects.get().status == ReportStatus.SUBMITTED


def test_it_lets_the_coordinator_ask_for_review(client_of, plan, coordinator):
    response = post_values(client_of(coordinator), _body(_value(), status="submitted"))

    assert response.json()["status"] == "submitted"
    assert Report.objects.get().status == ReportStatus.SUBMITTED


def test_it_refuses_values_of_another_agency_and_stores_nothing(client_of, plan, reporter_b):
    response = post_values(
        client_of(reporter_b), _body(_value(agency="NGO1", indicator="IB"), _value(agency="POL"))
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 2, "column": "agency", "message": "You may import values of your own agency only."}
    ]
    assert not Report.objects.exists()


def test_it_lists_every_error_with_its_row_and_stores_nothing(client_of, plan, coordinator):
    response = post_values(
        client_of(coordinator),
        _body(
            _value(value=-1),
            _value(indicator="I9"),
            _value(period="2025-13"),
            _value(value="many", breakdown={"sex": "femme"}),
        ),
    )

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The values were rejected (4 errors); nothing was stored."
    assert [(e["row"], e["column"]) for e in body["errors"]] == [
        (1, "value"),
        (2, "indicator"),
        (3, "period"),
        (4, "sex"),
    ]
    assert "cannot be negative" in body["errors"][0]["message"]
    assert not Report.objects.exists()


def test_it_refuses_a_body_that_is_not_the_documented_json(client_of, plan, coordinator):
    response = post_values(client_of(coordinator), {"plan": "NAP-R", "rows": []})

    assert response.status_code == 422
    assert not Report.objects.exists()


def test_it_refuses_a_viewer_and_an_unknown_plan(client_of, plan, viewer, coordinator):
    refused = post_values(client_of(viewer), _body(_value()))
    unknown = post_values(client_of(coordinator), {"plan": "NAP-NONE", "values": [_value()]})

    assert refused.status_code == 403
    assert unknown.status_code == 404
    assert not Report.objects.exists()
