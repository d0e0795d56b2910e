"""`tipmonitor report-template --agency CODE --period 2025-Q1 --output FILE [--plan CODE]`: write
the agency's report workbook for a quarter, pre-filled with what is saved, to fill offline and
upload on the report's page. A quarter the agency has not started yet gets its draft report."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from agencies.models import Agency
from plans.models import Plan
from reporting.management.commands._options import plan_from_option, user_from_option
from reporting.models import Report
from reporting.services import report_open
from reporting.workbook import report_template
from tipmonitor.lib.reporting_periods import parse_period_code


class Command(BaseCommand):
    help = "Write an agency's progress report for a quarter as a workbook to fill in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="the agency's code")
        parser.add_argument("--period", required=True, help="the quarter, like 2025-Q1")
        parser.add_argument("--output", type=Path, required=True, help="the .xlsx file to write")
        parser.add_argument("--plan", help="the plan's code (optional when there is one plan)")
        parser.add_argument(
            "--user",
            help="who opens a report not started yet (default: the coordinator, if only one)",
        )

    def handle(self, *args: object, **options: object) -> None:
        plan = plan_from_option(options["plan"])
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(
                _("There is no agency with the code %(code)s.") % {"code": options["agency"]}
            )
        report = self._report(plan, agency, str(options["period"]), options["user"])
        output = options["output"]
        assert isinstance(output, Path)
        try:
            output.write_bytes(report_template(report=report))
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror}
            ) from error
        self.stdout.write(
            _("Wrote the report of %(agency)s for %(period)s (version %(version)d) to %(path)s.")
            % {
                "agency": agency.code,
                "period": report.period,
                "version": report.version,
                "path": output,
            }
        )

    def _report(self, plan: Plan, agency: Agency, period: str, username: object) -> Report:
        try:
            code = parse_period_code(period).code
        except ValueError as error:
            raise CommandError(str(error)) from None
        report = Report.objects.filter(
            plan=plan, agency=agency, period=code, is_current=True
        ).first()
        if report is not None:
            return report
        # The template of a quarter nobody has opened yet: its draft is created, as the web
        # page does, by the user the command acts for.
        user = user_from_option(username)
        try:
            return report_open(plan=plan, agency=agency, period=code, user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except (Http404, PermissionDenied):
            raise CommandError(
                _("%(user)s may not open the reports of %(agency)s.")
                % {"user": user, "agency": agency.code}
            ) from None
