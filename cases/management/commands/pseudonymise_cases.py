"""`tipmonitor pseudonymise-cases --key-file FILE IN OUT`: run on an agency's own machine,
writes IN (an agency's .csv or .xlsx file of case records) to OUT with names and birth dates
replaced by their linkage keys (docs/cases.md), so that clear names never leave the agency.

The key file holds the linkage key the agencies of a deployment share (one key for all, or
records cannot be linked); the central server does not hold it. Needs no database. A file with
errors prints every error (row, column; never a value), exits with status 1 and writes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.importing import CasesInvalid, error_text
from cases.pseudonymise import pseudonymise_file

MIN_KEY_BYTES = 16


class Command(BaseCommand):
    help = "Replace names and birth dates in a file of case records by linkage keys."
    requires_system_checks: list[str] = []  # runs at an agency, without the server's database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--key-file", type=Path, required=True, help="the shared linkage key")
        parser.add_argument("input", type=Path, help="the agency's .csv or .xlsx file")
        parser.add_argument("output", type=Path, help="where to write the pseudonymised file")

    def handle(self, *args: object, **options: object) -> None:
        source, target, key_file = options["input"], options["output"], options["key_file"]
        assert isinstance(source, Path)
        assert isinstance(target, Path)
        assert isinstance(key_file, Path)
        if target.suffix.lower() != source.suffix.lower():
            raise CommandError(_("The output file must have the same suffix as the input."))
        if target.resolve() == source.resolve():
            raise CommandError(_("Write the output to another file than the input."))
        secret = _read(key_file).strip()
        if len(secret) < MIN_KEY_BYTES:
            raise CommandError(
                _("The key file must hold a key of at least %(count)d characters.")
                % {"count": MIN_KEY_BYTES}
            )
        try:
            result = pseudonymise_file(data=_read(source), name=source.name, secret=secret)
        except CasesInvalid as invalid:
            for line, column, message in invalid.errors:
                self.stderr.write(error_text(line, column, message))
            count = len(invalid.errors)
            raise CommandError(
                ngettext(
                    "The file was refused (%(count)d error); nothing was written.",
                    "The file was refused (%(count)d errors); nothing was written.",
                    count,
                )
                % {"count": count}
            ) from None
        target.write_bytes(result)
        self.stdout.write(_("Wrote %(path)s.") % {"path": target})


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
        ) from None
