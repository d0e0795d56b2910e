"""Reading an uploaded report workbook: `report_workbook_read`, errors located by cell."""

import datetime
from collections.abc import Callable, Hashable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from reporting.models import ActivityState, Assessment, Rating, Report
from reporting.selectors import ReportContents, report_contents
from reporting.services import ActivityInput, EntryInput, ValueInput
from tipmonitor.lib.numbers import NumberFormatError, read_number
from tipmonitor.lib.spreadsheet import (
    UnreadableWorkbookError,
    check_xlsx_container,
    normalise_header,
    read_only_workbook,
    unescape_cell,
)

from .layout import (
    ACTIVITIES,
    EDITABLE,
    EDITABLE_FIELDS,
    FORMAT,
    HEADERS,
    IDENTITY,
    INDICATORS,
    REPORT,
    VALUES,
    CellError,
    ReportInput,
    ReportWorkbookInvalid,
)
from .writer import _identity

FORMULA_ERRORS = frozenset(["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"])


MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024


MAX_ROWS = 100_000


def report_workbook_read(*, report: Report, data: bytes) -> ReportInput:
    """What the workbook says about `report`. Raises ReportWorkbookInvalid for a file that is
    not a report workbook, one of another report, one whose structure was changed, and cells
    that cannot be read (text where a number belongs, an unknown status)."""
    sheets = _open(data)
    revision = _check_identity(sheets.get(normalise_header(IDENTITY)), report)
    errors: list[CellError] = []
    for name in (REPORT, VALUES, INDICATORS, ACTIVITIES):
        if normalise_header(name) not in sheets:
            errors.append(CellError(name, "", _("the sheet is missing.")))
        else:
            _check_header(name, sheets[normalise_header(name)], errors)
    if errors:
        raise ReportWorkbookInvalid(errors)
    contents = report_contents(report)
    given = ReportInput(revision=revision, contact_person="", general_observations="")
    _read_report(sheets[normalise_header(REPORT)], given, errors)
    _read_values(sheets[normalise_header(VALUES)], contents, given, errors)
    _read_entries(sheets[normalise_header(INDICATORS)], contents, given, errors)
    _read_activities(sheets[normalise_header(ACTIVITIES)], contents, given, errors)
    if errors:
        raise ReportWorkbookInvalid(errors)
    return given


Rows = list[tuple[Any, ...]]


def _open(data: bytes) -> dict[str, Rows]:
    """Every sheet's rows (values only), by normalised title."""
    try:
        check_xlsx_container(
            data, max_bytes=settings.WORKBOOK_MAX_BYTES, max_unpacked=MAX_UNCOMPRESSED_BYTES
        )
        with read_only_workbook(data) as book:
            return {
                normalise_header(ws.title): list(ws.iter_rows(values_only=True, max_row=MAX_ROWS))
                for ws in book.worksheets
            }
    except UnreadableWorkbookError as error:
        raise _invalid(str(error)) from error


def _invalid(message: str) -> ReportWorkbookInvalid:
    return ReportWorkbookInvalid([CellError(_("Workbook"), "", message)])


def _check_identity(rows: Rows | None, report: Report) -> int:
    """The revision the workbook was downloaded at, once it is sure to be this report's."""
    found = {str(row[0]): str(row[1]) for row in rows or [] if len(row) > 1 and row[0]}
    if found.get("format") != FORMAT:
        raise _invalid(
            _(
                "this is not a TIP Monitor report workbook: download the workbook from the "
                "report's page, fill it in and upload that file."
            )
        )
    expected = _identity(report)
    for name in ("plan", "agency", "period", "version"):
        if found.get(name) != expected[name]:
            raise _invalid(_wrong_report(found, expected))
    try:
        return int(found.get("revision", ""))
    except ValueError:
        raise _invalid(_("the workbook's identity sheet was changed.")) from None


def _wrong_report(found: dict[str, str], expected: dict[str, str]) -> str:
    return _(
        "this workbook is the report of %(agency)s for %(period)s (plan %(plan)s, version "
        "%(version)s), not of %(own_agency)s for %(own_period)s (plan %(own_plan)s, version "
        "%(own_version)s): download this report's workbook."
    ) % {
        "agency": found.get("agency", "?"),
        "period": found.get("period", "?"),
        "plan": found.get("plan", "?"),
        "version": found.get("version", "?"),
        "own_agency": expected["agency"],
        "own_period": expected["period"],
        "own_plan": expected["plan"],
        "own_version": expected["version"],
    }


