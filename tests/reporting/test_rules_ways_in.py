"""The rules of the grid and of texts hold whichever way values come in (the report's web form,
the report workbook, a bulk CSV file, the JSON API): issue 9 #1 (Female 6 + Male 7 with a total
of 10 was submitted because "Other / not known" was blank) and issue 10 #13 (the API stored NUL
characters and 100,000-character comments; a lone surrogate answered 500)."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from reporting.models import IndicatorValue, Report
from reporting.services import (
    ActivityInput,
    EntryInput,
    report_open,
    report_save,
    report_submit,
)
from reporting.validation import (
    COMMENT_MAX_LENGTH,
    NARRATIVE_MAX_LENGTH,
    activity_key,
    entry_key,
)
from reporting.workbook import ReportWorkbookInvalid, report_template, report_workbook_save
from tests.reporting.core_data import value
from tests.reporting.files_data import reporting_plan
from tests.reporting.ways_in import QUARTER, by_api, by_csv, by_form, every_way, isolated

pytestmark = pytest.mark.django_db

OVER_THE_TOTAL = {("I1", ""): "10", ("I1", "sex=female"): "6", ("I1", "sex=male"): "7"}


@pytest.fixture
def report(agency_a, agency_b, reporter_a) -> Report:
    plan = reporting_plan(agency_a, agency_b)
    return report_open(plan=plan, agency=agency_a, period=QUARTER, user=reporter_a)


def test_it_refuses_categories_above_the_total_by_every_way(report, reporter_a, client_of):
    outcomes = every_way(report, reporter_a, client_of(reporter_a), OVER_THE_TOTAL)

    message = "I1, 2025-Q1: the categories of “sex” given add up to 13, more than the total 10."
    assert outcomes == dict.fromkeys(outcomes, ("refused", (message,)))
    assert not IndicatorValue.objects.exists()


def test_it_stores_categories_up_to_the_total_by_every_way(report, reporter_a, client_of):
    cells = {("I1", ""): "10", ("I1", "sex=female"): "6", ("I1", "sex=male"): "4"}

    outcomes = every_way(report, reporter_a, client_of(reporter_a), cells)

    expected = {key: Decimal(text) for key, text in cells.items()}
    assert outcomes == dict.fromkeys(outcomes, ("stored", expected))


def test_it_refuses_to_submit_a_draft_kept_with_categories_above_the_total(report, reporter_a):
    # The page keeps a draft as typed; submitting holds it to the same rule.
    i1 = report.plan.indicators.get(code="I1")
    cells = [value(i1, QUARTER, text, key) for (_code, key), text in OVER_THE_TOTAL.items()]
    fields = {"contact_person": "", "general_observations": "", "entries": [], "activities": []}
    saved = report_save(
        report=report,
        user=reporter_a,
        revision=report.revision,
        values=cells,
        keep_rule_breaks=True,
        **fields,
    )

    with pytest.raises(ValidationError) as refused:
        report_submit(report=saved, user=reporter_a, revision=saved.revision)

    messages = [m for errors in refused.value.message_dict.values() for m in errors]
    assert "I1, 2025-Q1: the categories of “sex” given add up to 13, more than the total 10." in (
        messages
    )


def test_it_refuses_a_comment_over_the_limit_by_every_way(report, reporter_a, client_of):
    cells = {("I1", ""): "3"}
    comments = {("I1", ""): "x" * (COMMENT_MAX_LENGTH + 1)}

    outcomes = every_way(report, reporter_a, client_of(reporter_a), cells, comments)

    message = f"At most {COMMENT_MAX_LENGTH} characters; this text has {COMMENT_MAX_LENGTH + 1}."
    assert outcomes == dict.fromkeys(outcomes, ("refused", (message,)))


@pytest.mark.parametrize("character", ["\x00", "\x1b"])
def test_it_refuses_a_control_character_in_a_comment(report, reporter_a, client_of, character):
    # An XLSX cell cannot hold one (openpyxl refuses to write it): the other three ways.
    cells = {("I1", ""): "3"}
    comments = {("I1", ""): f"ok{character}"}
    client = client_of(reporter_a)

    found = [
        isolated(by_form, report, reporter_a, cells, comments),
        isolated(by_csv, report, reporter_a, cells, comments),
        isolated(lambda rep: by_api(client, rep.plan, rep, cells, comments), report),
    ]

    assert [kind for kind, _messages in found] == ["refused"] * 3
    assert not IndicatorValue.objects.exists()


def test_it_refuses_in_the_api_what_is_not_text_with_a_4xx(report, reporter_a, client_of):
    client = client_of(reporter_a)
    for comment in ["\x00", "x" * 100_000, "\ud800"]:
        body = {
            "plan": report.plan.code,
            "values": [{"indicator": "I1", "period": QUARTER, "agency": "POL", "value": "3"}],
        }
        body["values"][0]["comment"] = comment
        response = client.post(
            "/api/v1/data-values", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 400, (comment[:5], response.content[:200])
        [error] = response.json()["errors"]
        assert (error["row"], error["column"]) == (1, "comment")
    assert not IndicatorValue.objects.exists()


def test_it_refuses_a_lone_surrogate_anywhere_in_a_posted_value(report, reporter_a, client_of):
    client = client_of(reporter_a)
    for field, text in [("indicator", "I\ud8001"), ("agency", "\udfff"), ("period", "2025\ud800")]:
        row = {"indicator": "I1", "period": QUARTER, "agency": "POL", "value": "3", field: text}
        body = json.dumps({"plan": report.plan.code, "values": [row]})
        response = client.post("/api/v1/data-values", body, content_type="application/json")
        assert response.status_code == 400, (field, response.content[:200])
        assert response.json()["errors"][0]["column"] == field
    body = json.dumps(
        {
            "plan": report.plan.code,
            "values": [
                {
                    "indicator": "I1",
                    "period": QUARTER,
                    "agency": "POL",
                    "value": "3",
                    "breakdown": {"sex": "fem\ud800"},
                }
            ],
        }
    )
    response = client.post("/api/v1/data-values", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "sex"


def test_it_refuses_a_narrative_over_the_limit_from_the_workbook(report, reporter_a):
    book = openpyxl.load_workbook(io.BytesIO(report_template(report=report)))
    book["Indicators"]["D4"] = "x" * (NARRATIVE_MAX_LENGTH + 1)  # I3's narrative
    out = io.BytesIO()
    book.save(out)

    with pytest.raises(ReportWorkbookInvalid) as refused:
        report_workbook_save(report=report, user=reporter_a, data=out.getvalue())

    assert [str(error) for error in refused.value.errors] == [
        f"Indicators, cell D4: At most {NARRATIVE_MAX_LENGTH} characters; this text has "
        f"{NARRATIVE_MAX_LENGTH + 1}."
    ]


def test_it_refuses_texts_over_the_limit_or_not_text_from_the_form(report, reporter_a):
    i3 = report.plan.indicators.get(code="I3")
    activity = report.plan.activities.get(code="A1")

    with pytest.raises(ValidationError) as refused:
        report_save(
            report=report,
            user=reporter_a,
            revision=report.revision,
            contact_person="",
            general_observations="y" * (NARRATIVE_MAX_LENGTH + 1),
            values=[],
            entries=[EntryInput(indicator_id=i3.pk, narrative="x\x00", donors="d" * 401)],
            activities=[ActivityInput(activity_id=activity.pk, state="ongoing", comment="\x0c")],
        )

    assert set(refused.value.message_dict) == {
        "general_observations",
        entry_key(i3.pk, "narrative"),
        entry_key(i3.pk, "donors"),
        activity_key(activity.pk, "comment"),
    }
    assert refused.value.message_dict[entry_key(i3.pk, "narrative")] == [
        "The text holds a character that is not allowed (U+0000, at character 2); remove it."
    ]


def test_it_takes_json_numbers_as_they_are_and_refuses_a_boolean(report, reporter_a, client_of):
    client = client_of(reporter_a)

    def post(number):
        row = {"indicator": "I1", "period": QUARTER, "agency": "POL", "value": number}
        body = json.dumps({"plan": report.plan.code, "values": [row]})
        return client.post("/api/v1/data-values", body, content_type="application/json")

    # A JSON number has no separator to misread: 1200 is twelve hundred.
    assert post(1200).status_code == 200
    assert IndicatorValue.objects.get(breakdown="").value == Decimal(1200)
    assert post(True).status_code == 422
    assert IndicatorValue.objects.get(breakdown="").value == Decimal(1200)
