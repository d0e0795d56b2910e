"""`tipmonitor load-demo`: the sample plan through the workbook import, one login per role with
a fresh password printed, safe to run twice, and refused on a production (non-DEBUG) instance."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from agencies.models import Agency, AgencyType
from cases.models import CaseRecord, Person
from plans.models import Plan, PlanStatus
from progress.engine import Status
from progress.selectors import indicator_progress
from reporting.models import Assessment, IndicatorEntry, IndicatorValue, Report, ReportStatus
from tipmonitor.cli import main as tipmonitor

ROLES = {
    "coordinator": Role.COORDINATOR,
    "reporter": Role.REPORTER,
    "approver": Role.APPROVER,
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
    assert (
        User.objects.get(username="reporter").agency == User.objects.get(username="approver").agency
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
