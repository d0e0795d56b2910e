from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.models import (
    ActivityUpdate,
    EventKind,
    IndicatorEntry,
    IndicatorValue,
    Report,
    ReportStatus,
    ValueSource,
)
from reporting.services import (
    ActivityInput,
    EntryInput,
    ReportConflict,
    report_open,
    report_problems,
    report_save,
    stored_state,
)
from reporting.validation import activity_key, entry_key, value_key
from tests import factories
from tests.reporting.core_data import build_world, save, value


@pytest.fixture
def world(agency_a, agency_b):
    return build_world(agency_a, agency_b)


@pytest.fixture
def draft(world, reporter_a, agency_a):
    return report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)


def cells(report):
    return {
        (v.indicator.code, v.period, v.breakdown): v.value
        for v in report.values.select_related("indicator")
    }


def test_it_saves_header_values_entries_and_activities(world, draft, reporter_a):
    saved = save(
        draft,
        reporter_a,
        contact_person=" Ana ",
        general_observations="Busy quarter",
        values=[
            value(world.victims, "2025-Q2", "10"),
            value(world.victims, "2025-Q2", "4", "age_group=child"),
            value(world.monthly, "2025-04", "7", comment="from the register"),
        ],
        entries=[
            EntryInput(
                indicator_id=world.victims.pk,
                outputs_achieved="Two trainings",
                budget_spent=Decimal("1200.50"),
                donors="EU",
                assessment="on_track",
            )
        ],
        activities=[ActivityInput(activity_id=world.activity.pk, state="ongoing", percent_done=40)],
    )
    assert saved.revision == 1
    stored = Report.objects.get(pk=draft.pk)
    assert (stored.contact_person, stored.general_observations) == ("Ana", "Busy quarter")
    assert stored.revision == 1
    assert cells(stored) == {
        ("V1", "2025-Q2", ""): Decimal(10),
        ("V1", "2025-Q2", "age_group=child"): Decimal(4),
        ("M1", "2025-04", ""): Decimal(7),
    }
    monthly = IndicatorValue.objects.get(indicator=world.monthly)
    assert (monthly.comment, monthly.source, monthly.entered_by) == (
        "from the register",
        ValueSource.FORM,
        reporter_a,
    )
    entry = IndicatorEntry.objects.get(report=draft)
    assert (entry.budget_spent, entry.assessment, entry.donors) == (
        Decimal("1200.50"),
        "on_track",
        "EU",
    )
    assert ActivityUpdate.objects.get(report=draft).percent_done == 40
    assert list(stored.events.values_list("kind", flat=True)) == [
        EventKind.CREATED,
        EventKind.SAVED,
    ]


def test_it_keeps_unlisted_cells_and_deletes_cells_set_to_none(world, draft, reporter_a):
    draft = save(
        draft,
        reporter_a,
        values=[value(world.monthly, "2025-04", "1"), value(world.monthly, "2025-05", "2")],
    )
    save(
        draft,
        reporter_a,
        values=[value(world.monthly, "2025-04", None), value(world.monthly, "2025-06", "3")],
    )
    assert cells(draft) == {("M1", "2025-05", ""): Decimal(2), ("M1", "2025-06", ""): Decimal(3)}


def test_it_keeps_who_entered_a_value_that_did_not_change(world, draft, reporter_a, approver_a):
    draft = save(draft, reporter_a, values=[value(world.monthly, "2025-04", "1")])
    save(
        draft,
        approver_a,
        values=[value(world.monthly, "2025-04", "1"), value(world.monthly, "2025-05", "2")],
    )
    by = dict(IndicatorValue.objects.values_list("period", "entered_by"))
    assert by == {"2025-04": reporter_a.pk, "2025-05": approver_a.pk}


