"""Who grants what (issue 11): the coordinator any role but administrator, an agency's user
manager the reporting roles to its own agency's users, an administrator the roles that read no
case data; roles that read case data come from the coordinator alone; never to oneself."""

import pytest
from django.urls import reverse

from accounts import permissions
from accounts.models import Role, RoleGrant, SecurityEvent, User
from tests import factories

REPORTING = [Role.REPORTER, Role.APPROVER, Role.USER_MANAGER]
NO_CASE_DATA = [role for role in Role if role not in (Role.COORDINATOR, Role.CASE_OFFICER)]


@pytest.fixture
def actors(personas, case_officer_a, user_manager_a) -> dict[str, User]:
    return {**personas, "case_officer_a": case_officer_a, "user_manager_a": user_manager_a}


@pytest.mark.parametrize(
    ("actor", "agency", "expected"),
    [
        ("coordinator", "a", [role for role in Role if role != Role.ADMINISTRATOR]),
        ("coordinator", "b", [role for role in Role if role != Role.ADMINISTRATOR]),
        ("user_manager_a", "a", REPORTING),
        ("user_manager_a", "b", []),
        ("administrator", "a", NO_CASE_DATA),
        ("approver_a", "a", []),
        ("reporter_a", "a", []),
        ("case_officer_a", "a", []),
        ("viewer", "a", []),
    ],
)
def test_it_lets_each_role_grant_only_its_share(
    actors, agency_a, agency_b, actor, agency, expected
):
    target = {"a": agency_a, "b": agency_b}[agency]

    assert permissions.grantable_roles(actors[actor], target.pk) == expected
    assert permissions.grantable_roles(actors[actor], target) == expected


def test_it_keeps_case_reading_roles_for_the_coordinator(actors, agency_a):
    for name, actor in actors.items():
        granted = set(permissions.grantable_roles(actor, agency_a.pk))
        if name == "coordinator":
            assert granted >= permissions.CASE_READING_ROLES
        else:
            assert not permissions.CASE_READING_ROLES & granted, name


@pytest.mark.parametrize(
    ("actor", "subject", "allowed"),
    [
        ("coordinator", "reporter_a", True),
        ("coordinator", "case_officer_a", True),
        ("coordinator", "administrator", True),
        ("coordinator", "coordinator", False),
        ("user_manager_a", "reporter_a", True),
        ("user_manager_a", "approver_a", True),
        ("user_manager_a", "user_manager_a", False),
        ("user_manager_a", "reporter_b", False),
        ("user_manager_a", "case_officer_a", False),
        ("user_manager_a", "coordinator", False),
        ("approver_a", "reporter_a", False),
        ("administrator", "reporter_a", False),
        ("case_officer_a", "reporter_a", False),
        ("viewer", "reporter_a", False),
    ],
)
def test_it_says_who_manages_whom(actors, actor, subject, allowed):
    assert permissions.may_manage_user(actors[actor], actors[subject]) is allowed


def test_it_lets_no_user_manager_manage_a_colleague_holding_a_case_role(user_manager_a, agency_a):
    both = factories.UserFactory.create(
        username="both", agency=agency_a, roles=[Role.REPORTER, Role.CASE_OFFICER]
    )
    other_manager = factories.UserFactory.create(
        username="other_manager", agency=agency_a, roles=[Role.USER_MANAGER]
    )

    assert not permissions.may_manage_user(user_manager_a, both)
    assert not permissions.may_grant_role(user_manager_a, both, Role.APPROVER)
    assert permissions.may_manage_user(user_manager_a, other_manager)


def test_it_manages_a_deactivated_user_by_the_roles_they_hold(
    user_manager_a, agency_a, coordinator
):
    gone = factories.UserFactory.create(username="gone", agency=agency_a, roles=[Role.VIEWER])
    gone.is_active = False
    gone.save()

    assert not permissions.may_manage_user(user_manager_a, User.objects.get(pk=gone.pk))
    assert permissions.may_manage_user(coordinator, User.objects.get(pk=gone.pk))


def test_it_says_who_opens_the_people_pages_and_for_which_agency(actors, agency_a):
    managing = {name for name, user in actors.items() if permissions.may_manage_users(user)}

    assert managing == {"coordinator", "user_manager_a"}
    assert permissions.managed_agency_id(actors["coordinator"]) is None
    assert permissions.managed_agency_id(actors["user_manager_a"]) == agency_a.pk


def test_it_gives_a_user_manager_without_an_agency_or_inactive_nothing(user_manager_a, reporter_a):
    loose = factories.UserFactory.create(username="loose", agency=None, roles=[Role.USER_MANAGER])
    user_manager_a.is_active = False

    for manager in (loose, user_manager_a):
        assert not permissions.may_manage_users(manager)
        assert not permissions.may_manage_user(manager, reporter_a)
        assert permissions.grantable_roles(manager, reporter_a.agency_id) == []


def test_it_lets_may_grant_role_agree_with_grantable_roles(actors):
    for actor in actors.values():
        for subject in actors.values():
            allowed = set(permissions.grantable_roles(actor, subject.agency_id))
            for role in Role:
                if permissions.may_grant_role(actor, subject, role):
                    assert role in allowed, (actor, subject, role)
            assert permissions.may_grant_roles(actor, subject) == any(
                permissions.may_grant_role(actor, subject, role) for role in Role
            )


# --- The admin's role list follows the same rules ------------------------------------------


def _change_form(user: User, roles: list[str], existing: list[RoleGrant]) -> dict:
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


def test_it_offers_an_administrator_no_case_reading_role_in_the_admin(
    client_of, administrator, reporter_a
):
    url = reverse("admin:accounts_user_change", args=[reporter_a.pk])

    page = client_of(administrator).get(url).content.decode()

    assert 'value="viewer"' in page
    assert 'value="case_officer"' not in page
    assert 'value="coordinator"' not in page


def test_it_refuses_an_administrator_granting_a_case_reading_role_in_the_admin(
    client_of, administrator, reporter_a
):
    url = reverse("admin:accounts_user_change", args=[reporter_a.pk])
    existing = list(reporter_a.role_grants.all())

    response = client_of(administrator).post(
        url, _change_form(reporter_a, [Role.CASE_OFFICER], existing)
    )

    assert response.status_code == 200  # the form again, with its errors
    assert not reporter_a.role_grants.filter(role=Role.CASE_OFFICER).exists()
    assert not SecurityEvent.objects.exists()


def test_it_refuses_an_administrator_withdrawing_the_coordinator_role_in_the_admin(
    client_of, administrator, coordinator
):
    url = reverse("admin:accounts_user_change", args=[coordinator.pk])
    grant = coordinator.role_grants.get()
    data = _change_form(coordinator, [], [grant])
    data["role_grants-0-DELETE"] = "on"

    response = client_of(administrator).post(url, data)

    assert response.status_code == 200
    assert "national coordinator" in response.content.decode()
    assert coordinator.role_grants.filter(role=Role.COORDINATOR).exists()
