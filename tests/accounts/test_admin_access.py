"""The Django admin (users, roles, every record) opens to administrators only (ASVS 4.1.1):
not to coordinators, not to a user who is staff without the administrator role."""

import pytest
from django.urls import reverse

from accounts.models import User


def _admin_urls() -> list[str]:
    return [reverse("admin:index"), reverse("admin:accounts_user_changelist")]


def test_it_opens_the_admin_to_an_administrator(client_of, administrator):
    client = client_of(administrator)

    for url in _admin_urls():
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["coordinator", "reporter_a", "approver_a", "viewer"])
def test_it_sends_every_other_role_away(client_of, personas, persona):
    client = client_of(personas[persona])

    for url in _admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_it_refuses_a_staff_user_without_the_administrator_role(client_of, coordinator):
    User.objects.filter(pk=coordinator.pk).update(is_staff=True, is_superuser=True)

    response = client_of(User.objects.get(pk=coordinator.pk)).get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_refuses_an_administrator_whose_account_is_disabled(client_of, administrator):
    client = client_of(administrator)
    User.objects.filter(pk=administrator.pk).update(is_active=False)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302


def test_it_sends_an_anonymous_visitor_to_the_admin_sign_in(anonymous):
    response = anonymous.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_shows_the_administration_link_to_administrators_only(
    client_of, administrator, coordinator
):
    admin_url = f'href="{reverse("admin:index")}"'

    as_admin = client_of(administrator).get(reverse("plans:plan_list")).content.decode()
    as_coordinator = client_of(coordinator).get(reverse("plans:plan_list")).content.decode()

    assert admin_url in as_admin
    assert admin_url not in as_coordinator
