from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from reporting.models import EventKind, IndicatorValue, Report, ReportStatus, ValueSource
from reporting.services import ValueRow, ValuesInvalid, report_open, report_submit, values_import
from tests import factories
from tests.reporting.core_data import build_world, complete_q2, save, value


@pytest.fixture
def world(agency_a, agency_b):
    return build_world(agency_a, agency_b)


def row(line, indicator, period, agency, number, comment="", **breakdown):
    return ValueRow(
        line=line,
        indicator_code=indicator,
        period=period,
        agency_code=agency,
        value=number,
        comment=comment,
        breakdown=breakdown,
    )


GOOD = [
    row(2, "V1", "2025-Q1", "POL", "10", sex="", age_group=""),
    row(3, "V1", "2025Q1", "POL", "4", age_group="child"),
    row(4, "V1", "2025-Q1", "POL", "6", age_group="adult"),
    row(5, "M1", "202503", "POL", "7"),
    row(6, "B1", "2025-Q1", "NGO1", "3"),
    row(7, "M1", "2025-04", "POL", "2", comment="from the register"),
]


def cells():
    return {
        (v.report.agency.code, v.indicator.code, v.period, v.breakdown): v.value
        for v in IndicatorValue.objects.select_related("report__agency", "indicator")
    }


def test_it_records_a_coordinators_values_as_accepted(world, coordinator):
    result = values_import(plan=world.plan, rows=GOOD, user=coordinator)
    assert (result.reports, result.values_created, result.values_updated) == (3, 6, 0)
    assert cells() == {
        ("POL", "V1", "2025-Q1", ""): Decimal(10),
        ("POL", "V1", "2025-Q1", "age_group=child"): Decimal(4),
        ("POL", "V1", "2025-Q1", "age_group=adult"): Decimal(6),
        ("POL", "M1", "2025-03", ""): Decimal(7),
        ("NGO1", "B1", "2025-Q1", ""): Decimal(3),
        ("POL", "M1", "2025-04", ""): Decimal(2),
    }
    reports = Report.objects.order_by("period", "agency__code")
    assert [(r.agency.code, r.period, r.status) for r in reports] == [
        ("NGO1", "2025-Q1", ReportStatus.ACCEPTED),
        ("POL", "2025-Q1", ReportStatus.ACCEPTED),
        ("POL", "2025-Q2", ReportStatus.ACCEPTED),
    ]
    assert all(r.accepted_by == coordinator and r.first_submitted_at for r in reports)
    assert {e.kind for r in reports for e in r.events.all()} == {EventKind.IMPORTED}
    stamped = IndicatorValue.objects.get(period="2025-04")
    assert (stamped.source, stamped.entered_by, stamped.comment) == (
        ValueSource.BULK,
        coordinator,
        "from the register",
    )


def test_it_records_submitted_values_when_asked(world, coordinator):
    values_import(plan=world.plan, rows=GOOD, user=coordinator, status=ReportStatus.SUBMITTED)
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.SUBMITTED}


def test_it_puts_new_values_for_an_accepted_report_in_a_new_version(world, coordinator):
    values_import(plan=world.plan, rows=GOOD, user=coordinator)
    again = [row(2, "M1", "2025-03", "POL", "8"), row(3, "M1", "2025-02", "POL", "1")]
    result = values_import(plan=world.plan, rows=again, user=coordinator)
    assert (result.reports, result.values_created, result.values_updated) == (1, 1, 1)
    versions = Report.objects.filter(agency__code="POL", period="2025-Q1").order_by("version")
    assert [(r.version, r.is_current, r.status) for r in versions] == [
        (1, False, ReportStatus.ACCEPTED),
        (2, True, ReportStatus.ACCEPTED),
    ]
    old, new = versions
    assert dict(old.values.filter(indicator=world.monthly).values_list("period", "value")) == {
        "2025-03": Decimal(7)
    }
    assert dict(new.values.filter(indicator=world.monthly).values_list("period", "value")) == {
        "2025-02": Decimal(1),
        "2025-03": Decimal(8),
    }
    assert new.values.count() == 5


