"""Shared personas: the coordinator, reporters of agencies A and B, an approver of A, a viewer,
an administrator and an anonymous visitor, each with a signed-in client that has passed the
second factor the way a real user does."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from agencies.models import Agency, AgencyType
from tests import factories


@pytest.fixture(autouse=True)
def _isolated_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"  # kept files (an action's evidence)
    # WhiteNoise warns about a missing STATIC_ROOT; tests serve static files from the apps.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


@pytest.fixture
def secretariat(db) -> Agency:
    return factories.AgencyFactory.create(
        code="SEC", name="National Coordinator's Secretariat", short_name="Secretariat"
    )


@pytest.fixture
def agency_a(db) -> Agency:
    return factories.AgencyFactory.create(code="POL", name="National Police", short_name="Police")


@pytest.fixture
def agency_b(db) -> Agency:
    return factories.AgencyFactory.create(
        code="NGO1", name="Shelter Foundation", short_name="Shelter", type=AgencyType.NGO
    )


@pytest.fixture
def coordinator(secretariat) -> User:
    return factories.UserFactory.create(
        username="coordinator", agency=secretariat, roles=[Role.COORDINATOR]
    )


@pytest.fixture
def reporter_a(agency_a) -> User:
    return factories.UserFactory.create(
        username="reporter_a", agency=agency_a, roles=[Role.REPORTER]
    )


@pytest.fixture
def approver_a(agency_a) -> User:
    return factories.UserFactory.create(
        username="approver_a", agency=agency_a, roles=[Role.APPROVER]
    )


@pytest.fixture
def reporter_b(agency_b) -> User:
    return factories.UserFactory.create(
        username="reporter_b", agency=agency_b, roles=[Role.REPORTER]
    )


@pytest.fixture
def case_officer_a(agency_a) -> User:
    """Reads and imports agency A's case records (the role the coordinator alone grants)."""
    return factories.UserFactory.create(
        username="case_officer_a", agency=agency_a, roles=[Role.CASE_OFFICER]
    )


@pytest.fixture
def user_manager_a(agency_a) -> User:
    """Manages agency A's users: invites them, sets their reporting roles."""
    return factories.UserFactory.create(
        username="user_manager_a", agency=agency_a, roles=[Role.USER_MANAGER]
    )


@pytest.fixture
def viewer(secretariat) -> User:
    return factories.UserFactory.create(username="viewer", agency=secretariat, roles=[Role.VIEWER])


@pytest.fixture
def administrator(secretariat) -> User:
    return factories.UserFactory.create(
        username="administrator", agency=secretariat, roles=[Role.ADMINISTRATOR]
    )


def signed_in_client(user: User) -> Client:
    """A client signed in as `user`, past the second factor (a confirmed TOTP device)."""
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_of() -> Callable[[User], Client]:
    return signed_in_client


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def personas(
    coordinator, reporter_a, approver_a, reporter_b, viewer, administrator
) -> dict[str, User]:
    return {
        "coordinator": coordinator,
        "reporter_a": reporter_a,
        "approver_a": approver_a,
        "reporter_b": reporter_b,
        "viewer": viewer,
        "administrator": administrator,
    }


@pytest.fixture
def plan(agency_a, agency_b):
    """A small adopted plan: two areas, nested objectives, activities and indicators."""
    plan = factories.PlanFactory(code="NAP-TEST", title="Test plan 2024–2026")
    prevention = factories.AreaFactory(plan=plan, code="2", name="Prevention")
    protection = factories.AreaFactory(plan=plan, code="3", name="Protection")
    goal = factories.ObjectiveFactory(area=prevention, code="2.1", name="Awareness raised")
    sub = factories.ObjectiveFactory(
        area=prevention, parent=goal, code="2.1.a", name="Schools reached"
    )
    factories.ObjectiveFactory(area=protection, code="3.1", name="Victims identified")
    factories.ActivityFactory(objective=sub, code="2.1.1", lead_agency=agency_a)
    factories.ActivityFactory(objective=goal, code="2.1.2", lead_agency=agency_b)
    factories.IndicatorFactory(objective=goal, code="I2.1", responsible=[agency_a])
    return plan


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render without `collectstatic`: the manifest storage would fail on a missing
    manifest, which says nothing about the page under test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The production hasher is slow by design (about 0.8 s a user); what the tests prove about
    passwords does not depend on its cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """A test that switches the interface language must not leave it switched for the next."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
