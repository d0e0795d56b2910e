"""Agency A (POL) signs its reports off; its 2025-Q2 report of the core plan (core_data), ready
to submit, awaiting approval, or approved. Shared by the sign-off tests of every way in."""

import pytest

from accounts.models import User
from agencies.models import Agency
from reporting.models import Report
from reporting.services import report_approve, report_open, report_submit
from tests.reporting.core_data import World, build_world, complete_q2

PERSONAS = ("reporter_a", "approver_a", "reporter_b", "coordinator", "viewer", "administrator")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Up to six personas a test: the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(agency_a: Agency, agency_b: Agency) -> World:
    agency_a.requires_sign_off = True
    agency_a.save(update_fields=["requires_sign_off"])
    return build_world(agency_a, agency_b)


@pytest.fixture
def ready(world: World, agency_a: Agency, reporter_a: User, approver_a: User) -> Report:
    """Agency A's 2025-Q2 report, complete, a draft (the agency has an approver)."""
    report = report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)
    return complete_q2(world, report, reporter_a)


@pytest.fixture
def awaiting(ready: Report, reporter_a: User) -> Report:
    return report_submit(report=ready, user=reporter_a, revision=ready.revision)


@pytest.fixture
def approved(awaiting: Report, approver_a: User) -> Report:
    return report_approve(report=awaiting, user=approver_a, revision=awaiting.revision)


def fresh(report: Report) -> Report:
    return Report.objects.select_related("approved_by", "submitted_by").get(pk=report.pk)
