"""The agency's sign-off through the files: the report workbook (save, or save and submit: for
approval when the agency signs its reports off), its header (status, prepared by, approved by),
and bulk data values (the import-values command and the upload page): a reporter's import
awaits the agency's approval, an approver's is submitted with their sign-off, the
coordinator's is as before; a report awaiting approval takes no agency's import."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import RoleGrant
from reporting.models import EventKind, IndicatorValue, ReportStatus
from reporting.workbook import report_template
from tests.reporting import sign_off_data
from tests.reporting.files_data import XLSX, csv_bytes
from tests.reporting.sign_off_data import fresh

pytestmark = pytest.mark.django_db

_fast_password_hashing = sign_off_data._fast_password_hashing
world = sign_off_data.world
ready = sign_off_data.ready
awaiting = sign_off_data.awaiting
approved = sign_off_data.approved

# Agency A's June count for M1 (in its 2025-Q2 report), 3 in `complete_q2`.
JUNE = ["indicator,period,agency,value", "M1,2025-06,POL,8"]


def _workbook(report, **values: object) -> SimpleUploadedFile:
    """The report's workbook with `values` typed into the Values sheet, by cell."""
    book = openpyxl.load_workbook(io.BytesIO(report_template(report=report)))
    for ref, value in values.items():
        book["Values"][ref] = value
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("report.xlsx", out.getvalue(), content_type=XLSX)


def _upload(client, report, action: str, file: SimpleUploadedFile):
    url = reverse("reporting:report_upload", args=[report.pk])
    return client.post(url, {"file": file, "action": action})


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _header(report) -> dict[str, object]:
    book = openpyxl.load_workbook(io.BytesIO(report_template(report=report)))
    return {row[0]: row[1] for row in book["Report"].iter_rows(values_only=True)}


# The report workbook ----------------------------------------------------------------------------


def test_it_sends_an_uploaded_workbook_for_approval(client_of, ready, reporter_a):
    client = client_of(reporter_a)
    page = client.get(reverse("reporting:report_upload", args=[ready.pk])).content.decode()
    assert "Upload and send for approval" in page

    response = _upload(client, ready, "submit", _workbook(ready))

    assert response.status_code == 302
    assert any("awaits the agency's approval" in text for text in _messages(response))
    stored = fresh(ready)
    assert (stored.status, stored.first_submitted_at) == (ReportStatus.AWAITING_APPROVAL, None)


def test_it_submits_the_approvers_workbook_with_their_sign_off(client_of, ready, approver_a):
    client = client_of(approver_a)
    page = client.get(reverse("reporting:report_upload", args=[ready.pk])).content.decode()
    assert "Upload, approve and submit to the coordinator" in page

    _upload(client, ready, "submit", _workbook(ready))

    stored = fresh(ready)
    assert (stored.status, stored.approved_by) == (ReportStatus.SUBMITTED, approver_a)
    assert stored.first_submitted_at == stored.approved_at


def test_it_saves_a_workbook_without_submitting_it(client_of, ready, reporter_a):
    _upload(client_of(reporter_a), ready, "save", _workbook(ready))

    assert fresh(ready).status == ReportStatus.DRAFT


def test_it_refuses_a_workbook_that_cannot_be_submitted_whole(client_of, ready, reporter_a):
    """Row 6 is M1's total for 2025-06: emptied, the report is incomplete; nothing is saved."""
    book = openpyxl.load_workbook(io.BytesIO(report_template(report=ready)))
    june = next(r for r in book["Values"].iter_rows(min_row=2) if r[3].value == "2025-06")
    upload = _workbook(ready, **{f"F{june[0].row}": None})

    response = _upload(client_of(reporter_a), ready, "submit", upload)

    assert response.status_code == 200
    assert "M1: the total for 2025-06 is missing" in response.content.decode()
    stored = fresh(ready)
    assert (stored.status, stored.revision) == (ReportStatus.DRAFT, ready.revision)
    assert IndicatorValue.objects.filter(report=ready, period="2025-06").exists()


def test_it_takes_no_workbook_into_a_report_awaiting_approval(client_of, awaiting, personas):
    url = reverse("reporting:report_upload", args=[awaiting.pk])

    answers = {name: client_of(personas[name]).get(url).status_code for name in personas}

    assert answers == {
        "coordinator": 403,
        "reporter_a": 403,
        "approver_a": 403,
        "reporter_b": 404,
        "viewer": 404,
        "administrator": 404,
    }


