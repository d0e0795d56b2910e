"""Reading an agency's file of case records (docs/cases.md): CSV or XLSX, read from memory and
never written to disk, one record a row, into `CaseRow`s whose names and birth date are already
turned into linkage keys.

A file comes in one of two modes. A *clear* file has `first_name`, `last_name` and
`date_of_birth`; they are normalised and hashed here, row by row, and only the keys go on. A
*pseudonymised* file (written by `tipmonitor pseudonymise-cases` on the agency's own machine)
has the ten `key_*` columns instead, the two bigram key columns (`key_first_grams`,
`key_last_grams`: GRAM_HEX-digit hex keys separated by spaces; a file pseudonymised before
they existed has none, and its records are compared without them) and `birth_date_precision`.

Every error names the row (as a spreadsheet shows it: the header is row 1) and the column, and
never the value of a cell: a misaligned file could put a name in any column.
"""

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from cases import categories
from cases.models import DatePrecision, Sex, TraffickingStatus
from tipmonitor.lib.pseudonyms import (
    GRAM_FIELDS,
    GRAM_HEX,
    KEY_FIELDS,
    PartialDate,
    derive_gram_keys,
    derive_keys,
    parse_birth_date,
)
from tipmonitor.lib.spreadsheet import (
    Cell,
    UnreadableWorkbookError,
    cell_text,
    check_xlsx_container,
    csv_records,
    normalise_header,
    read_only_workbook,
)

CLEAR_COLUMNS = ("first_name", "last_name", "date_of_birth")
CATEGORY_COLUMNS = (
    "record_id",
    "identified_on",
    "status",
    "status_decided_by",
    "sex",
    "age_at_exploitation",
    "nationality",
    "country_of_exploitation",
    "region",
    "exploitation",
    "means_of_control",
    "recruiter_relationship",
    "referral_stage",
    "services",
    "consent_to_share",
)
KEYED_COLUMNS = (*KEY_FIELDS, *GRAM_FIELDS, "birth_date_precision")
MAX_ROWS = 200_000
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_AGE = 120
FILE = 0  # the "row" of an error about the whole file
HEX64 = re.compile(r"[0-9a-f]{64}")
GRAMS = re.compile(rf"[0-9a-f]{{{GRAM_HEX}}}(?: [0-9a-f]{{{GRAM_HEX}}})*")

Error = tuple[int, str, str]


class CasesInvalid(Exception):  # noqa: N818 (reads as "the cases are invalid")
    """The file was refused: (row, column, message) for every problem found. No message holds
    the value of a cell."""

    def __init__(self, errors: list[Error]):
        self.errors = sorted(errors, key=lambda error: (error[0], error[1]))
        super().__init__(_("%(count)d problems in the case records.") % {"count": len(errors)})


@dataclass
class CaseRow:
    """One record as it will be stored: model field values, linkage keys included."""

    line: int
    record_id: str
    fields: dict[str, object] = field(default_factory=dict)


def error_text(line: int, column: str, message: str) -> str:
    """One error as a user reads it: "row 4, column 'sex': …"."""
    if line == FILE:
        return message
    if column:
        return _("row %(row)d, column '%(column)s': %(message)s") % {
            "row": line,
            "column": column,
            "message": message,
        }
    return _("row %(row)d: %(message)s") % {"row": line, "message": message}


def file_invalid(message: str) -> CasesInvalid:
    return CasesInvalid([(FILE, "", message)])


# Reading the file ------------------------------------------------------------------------


