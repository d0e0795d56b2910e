"""Roles (issue 10 #5): nobody grants a role to themselves, whatever the way in; every grant is
a security event, and one that opens case data is e-mailed to the coordinators; the admin
shows no authenticator devices."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Role, RoleGrant, SecurityEvent, SecurityEventKind, User


def _change_form(user: User, roles: list[str], existing: list[RoleGrant] | None = None) -> dict:
    """What the admin's user page posts: the user's own fields and the role inline."""
    existing = existing or []
    data = {
        "username": user.username,
        "email": user.email,
        "is_active": "on",
        "agency": user.agency_id or "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
        "role_grants-TOTAL_FORMS": str(len(existing) + len(roles)),
        "role_grants-INITIAL_FORMS": str(len(existing)),
        "role_grants-MIN_NUM_FORMS": "0",
        "role_grants-MAX_NUM_FORMS": "1000",
    }
    for index, grant in enumerate(existing):
        data[f"role_grants-{index}-id"] = str(grant.pk)
        data[f"role_grants-{index}-user"] = str(user.pk)
    for offset, role in enumerate(roles, start=len(existing)):
        data[f"role_grants-{offset}-role"] = role
        data[f"role_grants-{offset}-user"] = str(user.pk)
    return data


def test_it_refuses_an_administrator_making_itself_coordinator_in_the_admin(
    client_of, administrator
):
    client = client_of(administrator)
    url = reverse("admin:accounts_user_change", args=[administrator.pk])

    page = client.get(url).content.decode()
    client.post(url, _change_form(administrator, [Role.COORDINATOR]))

    assert 'name="role_grants-0-role"' not in page  # no role form on one's own account
    assert not administrator.role_grants.filter(role=Role.COORDINATOR).exists()


def test_it_refuses_a_grant_to_oneself_through_the_service(administrator):
    with pytest.raises(ValidationError):
        services.role_grant(
            user=administrator, role=Role.COORDINATOR, granted_by=administrator, via="test"
        )

    assert not administrator.role_grants.filter(role=Role.COORDINATOR).exists()
    refused = SecurityEvent.objects.get()
    assert refused.kind == SecurityEventKind.ROLE_REFUSED
    assert refused.actor == administrator


def test_it_refuses_withdrawing_a_role_of_ones_own(administrator):
    with pytest.raises(ValidationError):
        services.role_withdraw(
            user=administrator, role=Role.ADMINISTRATOR, withdrawn_by=administrator, via="test"
        )

    assert administrator.role_grants.filter(role=Role.ADMINISTRATOR).exists()


def test_it_logs_a_grant_in_the_admin(
    client_of, administrator, coordinator, viewer, django_capture_on_commit_callbacks
):
    client = client_of(administrator)
    url = reverse("admin:accounts_user_change", args=[viewer.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, _change_form(viewer, [Role.REPORTER], list(viewer.role_grants.all()))
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert viewer.role_grants.filter(role=Role.REPORTER).exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_GRANTED)
    assert (event.actor, event.subject, event.role, event.via) == (
        administrator,
        viewer,
        Role.REPORTER,
        "admin",
    )
    assert mail.outbox == []  # a reporter reads no case record


def test_it_logs_and_mails_a_grant_of_a_case_reading_role_by_the_coordinator(
    coordinator, reporter_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.role_grant(
            user=reporter_a, role=Role.CASE_OFFICER, granted_by=coordinator, via="page"
        )

    event = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_GRANTED)
    assert (event.actor, event.subject, event.role) == (
        coordinator,
        reporter_a,
        Role.CASE_OFFICER,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [coordinator.email]
    assert "reporter_a" in mail.outbox[0].subject
    assert "coordinator" in mail.outbox[0].body


def test_it_logs_a_role_withdrawn_in_the_admin(client_of, administrator, viewer):
    client = client_of(administrator)
    url = reverse("admin:accounts_user_change", args=[viewer.pk])
    grant = viewer.role_grants.get()
    data = _change_form(viewer, [], [grant])
    data["role_grants-0-DELETE"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    assert not viewer.role_grants.exists()
    assert SecurityEvent.objects.get().kind == SecurityEventKind.ROLE_WITHDRAWN


def test_it_mails_no_one_for_a_role_that_reads_no_case_data(
    coordinator, administrator, reporter_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.role_grant(user=reporter_a, role=Role.VIEWER, granted_by=administrator, via="t")

    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_GRANTED).count() == 1
    assert mail.outbox == []


def test_it_logs_and_mails_the_roles_of_a_user_made_by_the_command(
    coordinator, agency_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_create(
            username="clerk", password=None, agency=agency_a, roles=[Role.CASE_OFFICER]
        )

    event = SecurityEvent.objects.get(subject=user)
    assert (event.kind, event.role, event.actor, event.via) == (
        SecurityEventKind.ROLE_GRANTED,
        Role.CASE_OFFICER,
        None,
        "command",
    )
    assert [message.to for message in mail.outbox] == [[coordinator.email]]


def test_it_lets_no_reporter_or_approver_grant_roles(approver_a, reporter_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.role_grant(user=reporter_a, role=Role.APPROVER, granted_by=approver_a, via="t")

    assert not reporter_a.role_grants.filter(role=Role.APPROVER).exists()


def test_it_shows_no_authenticator_devices_in_the_admin(client_of, administrator):
    client = client_of(administrator)

    index = client.get(reverse("admin:index")).content.decode()

    assert "/admin/otp_totp/" not in index
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_it_shows_role_changes_on_the_coordinators_audit_page(
    client_of, coordinator, administrator, viewer
):
    services.role_grant(user=viewer, role=Role.APPROVER, granted_by=administrator, via="admin")

    page = client_of(coordinator).get(reverse("cases:audit")).content.decode()

    changes = page[page.index('id="role-changes"') :]
    assert "Role granted" in changes
    assert "viewer" in changes
    assert "Agency approver" in changes
    assert "administrator" in changes


def test_it_says_how_a_role_was_changed_in_words_not_codes(
    client_of, coordinator, administrator, viewer, agency_a, django_capture_on_commit_callbacks
):
    services.role_grant(user=viewer, role=Role.APPROVER, granted_by=administrator, via="admin")
    with django_capture_on_commit_callbacks(execute=True):
        services.user_create(
            username="clerk", password=None, agency=agency_a, roles=[Role.CASE_OFFICER]
        )

    page = client_of(coordinator).get(reverse("cases:audit")).content.decode()

    changes = page[page.index('id="role-changes"') :]
    assert "<td>the administration site</td>" in changes
    assert "<td>the command line</td>" in changes
    assert "<td>admin</td>" not in changes
    assert "<td>command</td>" not in changes
    assert "through the command line" in mail.outbox[0].body