def test_it_refuses_bad_values_with_keys_and_writes_nothing(world, draft, reporter_a):
    with pytest.raises(ValidationError) as raised:
        save(
            draft,
            reporter_a,
            contact_person="x" * 201,
            values=[
                value(world.victims, "2025-Q2", "10"),
                value(world.victims, "2025-Q2", "4", "age_group=child"),
                value(world.victims, "2025-Q2", "5", "age_group=adult"),
                value(world.monthly, "2025-04", "1.5"),
                value(world.monthly, "2025-01", "1"),
                value(world.shelter, "2025-Q2", "1"),
            ],
            entries=[EntryInput(indicator_id=world.victims.pk, rating="achieved")],
            activities=[ActivityInput(activity_id=world.activity.pk, state="", percent_done=120)],
        )
    errors = raised.value.message_dict
    assert errors == {
        "contact_person": ["At most 200 characters; this text has 201."],
        value_key(world.victims.pk, "2025-Q2", ""): [
            "V1, 2025-Q2: the categories of “age_group” add up to 9, not to the total 10."
        ],
        value_key(world.monthly.pk, "2025-04", ""): [
            "M1, 2025-04, total: a count must be a whole number."
        ],
        value_key(world.monthly.pk, "2025-01", ""): ["This value is not part of this report."],
        value_key(world.shelter.pk, "2025-Q2", ""): ["This value is not part of this report."],
        entry_key(world.victims.pk, "rating"): ["V1: only a qualitative indicator takes a rating."],
        activity_key(world.activity.pk, "state"): ["Activity A1: choose a status."],
        activity_key(world.activity.pk, "percent_done"): [
            "Activity A1: percent done is between 0 and 100."
        ],
    }
    stored = Report.objects.get(pk=draft.pk)
    assert stored.revision == 0
    assert not stored.values.exists()
    assert not stored.entries.exists()
    assert not stored.events.filter(kind=EventKind.SAVED).exists()


def test_it_checks_sums_against_values_already_stored(world, draft, reporter_a):
    draft = save(draft, reporter_a, values=[value(world.victims, "2025-Q2", "10")])
    draft = save(
        draft, reporter_a, values=[value(world.victims, "2025-Q2", "4", "age_group=child")]
    )
    with pytest.raises(ValidationError, match="add up to 9, not to the total 10"):
        save(draft, reporter_a, values=[value(world.victims, "2025-Q2", "5", "age_group=adult")])
    save(draft, reporter_a, values=[value(world.victims, "2025-Q2", "6", "age_group=adult")])
    assert len(cells(draft)) == 3


def test_it_wants_a_comment_on_an_outlier(world, agency_a, reporter_a, coordinator):
    for quarter, number in [("2025-Q1", "10"), ("2025-Q2", "20")]:
        report = report_open(plan=world.plan, agency=agency_a, period=quarter, user=coordinator)
        save(report, coordinator, values=[value(world.victims, quarter, number)])
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    q3 = report_open(plan=world.plan, agency=agency_a, period="2025-Q3", user=reporter_a)
    with pytest.raises(ValidationError, match="61 is far outside this indicator's earlier"):
        save(q3, reporter_a, values=[value(world.victims, "2025-Q3", "61")])
    save(q3, reporter_a, values=[value(world.victims, "2025-Q3", "61", comment="New unit")])
    assert cells(q3) == {("V1", "2025-Q3", ""): Decimal(61)}


def test_it_refuses_a_report_that_is_not_editable(world, draft, reporter_a, reporter_b, viewer):
    for user in (reporter_b, viewer):
        with pytest.raises(PermissionDenied):
            save(draft, user, values=[value(world.monthly, "2025-04", "1")])
    Report.objects.filter(pk=draft.pk).update(status=ReportStatus.SUBMITTED)
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        save(draft, reporter_a, values=[value(world.monthly, "2025-04", "1")])
    assert not IndicatorValue.objects.exists()


def test_it_lets_the_coordinator_and_approvers_edit(world, draft, coordinator, approver_a):
    draft = save(draft, coordinator, values=[value(world.monthly, "2025-04", "1")])
    draft = save(draft, approver_a, values=[value(world.monthly, "2025-05", "2")])
    assert draft.revision == 2


def test_it_records_the_source_of_the_values(world, draft, reporter_a):
    report_save(
        report=draft,
        user=reporter_a,
        revision=0,
        contact_person="",
        general_observations="",
        values=[value(world.monthly, "2025-04", "1")],
        entries=[],
        activities=[],
        source=ValueSource.WORKBOOK,
    )
    assert IndicatorValue.objects.get().source == ValueSource.WORKBOOK


def test_it_replaces_an_entry_and_an_activity_update_whole(world, draft, reporter_a):
    draft = save(
        draft,
        reporter_a,
        entries=[EntryInput(indicator_id=world.story.pk, narrative="Draft", rating="achieved")],
        activities=[ActivityInput(activity_id=world.activity.pk, state="ongoing", percent_done=10)],
    )
    save(
        draft,
        reporter_a,
        entries=[EntryInput(indicator_id=world.story.pk, narrative="Final")],
        activities=[
            ActivityInput(activity_id=world.activity.pk, state="delayed", percent_done=None)
        ],
    )
    entry = IndicatorEntry.objects.get()
    assert (entry.narrative, entry.rating) == ("Final", "")
    update = ActivityUpdate.objects.get()
    assert (update.state, update.percent_done) == ("delayed", None)


