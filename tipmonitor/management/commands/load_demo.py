"""`tipmonitor load-demo`: the sample plan of a fictional country and one login per role.

The plan comes from `tipmonitor/sample/nap-sample.xlsx` through the same workbook import a
coordinator uses, so the demo shows exactly what an import produces. Every run gives each demo
login a new random password and prints it: no password is ever written in the code, and running
the command twice is harmless. Because it resets passwords, it refuses to run outside a DEBUG
(development) instance unless told `--force`.

The police have a login for each of their roles: "reporter" writes their reports, "approver"
approves them, "case-officer" reads and imports their case records (reporters and approvers read
none) and "user-manager" invites and manages their users. Each demo user holds exactly its one
role: a run takes back any other (an upgrade gave reporters and approvers the case records
officer's role), audited like every role change.

Creating the demo users grants roles that open case data, and each grant e-mails the
coordinators (accounts' SecurityEvent notices). The demo's own set-up should not print four raw
e-mails on the console before its logins, so the users are created with mail going to Django's
in-memory (locmem) backend: the events are still recorded in the audit log, only the notices are
not delivered.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.services import login_failures_clear, role_grant, role_withdraw, user_create
from agencies.models import Agency
from cases.estimation.histories import ListSpec
from cases.estimation.services import estimate_now, estimate_publish
from cases.linkage.services import linkage_run
from cases.models import CaseRecord, Person, PopulationEstimate
from cases.services import cases_import
from plans.models import Plan
from plans.services import PopulationRow, plan_populations_set
from plans.workbook.services import WorkbookInvalid, plan_import
from reporting.models import Assessment
from tipmonitor.lib import compat
from tipmonitor.lib.reporting_periods import quarter_of
from tipmonitor.sample import SAMPLE_CASES, SAMPLE_WORKBOOK, history, timeline
from tipmonitor.sample.coordination import coordination_load

DEMO_URL = "http://127.0.0.1:8000"
# Where the role-grant notices of the demo users go: kept in memory, not printed (see above).
QUIET_MAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    agency_code: str  # an agency of the sample workbook


DEMO_LOGINS = [
    DemoLogin("coordinator", Role.COORDINATOR, "NCATP-SEC"),
    DemoLogin("reporter", Role.REPORTER, "MOI-POLICE"),
    DemoLogin("approver", Role.APPROVER, "MOI-POLICE"),
    DemoLogin("case-officer", Role.CASE_OFFICER, "MOI-POLICE"),
    DemoLogin("user-manager", Role.USER_MANAGER, "MOI-POLICE"),
    DemoLogin("ngo-reporter", Role.REPORTER, "NGO-SHELTER"),
    DemoLogin("viewer", Role.VIEWER, "NCATP-SEC"),
    DemoLogin("admin", Role.ADMINISTRATOR, "NCATP-SEC"),
]


# Demo users whose agencies add their own assessment of the last reported quarter: the police
# think they are on track, the shelter says it is not; the dashboards flag where they disagree.
HISTORY_ASSESSMENTS = [
    ("reporter", Assessment.ON_TRACK, "Investigations proceed as planned."),
    ("ngo-reporter", Assessment.OFF_TRACK, "Shelter places were cut in the second quarter."),
]
HISTORY_USERS = ["coordinator", "reporter", "ngo-reporter"]
# Agencies whose report of the last ended quarter is still missing in the demo.
LATE_AGENCIES = frozenset({"NGO-HOTLINE", "MOE", "JTI"})


@dataclass(frozen=True)
class IssuedLogin:
    login: DemoLogin
    agency: Agency
    password: str


@transaction.atomic
def demo_login_issue(*, login: DemoLogin) -> IssuedLogin:
    """Create the demo user, or bring an existing one back to its demo state, with a fresh
    random password (16 URL-safe characters; it passes every password validator)."""
    agency = Agency.objects.get(code=login.agency_code)
    password = secrets.token_urlsafe(12)
    user = User.objects.filter(username=login.username).first()
    if user is None:
        user_create(
            username=login.username,
            password=password,
            agency=agency,
            roles=[login.role],
            email=f"{login.username}@demo.example",
        )
    else:
        _demo_state_restore(user=user, login=login, agency=agency, password=password)
    # A demo user locked out by earlier wrong passwords can sign in again at once.
    login_failures_clear(username=login.username)
    return IssuedLogin(login=login, agency=agency, password=password)


def _demo_state_restore(*, user: User, login: DemoLogin, agency: Agency, password: str) -> None:
    user.set_password(password)
    user.agency = agency
    user.is_active = True
    if login.role == Role.ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
    user.save()
    # Exactly the demo role, so that each login shows what its role alone may do.
    for held in user.role_grants.exclude(role=login.role).values_list("role", flat=True):
        role_withdraw(user=user, role=Role(held), withdrawn_by=None, via="command")
    role_grant(user=user, role=login.role, granted_by=None, via="command")


# The resident population in each year of the demo plan (plausible figures of the size of
# Armenia's, about 2.98 million), for figures per 100,000 residents.
DEMO_POPULATION = {2024: 2_977_000, 2025: 2_985_000, 2026: 2_991_000}
DEMO_POPULATION_SOURCE = "Statistical Committee of RA (demo)"
# The lists of the demo's estimate of hidden victims: the agencies grouped so that every list
# shares persons with the others (sparse lists make estimates unstable).
DEMO_ESTIMATE_LISTS = (
    ListSpec("Law enforcement", ("MOI-POLICE", "MOI-BORDER", "PGO")),
    ListSpec("State services", ("IDCOM", "MOSA", "LAB-INSP")),
    ListSpec("NGOs", ("NGO-HOTLINE", "NGO-LEGAL", "NGO-SHELTER")),
    ListSpec("International", ("IOM",)),
)
# Bootstrap samples of the demo's estimate: enough for an interval, quick to load.
DEMO_BOOTSTRAP = 200


class Command(BaseCommand):
    help = (
        "Load the sample plan of a fictional country (Republic of Ardenia) and create one demo "
        "login per role, printing new passwords. For development instances only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. It resets the demo users' passwords.",
        )

    def handle(self, *args: object, force: bool = False, **options: object) -> None:
        if not (settings.DEBUG or force):
            raise CommandError(
                _(
                    "load-demo resets the passwords of the demo users (coordinator, admin, …), "
                    "so it runs only on a development instance (TIPMONITOR_DEBUG=1). Add "
                    "--force to run it anyway."
                )
            )
        plan = self._sample_import()
        with override_settings(**compat.mail_settings(QUIET_MAIL_BACKEND)):
            issued = [demo_login_issue(login=login) for login in DEMO_LOGINS]
        self._history_load(plan)
        self._coordination_load(plan)
        self._cases_load()
        self._estimate_load(plan)
        self._plan_describe(plan)
        self._logins_print(issued)

    def _sample_import(self) -> Plan:
        try:
            summary = plan_import(data=SAMPLE_WORKBOOK.read_bytes())
        except WorkbookInvalid as invalid:
            # The sample is generated and tested, so this means a broken checkout or contract.
            raise CommandError(
                _("The sample workbook %(path)s was rejected:\n%(errors)s")
                % {"path": SAMPLE_WORKBOOK, "errors": invalid}
            ) from invalid
        return summary.plan

    def _history_load(self, plan: Plan) -> None:
        """Reported values and activity statuses up to the last quarter that has ended (three
        agencies have not reported it yet), and two agencies' own assessments of it; then the
        dates on which it all happened (most reports on time, some late, some returned)."""
        users = {user.username: user for user in User.objects.filter(username__in=HISTORY_USERS)}
        until = min(
            quarter_of(timezone.localdate()).start - datetime.timedelta(days=1), plan.ends_on
        )
        created = history.history_load(
            plan=plan, coordinator=users["coordinator"], until=until, late=LATE_AGENCIES
        )
        for username, assessment, comment in HISTORY_ASSESSMENTS:
            history.assessment_add(
                plan=plan,
                reporter=users[username],
                coordinator=users["coordinator"],
                period=quarter_of(until).code,
                assessment=assessment,
                comment=comment,
            )
        if created:
            timeline.history_date(plan=plan)
        self.stdout.write(
            _("Recorded %(count)d demo values up to %(day)s.")
            % {"count": created, "day": until.isoformat()}
        )

    def _coordination_load(self, plan: Plan) -> None:
        """A year of the coordination bodies' meetings with their actions, and GRETA's and the
        US TIP report's recommendations traced to the plan (tipmonitor/sample/coordination/)."""
        loaded = coordination_load(plan=plan)
        self.stdout.write(
            _(
                "Recorded %(meetings)d demo meetings with %(actions)d actions and "
                "%(recommendations)d recommendations."
            )
            % {
                "meetings": loaded.meetings,
                "actions": loaded.actions,
                "recommendations": loaded.recommendations,
            }
        )

    def _cases_load(self) -> None:
        """Fictional case records of ten agencies (tipmonitor/sample/cases/), imported as the
        coordinator would; one transaction, so linkage runs once, after the last file."""
        coordinator = User.objects.get(username="coordinator")
        with transaction.atomic():
            for path in sorted(SAMPLE_CASES.glob("*.csv")):
                agency = Agency.objects.get(code=path.stem)
                cases_import(
                    agency=agency, file=path.read_bytes(), filename=path.name, user=coordinator
                )
        self.stdout.write(
            _("Imported %(records)d fictional case records; they make %(persons)d persons.")
            % {"records": CaseRecord.objects.count(), "persons": Person.objects.count()}
        )

    def _estimate_load(self, plan: Plan) -> None:
        """The population of the plan's years, and a published estimate of hidden victims
        for the latest year that has ended, computed here (not queued) after linking the case
        records; left as it is on a second run."""
        rows = [
            PopulationRow(year, population, DEMO_POPULATION_SOURCE)
            for year, population in DEMO_POPULATION.items()
            if plan.starts_on.year <= year <= plan.ends_on.year
        ]
        plan_populations_set(plan=plan, rows=rows)
        year = min(timezone.localdate().year - 1, plan.ends_on.year)
        if CaseRecord.objects.filter(person__isnull=True).exists():
            # The import queued the linkage for the worker; the estimate needs persons now,
            # and linking the demo's records takes a second (the queued job then finds
            # nothing left to link).
            linkage_run()
        if not PopulationEstimate.objects.filter(year=year, published_at__isnull=False).exists():
            coordinator = User.objects.get(username="coordinator")
            estimate = estimate_now(
                user=coordinator, year=year, lists=DEMO_ESTIMATE_LISTS, bootstrap=DEMO_BOOTSTRAP
            )
            if not estimate.result.get("exists"):
                self.stdout.write(
                    _("No estimate of hidden victims exists for %(year)d with the demo's lists.")
                    % {"year": year}
                )
                return
            estimate_publish(user=coordinator, estimate=estimate)
        self.stdout.write(
            _("Published an estimate of hidden victims for %(year)d.") % {"year": year}
        )

    def _plan_describe(self, plan: Plan) -> None:
        self.stdout.write(
            _(
                "Loaded the sample plan %(code)s, %(title)s (%(country)s): %(areas)d areas, "
                "%(activities)d activities, %(indicators)d indicators; %(agencies)d agencies."
            )
            % {
                "code": plan.code,
                "title": plan.title,
                "country": plan.country,
                "areas": plan.areas.count(),
                "activities": plan.activities.count(),
                "indicators": plan.indicators.count(),
                "agencies": Agency.objects.count(),
            }
        )

    def _logins_print(self, issued: list[IssuedLogin]) -> None:
        header = (_("Username"), _("Role"), _("Agency"), _("Password"))
        rows = [
            (item.login.username, str(item.login.role.label), str(item.agency), item.password)
            for item in issued
        ]
        widths = [max(len(row[column]) for row in [header, *rows]) for column in range(4)]
        self.stdout.write("")
        self.stdout.write(_("Open %(url)s and sign in as one of:") % {"url": DEMO_URL})
        self.stdout.write("")
        for row in [header, tuple("-" * width for width in widths), *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
            self.stdout.write("  " + "  ".join(cells).rstrip())
        self.stdout.write("")
        self.stdout.write(self._second_factor_note())
        self.stdout.write(
            _("The passwords are new on every run of load-demo; earlier ones no longer work.")
        )

    @staticmethod
    def _second_factor_note() -> str:
        if settings.REQUIRE_SECOND_FACTOR:
            return _(
                "Two-factor login is on: at first sign-in each user enrols an authenticator app."
            )
        return _("Two-factor login is switched off for the demo (TIPMONITOR_REQUIRE_2FA=0).")
