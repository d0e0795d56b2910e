"""The blank workbook: every signed-in user may download it; it has every sheet of the contract
with its headers, and importing it unchanged is refused (it holds no plan)."""

import io

import openpyxl
import pytest
from django.urls import reverse

URL = reverse("plans:blank_template")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = ("Plan", "Agencies", "Dimensions", "Areas", "Objectives", "Activities", "Indicators")


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_sign_in(anonymous):
    response = anonymous.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["coordinator", "reporter_a", "approver_a", "reporter_b", "viewer", "administrator"]
)
def test_it_gives_every_signed_in_user_the_blank_workbook(request, client_of, persona):
    response = client_of(request.getfixturevalue(persona)).get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="tipmonitor-plan-template.xlsx"'
    )


@pytest.mark.django_db
def test_it_holds_every_sheet_with_its_headers_and_no_data(coordinator, client_of):
    response = client_of(coordinator).get(URL)

    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    try:
        for sheet in SHEETS:
            assert sheet in workbook.sheetnames
            headers = next(workbook[sheet].iter_rows(max_row=1, values_only=True))
            assert "Code" in headers or "Field" in headers or "Dimension" in headers, sheet
        activity_headers = next(workbook["Activities"].iter_rows(max_row=1, values_only=True))
        assert {"Code", "Objective", "Name", "Lead agency"} <= set(activity_headers)
    finally:
        workbook.close()


@pytest.mark.django_db
def test_it_refuses_a_post(coordinator, client_of):
    assert client_of(coordinator).post(URL).status_code == 405