def read_records(*, data: bytes, name: str) -> tuple[str, list[list[Cell]]]:
    """The suffix ("csv" or "xlsx") and the rows of cells of the file, header first."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "csv":
        return suffix, _csv_records(data)
    if suffix == "xlsx":
        return suffix, list(_xlsx_records(data))
    raise file_invalid(_("the file is neither a .csv nor an .xlsx file."))


def _csv_records(data: bytes) -> list[list[Cell]]:
    try:
        return [list[Cell](record) for record in csv_records(data)]
    except UnreadableWorkbookError as error:
        raise file_invalid(str(error)) from None


def _xlsx_records(data: bytes) -> Iterator[list[Cell]]:
    try:
        check_xlsx_container(data, max_bytes=None, max_unpacked=MAX_UNCOMPRESSED_BYTES)
        with read_only_workbook(data) as book:
            # The first sheet holds the records; a workbook may carry notes on others.
            yield from ([*row] for row in book.worksheets[0].iter_rows(values_only=True))
    except UnreadableWorkbookError as error:
        raise file_invalid(str(error)) from None


# The header -----------------------------------------------------------------------------


def read_header(header: list[Cell] | None) -> dict[int, str]:
    """Column index -> column name; refuses unknown, doubled and missing columns and a file
    that mixes the clear and the pseudonymised mode. Unknown headers are named by position:
    a file without a header row would otherwise have its first record echoed."""
    if header is None or not any(cell_text(cell) for cell in header):
        raise file_invalid(_("the file is empty: row 1 must hold the column headers."))
    known = {*CLEAR_COLUMNS, *CATEGORY_COLUMNS, *KEYED_COLUMNS}
    columns: dict[int, str] = {}
    errors: list[Error] = []
    for index, cell in enumerate(header):
        name = normalise_header(cell_text(cell)).replace(" ", "_")
        if not name:
            continue
        if name not in known:
            errors.append(
                (1, get_column_letter(index + 1), _("not a known column (see docs/cases.md)."))
            )
        elif name in columns.values():
            errors.append((1, name, _("the column appears twice.")))
        columns[index] = name
    names = set(columns.values())
    if "record_id" not in names:
        errors.append((1, "record_id", _("the column is missing.")))
    if names & set(CLEAR_COLUMNS) and names & set(KEYED_COLUMNS):
        errors.append((1, "", _("a file has either names and birth dates or their keys.")))
    if errors:
        raise CasesInvalid(errors)
    return columns


def data_rows(
    records: Iterable[list[Cell]], columns: dict[int, str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) of every non-empty row below the header."""
    for number, record in enumerate(records, start=2):
        if number > MAX_ROWS + 1:
            raise file_invalid(_("the file has more than %(max)d rows.") % {"max": MAX_ROWS})
        cells = {
            name: cell_text(record[i]) if i < len(record) else "" for i, name in columns.items()
        }
        if any(cells.values()):
            yield number, cells


# Rows -------------------------------------------------------------------------------------


def parse_rows(records: list[list[Cell]], *, secret: str | bytes) -> list[CaseRow]:
    """Every record of the file, keys derived; CasesInvalid with all errors otherwise."""
    columns = read_header(records[0] if records else None)
    rows: list[CaseRow] = []
    errors: list[Error] = []
    seen: dict[str, int] = {}
    for number, cells in data_rows(records[1:], columns):
        row = _parse_row(number, cells, secret, errors)
        if row.record_id in seen:
            message = _("the record id is already on row %(row)d.") % {"row": seen[row.record_id]}
            errors.append((number, "record_id", message))
        elif row.record_id:
            seen[row.record_id] = number
        rows.append(row)
    if errors:
        raise CasesInvalid(errors)
    if not rows:
        raise file_invalid(_("the file holds no records: every row below the header is empty."))
    return rows


def _parse_row(number: int, cells: dict[str, str], secret: str | bytes, errors: list) -> CaseRow:
    row = CaseRow(line=number, record_id=cells.get("record_id", ""))
    if not row.record_id:
        errors.append((number, "record_id", _("the record id is required.")))
    elif len(row.record_id) > 100:
        errors.append((number, "record_id", _("the record id is longer than 100 characters.")))
    for column, parse in PARSERS.items():
        if cells.get(column):
            try:
                row.fields[column] = parse(cells[column])
            except ValueError as error:
                errors.append((number, column, str(error)))
    if any(column in cells for column in KEYED_COLUMNS):
        row.fields |= _given_keys(number, cells, errors)
    else:
        row.fields |= _derived_keys(number, cells, secret, errors)
    return row


def _given_keys(number: int, cells: dict[str, str], errors: list) -> dict[str, object]:
    keys: dict[str, object] = {}
    for column in KEY_FIELDS:
        value = cells.get(column, "").lower()
        if value and not HEX64.fullmatch(value):
            errors.append((number, column, _("a key is 64 hexadecimal characters.")))
        keys[column] = value
    for column in GRAM_FIELDS:
        value = " ".join(cells.get(column, "").lower().split())
        if value and not GRAMS.fullmatch(value):
            message = _("bigram keys are %(digits)d hexadecimal characters each, space-separated.")
            errors.append((number, column, message % {"digits": GRAM_HEX}))
        keys[column] = sorted(set(value.split()))
    precision = cells.get("birth_date_precision", "").lower() or DatePrecision.UNKNOWN
    if precision not in DatePrecision.values:
        errors.append((number, "birth_date_precision", _choices_message(DatePrecision.values)))
    keys["birth_date_precision"] = precision
    return keys


