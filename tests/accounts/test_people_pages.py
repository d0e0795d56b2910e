"""The people pages (issue 11): the coordinator manages every agency's users, an agency's user
manager its own agency's; everyone else is refused (403), and a person out of reach is not
even said to exist (404). Every change made there is a security event; nobody is deleted."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import (
    ActivationChannel,
    ActivationCode,
    Role,
    SecurityEvent,
    SecurityEventKind,
    User,
)
from tests import factories
from tests.conftest import signed_in_client

MANAGERS = {"coordinator", "user_manager_a"}
OTHERS = {"approver_a", "reporter_a", "viewer", "administrator", "case_officer_a"}
ACTIONS = ["deactivate", "reset_second_factor", "resend_invitation", "reactivate"]


@pytest.fixture
def people(
    coordinator,
    user_manager_a,
    approver_a,
    reporter_a,
    viewer,
    administrator,
    case_officer_a,
    reporter_b,
) -> dict[str, User]:
    return {
        "coordinator": coordinator,
        "user_manager_a": user_manager_a,
        "approver_a": approver_a,
        "reporter_a": reporter_a,
        "viewer": viewer,
        "administrator": administrator,
        "case_officer_a": case_officer_a,
        "reporter_b": reporter_b,
    }


def _pages(person: User) -> list[tuple[str, str]]:
    """(method, url) of every people page, with `person` as the person shown or changed."""
    pages = [
        ("get", reverse("people:list")),
        ("get", reverse("people:invite")),
        ("get", reverse("people:detail", args=[person.pk])),
        ("post", reverse("people:roles", args=[person.pk])),
    ]
    for action in ACTIONS:
        pages.append(("get", reverse(f"people:{action}", args=[person.pk])))
    return pages


def _invited(**fields) -> User:
    """A person invited but not signed in yet: no password, an unused invitation link."""
    user = factories.UserFactory.create(password="!", **fields)
    user.set_unusable_password()
    user.save()
    ActivationCode.objects.create(
        user=user,
        code_hash=f"{user.pk:064d}",
        channel=ActivationChannel.INVITATION,
        expires_at=timezone.now() + timedelta(hours=72),
    )
    return user


# Who gets in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(MANAGERS | OTHERS))
def test_it_opens_every_people_page_to_managers_only(persona, people, reporter_a):
    client = signed_in_client(people[persona])

    statuses = {url: getattr(client, method)(url).status_code for method, url in _pages(reporter_a)}

    if persona in MANAGERS:
        assert set(statuses.values()) <= {200, 302, 400}, statuses
    else:
        assert set(statuses.values()) == {403}, statuses


def test_it_sends_the_anonymous_visitor_to_sign_in(reporter_a):
    for method, url in _pages(reporter_a):
        response = getattr(Client(), method)(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("whom", ["reporter_b", "coordinator", "viewer"])
def test_it_hides_people_out_of_a_user_managers_reach(whom, people, user_manager_a):
    """Another agency's users and the secretariat's: 404 on every page, nothing changed."""
    person = people[whom]
    client = signed_in_client(user_manager_a)

    statuses = {url: getattr(client, method)(url).status_code for method, url in _pages(person)}
    posted = [
        client.post(reverse(f"people:{action}", args=[person.pk])).status_code for action in ACTIONS
    ]

    assert {s for url, s in statuses.items() if str(person.pk) in url} == {404}
    assert set(posted) == {404}
    person.refresh_from_db()
    assert person.is_active
    assert not SecurityEvent.objects.exists()


def test_it_shows_a_user_manager_a_case_officer_of_its_agency_without_any_action(
    user_manager_a, case_officer_a
):
    """A case officer holds a role the user manager may not grant: look, never touch."""
    client = signed_in_client(user_manager_a)

    page = client.get(reverse("people:detail", args=[case_officer_a.pk]))
    refused = client.post(reverse("people:deactivate", args=[case_officer_a.pk]))
    roles = client.post(
        reverse("people:roles", args=[case_officer_a.pk]), {"roles": [Role.REPORTER]}
    )

    assert page.status_code == 200
    assert "Only the coordinator changes this account" in page.content.decode()
    assert reverse("people:deactivate", args=[case_officer_a.pk]) not in page.content.decode()
    assert (refused.status_code, roles.status_code) == (403, 403)
    case_officer_a.refresh_from_db()
    assert case_officer_a.is_active
    assert not case_officer_a.role_grants.filter(role=Role.REPORTER).exists()


def test_it_refuses_changes_to_ones_own_account(user_manager_a):
    client = signed_in_client(user_manager_a)

    page = client.get(reverse("people:detail", args=[user_manager_a.pk]))
    refused = client.post(reverse("people:deactivate", args=[user_manager_a.pk]))

    assert "This is your own account" in page.content.decode()
    assert refused.status_code == 403
    user_manager_a.refresh_from_db()
    assert user_manager_a.is_active


@pytest.mark.parametrize(("persona", "shown"), [("coordinator", True), ("reporter_a", False)])
def test_it_links_the_people_pages_from_the_navigation_for_managers_only(persona, shown, people):
    page = signed_in_client(people[persona]).get(reverse("plans:plan_list"))

    assert (f'href="{reverse("people:list")}"' in page.content.decode()) is shown


# The list -------------------------------------------------------------------------------------


def _listed(client: Client, **query) -> set[str]:
    response = client.get(reverse("people:list"), query)
    assert response.status_code == 200
    body = response.content.decode()
    return set(re.findall(r"<td>([a-z_0-9]+)</td>", body))


def test_it_lists_a_user_managers_own_agency_only(people, user_manager_a):
    listed = _listed(signed_in_client(user_manager_a))

    assert listed == {"user_manager_a", "approver_a", "reporter_a", "case_officer_a"}


def test_it_lists_every_agency_for_the_coordinator_with_filters(people, coordinator, agency_b):
    client = signed_in_client(coordinator)
    people["approver_a"].is_active = False
    people["approver_a"].save()

    assert _listed(client) == set(people)
    assert _listed(client, agency=agency_b.pk) == {"reporter_b"}
    assert _listed(client, role=Role.REPORTER) == {"reporter_a", "reporter_b"}
    assert _listed(client, status="inactive") == {"approver_a"}
    assert "approver_a" not in _listed(client, status="active")
    assert _listed(client, q="officer reporter") == set()  # every word must match
    assert _listed(client, q="Officer") == {"case_officer_a"}


def test_it_says_what_state_each_account_is_in(coordinator, agency_a):
    pending = _invited(username="pending", agency=agency_a)
    expired = _invited(username="expired", agency=agency_a)
    ActivationCode.objects.filter(user=expired).update(expires_at=timezone.now())
    gone = factories.UserFactory.create(username="gone", agency=agency_a, is_active=False)

    body = signed_in_client(coordinator).get(reverse("people:list")).content.decode()

    rows = {
        name: row
        for row in body.split("<tr>")
        for name in (pending, expired, gone)
        if f"<td>{name.username}</td>" in row
    }
    assert "Invitation pending" in rows[pending]
    assert "Invitation expired" in rows[expired]
    assert "Deactivated" in rows[gone]
    assert "Never" in rows[pending]


def test_it_pages_a_long_list_in_a_fixed_number_of_queries(
    coordinator, agency_a, django_assert_max_num_queries
):
    client = signed_in_client(coordinator)
    factories.UserFactory.create_batch(55, agency=agency_a, roles=[Role.REPORTER])

    with django_assert_max_num_queries(20):
        first = client.get(reverse("people:list"))
    second = client.get(reverse("people:list"), {"page": 2})

    assert "Page 1 of 2" in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


# Inviting -------------------------------------------------------------------------------------


def _invitation(**changes) -> dict:
    return {
        "username": "newcomer",
        "first_name": "Anna",
        "last_name": "Petrosyan",
        "email": "anna@example.org",
        "roles": [Role.REPORTER],
        **changes,
    }


def test_it_invites_a_person_into_the_user_managers_own_agency(
    user_manager_a, agency_a, django_capture_on_commit_callbacks
):
    client = signed_in_client(user_manager_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:invite"), _invitation(), follow=True)

    person = User.objects.get(username="newcomer")
    assert (person.agency, person.has_usable_password()) == (agency_a, False)
    assert response.redirect_chain[-1][0] == reverse("people:detail", args=[person.pk])
    assert "Invitation sent to anna@example.org" in response.content.decode()
    assert "Invitation pending" in response.content.decode()
    kinds = set(SecurityEvent.objects.filter(subject=person).values_list("kind", "actor"))
    assert (SecurityEventKind.INVITED, user_manager_a.pk) in kinds
    assert (SecurityEventKind.ROLE_GRANTED, user_manager_a.pk) in kinds
    assert [message.to for message in mail.outbox if "/accounts/invitation/" in message.body] == [
        ["anna@example.org"]
    ]


def test_it_lets_the_coordinator_invite_into_any_agency(coordinator, agency_b):
    client = signed_in_client(coordinator)

    client.post(
        reverse("people:invite"), _invitation(agency=agency_b.pk, roles=[Role.CASE_OFFICER])
    )

    person = User.objects.get(username="newcomer")
    assert person.agency == agency_b
    assert person.has_role(Role.CASE_OFFICER)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": ""}, "email", "Type the e-mail address the invitation goes to."),
        ({"email": "anna-at-example"}, "email", "That is not an e-mail address."),
        ({"roles": []}, "roles", "Choose at least one role."),
        ({"roles": [Role.CASE_OFFICER]}, "roles", "is not one of the available choices"),
        ({"username": "Reporter_A"}, "username", "is taken"),
    ],
)
def test_it_shows_invitation_errors_beside_their_fields(
    changes, field, message, user_manager_a, reporter_a
):
    client = signed_in_client(user_manager_a)

    response = client.post(reverse("people:invite"), _invitation(**changes))

    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert f'id="id_{field}_error"' in body
    assert not User.objects.filter(username="newcomer").exists()
    assert not mail.outbox


def test_it_offers_a_user_manager_only_the_roles_it_may_grant(user_manager_a):
    body = signed_in_client(user_manager_a).get(reverse("people:invite")).content.decode()

    offered = set(re.findall(r'name="roles" value="([a-z_]+)"', body))
    assert offered == {Role.REPORTER, Role.APPROVER, Role.USER_MANAGER}
    assert 'name="agency"' not in body


# Changing a person ----------------------------------------------------------------------------


def test_it_asks_before_deactivating_and_changes_nothing_until_posted(user_manager_a, reporter_a):
    client = signed_in_client(user_manager_a)
    url = reverse("people:deactivate", args=[reporter_a.pk])

    page = client.get(url)

    assert "Deactivate" in page.content.decode()
    assert f'action="{url}"' in page.content.decode()
    reporter_a.refresh_from_db()
    assert reporter_a.is_active


@pytest.mark.parametrize("persona", sorted(MANAGERS))
def test_it_deactivates_and_reactivates_with_events(persona, people, reporter_a):
    client = signed_in_client(people[persona])
    signed_in_reporter = signed_in_client(reporter_a)

    client.post(reverse("people:deactivate", args=[reporter_a.pk]))
    reporter_a.refresh_from_db()
    locked_out = signed_in_reporter.get(reverse("plans:plan_list")).status_code
    assert not reporter_a.is_active
    client.post(reverse("people:reactivate", args=[reporter_a.pk]))

    reporter_a.refresh_from_db()
    assert reporter_a.is_active
    assert locked_out == 302
    events = SecurityEvent.objects.filter(subject=reporter_a).order_by("at", "pk")
    assert [(e.kind, e.actor, e.via) for e in events] == [
        (SecurityEventKind.DEACTIVATED, people[persona], "page"),
        (SecurityEventKind.REACTIVATED, people[persona], "page"),
    ]


def test_it_resets_a_second_factor_and_mails_a_link(
    user_manager_a, reporter_a, django_capture_on_commit_callbacks
):
    TOTPDevice.objects.create(user=reporter_a, name="phone", confirmed=True)
    client = signed_in_client(user_manager_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:reset_second_factor", args=[reporter_a.pk]), follow=True
        )

    assert not TOTPDevice.objects.filter(user=reporter_a).exists()
    assert "Second factor of" in response.content.decode()
    event = SecurityEvent.objects.get(subject=reporter_a)
    assert (event.kind, event.actor, event.via) == (
        SecurityEventKind.SECOND_FACTOR_RESET,
        user_manager_a,
        "page",
    )
    assert [message.to for message in mail.outbox] == [[reporter_a.email]]
    assert reporter_a.has_usable_password()


def test_it_resends_a_pending_invitation(
    user_manager_a, agency_a, django_capture_on_commit_callbacks
):
    person = _invited(username="pending", agency=agency_a, email="p@example.org")
    client = signed_in_client(user_manager_a)
    detail = client.get(reverse("people:detail", args=[person.pk])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:resend_invitation", args=[person.pk]))

    assert reverse("people:resend_invitation", args=[person.pk]) in detail
    assert [message.to for message in mail.outbox] == [["p@example.org"]]
    assert "/accounts/invitation/" in mail.outbox[0].body


def test_it_offers_no_invitation_to_resend_to_someone_signed_in_already(user_manager_a, reporter_a):
    TOTPDevice.objects.create(user=reporter_a, name="phone", confirmed=True)
    client = signed_in_client(user_manager_a)

    detail = client.get(reverse("people:detail", args=[reporter_a.pk])).content.decode()
    client.post(reverse("people:resend_invitation", args=[reporter_a.pk]))

    assert reverse("people:resend_invitation", args=[reporter_a.pk]) not in detail
    assert not mail.outbox


def test_it_sets_roles_through_the_checkboxes(user_manager_a, reporter_a):
    client = signed_in_client(user_manager_a)

    client.post(reverse("people:roles", args=[reporter_a.pk]), {"roles": [Role.APPROVER]})

    assert set(reporter_a.role_grants.values_list("role", flat=True)) == {Role.APPROVER}
    events = SecurityEvent.objects.filter(subject=reporter_a)
    assert set(events.values_list("kind", "role", "actor", "via")) == {
        (SecurityEventKind.ROLE_GRANTED, Role.APPROVER, user_manager_a.pk, "page"),
        (SecurityEventKind.ROLE_WITHDRAWN, Role.REPORTER, user_manager_a.pk, "page"),
    }


def test_it_refuses_a_role_the_user_manager_may_not_grant(user_manager_a, reporter_a):
    client = signed_in_client(user_manager_a)

    response = client.post(
        reverse("people:roles", args=[reporter_a.pk]),
        {"roles": [Role.REPORTER, Role.CASE_OFFICER]},
    )

    assert response.status_code == 400
    assert "is not one of the available choices" in response.content.decode()
    assert set(reporter_a.role_grants.values_list("role", flat=True)) == {Role.REPORTER}


def test_it_refuses_to_leave_a_person_without_a_role(user_manager_a, reporter_a):
    response = signed_in_client(user_manager_a).post(
        reverse("people:roles", args=[reporter_a.pk]), {}
    )

    assert response.status_code == 400
    assert "Keep at least one role" in response.content.decode()
    assert reporter_a.role_grants.filter(role=Role.REPORTER).exists()


def test_it_shows_the_coordinator_the_roles_only_it_grants_and_keeps_the_administrators(
    coordinator, administrator
):
    body = (
        signed_in_client(coordinator)
        .get(reverse("people:detail", args=[administrator.pk]))
        .content.decode()
    )

    offered = set(re.findall(r'name="roles" value="([a-z_]+)"', body))
    assert Role.CASE_OFFICER in offered
    assert Role.ADMINISTRATOR not in offered
    assert "Kept as they are" in body


# The audit trail ------------------------------------------------------------------------------


def test_it_shows_the_audit_trail_newest_first_without_other_agencies_people(
    coordinator, user_manager_a, reporter_a, reporter_b
):
    """What a person did to someone out of the reader's reach is left out: it would name
    them. The coordinator, who reaches everyone, sees it."""
    SecurityEvent.objects.create(
        kind=SecurityEventKind.ROLE_GRANTED,
        actor=coordinator,
        subject=reporter_a,
        role=Role.REPORTER,
        via="page",
    )
    SecurityEvent.objects.create(
        kind=SecurityEventKind.DEACTIVATED, actor=coordinator, subject=reporter_a, via="page"
    )
    SecurityEvent.objects.create(
        kind=SecurityEventKind.ROLE_GRANTED,
        actor=reporter_a,
        subject=reporter_b,
        role=Role.APPROVER,
        via="admin",
    )

    as_manager = (
        signed_in_client(user_manager_a)
        .get(reverse("people:detail", args=[reporter_a.pk]))
        .content.decode()
    )
    as_coordinator = (
        signed_in_client(coordinator)
        .get(reverse("people:detail", args=[reporter_a.pk]))
        .content.decode()
    )

    trail = as_manager.split('id="trail"')[1]
    assert trail.index("Deactivated") < trail.index("Role granted")
    assert "reporter_b" not in trail
    assert "reporter_b" in as_coordinator.split('id="trail"')[1]


def test_it_pages_a_long_audit_trail(coordinator, reporter_a):
    for _ in range(30):
        SecurityEvent.objects.create(
            kind=SecurityEventKind.ROLE_GRANTED,
            actor=coordinator,
            subject=reporter_a,
            role=Role.REPORTER,
            via="page",
        )
    client = signed_in_client(coordinator)
    url = reverse("people:detail", args=[reporter_a.pk])

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert first.count("<td>Role granted</td>") == 25
    assert second.count("<td>Role granted</td>") == 5
    assert 'href="?page=2#trail"' in first
