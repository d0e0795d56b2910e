"""The files of international reporting (docs/international.md): the year's tables as an XLSX
workbook (a sheet per table and a "Notes" sheet) or as one long CSV table. Only what the
disclosure control publishes is written: a withheld cell is the word "withheld" in the
workbook, and an empty count flagged `withheld` in the CSV."""

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from cases.stats.dimensions import category_label, dimension_label
from cases.stats.international import (
    CITIZENSHIP,
    FAMILY,
    FORM,
    GROUP,
    GROUPS,
    SUBTOTALS,
    InternationalYear,
)
from tipmonitor.lib.countries import country_name
from tipmonitor.lib.csvfiles import CsvWriter
from tipmonitor.lib.disclosure import TOTAL

CSV_COLUMNS = ("table", "dimension", "category", "count", "withheld")
SEPARATOR = "/"
EXCEL_SHEET_NAME = 31  # Excel's longest sheet name


def _label(dimension: str, code: str) -> str:
    subtotal = SUBTOTALS[dimension][0] if dimension in SUBTOTALS else None
    if code == subtotal:
        return {FORM: gettext("Other forms, all"), CITIZENSHIP: gettext("Foreigners, all")}[
            dimension
        ]
    return category_label(dimension, code)


def _table_titles() -> dict[str, str]:
    return {
        "sex_age": gettext("Sex and age"),
        "exploitation": gettext("Form of exploitation"),
        "citizenship": gettext("Citizenship"),
    }


# --- CSV ------------------------------------------------------------------------------------


def long_rows(report: InternationalYear) -> Iterator[tuple[object, ...]]:
    """The long table: (table, dimension, category, count or None, withheld), codes only."""
    for group in (*GROUPS, TOTAL):
        n = report.cell("exploitation", (group, TOTAL))
        yield ("sex_age", GROUP, _code(group), n, n is None)
    for name, dimension in FAMILY.items():
        for group in (*GROUPS, TOTAL):
            for column in report.columns(name):
                n = report.cell(name, (group, column))
                category = f"{_code(group)}{SEPARATOR}{_code(column)}"
                yield (name, f"{GROUP}{SEPARATOR}{dimension}", category, n, n is None)
    if report.population:
        yield ("population", "residents", "total", report.population, False)
        rate = report.rate
        yield ("rate_per_100000", "residents", "total", rate, rate is None)


def _code(code: str) -> str:
    return "total" if code == TOTAL else code


def write_csv(report: InternationalYear, stream: Any) -> None:
    """The long table through the one CSV writer (formulas neutralised)."""
    writer = CsvWriter(stream, line_end="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(long_rows(report))


def csv_bytes(report: InternationalYear) -> bytes:
    out = io.StringIO()
    write_csv(report, out)
    return out.getvalue().encode("utf-8")


# --- XLSX -----------------------------------------------------------------------------------


def _shown(value: int | Decimal | None) -> int | float | str:
    if value is None:
        return gettext("withheld")
    return float(value) if isinstance(value, Decimal) else value


def xlsx_bytes(report: InternationalYear) -> bytes:
    """The workbook: "Sex and age", "Form of exploitation", "Citizenship", "Notes"."""
    book = Workbook()
    titles = _table_titles()
    sheet = book.active
    assert sheet is not None  # a new workbook has its first sheet
    sheet.title = titles["sex_age"][:EXCEL_SHEET_NAME]
    sheet.append([dimension_label(GROUP), gettext("Detected victims")])
    for group in (*GROUPS, TOTAL):
        sheet.append([_label(GROUP, group), _shown(report.cell("exploitation", (group, TOTAL)))])
    sheet.append([])
    sheet.append([gettext("Detected victims per 100,000 residents"), _rate(report)])
    _bold_header(sheet)
    for name, dimension in FAMILY.items():
        sheet = book.create_sheet(titles[name][:EXCEL_SHEET_NAME])
        columns = report.columns(name)
        sheet.append([dimension_label(GROUP), *(_label(dimension, column) for column in columns)])
        for group in (*GROUPS, TOTAL):
            sheet.append(
                [
                    _label(GROUP, group),
                    *(_shown(report.cell(name, (group, column))) for column in columns),
                ]
            )
        _bold_header(sheet)
    notes = book.create_sheet(gettext("Notes")[:EXCEL_SHEET_NAME])
    for line in notes_lines(report):
        notes.append(list(line))
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold_header(sheet: Any) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 32


def _rate(report: InternationalYear) -> int | float | str:
    if not report.population:
        return gettext("population not set")
    return _shown(report.rate)


def notes_lines(report: InternationalYear) -> list[tuple[str, str]]:
    """What a reader must know: the source, the year, the definitions, the disclosure rule and
    what was withheld."""
    home = country_name(report.home) if report.home else gettext("not set")
    withheld = report.withheld()
    population = (
        gettext("%(n)d residents (the plan's population for the year)") % {"n": report.population}
        if report.population
        else gettext("not set: no rate is given")
    )
    return [
        (gettext("Source"), gettext("TIP Monitor: the linked case records of every agency.")),
        (gettext("Year"), str(report.year)),
        (
            gettext("Shape"),
            gettext(
                "UNODC Global Report on Trafficking in Persons (GLOTIP) questionnaire; SDG "
                "indicator 16.2.2 (detected victims per 100,000 population)."
            ),
        ),
        (
            gettext("Detected victims"),
            gettext(
                "Presumed and identified victims first identified in the year. Persons are "
                "counted, not records: a person several agencies reported counts once, in the "
                "year of their first identification."
            ),
        ),
        (
            gettext("Women, men, girls, boys"),
            gettext(
                "By sex and age at exploitation: adults are 18 and over, children under 18. "
                '"Other or not known": sex other than female or male, or sex or age not known.'
            ),
        ),
        (
            gettext("Form of exploitation"),
            gettext(
                "One form a person. Sexual exploitation; forced labour (domestic servitude "
                "included); other forms (forced begging, forced criminality, forced marriage, "
                "removal of organs, other forms, several of these); mixed: a person exploited "
                "in more than one of the three; not known: no form recorded."
            ),
        ),
        (
            gettext("Citizenship"),
            gettext(
                "Nationals are citizens of %(home)s; foreigners by UN M49 region of "
                "citizenship; stateless persons are foreigners; not known: no citizenship "
                "recorded (or a refugee's travel document without one)."
            )
            % {"home": home},
        ),
        (gettext("Population"), population),
        (
            gettext("Disclosure control"),
            gettext(
                "Counts from 1 to %(threshold)d are withheld, and further counts so that no "
                "withheld count can be worked out from the published ones, all tables of the "
                "year together. Zeros are published. A subtotal (other forms, foreigners) is "
                "withheld when any of its parts is; the rate is withheld with the total."
            )
            % {"threshold": report.threshold},
        ),
        (
            gettext("Withheld"),
            gettext('%(n)d cells, shown as "withheld".') % {"n": withheld}
            if withheld
            else gettext("Nothing."),
        ),
    ]
