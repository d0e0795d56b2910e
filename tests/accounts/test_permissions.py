"""accounts.permissions: who may do what, for every role, and nothing for the inactive."""

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import permissions
from accounts.models import Role, User
from tests import factories

# Every function that takes a user alone, and every one that also takes an agency.
USER_ONLY = [
    fn
    for name, fn in inspect.getmembers(permissions, inspect.isfunction)
    if not name.startswith("_")
    and fn.__module__ == permissions.__name__
    and list(inspect.signature(fn).parameters) == ["user"]
    and inspect.signature(fn).return_annotation in (bool, "bool")
]
WITH_AGENCY = [
    fn
    for name, fn in inspect.getmembers(permissions, inspect.isfunction)
    if not name.startswith("_")
    and fn.__module__ == permissions.__name__
    and list(inspect.signature(fn).parameters) == ["user", "agency_or_id"]
]

# What each persona may do, by function name; everything not listed is refused.
EXPECTED: dict[str, set[str]] = {
    "coordinator": {
        "may_follow_actions",  # the actions pages (coordination), each its own
        # Coordination (issue 12): meetings, attendance, the recommendation tracker.
        "may_manage_coordination",
        "reads_every_meeting",
        "reads_published_minutes",
        "may_read_meetings",
        "may_read_attendance",
        "may_read_recommendations",
        "may_create_service_accounts",  # an agency's machine client (API tokens)
        "is_coordinator",
        "reads_all_agencies",
        "may_edit_reports_for",
        "may_start_reports",
        "may_import_values",
        "may_accept_values",
        "may_review_reports",
        "may_see_matrix",
        "may_edit_plans",
        "may_edit_agencies",
        "sees_draft_plans",
        "reads_all_cases",
        "may_see_case_linkage",
        "follows_every_agency",
        "may_read_cases",
        "may_import_cases",
        "may_read_case_figures",
        "may_prepare_documents",
        "may_read_documents",
        "may_read_unpublished_documents",
        "may_manage_users",
    },
    "viewer": {
        "may_follow_actions",  # the actions pages (coordination), each its own
        # Coordination (issue 12): meetings, attendance, the recommendation tracker.
        "reads_published_minutes",
        "may_read_meetings",
        "may_read_attendance",
        "may_read_recommendations",
        "is_viewer",
        "reads_all_agencies",
        "follows_every_agency",
        "may_see_matrix",
        "may_read_case_figures",
        "may_read_documents",
    },
    "reporter_a": {
        "may_follow_actions",  # the actions pages (coordination), each its own
        # Coordination (issue 12): meetings, attendance, the recommendation tracker.
        "may_read_meetings",
        "may_read_attendance",
        "may_read_recommendations",
        "is_reporter_or_approver",
        "is_agency_member",
        "may_report_for",
        "may_edit_reports_for",
        "may_start_reports",
        "may_import_values",
    },
    "approver_a": {
        "may_follow_actions",  # the actions pages (coordination), each its own
        # Coordination (issue 12): meetings, attendance, the recommendation tracker.
        "may_read_meetings",
        "may_read_attendance",
        "may_read_recommendations",
        "is_reporter_or_approver",
        "is_agency_member",
        "may_report_for",
        "may_edit_reports_for",
        "may_approve_for",
        "may_start_reports",
        "may_import_values",
    },
    # Case records of their own agency, and no report of it to write. Like the administrator,
    # they follow every agency's published work (they hold no reporting role).
    "case_officer_a": {
        "may_follow_actions",  # the actions pages (coordination), each its own
        # Coordination (issue 12): meetings, attendance, the recommendation tracker.
        "may_read_recommendations",
        "may_read_cases",
        "may_import_cases",
        "follows_every_agency",
    },
    # Invites and manages their own agency's users; reads no case data.
    "user_manager_a": {
        "may_follow_actions",  # the actions pages (coordination), each its own
        # Coordination (issue 12): meetings, attendance, the recommendation tracker.
        "may_read_recommendations",
        "may_manage_users",
        "follows_every_agency",
    },
    # The administrator follows every agency's published work as a viewer would (today's rule
    # of the report list and progress pages), but reads no case data.
    "administrator": {
        "may_follow_actions",  # the actions pages (coordination), each its own
        # Coordination (issue 12): meetings, attendance, the recommendation tracker.
        "may_read_recommendations",
        "is_administrator",
        "sees_draft_plans",
        "may_enter_admin",
        "follows_every_agency",
    },
}


@pytest.fixture
def every_persona(personas, case_officer_a, user_manager_a) -> dict[str, User]:
    return {**personas, "case_officer_a": case_officer_a, "user_manager_a": user_manager_a}