def test_it_refuses_another_agency_user_even_with_roles(world, draft):
    outsider = factories.UserFactory(username="other", agency=None, roles=["reporter"])
    with pytest.raises(PermissionDenied):
        save(draft, outsider)


def test_it_keeps_a_draft_that_breaks_a_rule_when_asked(world, agency_a, reporter_a, coordinator):
    for quarter, number in [("2025-Q1", "10"), ("2025-Q2", "20")]:
        report = report_open(plan=world.plan, agency=agency_a, period=quarter, user=coordinator)
        save(report, coordinator, values=[value(world.victims, quarter, number)])
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    q3 = report_open(plan=world.plan, agency=agency_a, period="2025-Q3", user=reporter_a)
    typed = [
        value(world.victims, "2025-Q3", "61"),  # an outlier without a comment
        value(world.victims, "2025-Q3", "70", "age_group=child"),  # more than the total
        value(world.monthly, "2025-07", "-2"),  # negative
    ]

    report_save(
        report=q3,
        user=reporter_a,
        revision=q3.revision,
        contact_person="",
        general_observations="",
        values=typed,
        entries=[],
        activities=[],
        keep_rule_breaks=True,
    )

    assert cells(q3) == {
        ("V1", "2025-Q3", ""): Decimal(61),
        ("V1", "2025-Q3", "age_group=child"): Decimal(70),
        ("M1", "2025-07", ""): Decimal(-2),
    }
    problems = report_problems(q3, complete=False)
    assert set(problems) == {
        value_key(world.victims.pk, "2025-Q3", ""),
        value_key(world.monthly.pk, "2025-07", ""),
    }
    assert "61 is far outside" in " ".join(problems[value_key(world.victims.pk, "2025-Q3", "")])


def test_it_writes_only_the_fields_the_person_changed(world, draft, reporter_a, approver_a):
    draft = save(draft, reporter_a, values=[value(world.monthly, "2025-04", "41")])
    approvers_page = stored_state(draft)  # the approver opens the report
    draft = save(draft, reporter_a, values=[value(world.monthly, "2025-04", "45")])

    report_save(
        report=draft,
        user=approver_a,
        revision=1,  # the revision the approver loaded
        contact_person="A. Clerk",
        general_observations="Checked by the chief",
        values=[value(world.monthly, "2025-04", "41")],  # as loaded: not changed
        entries=[],
        activities=[],
        loaded=approvers_page,
    )

    stored = Report.objects.get(pk=draft.pk)
    assert cells(stored) == {("M1", "2025-04", ""): Decimal(45)}
    assert stored.general_observations == "Checked by the chief"
    assert IndicatorValue.objects.get().entered_by == reporter_a


def test_it_refuses_a_field_both_changed_differently_and_writes_nothing(
    world, draft, reporter_a, approver_a
):
    draft = save(draft, reporter_a, values=[value(world.monthly, "2025-04", "41")])
    approvers_page = stored_state(draft)
    save(draft, reporter_a, values=[value(world.monthly, "2025-04", "45")])

    with pytest.raises(ReportConflict) as raised:
        report_save(
            report=draft,
            user=approver_a,
            revision=1,
            contact_person="A. Clerk",
            general_observations="Checked",
            values=[value(world.monthly, "2025-04", "50")],
            entries=[],
            activities=[],
            loaded=approvers_page,
        )

    assert raised.value.clashes == {value_key(world.monthly.pk, "2025-04", ""): Decimal(45)}
    assert "reporter_a changed some of the fields you changed" in raised.value.message
    stored = Report.objects.get(pk=draft.pk)
    assert (cells(stored), stored.general_observations) == ({("M1", "2025-04", ""): 45}, "")


def test_it_takes_a_change_both_made_alike(world, draft, reporter_a, approver_a):
    approvers_page = stored_state(draft)
    save(draft, reporter_a, values=[value(world.monthly, "2025-04", "7")])

    report_save(
        report=draft,
        user=approver_a,
        revision=0,
        contact_person="",
        general_observations="",
        values=[value(world.monthly, "2025-04", "7.0")],
        entries=[EntryInput(indicator_id=world.monthly.pk, donors="EU")],
        activities=[],
        loaded=approvers_page,
    )

    stored = Report.objects.get(pk=draft.pk)
    assert cells(stored) == {("M1", "2025-04", ""): Decimal(7)}
    assert stored.contact_person == "A. Clerk"  # the reporter's, untouched by the approver
    assert IndicatorEntry.objects.get().donors == "EU"
