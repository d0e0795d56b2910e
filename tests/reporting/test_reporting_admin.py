"""The Django admin shows no reports, values, entries or activity updates (issue 10 #5): the
administrator keeps users and roles and must not read every agency's drafts there. Reminders
sent stay readable, and nobody changes them there."""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.reporting.core_data import accepted_q2, build_world

HIDDEN = ["report", "indicatorvalue", "indicatorentry", "activityupdate", "reportevent"]


@pytest.fixture
def report(agency_a, agency_b, reporter_a, coordinator):
    return accepted_q2(build_world(agency_a, agency_b), reporter_a, coordinator)


@pytest.mark.parametrize("model", HIDDEN)
def test_it_has_no_admin_page_for_report_contents(client_of, administrator, report, model):
    client = client_of(administrator)

    with pytest.raises(NoReverseMatch):
        reverse(f"admin:reporting_{model}_changelist")
    assert client.get(f"/admin/reporting/{model}/").status_code == 404
    assert client.get(f"/admin/reporting/{model}/{report.pk}/change/").status_code == 404
    assert f"/admin/reporting/{model}/" not in client.get(reverse("admin:index")).content.decode()


def test_it_lets_an_administrator_read_the_reminders_sent(client_of, administrator):
    response = client_of(administrator).get(reverse("admin:reporting_remindersent_changelist"))

    assert response.status_code == 200


def test_it_changes_no_reminder_through_the_admin(client_of, administrator):
    client = client_of(administrator)

    assert client.get(reverse("admin:reporting_remindersent_add")).status_code == 403


@pytest.mark.parametrize("persona", ["coordinator", "reporter_a", "viewer"])
def test_it_sends_every_other_role_away(client_of, personas, persona):
    response = client_of(personas[persona]).get(reverse("admin:reporting_remindersent_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
