"""`tipmonitor minutes --meeting ID --format docx|pdf --output FILE [--language xx]`: a meeting's
minutes as they are now (drafts included: the command line asks nobody), in one of its plan's
languages (default: the plan's first). Written to the file only, whole or not at all; nothing is
stored."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from coordination.models import Meeting
from documents.generate import render_minutes
from documents.management.commands._document_command import _error_text, _write_whole


class Command(BaseCommand):
    help = "Write the minutes of a meeting as DOCX or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--meeting", required=True, help="the meeting's id (on its page)")
        parser.add_argument("--format", required=True, help="docx or pdf")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument(
            "--language", help="a language of the meeting's plan; default: its first one"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        meeting = _meeting(str(options["meeting"]))
        language = options["language"] or (meeting.plan.language_list or ["en"])[0]
        try:
            rendered = render_minutes(
                meeting=meeting, language=language, fmt=str(options["format"]).lower()
            )
        except ValidationError as error:
            raise CommandError(_error_text(error, "meeting")) from None
        output = Path(options["output"])
        _write_whole(output, rendered.content)
        self.stdout.write(
            _("Wrote %(file)s (%(size)s bytes).") % {"file": output, "size": len(rendered.content)}
        )


def _meeting(text: str) -> Meeting:
    if not text.isdigit():
        raise CommandError(
            _("--meeting: “%(id)s” is not a meeting's id (a number).") % {"id": text}
        )
    meeting = Meeting.objects.select_related("body", "plan").filter(pk=int(text)).first()
    if meeting is None:
        raise CommandError(_("--meeting: there is no meeting %(id)s.") % {"id": text})
    return meeting
