"""Downloading a plan as its workbook or as JSON: whoever may see the plan may download it, a
draft stays hidden from non-coordinators, and only the two formats exist."""

import io
import json

import openpyxl
import pytest
from django.urls import reverse

from plans.models import PlanStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(plan, fmt: str) -> str:
    return reverse("plans:export", kwargs={"plan_id": plan.pk, "fmt": fmt})


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_sign_in(anonymous, plan):
    for fmt in ("xlsx", "json"):
        response = anonymous.get(_url(plan, fmt))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_it_downloads_the_plan_as_its_workbook(coordinator, client_of, plan):
    response = client_of(coordinator).get(_url(plan, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="NAP-TEST.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    fields = {row[0]: row[1] for row in workbook["Plan"].iter_rows(min_row=2, values_only=True)}
    activities = [row[0] for row in workbook["Activities"].iter_rows(min_row=2, values_only=True)]
    workbook.close()
    assert fields["Code"] == "NAP-TEST"
    assert sorted(activities) == ["2.1.1", "2.1.2"]


@pytest.mark.django_db
def test_it_downloads_the_plan_as_json(coordinator, client_of, plan):
    response = client_of(coordinator).get(_url(plan, "json"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="NAP-TEST.json"'
    content = json.loads(response.content)
    assert content["plan"]["code"] == "NAP-TEST"
    assert sorted(activity["code"] for activity in content["activities"]) == ["2.1.1", "2.1.2"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "reporter_b", "viewer"])
def test_it_lets_everyone_signed_in_download_an_adopted_plan(request, client_of, plan, persona):
    assert plan.status == PlanStatus.ADOPTED

    response = client_of(request.getfixturevalue(persona)).get(_url(plan, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "reporter_b", "viewer"])
def test_it_hides_a_draft_plan_from_non_coordinators(request, client_of, plan, persona):
    plan.status = PlanStatus.DRAFT
    plan.save()
    client = client_of(request.getfixturevalue(persona))

    for fmt in ("xlsx", "json"):
        assert client.get(_url(plan, fmt)).status_code == 404


@pytest.mark.django_db
def test_it_lets_the_coordinator_download_a_draft(coordinator, client_of, plan):
    plan.status = PlanStatus.DRAFT
    plan.save()

    assert client_of(coordinator).get(_url(plan, "xlsx")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xls", "XLSX", "pdf"])
def test_it_knows_no_other_format(coordinator, client_of, plan, fmt):
    assert client_of(coordinator).get(_url(plan, fmt)).status_code == 404


@pytest.mark.django_db
def test_it_answers_404_for_a_plan_that_does_not_exist(coordinator, client_of):
    url = reverse("plans:export", kwargs={"plan_id": 999999, "fmt": "xlsx"})

    assert client_of(coordinator).get(url).status_code == 404
