"""Shared by the progress tests: values recorded the real way (`reporting.services`), so the
selectors read what the reporting workflow writes."""

from collections.abc import Iterable, Sequence

from accounts.models import User
from plans.models import Plan
from reporting import services
from reporting.models import Report, ReportStatus
from reporting.services import ActivityInput, EntryInput, ValueInput, ValueRow

# The outlier rule asks for a comment on a value far from the earlier ones; the tests' values
# are chosen for the arithmetic, not to look like a real series.
COMMENT = "As counted."


def import_values(
    plan: Plan,
    user: User,
    rows: Iterable[tuple[str, str, str, str]],
    *,
    status: str = ReportStatus.ACCEPTED,
    breakdowns: Sequence[tuple[str, str, str, str, dict[str, str]]] = (),
) -> None:
    """Rows (indicator code, period, agency code, value) through the bulk data values service,
    as the coordinator: accepted unless `status` says submitted. `breakdowns` add rows with a
    breakdown (dimension code -> category code)."""
    value_rows = [
        ValueRow(
            line=n,
            indicator_code=code,
            period=period,
            agency_code=agency,
            value=value,
            comment=COMMENT,
        )
        for n, (code, period, agency, value) in enumerate(rows, start=2)
    ]
    start = len(value_rows) + 2
    value_rows += [
        ValueRow(
            line=start + n,
            indicator_code=code,
            period=period,
            agency_code=agency,
            value=value,
            comment=COMMENT,
            breakdown=breakdown,
        )
        for n, (code, period, agency, value, breakdown) in enumerate(breakdowns)
    ]
    try:
        services.values_import(plan=plan, rows=value_rows, user=user, status=status)
    except services.ValuesInvalid as invalid:  # say which rows, not just how many
        raise AssertionError(invalid.errors) from invalid


def file_report(
    plan: Plan,
    reporter: User,
    quarter: str,
    *,
    values: Sequence[ValueInput] = (),
    entries: Sequence[EntryInput] = (),
    activities: Sequence[ActivityInput] = (),
    accept_by: User | None = None,
) -> Report:
    """The reporter's agency opens, fills and submits its report; accepted when `accept_by`
    (the coordinator) is given."""
    assert reporter.agency is not None
    report = services.report_open(plan=plan, agency=reporter.agency, period=quarter, user=reporter)
    report = services.report_save(
        report=report,
        user=reporter,
        revision=report.revision,
        contact_person="A. Clerk",
        general_observations="",
        values=list(values),
        entries=list(entries),
        activities=list(activities),
    )
    report = services.report_submit(report=report, user=reporter, revision=report.revision)
    if accept_by is not None:
        report = services.report_accept(report=report, user=accept_by)
    return report
