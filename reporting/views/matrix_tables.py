"""The submission matrix's tables as plain `Table`s to download (tipmonitor/lib/tables.py), built
from the same `SubmissionMatrix` the page draws: each quarter's state, and completeness and
timeliness as per cent with the counts behind them (empty when nothing is expected yet)."""

from django.utils.translation import gettext as _

from reporting.matrix import Rates
from reporting.selectors.matrix import SubmissionMatrix
from tipmonitor.lib.tables import Table


def _rate_headers() -> list[str]:
    return [
        _("Completeness (%)"),
        _("Timeliness (%)"),
        _("Expected"),
        _("Received"),
        _("On time"),
    ]


def _rates(rates: Rates) -> list[object]:
    return [
        rates.completeness_percent,
        rates.timeliness_percent,
        rates.expected,
        rates.received,
        rates.on_time,
    ]


def matrix_tables(matrix: SubmissionMatrix) -> dict[str, Table]:
    if matrix.year:
        caption = _(
            "Report of each agency for each quarter of %(year)s, with its completeness and "
            "timeliness"
        ) % {"year": matrix.year}
    else:
        caption = _(
            "Report of each agency for each quarter of the plan, with its completeness and "
            "timeliness"
        )
    agencies = Table(
        caption,
        [
            _("Agency code"),
            _("Agency"),
            *(column.code for column in matrix.columns),
            *_rate_headers(),
        ],
        [
            [
                row.agency.code,
                row.agency.short_name or row.agency.name,
                *(cell.label for cell in row.cells),
                *_rates(row.rates),
            ]
            for row in matrix.rows
        ],
    )
    areas = Table(
        _("Completeness and timeliness of the agencies responsible in each strategic area"),
        [_("Code"), _("Strategic area"), _("Agencies"), *_rate_headers()],
        [
            [area.area.code, area.area.display_name, area.agencies, *_rates(area.rates)]
            for area in matrix.areas
        ],
    )
    return {"agencies": agencies, "areas": areas}