def test_it_lets_the_coordinator_save_a_workbook_but_not_submit_it(client_of, ready, coordinator):
    client = client_of(coordinator)
    page = client.get(reverse("reporting:report_upload", args=[ready.pk])).content.decode()
    assert 'value="submit"' not in page

    assert _upload(client, ready, "submit", _workbook(ready)).status_code == 403
    assert fresh(ready).status == ReportStatus.DRAFT


def test_it_writes_the_signature_into_the_workbooks_header(approved, approver_a):
    approver_a.first_name, approver_a.last_name = "Aram", "Hakobyan"
    approver_a.save()

    header = _header(fresh(approved))

    assert header["Status"] == "Submitted"
    assert str(header["Prepared by"]).startswith("reporter_a on 20")
    assert str(header["Approved by"]).startswith("Approved by Aram Hakobyan (National Police) on ")


def test_it_writes_not_approved_yet_while_it_awaits_approval(awaiting):
    header = _header(fresh(awaiting))

    assert header["Status"] == "Awaiting the agency's approval"
    assert header["Approved by"] == "Not approved yet"


# Bulk data values ---------------------------------------------------------------------------


def _import(tmp_path, user: str, lines: list[str] = JUNE, *options: str) -> str:
    path = tmp_path / "values.csv"
    path.write_bytes(csv_bytes(lines))
    out = io.StringIO()
    call_command(
        "import_values", str(path), "--user", user, "--plan", "NAP-CORE", *options, stdout=out
    )
    return out.getvalue()


def test_it_records_a_reporters_import_as_awaiting_approval(tmp_path, ready, reporter_a):
    said = _import(tmp_path, "reporter_a", JUNE, "--status", "submitted")

    assert "recorded as awaiting the agency's approval" in said
    stored = fresh(ready)
    assert stored.status == ReportStatus.AWAITING_APPROVAL
    assert (stored.submitted_by, stored.first_submitted_at, stored.approved_by) == (
        reporter_a,
        None,
        None,
    )
    assert stored.values.get(period="2025-06").value == Decimal(8)
    kinds = list(stored.events.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.IMPORTED, EventKind.FOR_APPROVAL]


def test_it_records_an_approvers_import_as_submitted_and_approved(tmp_path, ready, approver_a):
    _import(tmp_path, "approver_a")

    stored = fresh(ready)
    assert (stored.status, stored.approved_by) == (ReportStatus.SUBMITTED, approver_a)
    assert stored.first_submitted_at == stored.approved_at
    assert stored.events.last().kind == EventKind.APPROVED


def test_it_keeps_the_coordinators_import_as_it_was(tmp_path, awaiting, coordinator):
    _import(tmp_path, "coordinator")

    stored = fresh(awaiting)
    assert (stored.status, stored.accepted_by, stored.approved_by) == (
        ReportStatus.ACCEPTED,
        coordinator,
        None,
    )


@pytest.mark.parametrize("user", ["reporter_a", "approver_a"])
def test_it_refuses_an_agencys_import_into_a_report_awaiting_approval(tmp_path, awaiting, user):
    with pytest.raises(CommandError, match="rejected"):
        _import(tmp_path, user)

    stored = fresh(awaiting)
    assert (stored.status, stored.revision) == (ReportStatus.AWAITING_APPROVAL, awaiting.revision)
    assert stored.values.get(period="2025-06").value == Decimal(3)


def test_it_refuses_a_reporters_import_while_the_agency_has_no_approver(
    tmp_path, ready, approver_a
):
    RoleGrant.objects.filter(user=approver_a).delete()

    with pytest.raises(CommandError):
        _import(tmp_path, "reporter_a")

    assert fresh(ready).status == ReportStatus.DRAFT


def test_it_says_so_on_the_values_upload_page(client_of, ready, reporter_a, world):
    upload = SimpleUploadedFile("values.csv", csv_bytes(JUNE), content_type="text/csv")

    response = client_of(reporter_a).post(
        reverse("reporting:values_upload"), {"plan": world.plan.pk, "file": upload}
    )

    assert response.status_code == 302
    assert any("awaiting the agency's approval" in text for text in _messages(response))
    assert fresh(ready).status == ReportStatus.AWAITING_APPROVAL


def test_it_keeps_submitted_for_a_reporter_of_an_agency_without_sign_off(
    tmp_path, world, reporter_b
):
    _import(tmp_path, "reporter_b", ["indicator,period,agency,value", "B1,2025-Q3,NGO1,4"])

    report = world.plan.reports.get(agency__code="NGO1")
    assert (report.status, report.approved_by) == (ReportStatus.SUBMITTED, None)
