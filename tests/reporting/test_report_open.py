import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from reporting.models import EventKind, Report, ReportStatus
from reporting.services import report_open
from tests import factories
from tests.reporting.core_data import build_world


@pytest.fixture
def world(agency_a, agency_b):
    return build_world(agency_a, agency_b)


def test_it_opens_a_new_draft_for_a_due_quarter(world, reporter_a, agency_a):
    report = report_open(plan=world.plan, agency=agency_a, period="2025Q2", user=reporter_a)
    assert report.period == "2025-Q2"
    assert report.version == 1
    assert report.status == ReportStatus.DRAFT
    assert report.is_current
    assert report.period_start == datetime.date(2025, 4, 1)
    assert report.period_end == datetime.date(2025, 6, 30)
    assert report.due_on == datetime.date(2025, 7, 15)
    assert list(report.events.values_list("kind", "by")) == [(EventKind.CREATED, reporter_a.pk)]


def test_it_returns_the_current_version_when_opened_again(world, reporter_a, approver_a, agency_a):
    first = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    again = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=approver_a)
    assert again.pk == first.pk
    assert Report.objects.count() == 1


def test_it_follows_the_plan_deadline_and_the_last_contact_person(world, reporter_a, agency_a):
    world.plan.report_deadline_days = 30
    world.plan.save()
    q1 = report_open(plan=world.plan, agency=agency_a, period="2025-Q1", user=reporter_a)
    Report.objects.filter(pk=q1.pk).update(contact_person="Ana Petrosyan")
    q2 = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    assert q2.due_on == datetime.date(2025, 7, 30)
    assert q2.contact_person == "Ana Petrosyan"


def test_it_lets_the_coordinator_open_any_agency_report(world, coordinator, agency_b):
    report = report_open(plan=world.plan, agency=agency_b, period="2025-Q3", user=coordinator)
    assert report.agency == agency_b


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-03", "is not a quarter"),
        ("2026-Q1", "outside the plan's period"),
        ("next", "is not a reporting period"),
    ],
)
def test_it_refuses_what_is_not_a_quarter_of_the_plan(world, reporter_a, agency_a, period, message):
    with pytest.raises(ValidationError, match=message) as raised:
        report_open(plan=world.plan, agency=agency_a, period=period, user=reporter_a)
    assert list(raised.value.message_dict) == ["period"]
    assert not Report.objects.exists()


def test_it_refuses_a_quarter_with_nothing_to_report(world, reporter_b, agency_b):
    # Agency B's only indicator is quarterly, so take it off: then only its Q3 activity is due.
    world.shelter.responsible_agencies.clear()
    with pytest.raises(ValidationError, match="has nothing to report for 2025-Q1"):
        report_open(plan=world.plan, agency=agency_b, period="2025-Q1", user=reporter_b)
    assert report_open(plan=world.plan, agency=agency_b, period="2025-Q3", user=reporter_b)


def test_it_hides_another_agency_behind_404(world, reporter_b, agency_a):
    with pytest.raises(Http404):
        report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_b)
    assert not Report.objects.exists()


def test_it_refuses_viewers_and_read_only_users(world, viewer, agency_a, secretariat):
    watcher = factories.UserFactory(username="watcher", agency=agency_a, roles=["viewer"])
    with pytest.raises(PermissionDenied):
        report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=watcher)
    with pytest.raises(Http404):
        report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=viewer)
    assert not Report.objects.exists()
