"""Shared by every sheet's checks: reading cells (`Cells`), a sheet's rows, the references."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plans import rules
from plans.models import DatePrecision, name_languages
from plans.workbook import WorkbookError
from plans.workbook.reader import Row, Sheet, Value
from tipmonitor.lib.numbers import NumberFormatError, to_number
from tipmonitor.lib.periods import parse_period
from tipmonitor.lib.spreadsheet import normalise_header

from .schema import CODE_RE, name_column


class Cells:
    """One row's cells, parsed by type; every failure is recorded, never raised."""

    def __init__(self, sheet: Sheet, row: Row, errors: list[WorkbookError]) -> None:
        self.sheet, self.row, self.errors = sheet, row, errors

    def error(self, column: str, message: str) -> None:
        shown = self.sheet.headers.get(normalise_header(column), column)
        self.errors.append(WorkbookError(self.sheet.title, self.row.number, shown, message))

    def raw(self, column: str) -> Value:
        return self.row.values.get(normalise_header(column))

    def text(self, column: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.raw(column)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        text = "" if value is None else str(value)
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if required and not text:
            self.error(column, _("this cell is required."))
        elif max_length and (error := rules.length_error(text, max_length)):
            self.error(column, error)
            return text[:max_length]
        return text

    def names(self, column: str = "Name", *, max_length: int = rules.MAX_TEXT_LENGTH) -> dict:
        """Names in other languages from the sheet's columns `Name (hy)`, …: a language whose
        column the sheet lacks is left out (its stored name stays), an empty cell is ""."""
        return {
            code: self.text(name_column(column, code), max_length=max_length)
            for code in name_languages()
            if normalise_header(name_column(column, code)) in self.sheet.headers
        }

    def code(self, column: str, *, required: bool = False, max_length: int = 40) -> str:
        code = self.text(column, required=required)
        if code and not _valid_code(code, max_length):
            self.error(column, _code_message(code, max_length))
            return ""
        return code

    def codes(self, column: str) -> list[str]:
        codes = [part.strip() for part in self.text(column).split(";") if part.strip()]
        bad = [code for code in codes if not _valid_code(code, 40)]
        for code in bad:
            self.error(column, _code_message(code, 40))
        return [code for code in codes if code not in bad]

    def choice(self, column: str, choices: Any, default: str = "") -> str:
        text = normalise_header(self.text(column))
        if not text:
            return default
        if value := _choice_words(choices, get_language()).get(text):
            return value
        allowed = ", ".join(str(value) for value in choices.values)
        self.error(
            column,
            _("“%(text)s” is not one of %(allowed)s.")
            % {"text": self.text(column), "allowed": allowed},
        )
        return default

    def number(self, column: str, *, money: bool = False) -> Decimal | None:
        """A number by the rules of every way in (tipmonitor.lib.numbers): a numeric cell as it
        is, text by parse_number; storable, and for `money` not negative with two decimals."""
        value = self.raw(column)
        if value is None:
            return None
        try:
            number = to_number(value if not isinstance(value, datetime.date) else str(value))
        except NumberFormatError as error:
            self.error(column, str(error))
            return None
        error_text = rules.amount_error(number) if money else rules.decimal_error(number)
        if error_text:
            self.error(column, error_text)
            return None
        return number

    def days(self, column: str, *, maximum: int, default: int) -> int:
        """A whole number of days from 0 to `maximum`; `default` when the cell is empty."""
        value = self.raw(column)
        if value is None or value == "":
            return default
        number = _as_decimal(value.strip() if isinstance(value, str) else value)
        if number is None or number != int(number) or not 0 <= number <= maximum:
            self.error(
                column,
                _("“%(text)s” is not a whole number of days from 0 to %(max)d.")
                % {"text": value, "max": maximum},
            )
            return default
        return int(number)

    def share(self, column: str, *, lowest_allowed: bool, default: Decimal) -> Decimal:
        """A share of 1 with at most two decimals, above 0 (or from 0 with `lowest_allowed`)
        and at most 1; `default` when the cell is empty."""
        value = self.raw(column)
        if value is None or value == "":
            return default
        number = _as_decimal(value.strip() if isinstance(value, str) else value)
        if (
            number is None
            or number != round(number, 2)
            or not (number >= 0 if lowest_allowed else number > 0)
            or number > 1
        ):
            message = (
                _("“%(text)s” is not a share from 0 to 1 with at most two decimals, like 0.05.")
                if lowest_allowed
                else _(
                    "“%(text)s” is not a share above 0 and at most 1 with at most two decimals, "
                    "like 0.90."
                )
            )
            self.error(column, message % {"text": value})
            return default
        return round(number, 2)

    def yes_no(self, column: str) -> bool:
        """`yes` or `no` (also true/false, 1/0, a TRUE/FALSE cell, or the words in the user's
        language); an empty cell is no."""
        text = normalise_header(self.text(column))
        if not text:
            return False
        if text in _yes_no_words(get_language()):
            return _yes_no_words(get_language())[text]
        self.error(column, _("“%(text)s” is not yes or no.") % {"text": self.text(column)})
        return False

    def year(self, column: str) -> int | None:
        value = self.raw(column)
        number = _as_decimal(value) if value is not None else None
        if value is None:
            return None
        if number is None or number != int(number) or not 1000 <= number <= 9999:
            self.error(column, _("“%(text)s” is not a year like 2024.") % {"text": value})
            return None
        return int(number)

    def period(
        self, column: str, *, end: bool, required: bool = False
    ) -> tuple[datetime.date | None, str]:
        value = self.raw(column)
        if isinstance(value, datetime.date):
            return _as_date(value), DatePrecision.DAY
        if value is None:
            if required:
                self.error(column, _("this cell is required."))
            return None, DatePrecision.DAY
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            return parse_period(str(value), end=end)
        except ValueError as error:
            self.error(column, str(error))
            return None, DatePrecision.DAY


@lru_cache(maxsize=64)
def _choice_words(choices: Any, language: str | None) -> dict[str, str]:
    """Values and (translated) labels of `choices`, normalised, each to its value."""
    words = {normalise_header(label): str(value) for value, label in choices.choices}
    return words | {str(value): str(value) for value in choices.values}


@lru_cache(maxsize=8)
def _yes_no_words(language: str | None) -> dict[str, bool]:
    """The words read as yes and no: the fixed English ones export writes, and the user's."""
    words = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
    return words | {normalise_header(_("yes")): True, normalise_header(_("no")): False}


def _as_date(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _as_decimal(value: Value) -> Decimal | None:
    """A cell's number by the rules of every way in (tipmonitor.lib.numbers), else None."""
    if value is None or isinstance(value, datetime.date):
        return None
    try:
        return to_number(value)
    except NumberFormatError:
        return None


def _valid_code(code: str, max_length: int) -> bool:
    return len(code) <= max_length and bool(CODE_RE.match(code))


def _code_message(code: str, max_length: int) -> str:
    return _(
        "“%(code)s” is not a valid code: use letters, digits, dots, hyphens and underscores, "
        "starting with a letter or digit, at most %(max)d characters."
    ) % {"code": code, "max": max_length}


@dataclass
class Refs:
    agencies: set[str]  # case-folded
    dimensions: set[str]
    objectives: set[str]
    activities: set[str] = field(default_factory=set)
    # The plan period, when the Plan sheet gives a valid one: activities and milestones must
    # fall inside it, the same rule the edit forms apply.
    plan_start: datetime.date | None = None
    plan_end: datetime.date | None = None


def _rows(sheet: Sheet, errors: list[WorkbookError]) -> list[Cells]:
    return [Cells(sheet, row, errors) for row in sheet.rows]


def _unique(cells: Cells, code: str, seen: set[str], column: str = "Code") -> bool:
    """False (and an error) when `code` was already used in this sheet."""
    if not code:
        return False
    if code in seen:
        cells.error(column, _("the code “%(code)s” appears twice in this sheet.") % {"code": code})
        return False
    seen.add(code)
    return True


def _unknown_agency(code: str) -> str:
    return _("unknown agency “%(code)s” (not in the Agencies sheet nor in TIP Monitor).") % {
        "code": code
    }