def _allowed(user: User, agency) -> set[str]:
    allowed = {fn.__name__ for fn in USER_ONLY if fn(user)}
    allowed |= {fn.__name__ for fn in WITH_AGENCY if fn(user, agency)}
    return allowed


def test_it_covers_the_functions_the_other_apps_call():
    names = {fn.__name__ for fn in USER_ONLY + WITH_AGENCY}
    assert {
        "is_coordinator",
        "is_viewer",
        "is_administrator",
        "reads_all_agencies",
        "is_agency_member",
        "may_report_for",
        "may_approve_for",
        "may_edit_plans",
        "may_edit_agencies",
        "may_review_reports",
        "may_read_cases",
        "may_read_case_figures",
        "may_prepare_documents",
        "may_read_documents",
    } <= names


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_gives_each_role_what_it_holds_and_nothing_more(persona, every_persona, agency_a):
    user = every_persona[persona]
    assert _allowed(user, agency_a) == EXPECTED[persona]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_refuses_everything_to_an_inactive_user(persona, every_persona, agency_a):
    user = every_persona[persona]
    user.is_active = False
    user.save(update_fields=["is_active"])
    fresh = User.objects.get(pk=user.pk)  # as the next request would load it
    assert _allowed(fresh, agency_a) == set()
    assert _allowed(fresh, agency_a.pk) == set()
    assert not fresh.is_coordinator


def test_it_refuses_everything_to_an_anonymous_visitor_and_to_none(agency_a):
    assert _allowed(AnonymousUser(), agency_a) == set()
    assert _allowed(None, agency_a) == set()


def test_it_keeps_agency_roles_to_their_own_agency(reporter_a, approver_a, agency_a, agency_b):
    for user in (reporter_a, approver_a):
        assert permissions.may_report_for(user, agency_a)
        assert permissions.may_report_for(user, agency_a.pk)
        assert permissions.may_report_for(user, str(agency_a.pk))
        assert not permissions.may_report_for(user, agency_b)
        assert not permissions.is_agency_member(user, agency_b.pk)
        assert not permissions.may_import_cases(user, agency_a)
        assert not permissions.may_import_cases(user, agency_b)
        assert not permissions.may_approve_for(user, agency_b)
        assert not permissions.may_report_for(user, None)
    assert not permissions.may_approve_for(reporter_a, agency_a)


def test_it_keeps_case_records_to_the_coordinator_and_the_agencys_case_officer(
    coordinator, case_officer_a, reporter_a, approver_a, agency_a, agency_b
):
    assert permissions.case_agency_id(case_officer_a) == agency_a.pk
    for agency in (agency_a, agency_a.pk, str(agency_a.pk)):
        assert permissions.may_import_cases(case_officer_a, agency)
    assert not permissions.may_import_cases(case_officer_a, agency_b)
    assert not permissions.may_import_cases(case_officer_a, None)
    assert not permissions.reads_all_cases(case_officer_a)
    assert not permissions.may_see_case_linkage(case_officer_a)
    assert not permissions.may_report_for(case_officer_a, agency_a)
    for user in (coordinator, reporter_a, approver_a):
        assert permissions.case_agency_id(user) is None
    assert permissions.may_import_cases(coordinator, agency_b)


def test_it_lets_the_coordinator_edit_every_agencys_reports_but_not_submit_them(
    coordinator, agency_a, agency_b
):
    for agency in (agency_a, agency_b):
        assert permissions.may_edit_reports_for(coordinator, agency)
        assert not permissions.may_report_for(coordinator, agency)


def test_it_gives_an_agency_role_without_an_agency_no_agency(db):
    loose = factories.UserFactory.create(
        username="loose", agency=None, roles=[Role.REPORTER, Role.CASE_OFFICER]
    )
    assert not permissions.may_read_cases(loose)
    assert not permissions.may_import_values(loose)
    assert permissions.own_agency_id(loose) is None
    assert permissions.case_agency_id(loose) is None


def test_it_lets_the_coordinator_and_administrators_grant_roles_but_never_to_themselves(
    administrator, coordinator, reporter_a, approver_a
):
    assert permissions.may_grant_roles(administrator, reporter_a)
    assert permissions.may_grant_roles(coordinator, reporter_a)
    assert not permissions.may_grant_roles(administrator, administrator)
    assert not permissions.may_grant_roles(coordinator, coordinator)
    assert not permissions.may_grant_roles(approver_a, reporter_a)


def test_it_asks_the_database_once_per_user_object(
    coordinator, agency_a, django_assert_num_queries
):
    fresh = User.objects.get(pk=coordinator.pk)
    with django_assert_num_queries(1):
        _allowed(fresh, agency_a)
