"""The navigation every page carries: plans and agencies for everyone signed in, the quality
check and the upload for coordinators, administration for administrators only, the language
switcher and sign-out."""

import pytest
from django.urls import reverse


def main_navigation(page: str) -> str:
    return page[page.index('<nav aria-label="Main">') : page.index("</nav>")]


def test_it_gives_the_coordinator_the_quality_check_of_the_plan_shown(client_of, coordinator, plan):
    page = client_of(coordinator).get(reverse("plans:plan_tree", args=[plan.pk])).content.decode()

    navigation = main_navigation(page)
    assert reverse("plans:plan_list") in navigation
    assert reverse("agencies:list") in navigation
    assert reverse("plans:plan_quality", args=[plan.pk]) in navigation
    assert reverse("plans:upload") in navigation
    assert reverse("admin:index") not in navigation


@pytest.mark.parametrize("persona", ["reporter_a", "viewer"])
def test_it_gives_others_only_plans_and_agencies(client_of, request, persona, plan):
    client = client_of(request.getfixturevalue(persona))

    page = client.get(reverse("plans:plan_tree", args=[plan.pk])).content.decode()

    navigation = main_navigation(page)
    assert reverse("plans:plan_list") in navigation
    assert reverse("agencies:list") in navigation
    for refused in [
        reverse("plans:plan_quality", args=[plan.pk]),
        reverse("plans:upload"),
        reverse("admin:index"),
    ]:
        assert refused not in page


def test_it_gives_the_administrator_the_administration_link(client_of, administrator):
    page = client_of(administrator).get(reverse("agencies:list")).content.decode()

    assert reverse("admin:index") in main_navigation(page)


def test_it_offers_the_language_switcher_and_sign_out(client_of, reporter_a):
    page = client_of(reporter_a).get(reverse("agencies:list")).content.decode()

    assert f'action="{reverse("set_language")}"' in page
    assert '<label for="language-select">' in page
    for code in ["en", "hy", "ru"]:
        assert f'<option value="{code}"' in page
    assert f'action="{reverse("accounts:logout")}"' in page
    assert "reporter_a · Police" in page


def test_it_shows_an_anonymous_visitor_no_navigation(anonymous, db):
    page = anonymous.get(reverse("accounts:login")).content.decode()

    assert '<nav aria-label="Main">' not in page
    assert reverse("accounts:logout") not in page


def test_it_offers_a_visitor_of_the_public_site_the_way_to_sign_in(anonymous, db):
    page = anonymous.get(reverse("public:index")).content.decode()

    assert f'<a class="sign-in" href="{reverse("accounts:login")}">' in page


def test_it_offers_no_sign_in_link_on_the_sign_in_page_nor_once_signed_in(
    anonymous, client_of, reporter_a
):
    for page in [
        anonymous.get(reverse("accounts:login")).content.decode(),
        client_of(reporter_a).get(reverse("agencies:list")).content.decode(),
    ]:
        assert 'class="sign-in"' not in page