def _derived_keys(
    number: int, cells: dict[str, str], secret: str | bytes, errors: list
) -> dict[str, object]:
    born = cells.get("date_of_birth", "")
    try:
        birth = parse_birth_date(born) if born else None
        keys: dict[str, object] = dict(
            derive_keys(
                first_name=cells.get("first_name", ""),
                last_name=cells.get("last_name", ""),
                date_of_birth=born,
                secret=secret,
            )
        )
        keys |= derive_gram_keys(
            first_name=cells.get("first_name", ""),
            last_name=cells.get("last_name", ""),
            secret=secret,
        )
    except ValueError as error:
        # parse_birth_date's messages never repeat the date.
        errors.append((number, "date_of_birth", str(error)))
        return {}
    keys["birth_date_precision"] = precision_of(birth)
    if birth is not None and (on := _identified_on(cells)) is not None:
        age = age_at(birth, on)
        if age < 0:
            errors.append((number, "date_of_birth", _("the birth date is after identified_on.")))
        elif not cells.get("age_at_exploitation"):
            keys["age_at_exploitation"] = age
    return keys


def _identified_on(cells: dict[str, str]) -> datetime.date | None:
    try:
        return parse_date(cells["identified_on"]) if cells.get("identified_on") else None
    except ValueError:
        return None  # reported by the identified_on parser


def precision_of(birth: PartialDate | None) -> str:
    if birth is None:
        return DatePrecision.UNKNOWN
    if birth.day is not None:
        return DatePrecision.DAY
    return DatePrecision.MONTH if birth.month is not None else DatePrecision.YEAR


def age_at(birth: PartialDate, on: datetime.date) -> int:
    """Whole years from `birth` to `on`. A birth date known only to the month is taken as the
    15th, one known only to the year as 1 July: the middle, so the error is at most half a year
    either way."""
    month = birth.month or 7
    day = birth.day or (15 if birth.month else 1)
    return on.year - birth.year - ((on.month, on.day) < (month, day))


# Cell parsers: text -> stored value, or ValueError with a message that names no value. -------


def parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("expected a date as YYYY-MM-DD.")) from None


def _choices_message(codes: Iterable[str]) -> str:
    return _("expected one of: %(codes)s.") % {"codes": ", ".join(codes)}


def _word_parser(words: dict, codes: Iterable[str]) -> Callable[[str], object]:
    lookup = categories.word_lookup(words)
    allowed = list(codes)

    def parse(text: str) -> object:
        try:
            return lookup[text.casefold()]
        except KeyError:
            raise ValueError(_choices_message(allowed)) from None

    return parse


def _code_parser(codes: dict) -> Callable[[str], object]:
    return _word_parser({code: (code,) for code in codes}, codes)


def _codes_parser(codes: dict) -> Callable[[str], object]:
    single = _code_parser(codes)

    def parse(text: str) -> object:
        found = [single(part.strip()) for part in text.split(";") if part.strip()]
        return list(dict.fromkeys(found))  # once each, in the file's order

    return parse


def _country(text: str) -> str:
    code = text.upper()
    if code not in categories.country_codes():
        raise ValueError(_("expected an ISO 3166 alpha-3 country code such as ARM or RUS."))
    return code


def _age(text: str) -> int:
    if not text.isdigit() or int(text) > MAX_AGE:
        raise ValueError(
            _("expected a whole number of years from 0 to %(max)d.") % {"max": MAX_AGE}
        )
    return int(text)


def _text_of(length: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if len(text) > length:
            raise ValueError(_("longer than %(max)d characters.") % {"max": length})
        return text

    return parse


PARSERS: dict[str, Callable[[str], object]] = {
    "identified_on": parse_date,
    "status": _word_parser(categories.STATUS_WORDS, TraffickingStatus.values),
    "status_decided_by": _text_of(200),
    "sex": _word_parser(categories.SEX_WORDS, Sex.values),
    "age_at_exploitation": _age,
    "nationality": _country,
    "country_of_exploitation": _country,
    "region": _text_of(100),
    "exploitation": _codes_parser(categories.EXPLOITATION),
    "means_of_control": _codes_parser(categories.MEANS_OF_CONTROL),
    "recruiter_relationship": _code_parser(categories.RECRUITER_RELATIONSHIP),
    "referral_stage": _code_parser(categories.REFERRAL_STAGES),
    "services": _codes_parser(categories.SERVICES),
    "consent_to_share": _word_parser(categories.BOOLEAN_WORDS, ["yes", "no"]),
}
