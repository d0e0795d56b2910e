"""`Cache-Control: no-store` on every answer of the API and on every download (issue 10 #11,
ASVS 8.2.1), so that no report, export or document stays in a shared browser's cache."""

import pytest
from django.urls import reverse

from tests.reporting.pages import open_report


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/api/v1/plans", "/api/v1/agencies", "/api/v1/reports"])
def test_it_keeps_api_answers_out_of_caches(client_of, coordinator, plan, path):
    response = client_of(coordinator).get(path)

    assert response.status_code == 200
    assert _no_store(response)


def test_it_keeps_api_refusals_out_of_caches(anonymous, db):
    response = anonymous.get("/api/v1/plans")

    assert response.status_code == 401
    assert _no_store(response)


def test_it_keeps_the_plan_workbook_out_of_caches(client_of, coordinator, plan):
    response = client_of(coordinator).get(reverse("plans:export", args=[plan.pk, "xlsx"]))

    assert response.status_code == 200
    assert response.has_header("Content-Disposition")
    assert _no_store(response)


def test_it_keeps_a_report_workbook_out_of_caches(client_of, reporter_a, agency_a, plan):
    report = open_report(plan, agency_a, reporter_a)

    response = client_of(reporter_a).get(reverse("reporting:report_workbook", args=[report.pk]))

    assert response.status_code == 200
    assert _no_store(response)


def test_it_leaves_ordinary_pages_alone(client_of, coordinator, plan):
    response = client_of(coordinator).get(reverse("plans:plan_list"))

    assert not _no_store(response)
