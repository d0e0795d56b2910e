"""The paper a plan's documents are laid out on: A4 unless the plan says US Letter, set in the
plan's edit form and in its workbook's Plan sheet (issue 9, defect 9)."""

import io

import docx
import pytest
from django.urls import reverse

from documents.generate import render_document
from plans.models import Plan
from plans.workbook.services import plan_export, plan_import

pytestmark = pytest.mark.django_db


def _post(plan, **changes):
    data = {
        "code": plan.code,
        "title": plan.title,
        "country": plan.country,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "currency": plan.currency,
        "status": plan.status,
        "languages": ["en"],
        "report_deadline_days": "15",
        "reminder_days_before": "5",
        "reminder_days_after": "3",
        "on_track_from": "0.90",
        "at_risk_from": "0.60",
        "maintain_tolerance": "0.05",
    }
    return data | changes


def test_it_puts_a_new_plan_on_a4(plan):
    assert plan.paper_size == "a4"


def test_it_sets_the_paper_in_the_plans_edit_form(plan, coordinator, client_of):
    client = client_of(coordinator)
    url = reverse("plans:plan_edit", args=[plan.pk])
    page = client.get(url).content.decode()
    assert 'name="paper_size"' in page
    assert client.post(url, _post(plan, paper_size="letter")).status_code == 302
    plan.refresh_from_db()
    assert plan.paper_size == "letter"
    rendered = render_document(plan=plan, kind="annual", period="2025", language="en", fmt="docx")
    section = docx.Document(io.BytesIO(rendered.content)).sections[0]
    assert (round(section.page_width.inches, 1), round(section.page_height.inches, 1)) == (8.5, 11)


def test_it_keeps_the_paper_when_a_post_does_not_name_it(plan, coordinator, client_of):
    Plan.objects.filter(pk=plan.pk).update(paper_size="letter")
    url = reverse("plans:plan_edit", args=[plan.pk])
    assert client_of(coordinator).post(url, _post(plan)).status_code == 302
    plan.refresh_from_db()
    assert plan.paper_size == "letter"


def test_it_refuses_a_paper_it_does_not_know(plan, coordinator, client_of):
    url = reverse("plans:plan_edit", args=[plan.pk])
    response = client_of(coordinator).post(url, _post(plan, paper_size="a3"))
    assert response.status_code == 200
    assert "a3" in response.content.decode()
    plan.refresh_from_db()
    assert plan.paper_size == "a4"


def test_it_carries_the_paper_through_the_plans_workbook(plan):
    Plan.objects.filter(pk=plan.pk).update(paper_size="letter")
    plan.refresh_from_db()
    workbook = plan_export(plan=plan, fmt="xlsx")
    Plan.objects.filter(pk=plan.pk).update(paper_size="a4")
    plan_import(data=workbook)
    plan.refresh_from_db()
    assert plan.paper_size == "letter"
