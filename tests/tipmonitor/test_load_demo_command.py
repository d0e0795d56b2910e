"""`tipmonitor load-demo`: the sample plan through the workbook import, one login per role with
a fresh password printed, safe to run twice, and refused on a production (non-DEBUG) instance;
its history dated as agencies really report (most on time, some late, some returned)."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, SecurityEvent, SecurityEventKind, User
from agencies.models import Agency, AgencyType
from cases.models import CaseRecord, Person, PopulationEstimate
from cases.selectors import case_records_for_user
from documents.builder import document_content
from documents.models import DocumentKind
from plans.models import IndicatorAgencyTarget, Plan, PlanStatus
from plans.selectors import population_for_year
from progress.engine import Status
from progress.selectors import activity_delivery, agency_shares, disclosed, indicator_progress
from reporting.matrix import due_date, received_on_time
from reporting.models import (
    ActivityState,
    ActivityUpdate,
    Assessment,
    EventKind,
    IndicatorEntry,
    IndicatorValue,
    Report,
    ReportEvent,
    ReportStatus,
)
from reporting.selectors import submission_matrix
from tipmonitor.cli import main as tipmonitor
from tipmonitor.lib import compat
from tipmonitor.lib.reporting_periods import parse_period_code
from tipmonitor.management.commands.load_demo import LATE_AGENCIES

CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"
# The events that hand a report in.
SENT = (EventKind.IMPORTED, EventKind.SUBMITTED)

ROLES = {
    "coordinator": Role.COORDINATOR,
    "reporter": Role.REPORTER,
    "approver": Role.APPROVER,
    "case-officer": Role.CASE_OFFICER,
    "user-manager": Role.USER_MANAGER,
    "ngo-reporter": Role.REPORTER,
    "viewer": Role.VIEWER,
    "admin": Role.ADMINISTRATOR,
}


def _load_demo(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def _printed_passwords(output: str) -> dict[str, str]:
    """Username → password from the printed table (its rows: username, role, agency, password)."""
    passwords = {}
    for username in ROLES:
        row = re.search(rf"^  {re.escape(username)} .* (\S+)$", output, re.MULTILINE)
        assert row, f"no table row for {username} in:\n{output}"
        passwords[username] = row.group(1)
    return passwords


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every run hashes and checks six passwords; the production hasher's cost is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_it_loads_a_realistic_adopted_plan(debug):
    _load_demo()

    plan = Plan.objects.get()
    assert plan.status == PlanStatus.ADOPTED
    assert plan.areas.count() >= 5
    assert plan.activities.count() >= 25
    assert plan.indicators.count() >= 30
    assert plan.objectives.filter(parent__isnull=False).exists()


@pytest.mark.django_db
def test_it_loads_national_regional_and_ngo_agencies(debug):
    _load_demo()

    assert Agency.objects.count() >= 20
    assert Agency.objects.filter(type=AgencyType.NGO).count() >= 3
    assert Agency.objects.filter(type=AgencyType.INTERNATIONAL).exists()
    # A regional tier: a district under a provincial committee under the national committee.
    assert Agency.objects.filter(parent__parent__isnull=False).exists()


@pytest.mark.django_db
def test_it_creates_one_login_per_role_with_the_printed_password(debug):
    output = _load_demo()

    passwords = _printed_passwords(output)
    for username, role in ROLES.items():
        user = User.objects.get(username=username)
        assert user.is_active
        assert user.has_role(role)
        assert user.agency is not None
        assert user.check_password(passwords[username])
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="ngo-reporter").agency.type == AgencyType.NGO
    police = Agency.objects.get(code="MOI-POLICE")
    for username in ("reporter", "approver", "case-officer", "user-manager"):
        assert User.objects.get(username=username).agency == police


@pytest.mark.django_db
def test_it_shows_the_police_case_records_to_the_case_officer_alone(debug, client_of):
    _load_demo()
    police = Agency.objects.get(code="MOI-POLICE")
    assert CaseRecord.objects.filter(agency=police).exists()

    for username, status in [
        ("case-officer", 200),
        ("coordinator", 200),
        ("reporter", 403),
        ("approver", 403),
        ("user-manager", 403),
    ]:
        client = client_of(User.objects.get(username=username))
        assert client.get(reverse("cases:record_list")).status_code == status, username
    case_officer = User.objects.get(username="case-officer")
    assert set(case_records_for_user(case_officer).values_list("agency", flat=True)) == {police.pk}


@pytest.mark.django_db
def test_it_takes_back_roles_a_demo_user_should_not_hold(debug):
    _load_demo()
    reporter = User.objects.get(username="reporter")
    # As the upgrade to case records officers left it (accounts migration 0003).
    reporter.role_grants.create(role=Role.CASE_OFFICER)

    _load_demo()

    assert set(reporter.role_grants.values_list("role", flat=True)) == {Role.REPORTER}
    withdrawn = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_WITHDRAWN)
    assert (withdrawn.subject, withdrawn.role, withdrawn.via) == (
        reporter,
        Role.CASE_OFFICER,
        "command",
    )


@pytest.mark.django_db
def test_it_prints_where_to_sign_in_and_that_two_factor_is_off(debug, settings):
    settings.REQUIRE_SECOND_FACTOR = False

    output = _load_demo()

    assert "http://127.0.0.1:8000" in output
    assert "Two-factor login is switched off" in output
    assert len(set(_printed_passwords(output).values())) == len(ROLES)


@pytest.mark.django_db
def test_it_says_so_when_two_factor_login_is_on(debug, settings):
    settings.REQUIRE_SECOND_FACTOR = True

    output = _load_demo()

    assert "Two-factor login is on" in output


@pytest.mark.django_db
def test_it_can_run_twice_and_then_only_the_new_passwords_work(debug):
    first = _printed_passwords(_load_demo())
    counts = (Plan.objects.count(), Agency.objects.count(), User.objects.count())

    second = _printed_passwords(_load_demo())

    assert (Plan.objects.count(), Agency.objects.count(), User.objects.count()) == counts
    for username in ROLES:
        user = User.objects.get(username=username)
        assert first[username] != second[username]
        assert user.check_password(second[username])
        assert not user.check_password(first[username])
        assert user.role_grants.count() == 1


@pytest.mark.django_db
def test_it_brings_a_deactivated_demo_user_back(debug):
    _load_demo()
    User.objects.filter(username="viewer").update(is_active=False)

    passwords = _printed_passwords(_load_demo())

    viewer = User.objects.get(username="viewer")
    assert viewer.is_active
    assert viewer.check_password(passwords["viewer"])


@pytest.mark.django_db
def test_it_refuses_to_reset_passwords_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        _load_demo()

    assert not Plan.objects.exists()
    assert not User.objects.exists()


# transaction=True: the command line closes the database connection when a command fails,
# which would end the test's wrapping transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_it_exits_with_status_1_from_the_command_line_when_refused(settings, capsys):
    settings.DEBUG = False

    with pytest.raises(SystemExit) as exit_info:
        tipmonitor(["tipmonitor", "load-demo"])

    assert exit_info.value.code == 1
    assert "TIPMONITOR_DEBUG=1" in capsys.readouterr().err
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_runs_without_debug_when_forced(settings):
    settings.DEBUG = False

    output = _load_demo(force=True)

    assert Plan.objects.count() == 1
    assert User.objects.filter(username__in=ROLES).count() == len(ROLES)
    assert "coordinator" in output


@pytest.mark.django_db
def test_it_records_a_history_that_gives_every_kind_of_status(debug):
    _load_demo()

    plan = Plan.objects.get()
    statuses = {row.status for row in indicator_progress(plan=plan, as_of=_last_reported(plan))}
    assert {Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NO_DATA} <= statuses


@pytest.mark.django_db
def test_it_adds_the_two_demo_agencies_own_assessments(debug):
    _load_demo()

    entries = IndicatorEntry.objects.filter(report__is_current=True).exclude(assessment="")
    by_agency = {entry.report.agency.code: entry.assessment for entry in entries}
    assert by_agency == {"MOI-POLICE": Assessment.ON_TRACK, "NGO-SHELTER": Assessment.OFF_TRACK}
    assert all(entry.report.status == ReportStatus.ACCEPTED for entry in entries)


@pytest.mark.django_db
def test_it_records_the_history_once_however_often_it_runs(debug):
    _load_demo()
    values, reports = IndicatorValue.objects.count(), Report.objects.count()
    _load_demo()

    assert (IndicatorValue.objects.count(), Report.objects.count()) == (values, reports)


def _last_reported(plan: Plan) -> datetime.date:
    return max(Report.objects.filter(plan=plan).values_list("period_end", flat=True))


@pytest.mark.django_db(transaction=True)
def test_it_imports_fictional_case_records_and_links_them(debug):
    # transaction=True: linkage is queued for after the import's commit, as on a real instance.
    _load_demo()

    records = CaseRecord.objects.all()
    assert records.values("agency").distinct().count() == 10
    assert not records.filter(person__isnull=True).exists()
    assert Person.objects.count() < records.count()
    assert records.exclude(key_last="").count() == records.count()


@pytest.mark.django_db
def test_it_publishes_an_estimate_of_hidden_victims_with_the_population_set(debug):
    # The worker is not running in a fresh `make demo` before the page is opened: the demo
    # links its records itself, so the estimate is there on first sight.
    output = _load_demo()

    year = min(timezone.localdate().year - 1, Plan.objects.get().ends_on.year)
    estimate = PopulationEstimate.objects.get(year=year, published_at__isnull=False)
    assert estimate.result["exists"]
    assert estimate.result["estimate"] >= estimate.result["observed"] > 10
    assert population_for_year(year)
    assert f"Published an estimate of hidden victims for {year}." in output


@pytest.mark.django_db
def test_it_dates_the_history_around_each_deadline_not_at_load_time(debug):
    loaded = timezone.now()
    _load_demo()

    first_versions = Report.objects.filter(version=1)
    on_time = [received_on_time(r.first_submitted_at, r.due_on) for r in first_versions]
    assert 0 < on_time.count(False) < on_time.count(True)
    for report in first_versions:
        sent = timezone.localdate(report.first_submitted_at)
        assert -15 <= (sent - report.due_on).days <= 30, report
        assert report.first_submitted_at < report.accepted_at < loaded
        # The record agrees: the report was opened (its activities' statuses saved) in the same
        # sitting as it was first sent (to the coordinator, or to the agency's approver, whose
        # approval is when the coordinator received it), and the last event is the acceptance.
        events = list(report.events.order_by("at", "pk"))
        sent = next(event for event in events if event.kind in SENT)
        arrived = next(event for event in events if _arrival(event, events))
        assert events[0].at == report.created_at <= sent.at <= arrived.at
        assert arrived.at == report.first_submitted_at
        assert sent.at - events[0].at < datetime.timedelta(hours=2)
        assert (events[-1].kind, events[-1].at) == (EventKind.ACCEPTED, report.accepted_at)
        assert not report.values.filter(entered_at__gte=loaded).exists()
    assert not ReportEvent.objects.filter(at__gte=loaded).exists()


def _arrival(event: ReportEvent, events: list[ReportEvent]) -> bool:
    """An event that hands the report to the coordinator: an approval by the agency, or a
    submission or import that was not sent for the agency's approval."""
    if event.kind == EventKind.APPROVED:
        return True
    later = events[events.index(event) + 1 :]
    return event.kind in SENT and not (later and later[0].kind == EventKind.FOR_APPROVAL)