def _check_header(sheet: str, rows: Rows, errors: list[CellError]) -> None:
    header = [normalise_header(cell) for cell in (rows[0] if rows else ())]
    expected = [normalise_header(title) for title in HEADERS[sheet]]
    if header[: len(expected)] != expected or any(header[len(expected) :]):
        errors.append(
            CellError(
                sheet,
                "",
                _(
                    "the columns were changed: row 1 must read %(headers)s. Download the "
                    "workbook again and fill in the yellow cells only."
                )
                % {"headers": ", ".join(HEADERS[sheet])},
            )
        )


def _cell_ref(sheet: str, title: str, row: int) -> str:
    return f"{get_column_letter(HEADERS[sheet].index(title) + 1)}{row}"


def _record(sheet: str, row: tuple[Any, ...]) -> dict[str, Any]:
    return {title: row[i] if i < len(row) else None for i, title in enumerate(HEADERS[sheet])}


def _data_rows(rows: Rows) -> list[tuple[int, tuple[Any, ...]]]:
    return [(n, row) for n, row in enumerate(rows[1:], start=2) if any(c is not None for c in row)]


def _read_report(rows: Rows, given: ReportInput, errors: list[CellError]) -> None:
    found = {str(row[0]).strip(): (n, row) for n, row in _data_rows(rows) if row and row[0]}
    for name in EDITABLE_FIELDS:
        if name not in found:
            errors.append(
                CellError(REPORT, "", _("the row “%(field)s” is missing.") % {"field": name})
            )
            continue
        number, row = found[name]
        text = _text(row[1] if len(row) > 1 else None, REPORT, f"B{number}", errors)
        attribute = name.lower().replace(" ", "_")
        setattr(given, attribute, text)
        given.cells[("report", attribute)] = (REPORT, number, {"Value": f"B{number}"})


def _unknown_row(sheet: str, number: int, errors: list[CellError]) -> None:
    errors.append(
        CellError(
            sheet,
            f"A{number}",
            _(
                "this row is not part of the report (a row was added, copied or its key "
                "changed): download the workbook again."
            ),
        )
    )


def _duplicate_row(sheet: str, number: int, errors: list[CellError]) -> None:
    errors.append(CellError(sheet, f"A{number}", _("this row appears twice.")))


K = TypeVar("K", bound=Hashable)


def _known_rows(
    rows: Rows,
    sheet: str,
    key_of: Callable[[dict[str, Any]], K],
    expected: Mapping[K, int],
    errors: list[CellError],
) -> Iterator[tuple[int, dict[str, Any], K]]:
    """The rows of `sheet` the workbook was made with, each once, with their key; a row added,
    copied or re-keyed is reported instead."""
    seen: set[K] = set()
    for number, row in _data_rows(rows):
        record = _record(sheet, row)
        key = key_of(record)
        if key not in expected:
            _unknown_row(sheet, number, errors)
        elif key in seen:
            _duplicate_row(sheet, number, errors)
        else:
            seen.add(key)
            yield number, record, key


def _value_key(record: dict[str, Any]) -> tuple[str, str, str]:
    return (_key(record["Indicator"]), _key(record["Period"]), _key(record["Key"]))


def _code_of(title: str) -> Callable[[dict[str, Any]], str]:
    return lambda record: _key(record[title])


def _read_values(
    rows: Rows, contents: ReportContents, given: ReportInput, errors: list[CellError]
) -> None:
    expected = {
        (block.indicator.code, cell.period, cell.breakdown): block.indicator.pk
        for block in contents.indicators
        if not block.indicator.is_qualitative
        for cell in block.cells
    }
    for number, record, key in _known_rows(rows, VALUES, _value_key, expected, errors):
        ref = {title: _cell_ref(VALUES, title, number) for title in ("Value", "Comment")}
        value = _number(record["Value"], VALUES, ref["Value"], errors)
        comment = _text(record["Comment"], VALUES, ref["Comment"], errors)
        indicator_id = expected[key]
        given.values.append(ValueInput(indicator_id, key[1], key[2], value, comment))
        given.cells[("value", indicator_id, key[1], key[2])] = (VALUES, number, ref)


