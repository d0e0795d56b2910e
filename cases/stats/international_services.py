"""An international reporting export (docs/international.md): the year's tables as a file,
audited as every export of case data (action `export`), by the command and the page alike."""

from dataclasses import dataclass

from accounts.models import User
from cases.stats.international import (
    InternationalYear,
    NoVictimsError,
    check_year,
    international_tables,
)
from cases.stats.international_files import csv_bytes, xlsx_bytes
from cases.stats.services import ACTION_EXPORT, stats_access_record
from plans.selectors import population_for_year

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class InternationalExport:
    report: InternationalYear
    content: bytes
    filename: str
    content_type: str


def international_export(*, year: int, file_format: str, user: User | None) -> InternationalExport:
    """The tables of `year` as `file_format` (xlsx or csv). ValueError (NoVictimsError among them)
    says why there is nothing to export; a read that found nobody is audited too."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    check_year(year)
    target = f"international glotip year={year} format={file_format}"
    try:
        report = international_tables(year, residents=population_for_year(year))
    except NoVictimsError:
        stats_access_record(user=user, action=ACTION_EXPORT, target=f"{target} none", persons=0)
        raise
    stats_access_record(user=user, action=ACTION_EXPORT, target=target, persons=report.persons)
    content = xlsx_bytes(report) if file_format == "xlsx" else csv_bytes(report)
    return InternationalExport(
        report=report,
        content=content,
        filename=f"victims-glotip-{year}.{file_format}",
        content_type=FORMATS[file_format],
    )