@pytest.mark.django_db
def test_it_shows_a_timeliness_neither_nil_nor_perfect(debug):
    _load_demo()

    matrix = submission_matrix(Plan.objects.get(), today=timezone.localdate())
    assert 0 < matrix.national.timeliness_percent < 100
    rows = {row.agency.code: row.rates for row in matrix.rows}
    assert rows["NGO-LEGAL"].on_time == rows["NGO-LEGAL"].expected  # one always on time
    assert 0 < rows["PGO"].on_time < rows["PGO"].received  # one often late


@pytest.mark.django_db
def test_it_returns_some_reports_with_a_comment_and_they_are_sent_again(debug):
    _load_demo()

    returns = ReportEvent.objects.filter(kind=EventKind.RETURNED).select_related("report")
    assert 5 <= returns.count() <= Report.objects.count() // 4
    for event in returns:
        report = event.report
        assert "where the figure comes from" in event.comment
        after = list(report.events.filter(at__gt=event.at).order_by("at", "pk"))
        assert [e.kind for e in after[:2]] == [EventKind.IMPORTED, EventKind.ACCEPTED]
        assert report.first_submitted_at < event.at < report.submitted_at == after[0].at
        assert report.values.filter(comment__contains="checked against").exists()
    # The demo reporter sends its agency's reports itself, again after a return too.
    police = ReportEvent.objects.filter(report__agency__code="MOI-POLICE", report__version=1)
    assert set(police.filter(kind=EventKind.IMPORTED).values_list("by__username", flat=True)) == {
        "reporter"
    }


