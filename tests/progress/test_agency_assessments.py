"""`progress.selectors.disagrees`, `agency_assessments` and `flagged`: the agency's own
assessment beside the computed status, and the rule that flags an indicator for the working
group's next meeting."""

import pytest

from progress.engine import Status
from progress.selectors import (
    agency_assessments,
    disagrees,
    flagged,
    indicator_progress,
    judged,
)
from reporting.models import Assessment, IndicatorEntry, Report
from tests.progress.dashboard_data import AS_OF, build_plan, fill_reports
from tipmonitor.lib.reporting_periods import parse_period_code

ON, OFF = Assessment.ON_TRACK, Assessment.OFF_TRACK


@pytest.mark.parametrize(
    ("status", "assessment", "expected"),
    [
        (Status.OFF_TRACK, ON, True),
        (Status.AT_RISK, ON, True),
        (Status.ON_TRACK, ON, False),
        (Status.ACHIEVED, ON, False),
        (Status.ON_TRACK, OFF, True),
        (Status.ACHIEVED, OFF, True),
        (Status.OFF_TRACK, OFF, False),
        (Status.AT_RISK, OFF, False),
        (Status.NO_DATA, ON, False),
        (Status.NO_DATA, OFF, False),
        (Status.NOT_APPLICABLE, ON, False),
        (Status.OFF_TRACK, "", False),
    ],
)
def test_it_flags_only_a_real_disagreement(status, assessment, expected):
    assert disagrees(status, assessment) is expected


@pytest.fixture
def dash(agency_a, agency_b, reporter_a, reporter_b, coordinator):
    data = build_plan(agency_a, agency_b)
    fill_reports(data, reporter_a, reporter_b, coordinator)
    return data


@pytest.mark.django_db
def test_it_takes_each_agency_latest_assessment_by_the_date(dash, django_assert_num_queries):
    with django_assert_num_queries(2):
        found = agency_assessments(dash.plan, as_of=parse_period_code(AS_OF))

    off = {a.agency.code: a for a in found[dash.off.pk]}
    assert set(off) == {"POL", "NGO1"}
    assert off["POL"].assessment == ON
    assert off["POL"].period == AS_OF
    assert off["POL"].comment == "Police say: on track, more operations planned."
    assert off["NGO1"].assessment == OFF
    earlier = agency_assessments(dash.plan, as_of=parse_period_code("2025-Q2"))
    assert {a.period for a in earlier[dash.off.pk]} == {"2025-Q2"}
    assert dash.none.pk not in found  # a comment without an assessment is no assessment


@pytest.mark.django_db
def test_it_keeps_an_older_assessment_when_the_latest_report_gives_none(dash):
    IndicatorEntry.objects.filter(
        report__period=AS_OF, report__agency__code="POL", indicator=dash.off
    ).update(assessment="")

    found = agency_assessments(dash.plan, as_of=parse_period_code(AS_OF))

    police = next(a for a in found[dash.off.pk] if a.agency.code == "POL")
    assert police.period == "2025-Q3"


@pytest.mark.django_db
def test_it_flags_the_indicator_an_agency_misjudges(dash):
    as_of = parse_period_code(AS_OF)
    rows = judged(
        indicator_progress(dash.plan, as_of=as_of), agency_assessments(dash.plan, as_of=as_of)
    )

    flags = flagged(rows)

    assert [row.indicator.code for row in flags] == ["V-OFF"]
    assert [a.agency.code for a in flags[0].disagreeing] == ["POL"]  # NGO1 says off track too


@pytest.mark.django_db
def test_it_reads_only_the_reports_it_is_given(dash, agency_b):
    found = agency_assessments(
        dash.plan,
        as_of=parse_period_code(AS_OF),
        reports=Report.objects.filter(agency=agency_b),
    )

    assert {a.agency.code for rows in found.values() for a in rows} == {"NGO1"}