def test_it_updates_a_draft_in_place_and_checks_sums_with_its_values(
    world, coordinator, reporter_a, agency_a
):
    draft = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    save(draft, reporter_a, values=[value(world.victims, "2025-Q2", "10")])
    with pytest.raises(ValuesInvalid) as raised:
        values_import(
            plan=world.plan,
            rows=[
                row(2, "V1", "2025-Q2", "POL", "3", age_group="child"),
                row(3, "V1", "2025-Q2", "POL", "3", age_group="adult"),
            ],
            user=coordinator,
        )
    assert raised.value.errors == [
        (2, "value", "V1, 2025-Q2: the categories of “age_group” add up to 6, not to the total 10.")
    ]
    values_import(
        plan=world.plan,
        rows=[
            row(2, "V1", "2025-Q2", "POL", "3", age_group="child"),
            row(3, "V1", "2025-Q2", "POL", "7", age_group="adult"),
        ],
        user=coordinator,
        status=ReportStatus.SUBMITTED,
    )
    stored = Report.objects.get(pk=draft.pk)
    assert (stored.status, stored.version, stored.revision) == (ReportStatus.SUBMITTED, 1, 2)
    assert stored.values.count() == 3


def test_it_records_a_reporters_values_as_submitted_for_their_agency_only(world, reporter_a):
    mine = [r for r in GOOD if r.agency_code == "POL"]
    values_import(plan=world.plan, rows=mine, user=reporter_a)
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.SUBMITTED}
    with pytest.raises(ValuesInvalid) as raised:
        values_import(plan=world.plan, rows=[GOOD[4]], user=reporter_a)
    assert raised.value.errors == [(6, "agency", "You may import values of your own agency only.")]


def test_it_refuses_a_reporters_values_for_a_report_under_review(world, reporter_a, agency_a):
    draft = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    draft = complete_q2(world, draft, reporter_a)
    report_submit(report=draft, user=reporter_a, revision=draft.revision)
    with pytest.raises(ValuesInvalid, match="1 problems") as raised:
        values_import(plan=world.plan, rows=[row(9, "M1", "2025-05", "POL", "4")], user=reporter_a)
    assert raised.value.errors[0][:2] == (9, "period")
    assert "awaits review" in raised.value.errors[0][2]


def test_it_refuses_users_who_do_not_report(world, viewer, administrator):
    for user in (viewer, administrator):
        with pytest.raises(PermissionDenied):
            values_import(plan=world.plan, rows=GOOD, user=user)


def test_it_refuses_a_bad_file_whole_with_every_problem_located(world, coordinator):
    bad = [
        row(2, "NOPE", "2025-Q1", "POL", "1"),
        row(3, "V1", "2025-Q1", "NOBODY", "1"),
        row(4, "V1", "Q1", "POL", "1"),
        row(5, "V1", "2025-03", "POL", "1"),
        row(6, "V1", "2026-Q1", "POL", "1"),
        row(7, "V1", "2025-Q1", "NGO1", "1"),
        row(8, "V1", "2025-Q1", "POL", "many"),
        row(9, "V1", "2025-Q1", "POL", "-1"),
        row(10, "M1", "2025-01", "POL", "1.5"),
        row(11, "M1", "2025-02", "POL", "1", colour="red"),
        row(12, "V1", "2025-Q1", "POL", "1", sex="unknown"),
        row(13, "M1", "2025-03", "POL", "1"),
        row(14, "M1", "2025-03", "POL", "2"),
        row(15, "P1", "2025", "POL", "101"),
        row(16, "Q1", "2025-S1", "POL", "1"),
        row(17, "B1", "2025-Q1", "NGO1", "3"),
        row(18, "V1", "2025-Q2", "POL", "5"),
    ]
    with pytest.raises(ValuesInvalid) as raised:
        values_import(plan=world.plan, rows=bad, user=coordinator)
    located = [(line, column) for line, column, _message in raised.value.errors]
    assert located == [
        (2, "indicator"),
        (3, "agency"),
        (4, "period"),
        (5, "period"),
        (6, "period"),
        (7, "agency"),
        (8, "value"),
        (9, "value"),
        (10, "value"),
        (11, "colour"),
        (12, "sex"),
        (14, "value"),
        (15, "value"),
        (16, "value"),
    ]
    messages = {line: message for line, _column, message in raised.value.errors}
    assert messages[2] == "No indicator “NOPE” in this plan."
    assert messages[5] == "Indicator V1 is reported quarterly; 2025-03 is not."
    assert messages[7] == "NGO1 is not responsible for indicator V1."
    assert messages[12] == "“unknown” is not a category of “sex” (use female, male, other)."
    assert messages[14] == "The same value is given on line 13."
    assert messages[15] == "P1, 2025, total: a percentage is between 0 and 100."
    assert not Report.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_it_wants_a_comment_on_an_outlier(world, coordinator):
    history = [row(2, "M1", "2025-01", "POL", "10"), row(3, "M1", "2025-02", "POL", "20")]
    values_import(plan=world.plan, rows=history, user=coordinator)
    with pytest.raises(ValuesInvalid) as raised:
        values_import(
            plan=world.plan, rows=[row(2, "M1", "2025-04", "POL", "61")], user=coordinator
        )
    assert "61 is far outside" in raised.value.errors[0][2]
    values_import(
        plan=world.plan,
        rows=[row(2, "M1", "2025-04", "POL", "61", comment="Raid")],
        user=coordinator,
    )
    assert cells()[("POL", "M1", "2025-04", "")] == Decimal(61)


