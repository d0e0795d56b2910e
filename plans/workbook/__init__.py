"""The NAP workbook (docs/workbook.md): read, validate, write.

`reader` turns the file into plain rows, `validate` turns rows into a checked plan description
(collecting every error), `services` writes it in one transaction, `writer` exports. The error
types live here so that every step can raise them; `services` is the public entry point.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class WorkbookError:
    """One problem, located where the user can find it."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        params = {"sheet": self.sheet, "row": self.row, "column": self.column}
        if self.row is not None and self.column is not None:
            where = _("%(sheet)s, row %(row)s, column '%(column)s'") % params
        elif self.row is not None:
            where = _("%(sheet)s, row %(row)s") % params
        elif self.column is not None:
            where = _("%(sheet)s, column '%(column)s'") % params
        else:
            where = self.sheet
        return _("%(where)s: %(message)s") % {"where": where, "message": self.message}


class WorkbookInvalid(Exception):  # noqa: N818 (the public name is fixed)
    """The workbook was rejected whole; `errors` says every reason."""

    def __init__(self, errors: list[WorkbookError]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)
