"""The one permission getter of case records and its list twin: the coordinator reads every
agency's records, an agency's case records officers their own agency's, nobody else any (not
even the agency's reporters and approvers)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from accounts.models import Role
from cases.models import CaseRecord
from cases.selectors import (
    case_records_for_user,
    get_case_record_for_user,
    import_agencies_for_user,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _pk(record_id: str) -> int:
    return CaseRecord.objects.get(record_id=record_id).pk


def test_it_gives_the_coordinator_every_record(records_a, records_b, coordinator):
    assert case_records_for_user(coordinator).count() == 5
    assert get_case_record_for_user(coordinator, _pk("B1")).record_id == "B1"


def test_it_gives_an_agency_its_own_records_only(records_a, records_b, case_officer_a):
    user = case_officer_a
    assert set(case_records_for_user(user).values_list("record_id", flat=True)) == {
        "A1",
        "A2",
        "A3",
    }
    assert get_case_record_for_user(user, _pk("A1")).record_id == "A1"
    with pytest.raises(Http404):
        get_case_record_for_user(user, _pk("B1"))


def test_it_refuses_roles_without_case_access(
    records_a, reporter_a, approver_a, user_manager_a, viewer, administrator
):
    # An agency's reporters and approvers write its reports; its victims' records are its
    # case records officers' only.
    for user in (reporter_a, approver_a, user_manager_a, viewer, administrator, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            case_records_for_user(user)
        with pytest.raises(PermissionDenied):
            get_case_record_for_user(user, _pk("A1"))
        with pytest.raises(PermissionDenied):
            import_agencies_for_user(user)


def test_it_refuses_an_inactive_case_officer(records_a, case_officer_a, agency_a):
    case_officer_a.is_active = False

    with pytest.raises(PermissionDenied):
        case_records_for_user(case_officer_a)
    assert not permissions.may_import_cases(case_officer_a, agency_a)


def test_it_lets_agencies_import_for_themselves(agency_a, agency_b, case_officer_a, coordinator):
    assert permissions.may_import_cases(case_officer_a, agency_a)
    assert not permissions.may_import_cases(case_officer_a, agency_b)
    assert list(import_agencies_for_user(case_officer_a)) == [agency_a]
    assert set(import_agencies_for_user(coordinator)) >= {agency_a, agency_b}


def test_it_lets_no_reporter_or_approver_import(agency_a, reporter_a, approver_a):
    for user in (reporter_a, approver_a):
        assert not permissions.may_import_cases(user, agency_a)


def test_it_gives_a_case_officer_without_an_agency_nothing(db):
    loose = factories.UserFactory.create(username="loose", agency=None, roles=[Role.CASE_OFFICER])
    assert permissions.case_agency_id(loose) is None
    assert not permissions.may_read_cases(loose)
    with pytest.raises(PermissionDenied):
        case_records_for_user(loose)
