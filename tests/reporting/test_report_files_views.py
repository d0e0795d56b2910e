"""The file pages: download a report's workbook, upload it back, upload bulk data values.
Anonymous visitors are sent to sign in; agency B can neither download nor upload agency A's
report (404); a good file is saved, a bad one is refused with its errors shown and nothing
stored."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting.models import IndicatorValue, Report, ReportStatus, ValueSource
from reporting.services import ValueRow, report_open, values_import
from reporting.workbook import report_template
from tests.reporting.files_data import XLSX, csv_bytes, reporting_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(agency_a, agency_b):
    return reporting_plan(agency_a, agency_b)


@pytest.fixture
def draft_a(plan, agency_a, reporter_a) -> Report:
    return report_open(plan=plan, agency=agency_a, period="2025-Q1", user=reporter_a)


def _urls(report: Report) -> dict[str, str]:
    return {
        "download": reverse("reporting:report_workbook", args=[report.pk]),
        "upload": reverse("reporting:report_upload", args=[report.pk]),
    }


def _filled(report: Report, cells: dict[str, object]) -> SimpleUploadedFile:
    book = openpyxl.load_workbook(io.BytesIO(report_template(report=report)))
    for ref, value in cells.items():
        book["Values"][ref] = value
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("report.xlsx", out.getvalue(), content_type=XLSX)


def _values_file(lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("values.csv", csv_bytes(lines), content_type="text/csv")


def test_it_sends_anonymous_visitors_to_sign_in(anonymous, draft_a):
    urls = _urls(draft_a)
    responses = [anonymous.get(urls["download"])]
    for url in (urls["upload"], reverse("reporting:values_upload")):
        responses += [anonymous.get(url), anonymous.post(url)]
    for response in responses:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_it_hides_agency_as_report_from_agency_b(client_of, draft_a, reporter_b, viewer):
    for user in (reporter_b, viewer):  # a draft is its agency's own work
        client = client_of(user)
        urls = _urls(draft_a)
        assert client.get(urls["download"]).status_code == 404
        assert client.get(urls["upload"]).status_code == 404
        posted = client.post(urls["upload"], {"file": _filled(draft_a, {"F2": 1})})
        assert posted.status_code == 404
    assert not IndicatorValue.objects.exists()


def test_it_lets_a_viewer_download_but_not_upload_an_accepted_report(
    client_of, plan, coordinator, viewer
):
    values_import(plan=plan, rows=[ValueRow(2, "IB", "2025-Q1", "NGO1", "4")], user=coordinator)
    accepted = Report.objects.get()
    client = client_of(viewer)

    download = client.get(_urls(accepted)["download"])

    assert download.status_code == 200
    assert download["Content-Type"] == XLSX
    assert 'filename="report-NGO1-2025-Q1-v1.xlsx"' in download["Content-Disposition"]
    assert client.get(_urls(accepted)["upload"]).status_code == 403
    assert client_of(coordinator).get(_urls(accepted)["upload"]).status_code == 403  # locked


def test_it_downloads_the_workbook_of_the_report(client_of, draft_a, reporter_a):
    response = client_of(reporter_a).get(_urls(draft_a)["download"])

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book["Values"]["A2"].value == "I1"
    assert book["Identity"]["B3"].value == "POL"


def test_it_saves_an_uploaded_workbook_and_goes_back_to_the_report(client_of, draft_a, reporter_a):
    client = client_of(reporter_a)
    page = client.get(_urls(draft_a)["upload"])

    response = client.post(_urls(draft_a)["upload"], {"file": _filled(draft_a, {"F6": 3})})

    assert page.status_code == 200
    assert b'for="id_file"' in page.content
    assert response.status_code == 302
    assert response.url == reverse("reporting:report_detail", args=[draft_a.pk])
    value = IndicatorValue.objects.get()
    assert (value.period, value.value, value.source) == ("2025-01", 3, ValueSource.WORKBOOK)


def test_it_shows_every_error_by_sheet_and_cell_and_saves_nothing(client_of, draft_a, approver_a):
    response = client_of(approver_a).post(
        _urls(draft_a)["upload"], {"file": _filled(draft_a, {"F6": "three", "F7": "#N/A"})}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The workbook was not saved: 2 errors" in page
    assert "<td>F6</td>" in page
    assert "“three” is not a number." in page
    assert "<td>F7</td>" in page
    assert "the formula gives the error #N/A." in page
    assert not IndicatorValue.objects.exists()


def test_it_shows_the_rules_errors_on_their_cells(client_of, draft_a, reporter_a):
    response = client_of(reporter_a).post(
        _urls(draft_a)["upload"], {"file": _filled(draft_a, {"F6": -1, "F7": 2.5})}
    )

    page = response.content.decode()
    assert "<td>F6</td>" in page
    assert "I2, 2025-01, total: the value cannot be negative." in page
    assert "<td>F7</td>" in page
    assert "I2, 2025-02, total: a count must be a whole number." in page
    assert not IndicatorValue.objects.exists()


def test_it_refuses_a_file_that_is_not_xlsx_before_reading_it(client_of, draft_a, reporter_a):
    upload = SimpleUploadedFile("report.csv", b"indicator,value\n", content_type="text/csv")

    response = client_of(reporter_a).post(_urls(draft_a)["upload"], {"file": upload})

    assert response.status_code == 200
    assert "report.csv is not a .xlsx file." in response.content.decode()


def test_it_refuses_a_workbook_over_the_size_limit(client_of, draft_a, reporter_a, settings):
    settings.WORKBOOK_MAX_BYTES = 1024
    upload = SimpleUploadedFile("report.xlsx", b"x" * 2048, content_type=XLSX)

    response = client_of(reporter_a).post(_urls(draft_a)["upload"], {"file": upload})

    assert "The file is too large: it may be at most 1.0\xa0KB." in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_it_says_when_the_report_changed_after_the_download(client_of, draft_a, reporter_a):
    upload = _filled(draft_a, {"F6": 3})
    Report.objects.filter(pk=draft_a.pk).update(revision=5)

    response = client_of(reporter_a).post(_urls(draft_a)["upload"], {"file": upload})

    assert response.status_code == 200
    assert "The report was changed after you downloaded the workbook" in response.content.decode()
    assert not IndicatorValue.objects.exists()


# Bulk data values ----------------------------------------------------------------------------

VALUES_URL = reverse("reporting:values_upload")


def test_it_refuses_the_values_page_to_those_who_may_not_import(client_of, plan, viewer):
    client = client_of(viewer)

    assert client.get(VALUES_URL).status_code == 403
    posted = client.post(
        VALUES_URL,
        {
            "plan": plan.pk,
            "file": _values_file(["indicator,period,agency,value", "I1,2025Q1,POL,1"]),
        },
    )
    assert posted.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_it_imports_a_coordinators_values_as_accepted(client_of, plan, coordinator):
    lines = ["indicator,period,agency,value,sex", "I1,2025Q1,POL,3,", "I1,2025-Q1,POL,2,female"]

    response = client_of(coordinator).post(
        VALUES_URL, {"plan": plan.pk, "file": _values_file(lines), "status": "accepted"}
    )

    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.ACCEPTED
    assert report.values.count() == 2


def test_it_lists_the_errors_of_a_values_file_and_stores_nothing(client_of, plan, reporter_b):
    lines = ["indicator,period,agency,value", "I1,2025-Q1,POL,3", "IB,2025-Q9,NGO1,1"]

    response = client_of(reporter_b).post(
        VALUES_URL, {"plan": plan.pk, "file": _values_file(lines)}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The file was not imported: 2 errors" in page
    assert (
        "row 2, column &#x27;agency&#x27;: You may import values of your own agency only." in page
    )
    assert "row 3, column &#x27;period&#x27;:" in page
    assert not Report.objects.exists()


def test_it_records_a_reporters_values_for_review(client_of, plan, reporter_a):
    client = client_of(reporter_a)
    page = client.get(VALUES_URL)

    response = client.post(
        VALUES_URL,
        {
            "plan": plan.pk,
            "file": _values_file(["indicator,period,agency,value", "I1,2025Q1,POL,1"]),
        },
    )

    assert b'name="status"' not in page.content  # only the coordinator chooses
    assert response.status_code == 302
    assert Report.objects.get().status == ReportStatus.SUBMITTED


def test_it_refuses_a_values_file_that_is_neither_csv_nor_xlsx(client_of, plan, coordinator):
    upload = SimpleUploadedFile("values.txt", b"indicator,value\n", content_type="text/plain")

    response = client_of(coordinator).post(VALUES_URL, {"plan": plan.pk, "file": upload})

    assert response.status_code == 200
    assert "values.txt is not a .csv / .xlsx file." in response.content.decode()
    assert not Report.objects.exists()


def test_it_says_too_large_when_a_values_file_is_dropped_from_memory(
    client_of, plan, coordinator, settings
):
    # Beyond FILE_UPLOAD_MAX_MEMORY_SIZE the in-memory handler drops the file: the form must
    # still say "too large", not "required".
    settings.WORKBOOK_MAX_BYTES = 1000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2000
    lines = ["indicator,period,agency,value"] + ["I1,2025Q1,POL,1"] * 200

    response = client_of(coordinator).post(
        VALUES_URL, {"plan": plan.pk, "file": _values_file(lines)}
    )

    assert response.status_code == 200
    assert "too large" in str(response.context["form"].errors["file"])
    assert not Report.objects.exists()
