"""Where `/` leads (issue 9 #12): each role lands on its work after sign-in, a visitor who is
not signed in on the public site; and the 403 and 404 pages are in the site's layout and the
user's language."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from plans.models import PlanStatus
from tests import factories
from tests.factories import PASSWORD


def test_it_sends_a_visitor_who_is_not_signed_in_to_the_public_site(anonymous, db):
    response = anonymous.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("public:index")


@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "reporter_b"])
def test_it_sends_an_agency_user_to_its_reports(client_of, personas, persona, plan):
    response = client_of(personas[persona]).get("/")

    assert response["Location"] == reverse("reporting:report_list")


def test_it_sends_the_coordinator_to_what_needs_attention(client_of, coordinator, plan):
    factories.PlanFactory(status=PlanStatus.DRAFT)  # a draft in the making is not the work

    response = client_of(coordinator).get("/")

    assert response["Location"] == reverse("reporting:attention", args=[plan.pk])


def test_it_lets_the_coordinator_choose_among_several_plans(client_of, coordinator, plan):
    factories.PlanFactory()

    response = client_of(coordinator).get("/")

    assert response["Location"] == reverse("plans:plan_list")


def test_it_sends_a_viewer_to_the_progress_of_the_plan(client_of, viewer, plan):
    response = client_of(viewer).get("/")

    assert response["Location"] == reverse("progress:overview", args=[plan.pk])


def test_it_sends_a_viewer_to_the_plans_when_there_are_several(client_of, viewer, plan):
    factories.PlanFactory()

    response = client_of(viewer).get("/")

    assert response["Location"] == reverse("plans:plan_list")


def test_it_sends_a_case_records_officer_to_the_case_records(client_of, case_officer_a, plan):
    response = client_of(case_officer_a).get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:record_list")


def test_it_sends_an_agency_user_manager_to_its_people(client_of, user_manager_a, plan):
    response = client_of(user_manager_a).get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("people:list")


def test_it_sends_an_administrator_to_the_administration(client_of, administrator, plan):
    response = client_of(administrator).get("/")

    assert response["Location"] == reverse("admin:index")


def test_it_lands_a_reporter_on_its_reports_after_signing_in(reporter_a, plan):
    device = TOTPDevice.objects.create(user=reporter_a, name="default", confirmed=True)
    client = Client()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)

    client.post(reverse("accounts:login"), {"username": "reporter_a", "password": PASSWORD})
    response = client.post(
        reverse("accounts:two_factor"), {"token": f"{totp.token():06d}"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("reporting:report_list")
    assert response.status_code == 200


def test_it_links_the_brand_to_the_users_start_page(client_of, reporter_a, plan):
    page = client_of(reporter_a).get(reverse("agencies:list")).content.decode()

    assert '<a class="brand" href="/">' in page


def test_it_shows_a_refusal_in_the_sites_layout(client_of, reporter_a, plan):
    response = client_of(reporter_a).get(reverse("plans:plan_create"))

    page = response.content.decode()
    assert response.status_code == 403
    assert 'class="site-header"' in page
    assert "You may not open this page" in page
    assert f'href="{reverse("home")}"' in page


def test_it_shows_a_missing_page_in_the_sites_layout(client_of, reporter_a):
    response = client_of(reporter_a).get("/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in page
    assert "Page not found" in page


def test_it_shows_a_missing_page_to_a_visitor_too(anonymous, db):
    response = anonymous.get("/public/plans/999999/")

    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


@pytest.mark.parametrize("language", ["hy", "ru"])
def test_it_shows_the_error_pages_in_the_users_language(client_of, reporter_a, plan, language):
    client = client_of(reporter_a)
    client.cookies["django_language"] = language

    refused = client.get(reverse("plans:plan_create")).content.decode()
    missing = client.get("/no-such-page/").content.decode()

    for page in (refused, missing):
        assert f'<html lang="{language}">' in page
        assert "Sign out" not in page  # the layout's own words are in the user's language


def test_it_shows_no_navigation_before_the_second_factor(reporter_a):
    client = Client()
    client.post(reverse("accounts:login"), {"username": "reporter_a", "password": PASSWORD})

    page = client.get(reverse("accounts:two_factor")).content.decode()

    assert '<nav aria-label="Main">' not in page
    assert f'action="{reverse("accounts:logout")}"' in page  # signing out stays possible
