"""What `annual-report` and `quarterly-summary` share: the options, the checks, writing the file.

The file is written whole or not at all (to a temporary file beside it, then renamed), so a
failure never leaves half a report where the last good one was.
"""

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from documents.generate import render_document
from plans.management.plan_option import plan_from_option


class DocumentCommand(BaseCommand):
    kind = ""
    period_option = ""
    period_help = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(f"--{self.period_option}", required=True, help=self.period_help)
        parser.add_argument("--format", required=True, help="docx or pdf")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--plan", help="the plan's code (needed when there are several)")
        parser.add_argument(
            "--language", help="a language of the plan (en, hy, ru); default: its first one"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_from_option(options["plan"])
        language = options["language"] or (plan.language_list or ["en"])[0]
        try:
            rendered = render_document(
                plan=plan,
                kind=self.kind,
                period=str(options[self.period_option]),
                language=language,
                fmt=str(options["format"]).lower(),
            )
        except ValidationError as error:
            raise CommandError(_error_text(error, self.period_option)) from None
        output = Path(options["output"])
        _write_whole(output, rendered.content)
        self.stdout.write(
            _("Wrote %(file)s (%(size)s bytes).") % {"file": output, "size": len(rendered.content)}
        )


def _error_text(error: ValidationError, period_option: str) -> str:
    """The message with the option it is about, as the user typed it (--year, --format)."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    options = {"period": period_option, "kind": period_option}
    return " ".join(
        f"--{options.get(field, field)}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )


def _write_whole(output: Path, content: bytes) -> None:
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise CommandError(_("There is no folder %(folder)s.") % {"folder": folder})
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tipmonitor-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
