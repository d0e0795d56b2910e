"""The content builder on hand-made data (tests/documents/documents_data.py): statuses and
numbers appear as computed, the agencies' words where annex 6 wants them."""

import datetime

import pytest

from cases.models import CaseQuery
from documents.builder import document_content
from documents.models import DocumentKind, NarrativeDraft
from plans.models import Indicator
from reporting.models import IndicatorEntry, Report
from tests.documents.documents_data import OFF_TRACK_COMMENT
from tipmonitor.lib.reporting_periods import parse_period_code

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


def _content(plan, kind=DocumentKind.ANNUAL, period="2025", language="en", user=None):
    return document_content(
        plan=plan,
        kind=kind,
        period=parse_period_code(period),
        language=language,
        user=user,
        today=TODAY,
    )


def _row(table, code):
    return next(row for row in table.rows if row[0] == code)


def test_it_judges_each_indicator_with_its_numbers(reported_plan):
    content = _content(reported_plan)
    prevention, protection = content.areas
    assert _row(prevention.indicators, "I2.1")[2:8] == [
        "10",
        "20",
        "17",  # 16.67 expected by now: a count of whole things, shown whole
        "8",
        "-30 %",
        "Off track",
    ]
    assert _row(protection.indicators, "I3.1")[2:8] == [
        "0",
        "100",
        "67",
        "70",
        "105 %",
        "On track",
    ]
    assert _row(prevention.indicators, "I2.1")[8] == "0 / 1"


def test_it_assesses_each_area_against_its_indicators(reported_plan):
    prevention, protection = _content(reported_plan).areas
    assert (prevention.assessment.value, protection.assessment.value) == ("off_track", "on_track")
    assert "0 of the 1 indicators" in prevention.assessment.basis


def test_it_gives_the_agencies_comments_on_what_is_off_track(reported_plan):
    prevention, protection = _content(reported_plan).areas
    texts = [(c.agency, c.subject, c.text) for c in prevention.comments]
    assert ("Police (2025-Q4)", "I2.1", OFF_TRACK_COMMENT) in texts
    assert ("Police (2025-Q4)", "2.1.1", "Contractor late") in texts
    assert protection.comments == []


def test_it_prints_the_same_words_once_with_everyone_who_wrote_them(reported_plan):
    report = Report.objects.get(agency__code="POL", period="2025-Q3", is_current=True)
    IndicatorEntry.objects.create(
        report=report,
        indicator=Indicator.objects.get(code="I2.1"),
        assessment="off_track",
        comment=OFF_TRACK_COMMENT,
    )
    prevention = _content(reported_plan).areas[0]
    said = [c for c in prevention.comments if c.text == OFF_TRACK_COMMENT]
    assert [(c.agency, c.subject) for c in said] == [("Police (2025-Q3, 2025-Q4)", "I2.1")]


def test_it_sums_the_resources_spent_in_the_period(reported_plan):
    prevention = _content(reported_plan).areas[0]
    figures = {figure.label: figure.value for figure in prevention.resources}
    assert figures["Spent on activities in the period (activity reports)"] == "250 EUR"
    assert figures["Spent in the period (indicator reports)"] == "500 EUR"
    assert figures["Donors named"] == "EU"
    activity = _row(prevention.activities, "2.1.1")
    assert activity[3:6] == ["Delayed", "40 %", "250 EUR"]


def test_it_counts_statuses_for_the_whole_plan(reported_plan):
    by_status = _content(reported_plan).overall[0]
    assert by_status.columns[1:4] == ["Indicators", "Achieved", "On track"]
    assert by_status.rows[-1][:6] == ["Whole plan", "2", "0", "1", "0", "1"]


def test_it_names_who_reported_and_who_was_on_time(reported_plan):
    content = _content(reported_plan)
    rows = {row[0]: row[1:] for row in content.reporting.rows}
    # Each agency owed four quarterly reports in 2025; every report was received when the test
    # ran, after its deadline; the shelter sent only 2025-Q4's.
    assert rows == {"Police": ["4", "4", "0"], "Shelter": ["4", "1", "0"]}
    assert content.reporting_summary.startswith("0 of 2 agencies sent every report due on time.")
    assert "Late or missing: Shelter, Police." in content.reporting_summary


def test_it_takes_narratives_in_the_documents_language(reported_plan, coordinator):
    for language, text in (("en", "Fewer victims"), ("ru", "Меньше жертв")):
        NarrativeDraft.objects.create(
            plan=reported_plan,
            kind="annual",
            period="2025",
            section="lessons",
            language=language,
            text=text,
        )
    content = _content(reported_plan, language="ru")
    assert content.narratives["lessons"].text == "Меньше жертв"
    assert content.language == "ru"


def test_it_covers_only_the_quarter_for_a_quarterly_summary(reported_plan):
    content = _content(reported_plan, kind=DocumentKind.QUARTERLY, period="2025-Q3")
    prevention = content.areas[0]
    assert prevention.comments == []
    assert _row(prevention.indicators, "I2.1")[5] == "7"
    assert set(content.narratives) == {"general_observations", "area:2", "area:3", "next_steps"}


def test_it_reads_in_a_fixed_number_of_queries(reported_plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        _content(reported_plan)


def test_it_withholds_a_small_count_of_victims_from_case_records(reported_plan, agency_a):
    # I2.1 counts 8: typed by an agency it is shown; counted from case records it is not.
    indicator = Indicator.objects.get(plan=reported_plan, code="I2.1")
    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])

    prevention, _protection = _content(reported_plan).areas

    row = _row(prevention.indicators, "I2.1")
    assert row[2:8] == ["10", "20", "17", "withheld: a small count", "—", "Off track"]
