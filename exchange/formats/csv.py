"""DHIS2's CSV of data values: one value a row, the columns in DHIS2's order (dataelement,
period, orgunit, categoryoptioncombo, attributeoptioncombo, value, storedby, lastupdated,
comment, followup, deleted), a header row first. Written through the one CSV writer, which
neutralises formulas; a header row is recognised on reading and skipped."""

import io

from django.utils.translation import gettext as _

from tipmonitor.lib.csvfiles import CsvWriter
from tipmonitor.lib.spreadsheet import UnreadableWorkbookError, csv_records, unescape_cell

from ._common import MAX_VALUES, DataValue, FormatError

COLUMNS = (
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
    "deleted",
)
REQUIRED = 6  # up to the value


def write_csv(values: list[DataValue], data_set: str) -> bytes:
    out = io.StringIO()
    # round_trip: our own import takes the apostrophe off again; a formula is still text.
    writer = CsvWriter(out, round_trip=True)
    writer.writerow(COLUMNS)
    for value in values:
        writer.writerow(
            [
                value.data_element,
                value.period,
                value.org_unit,
                value.category_option_combo,
                value.attribute_option_combo,
                value.value,
                "",
                value.last_updated,
                value.comment,
                "false",
                "",
            ]
        )
    return out.getvalue().encode()


def read_csv(data: bytes) -> list[DataValue]:
    try:
        records = csv_records(data)
    except UnreadableWorkbookError as error:
        raise FormatError(str(error)) from None
    if records and records[0] and records[0][0].strip().lower() == COLUMNS[0]:
        records = records[1:]
    if len(records) > MAX_VALUES:
        raise FormatError(_("The file has more than %(max)d values.") % {"max": MAX_VALUES})
    values = []
    for number, record in enumerate(records, start=1):
        cells = [unescape_cell(cell.strip()) for cell in record]
        if not any(cells):
            continue
        if len(cells) < REQUIRED:
            raise FormatError(
                _(
                    "Line %(line)d has %(count)d columns; DHIS2's CSV has at least six: "
                    "dataelement, period, orgunit, categoryoptioncombo, attributeoptioncombo, "
                    "value."
                )
                % {"line": number, "count": len(cells)}
            )
        cells += [""] * (len(COLUMNS) - len(cells))
        values.append(
            DataValue(
                data_element=cells[0],
                period=cells[1],
                org_unit=cells[2],
                category_option_combo=cells[3],
                attribute_option_combo=cells[4],
                value=cells[5],
                comment=cells[8],
                deleted=cells[10].lower() == "true",
            )
        )
    return values