def _read_entries(
    rows: Rows, contents: ReportContents, given: ReportInput, errors: list[CellError]
) -> None:
    expected = {block.indicator.code: block.indicator.pk for block in contents.indicators}
    stored = {block.indicator.pk for block in contents.indicators if block.entry.pk is not None}
    known = _known_rows(rows, INDICATORS, _code_of("Indicator"), expected, errors)
    for number, record, code in known:
        ref = {title: _cell_ref(INDICATORS, title, number) for title in EDITABLE[INDICATORS]}

        def text(title: str, ref: dict[str, str] = ref, record: dict[str, Any] = record) -> str:
            return _text(record[title], INDICATORS, ref[title], errors)

        entry = EntryInput(
            indicator_id=expected[code],
            narrative=text("Narrative"),
            rating=_choice(record["Rating"], Rating, INDICATORS, ref["Rating"], errors),
            outputs_achieved=text("Outputs achieved"),
            activities_implemented=text("Activities implemented"),
            budget_spent=_number(record["Budget spent"], INDICATORS, ref["Budget spent"], errors),
            donors=text("Donors"),
            assessment=_choice(
                record["Assessment"], Assessment, INDICATORS, ref["Assessment"], errors
            ),
            comment=text("Comment"),
        )
        # An empty row of an indicator never written says nothing: no entry is made for it.
        if entry != EntryInput(entry.indicator_id) or entry.indicator_id in stored:
            given.entries.append(entry)
        given.cells[("entry", expected[code])] = (INDICATORS, number, ref)


def _read_activities(
    rows: Rows, contents: ReportContents, given: ReportInput, errors: list[CellError]
) -> None:
    expected = {activity.code: activity.pk for activity, _update in contents.activities}
    known = _known_rows(rows, ACTIVITIES, _code_of("Activity"), expected, errors)
    for number, record, code in known:
        ref = {title: _cell_ref(ACTIVITIES, title, number) for title in EDITABLE[ACTIVITIES]}
        state = _choice(record["Status"], ActivityState, ACTIVITIES, ref["Status"], errors)
        percent = _number(record["Percent done"], ACTIVITIES, ref["Percent done"], errors)
        spent = _number(record["Money spent"], ACTIVITIES, ref["Money spent"], errors)
        comment = _text(record["Comment"], ACTIVITIES, ref["Comment"], errors)
        if percent is not None and percent != percent.to_integral_value():
            errors.append(CellError(ACTIVITIES, ref["Percent done"], _("use a whole number.")))
            percent = None
        if not (state or percent is not None or spent is not None or comment):
            continue  # nothing said about this activity yet
        given.activities.append(
            ActivityInput(
                activity_id=expected[code],
                state=state,
                percent_done=None if percent is None else int(percent),
                spent=spent,
                comment=comment,
            )
        )
        given.cells[("activity", expected[code])] = (ACTIVITIES, number, ref)


def _key(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unescape_cell(str(cell).strip())


def _formula_error(cell: Any, sheet: str, ref: str, errors: list[CellError]) -> bool:
    if isinstance(cell, str) and cell.strip() in FORMULA_ERRORS:
        errors.append(
            CellError(
                sheet, ref, _("the formula gives the error %(value)s.") % {"value": cell.strip()}
            )
        )
        return True
    return False


def _text(cell: Any, sheet: str, ref: str, errors: list[CellError]) -> str:
    if cell is None or _formula_error(cell, sheet, ref, errors):
        return ""
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.isoformat()[:10]
    if isinstance(cell, float | Decimal):
        return format(Decimal(str(cell)).normalize(), "f")
    return unescape_cell(str(cell).strip())


def _number(cell: Any, sheet: str, ref: str, errors: list[CellError]) -> Decimal | None:
    """A number cell, or text read by the one number parser (`1 234,5` typed as text)."""
    if cell is None or _formula_error(cell, sheet, ref, errors):
        return None
    if isinstance(cell, datetime.date):
        cell = cell.isoformat()[:10]
    try:
        return read_number(unescape_cell(cell.strip()) if isinstance(cell, str) else cell)
    except NumberFormatError as error:
        errors.append(CellError(sheet, ref, str(error)))
        return None


def _choice(
    cell: Any, choices: type[TextChoices], sheet: str, ref: str, errors: list[CellError]
) -> str:
    """A code from `choices`, written as the code or its label (in English or the user's
    language)."""
    text = _text(cell, sheet, ref, errors)
    if not text:
        return ""
    wanted = normalise_header(text)
    for value, label in choices.choices:
        names = {normalise_header(value), normalise_header(label)}
        with translation.override("en"):
            names.add(normalise_header(str(label)))
        if wanted in names:
            return str(value)
    errors.append(
        CellError(
            sheet,
            ref,
            _("“%(text)s” is not one of: %(choices)s.")
            % {"text": text, "choices": ", ".join(choices.values)},
        )
    )
    return ""
