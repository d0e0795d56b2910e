"""Reports in the admin: administrators read them; nobody changes them there."""

import pytest
from django.urls import reverse

from tests.reporting.core_data import accepted_q2, build_world

MODELS = ["report", "indicatorvalue", "indicatorentry", "activityupdate", "remindersent"]


@pytest.fixture
def report(agency_a, agency_b, reporter_a, coordinator):
    return accepted_q2(build_world(agency_a, agency_b), reporter_a, coordinator)


def test_it_lets_an_administrator_read_every_reporting_record(client_of, administrator, report):
    client = client_of(administrator)
    for model in MODELS:
        url = reverse(f"admin:reporting_{model}_changelist")
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:reporting_report_change", args=[report.pk]))
    assert page.status_code == 200
    assert b"Accepted" in page.content


def test_it_changes_nothing_through_the_admin(client_of, administrator, report):
    client = client_of(administrator)
    assert client.get(reverse("admin:reporting_report_add")).status_code == 403
    delete = reverse("admin:reporting_report_delete", args=[report.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:reporting_report_change", args=[report.pk])
    client.post(change, {"status": "draft"})
    report.refresh_from_db()
    assert report.status == "accepted"


@pytest.mark.parametrize("persona", ["coordinator", "reporter_a", "viewer"])
def test_it_sends_every_other_role_away(client_of, personas, persona, report):
    response = client_of(personas[persona]).get(reverse("admin:reporting_report_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_sends_an_anonymous_visitor_away(anonymous):
    response = anonymous.get(reverse("admin:reporting_indicatorvalue_changelist"))
    assert response.status_code == 302