@pytest.mark.django_db
def test_it_leaves_the_late_agencies_last_quarter_unsent(debug):
    _load_demo()

    last = Report.objects.latest("period_end").period
    sent = set(Report.objects.filter(period=last).values_list("agency__code", flat=True))
    assert sent
    assert not sent & LATE_AGENCIES
    assert Report.objects.filter(agency__code__in=LATE_AGENCIES).exclude(period=last).exists()


@pytest.mark.django_db
def test_it_opens_the_annual_report_with_some_agencies_on_time_and_some_not(debug):
    _load_demo()
    plan = Plan.objects.get()
    today = timezone.localdate()
    # The latest year whose every report was due by today.
    year = max(
        y
        for y in range(plan.starts_on.year, plan.ends_on.year + 1)
        if due_date(datetime.date(y, 12, 31), plan.report_deadline_days) < today
    )

    content = document_content(
        plan=plan,
        kind=DocumentKind.ANNUAL,
        period=parse_period_code(str(year)),
        language="en",
        charts=False,
    )

    summary = re.match(
        r"(\d+) of (\d+) agencies sent every report due on time", content.reporting_summary
    )
    assert summary, content.reporting_summary
    punctual, total = int(summary.group(1)), int(summary.group(2))
    assert 1 <= punctual <= total - 1


