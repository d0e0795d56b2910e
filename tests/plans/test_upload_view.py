"""The coordinator's workbook upload page: only coordinators, a good workbook becomes the plan, a
broken one is refused with located errors and nothing stored, a dry run stores nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency
from plans.models import Activity, Plan, PlanStatus
from tipmonitor.sample import SAMPLE_WORKBOOK

URL = reverse("plans:upload")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(data: bytes, name: str = "plan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def _sample() -> SimpleUploadedFile:
    return _file(SAMPLE_WORKBOOK.read_bytes(), "nap-sample.xlsx")


def _stored() -> tuple[int, int, int]:
    return Plan.objects.count(), Activity.objects.count(), Agency.objects.count()


def _no_plan_sheets() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Budget"
    sheet.append(["Item", "Amount"])
    sheet.append(["Shelter", 1200])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_sign_in(anonymous):
    for response in (anonymous.get(URL), anonymous.post(URL, {"workbook": _sample()})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert not Plan.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "viewer", "administrator"])
def test_it_refuses_everyone_but_the_coordinator(request, client_of, persona):
    client = client_of(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"workbook": _sample()}).status_code == 403
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_it_shows_the_form_with_a_link_to_the_blank_workbook(coordinator, client_of):
    response = client_of(coordinator).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="file"' in page
    assert 'name="dry_run"' in page
    assert 'enctype="multipart/form-data"' in page
    assert reverse("plans:blank_template") in page


@pytest.mark.django_db
def test_it_imports_a_good_workbook_and_shows_the_plan(coordinator, client_of):
    client = client_of(coordinator)

    response = client.post(URL, {"workbook": _sample()})

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:plan_tree", kwargs={"plan_id": plan.pk})
    assert plan.code == "NAP-ARDENIA-2024-2026"
    assert plan.status == PlanStatus.ADOPTED
    assert plan.activities.count() >= 25
    message = client.get(response.url).content.decode()
    assert "NAP-ARDENIA-2024-2026 imported" in message
    assert "Created" in message


@pytest.mark.django_db
def test_it_updates_the_same_plan_when_the_workbook_comes_again(coordinator, client_of):
    client = client_of(coordinator)
    client.post(URL, {"workbook": _sample()})
    before = _stored()

    response = client.post(URL, {"workbook": _sample()})

    assert response.status_code == 302
    assert _stored() == before


@pytest.mark.django_db
def test_it_stores_nothing_on_a_dry_run_and_shows_what_would_change(coordinator, client_of):
    before = _stored()
    response = client_of(coordinator).post(URL, {"workbook": _sample(), "dry_run": "on"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was saved" in page
    assert "NAP-ARDENIA-2024-2026" in page
    assert "Created" in page
    assert _stored() == before


@pytest.mark.django_db
def test_it_lists_a_located_error_for_a_file_that_is_not_a_workbook(coordinator, client_of):
    before = _stored()
    response = client_of(coordinator).post(URL, {"workbook": _file(b"this is not a zip file")})

    assert response.status_code == 200
    assert [(error.sheet, error.row) for error in response.context["errors"]] == [
        ("Workbook", None)
    ]
    assert "not an XLSX workbook" in response.content.decode()
    assert _stored() == before


@pytest.mark.django_db
def test_it_names_the_missing_sheets_of_a_workbook_without_them(coordinator, client_of):
    before = _stored()
    response = client_of(coordinator).post(URL, {"workbook": _file(_no_plan_sheets())})

    assert response.status_code == 200
    named = " ".join(f"{error.sheet} {error.message}" for error in response.context["errors"])
    for sheet in ("Plan", "Areas", "Objectives", "Activities", "Indicators"):
        assert sheet in named
    page = response.content.decode()
    assert '<th scope="col">Sheet</th>' in page
    assert "Nothing was saved" in page
    assert _stored() == before


@pytest.mark.django_db
def test_it_keeps_the_stored_plan_when_an_update_is_broken(coordinator, client_of, plan):
    before = (_stored(), list(plan.activities.values_list("code", flat=True)))

    response = client_of(coordinator).post(URL, {"workbook": _file(_no_plan_sheets())})

    assert response.status_code == 200
    assert (_stored(), list(plan.activities.values_list("code", flat=True))) == before


@pytest.mark.django_db
def test_it_refuses_a_file_over_the_size_limit(coordinator, client_of, settings):
    settings.WORKBOOK_MAX_BYTES = 1000
    before = _stored()

    response = client_of(coordinator).post(URL, {"workbook": _sample()})

    assert response.status_code == 200
    error = str(response.context["form"].errors["workbook"])
    assert "too large" in error
    assert "1000" in error
    assert _stored() == before


@pytest.mark.django_db
def test_it_refuses_an_upload_too_large_to_be_read_in_memory(coordinator, client_of, settings):
    # Beyond FILE_UPLOAD_MAX_MEMORY_SIZE the in-memory handler drops the file: the form must
    # still say "too large", not "required".
    settings.WORKBOOK_MAX_BYTES = 1000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2000
    before = _stored()

    response = client_of(coordinator).post(URL, {"workbook": _sample()})

    assert response.status_code == 200
    assert "too large" in str(response.context["form"].errors["workbook"])
    assert _stored() == before


@pytest.mark.django_db
def test_it_refuses_a_file_that_is_not_xlsx_by_name(coordinator, client_of):
    before = _stored()
    response = client_of(coordinator).post(
        URL, {"workbook": _file(b"Code,Name\n1,Prevention\n", "plan.csv")}
    )

    assert response.status_code == 200
    assert "plan.csv is not an Excel workbook" in str(response.context["form"].errors)
    assert _stored() == before


@pytest.mark.django_db
def test_it_asks_for_a_file_when_none_is_sent(coordinator, client_of):
    response = client_of(coordinator).post(URL, {"dry_run": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors["workbook"]
    assert not Plan.objects.exists()


def test_it_keeps_uploads_in_memory_only(settings):
    assert settings.FILE_UPLOAD_HANDLERS == [
        "django.core.files.uploadhandler.MemoryFileUploadHandler"
    ]
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE > settings.WORKBOOK_MAX_BYTES


@pytest.mark.django_db
def test_it_finds_nothing_to_change_in_a_plan_downloaded_unchanged(coordinator, client_of):
    client = client_of(coordinator)
    client.post(URL, {"workbook": _sample()})
    export = reverse("plans:export", kwargs={"plan_id": Plan.objects.get().pk, "fmt": "xlsx"})
    downloaded = client.get(export).content

    response = client.post(URL, {"workbook": _file(downloaded), "dry_run": "on"})

    assert response.status_code == 200
    assert response.context["changes"] == []
    assert "Nothing would change" in response.content.decode()
