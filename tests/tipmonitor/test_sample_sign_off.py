"""The demo's approval path (tipmonitor/sample/history.py): the sample's state bodies sign their
reports off; MOI-POLICE's demo reporter sends its reports to its demo approver, who approves
them (some after sending them back once with a comment), and timeliness counts from the
approval. The other state bodies, with no demo approver, are keyed in by the coordinator."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from agencies.models import Agency, AgencyType
from reporting.models import EventKind, Report, ReportStatus


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_it_sends_the_polices_reports_through_its_approver(demo):
    reporter, approver = (
        User.objects.get(username="reporter"),
        User.objects.get(username="approver"),
    )
    police = Agency.objects.get(code="MOI-POLICE")
    assert police.requires_sign_off
    assert set(
        Agency.objects.filter(type=AgencyType.STATE).values_list("requires_sign_off", flat=True)
    ) == {True}
    assert not Agency.objects.get(code="NGO-SHELTER").requires_sign_off

    reports = Report.objects.filter(agency=police).order_by("period_start", "version")
    assert reports
    for report in reports:
        assert report.status == ReportStatus.ACCEPTED, report
        assert report.approved_by == approver, report
        kinds = list(report.events.order_by("at", "pk").values_list("kind", "by__username"))
        assert (EventKind.FOR_APPROVAL, "reporter") in kinds, report
        assert (EventKind.APPROVED, "approver") in kinds, report
    first_versions = [report for report in reports if report.version == 1]
    assert all(
        r.first_submitted_at == r.approved_at
        for r in first_versions
        if r.events.filter(kind=EventKind.RETURNED).count() == 0
    )
    sent_back = [r for r in reports if r.events.filter(kind=EventKind.SENT_BACK).exists()]
    assert sent_back, "some report is sent back once by the approver"
    event = sent_back[0].events.get(kind=EventKind.SENT_BACK)
    assert (event.by, bool(event.comment)) == (approver, True)
    # Each sending for approval precedes its approval on the calendar.
    for report in reports:
        moments = list(report.events.order_by("at", "pk").values_list("kind", "at"))
        asked = [at for kind, at in moments if kind == EventKind.FOR_APPROVAL]
        approved = [at for kind, at in moments if kind == EventKind.APPROVED]
        assert asked, report
        assert approved, report
        assert asked[0] < approved[0], report
    assert reporter.agency == police


@pytest.mark.django_db
def test_it_leaves_nothing_awaiting_approval_and_no_other_agency_through_an_approver(demo):
    assert not Report.objects.filter(status=ReportStatus.AWAITING_APPROVAL).exists()
    elsewhere = Report.objects.exclude(agency__code="MOI-POLICE")
    assert not elsewhere.filter(events__kind=EventKind.FOR_APPROVAL).exists()
