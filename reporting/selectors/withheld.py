"""What of a report a person may see of the counts of victims it holds (issue 10 #4).

Values of an indicator counting victims (`reporting.disclosure`, the rule's home) are one
agency's own counts: anyone but the coordinator and the report's own agency sees them withheld.
The report page, its workbook and the reports API all ask here, so they withhold the same
values.
"""

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from reporting import disclosure
from reporting.models import Report

from .contents import ReportContents, report_contents


def _withheld(user: Any, report: Report, indicator_ids: Iterable[int]) -> frozenset[int]:
    if disclosure.sees_unprotected(user, report.agency_id):
        return frozenset()
    return disclosure.victim_counting_ids(indicator_ids)


def withheld_indicator_ids(user: Any, report: Report) -> frozenset[int]:
    """The indicators of the report whose values `user` may not see: those counting victims,
    for anyone but the coordinator and the report's own agency. One query (none for them)."""
    held = report.values.order_by().values_list("indicator_id", flat=True).distinct()
    return _withheld(user, report, held)


def report_contents_for_user(user: Any, report: Report) -> ReportContents:
    """`report_contents` as `user` may see it: each stored value of an indicator counting victims
    replaced by a withheld cell (no value, `withheld` set) unless `user` sees them unprotected.
    Only to show; a form or a service works on `report_contents` itself."""
    contents = report_contents(report)
    withheld = _withheld(user, report, [block.indicator.pk for block in contents.indicators])
    for block in contents.indicators:
        if block.indicator.pk in withheld:
            block.cells = [
                replace(cell, value=None, withheld=True) if cell.value is not None else cell
                for cell in block.cells
            ]
    return contents