def test_it_imports_many_values_in_a_fixed_number_of_queries(
    world, coordinator, agency_a, django_assert_max_num_queries
):
    agencies = [factories.AgencyFactory(code=f"AG{n}") for n in range(10)]
    world.monthly.responsible_agencies.add(*agencies)
    world.victims.responsible_agencies.add(*agencies)
    rows = []
    for agency in agencies:
        for month in range(1, 13):
            rows.append(row(len(rows) + 2, "M1", f"2025-{month:02d}", agency.code, "5"))
        for quarter in range(1, 5):
            rows += [
                row(len(rows) + 2, "V1", f"2025-Q{quarter}", agency.code, "9"),
                row(len(rows) + 3, "V1", f"2025-Q{quarter}", agency.code, "4", age_group="child"),
                row(len(rows) + 4, "V1", f"2025-Q{quarter}", agency.code, "5", age_group="adult"),
                row(
                    len(rows) + 5,
                    "V1",
                    f"2025-Q{quarter}",
                    agency.code,
                    "2",
                    sex="female",
                    age_group="child",
                ),
            ]
    with django_assert_max_num_queries(20):
        result = values_import(plan=world.plan, rows=rows, user=coordinator)
    assert (result.reports, result.values_created) == (40, 280)
    assert IndicatorValue.objects.count() == 280
    assert cells()[("AG3", "V1", "2025-Q2", "age_group=child;sex=female")] == Decimal(2)


def test_it_leaves_repeated_values_alone_but_accepts_a_submitted_report(
    world, coordinator, reporter_a
):
    mine = [r for r in GOOD if r.agency_code == "POL"]
    values_import(plan=world.plan, rows=mine, user=reporter_a)
    result = values_import(plan=world.plan, rows=mine, user=coordinator)
    assert (result.reports, result.values_created, result.values_updated) == (2, 0, 0)
    assert set(IndicatorValue.objects.values_list("entered_by", flat=True)) == {reporter_a.pk}
    reports = Report.objects.all()
    assert {(r.version, r.status, r.accepted_by) for r in reports} == {
        (1, ReportStatus.ACCEPTED, coordinator)
    }
    again = values_import(plan=world.plan, rows=mine, user=coordinator)
    assert (again.values_created, again.values_updated) == (0, 0)
    assert Report.objects.count() == 2
    assert [e.kind for e in reports[0].events.all()] == [EventKind.IMPORTED] * 3


def test_it_reads_text_with_the_one_number_parser_and_takes_numbers_as_they_are(world, coordinator):
    # Issue 9: "1,200" became 1.2 here while the plan form refused it.
    with pytest.raises(ValuesInvalid) as refused:
        values_import(
            plan=world.plan, rows=[row(2, "M1", "2025-01", "POL", "1,200")], user=coordinator
        )
    [(line, column, message)] = refused.value.errors
    assert (line, column) == (2, "value")
    assert message.startswith("“1,200” can be read as 1 200 or as 1,2")
    assert not IndicatorValue.objects.exists()

    rows = [
        row(2, "M1", "2025-01", "POL", "1\u00a0200"),
        row(3, "M1", "2025-02", "POL", 1300),  # a numeric cell of an XLSX file
        row(4, "M1", "2025-03", "POL", 1400.0),
    ]
    values_import(plan=world.plan, rows=rows, user=coordinator)
    assert sorted(IndicatorValue.objects.values_list("period", "value")) == [
        ("2025-01", Decimal(1200)),
        ("2025-02", Decimal(1300)),
        ("2025-03", Decimal(1400)),
    ]
