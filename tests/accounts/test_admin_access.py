"""The Django admin (users, roles, a few reviewed records) opens to administrators only (ASVS
5.0 V8.2.1): not to coordinators, not to a user who is staff without the administrator role;
and there an administrator sets no one's password or second factor (V6.4.3, V6.4.6)."""

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


# An administrator must not set anyone's password or second factor in the admin (issue 10):
# with a coordinator's password set there and `reset-2fa`, the administrator would hold the
# whole account. Accounts come from `tipmonitor add-user`, forgotten passwords are reset with
# `tipmonitor changepassword` on the server, lost phones with `tipmonitor reset-2fa`.

NEW_PASSWORD = "taken-over-by-the-admin-2025"


def _set_password_url(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def test_it_shows_no_password_on_another_users_admin_page(client_of, administrator, coordinator):
    page = client_of(administrator).get(
        reverse("admin:accounts_user_change", args=[coordinator.pk])
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="password' not in html
    assert _set_password_url(coordinator) not in html
    assert 'href="../password/"' not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_setting_another_users_password_in_the_admin(
    client_of, administrator, coordinator, method
):
    hash_before = coordinator.password
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}

    response = getattr(client_of(administrator), method)(_set_password_url(coordinator), data)

    assert response.status_code == 403
    coordinator.refresh_from_db()
    assert coordinator.password == hash_before
    assert not coordinator.check_password(NEW_PASSWORD)


def test_it_refuses_disabling_another_users_password_in_the_admin(
    client_of, administrator, coordinator
):
    response = client_of(administrator).post(
        _set_password_url(coordinator), {"usable_password": "false", "unset-password": "1"}
    )

    assert response.status_code == 403
    coordinator.refresh_from_db()
    assert coordinator.has_usable_password()


def test_it_ignores_a_password_hash_posted_with_the_users_page(client_of, administrator, viewer):
    """Mass assignment: a hash of the administrator's choosing slipped into the change form."""
    from django.contrib.auth.hashers import make_password

    hash_before = viewer.password
    data = {
        "username": viewer.username,
        "email": viewer.email,
        "is_active": "on",
        "agency": viewer.agency_id or "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
        "password": make_password(NEW_PASSWORD),
        "role_grants-TOTAL_FORMS": "0",
        "role_grants-INITIAL_FORMS": "0",
        "role_grants-MIN_NUM_FORMS": "0",
        "role_grants-MAX_NUM_FORMS": "1000",
    }

    response = client_of(administrator).post(
        reverse("admin:accounts_user_change", args=[viewer.pk]), data
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    viewer.refresh_from_db()
    assert viewer.password == hash_before


def test_it_sets_ones_own_password_only_with_the_current_one(client_of, administrator):
    """Django's set-password page asks no current password, so it is closed to one's own
    account too (ASVS 5.0 V6.2.3); the admin's own "Change password" page leads to the
    application's, which asks for it, counts wrong ones and logs the change."""
    client = client_of(administrator)

    assert client.get(_set_password_url(administrator)).status_code == 403
    response = client.get(reverse("admin:password_change"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:password_change")
    assert 'name="current_password"' in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_adds_no_user_in_the_admin(client_of, administrator, method):
    """A user added in the admin would have a password the administrator chose."""
    data = {
        "username": "puppet",
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }

    response = getattr(client_of(administrator), method)(reverse("admin:accounts_user_add"), data)

    assert response.status_code == 403
    assert not User.objects.filter(username="puppet").exists()
    changelist = client_of(administrator).get(reverse("admin:accounts_user_changelist"))
    assert reverse("admin:accounts_user_add") not in changelist.content.decode()


# What the admin shows at all. Every model registered there was reviewed: none holds reports,
# values, case data, documents or the case audit, and none holds a password or a second factor.
REVIEWED_FOR_THE_ADMIN = {
    "accounts.User",  # names, agencies, roles; no password, no device (above)
    "accounts.LoginFailure",  # read-only
    "accounts.SecurityEvent",  # read-only: who changed whose roles
    "agencies.Agency",
    "reporting.ReminderSent",  # read-only: which reminder went out when, no report content
}
APPS_KEPT_OUT_OF_THE_ADMIN = [
    "reporting",
    "cases",
    "documents",
    "progress",
    "otp_totp",
    "jobs",
    "django_tasks_database",
]


def _registered() -> set[str]:
    from django.contrib import admin

    return {model._meta.label for model in admin.site._registry}


def test_it_registers_only_models_reviewed_for_the_admin():
    registered = _registered()

    unexpected = registered - REVIEWED_FOR_THE_ADMIN
    assert not unexpected, f"review these admin pages (issue 10): {sorted(unexpected)}"
    # Roles, not Django's groups, say who may do what: no page edits what nothing reads.
    assert "auth.Group" not in registered


def test_it_titles_the_admin_and_leads_its_view_site_link_to_the_public_site(
    client_of, administrator
):
    page = client_of(administrator).get(reverse("admin:index")).content.decode()

    assert "TIP Monitor administration" in page
    assert "Django administration" not in page
    assert f'href="{reverse("public:index")}"' in page
    assert "/admin/auth/group/" not in page


@pytest.mark.parametrize("app_label", APPS_KEPT_OUT_OF_THE_ADMIN)
def test_it_exposes_no_report_case_document_or_device_model(app_label):
    from django.apps import apps

    models = {model._meta.label for model in apps.get_app_config(app_label).get_models()}

    exposed = (models & _registered()) - {"reporting.ReminderSent"}
    assert not exposed


def test_it_shows_no_activation_codes_or_devices_in_the_admin(client_of, administrator):
    client = client_of(administrator)

    assert "accounts.ActivationCode" not in _registered()
    assert client.get("/admin/accounts/activationcode/").status_code == 404
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 404


def test_it_lets_no_one_add_or_delete_login_failures_in_the_admin(client_of, administrator):
    """Deleting failures would lift a lockout and erase the trace of an attack; adding some
    would lock a user out."""
    from accounts.models import LoginFailure

    failure = LoginFailure.objects.create(username="coordinator", ip_address="192.0.2.1")
    client = client_of(administrator)

    added = client.post(
        reverse("admin:accounts_loginfailure_add"),
        {"username": "coordinator", "ip_address": "192.0.2.9"},
    )
    deleted = client.post(
        reverse("admin:accounts_loginfailure_delete", args=[failure.pk]), {"post": "yes"}
    )

    assert (added.status_code, deleted.status_code) == (403, 403)
    assert list(LoginFailure.objects.values_list("ip_address", flat=True)) == ["192.0.2.1"]
    listing = client.get(reverse("admin:accounts_loginfailure_changelist"))
    assert listing.status_code == 200


def test_it_keeps_another_users_e_mail_address_out_of_the_administrators_reach(
    client_of, administrator, viewer
):
    """Role-change notices (and later invitations) go to that address."""
    viewer.email = "viewer@example.org"
    viewer.save()
    data = {
        "username": viewer.username,
        "email": "attacker@example.org",
        "is_active": "on",
        "agency": viewer.agency_id or "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
        "role_grants-TOTAL_FORMS": "0",
        "role_grants-INITIAL_FORMS": "0",
        "role_grants-MIN_NUM_FORMS": "0",
        "role_grants-MAX_NUM_FORMS": "1000",
    }

    response = client_of(administrator).post(
        reverse("admin:accounts_user_change", args=[viewer.pk]), data
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    viewer.refresh_from_db()
    assert viewer.email == "viewer@example.org"