@pytest.mark.django_db
def test_it_reports_the_status_of_most_due_activities_with_a_reason_where_off_plan(debug):
    _load_demo()
    plan = Plan.objects.get()

    delivery = activity_delivery(plan, as_of=_last_reported(plan))
    areas = [counts for (kind, _area), counts in delivery.items() if kind == "area"]
    due = sum(counts.total - counts.not_due for counts in areas)
    assert sum(counts.not_reported for counts in areas) <= due // 10
    for kind in ("completed_on_time", "completed_late", "ongoing", "delayed", "cancelled"):
        assert sum(getattr(counts, kind) for counts in areas), kind
    updates = ActivityUpdate.objects.filter(report__is_current=True)
    assert set(updates.values_list("state", flat=True)) == set(ActivityState.values)
    off_plan = [ActivityState.DELAYED, ActivityState.NOT_STARTED, ActivityState.CANCELLED]
    assert not updates.filter(state__in=off_plan, comment="").exists()
    # Each by the activity's lead agency, none by the late agencies for the last quarter.
    assert not updates.exclude(activity__lead_agency=F("report__agency")).exists()
    last = Report.objects.latest("period_end").period
    assert updates.filter(report__period=last).exists()
    assert not updates.filter(report__period=last, report__agency__code__in=LATE_AGENCIES).exists()


@pytest.mark.django_db
def test_it_withholds_small_counts_of_victims_from_a_viewer_but_not_the_coordinator(debug):
    _load_demo()
    plan = Plan.objects.get()
    victims = list(plan.indicators.filter(counts_victims=True))
    periods = {
        (value.indicator, value.period)
        for value in IndicatorValue.objects.filter(indicator__in=victims)
    }
    as_of = _last_reported(plan)

    for_viewer = disclosed(
        plan, victims, as_of=as_of, provisional=False, user=User.objects.get(username="viewer")
    )
    coordinator = User.objects.get(username="coordinator")
    for_coordinator = disclosed(plan, victims, as_of=as_of, provisional=False, user=coordinator)

    assert {"I-3.1", "I-3.3", "I-3.11"} <= {indicator.code for indicator in victims}
    assert any(for_viewer.hides(indicator, period) for indicator, period in periods)
    assert not any(for_coordinator.hides(indicator, period) for indicator, period in periods)


@pytest.mark.django_db
def test_it_judges_an_agencys_share_against_its_own_target_and_shows_another_as_contribution(
    debug,
):
    _load_demo()
    plan = Plan.objects.get()
    police = Agency.objects.get(code="MOI-POLICE")
    as_of = _last_reported(plan)

    rows, shares = agency_shares(
        plan,
        police,
        indicator_progress(plan=plan, as_of=as_of, agency=police),
        as_of=as_of,
        provisional=False,
    )

    held = IndicatorAgencyTarget.objects.get(agency=police)
    assert held.indicator.responsible_agencies.count() > 1
    by_code = {row.indicator.code: row for row in rows if row.indicator.pk in shares}
    assert by_code[held.indicator.code].status == Status.ON_TRACK
    assert shares[held.indicator.pk].target == held.target
    contributions = [row for code, row in by_code.items() if code != held.indicator.code]
    assert contributions
    assert all(row.status == Status.NOT_APPLICABLE for row in contributions)


@pytest.mark.django_db(transaction=True)
def test_it_prints_no_e_mail_while_creating_the_demo_users(debug, settings, capsys, mailoutbox):
    # As on a developer's machine: e-mail printed on the console (the QA pass saw four raw
    # role-grant notices, quoted-printable, before the demo logins). Committed for real, so the
    # notices go out when each user's grants commit, as they do from the command line.
    for name, value in compat.mail_settings(CONSOLE_MAIL).items():
        setattr(settings, name, value)

    printed = _load_demo() + capsys.readouterr().out

    for header in ("Subject:", "Content-Transfer-Encoding:", "From:", "MIME-Version:"):
        assert header not in printed
    # The notices were written, to memory, and the grants recorded for the audit log.
    assert any("was given the role" in message.subject for message in mailoutbox)
    granted = SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_GRANTED)
    assert set(granted.values_list("subject__username", flat=True)) >= {"coordinator", "approver"}
