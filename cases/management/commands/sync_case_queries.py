"""`tipmonitor sync-case-queries [--plan CODE] [--user USERNAME] [--today YYYY-MM-DD]`: write
the values of every indicator bound to a case query from the case records (counts of persons
per ended period, broken down by the indicator's dimensions), as the bound agency's accepted
values (docs/disclosure.md). All or nothing; audited. Run it after `link-cases`, or on a
schedule, so the dashboards and the annual report read current counts."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.stats.services import case_query_sync
from plans.management.plan_option import plan_from_option
from reporting.management.commands._options import user_from_option
from reporting.services import ValuesInvalid


def _day(text: object) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(str(text))
    except ValueError:
        raise CommandError(_("--today: give a date like 2025-12-31.")) from None


class Command(BaseCommand):
    help = "Write the values of indicators bound to case queries from the case records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", help="the plan's code (optional when there is one plan)")
        parser.add_argument(
            "--user", help="who the values are entered by (default: the only coordinator)"
        )
        parser.add_argument("--today", help="count periods ended by this date (default: today)")

    def handle(self, *args: object, **options: object) -> None:
        plan = plan_from_option(options["plan"])
        user = user_from_option(options["user"])
        try:
            result = case_query_sync(plan=plan, user=user, today=_day(options["today"]))
        except PermissionDenied:
            raise CommandError(_("Only a coordinator may write these values.")) from None
        except (ValueError, ValuesInvalid) as error:
            raise CommandError(str(error)) from None
        message = ngettext(
            "%(indicators)d indicator bound to a case query; %(rows)d values written.",
            "%(indicators)d indicators bound to case queries; %(rows)d values written.",
            result.indicators,
        )
        self.stdout.write(message % {"indicators": result.indicators, "rows": result.rows})
