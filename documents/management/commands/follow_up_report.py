"""`tipmonitor follow-up-report --source greta [--cycle "Third round"] --format docx|pdf
--output FILE [--plan CODE] [--language en] [--as-of 2026-03-01]`: the follow-up report on a
source's recommendations (every round, or the one named), statuses as of the day given (today by
default). Written to the file only, whole or not at all; nothing is stored."""

import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from documents.generate import render_follow_up
from documents.management.commands._document_command import _error_text, _write_whole
from plans.management.plan_option import plan_from_option


class Command(BaseCommand):
    help = "Write the follow-up report on a source's recommendations as DOCX or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source", required=True, help="greta, cop, us_tip, cedaw, upr, rapporteur, …"
        )
        parser.add_argument("--cycle", default="", help="one round or year (default: all)")
        parser.add_argument("--format", required=True, help="docx or pdf")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--plan", help="the plan's code (needed when there are several)")
        parser.add_argument(
            "--language", help="a language of the plan (en, hy, ru); default: its first one"
        )
        parser.add_argument("--as-of", help="the day statuses are judged at, like 2026-03-01")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_from_option(options["plan"])
        language = options["language"] or (plan.language_list or ["en"])[0]
        try:
            rendered = render_follow_up(
                plan=plan,
                source=str(options["source"]).lower(),
                cycle=str(options["cycle"] or "").strip(),
                language=language,
                fmt=str(options["format"]).lower(),
                as_of=_day(options["as_of"]),
            )
        except ValidationError as error:
            raise CommandError(_error_text(error, "source")) from None
        output = Path(options["output"])
        _write_whole(output, rendered.content)
        self.stdout.write(
            _("Wrote %(file)s (%(size)s bytes).") % {"file": output, "size": len(rendered.content)}
        )


def _day(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--as-of: “%(day)s” is not a date (write it as 2026-03-01).") % {"day": text}
        ) from None
