"""The agency_create service: it checks the code's format and uniqueness (without regard to
case) and the parent itself, so no caller can store a broken agency."""

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Agency, AgencyType
from agencies.services import agency_create


def test_it_creates_an_agency_under_its_parent(db, secretariat):
    agency = agency_create(
        code=" MOL-INSP ",
        name=" Labour Inspectorate ",
        short_name=" Inspectorate ",
        type=AgencyType.STATE,
        parent=secretariat,
        email=" inspect@example.org ",
    )

    stored = Agency.objects.get(pk=agency.pk)
    assert (stored.code, stored.name, stored.short_name, stored.email) == (
        "MOL-INSP",
        "Labour Inspectorate",
        "Inspectorate",
        "inspect@example.org",
    )
    assert stored.parent == secretariat
    assert stored.type == AgencyType.STATE


def test_it_creates_a_national_body_without_parent(db):
    agency = agency_create(code="IOM", name="IOM mission", type=AgencyType.INTERNATIONAL)

    assert agency.parent is None
    assert agency.get_type_display() == "International organisation"


@pytest.mark.parametrize("code", ["has space", "-starts-with-hyphen", "", "ünïcode", "a/b"])
def test_it_refuses_a_badly_formed_code(db, code):
    with pytest.raises(ValidationError) as raised:
        agency_create(code=code, name="Somebody", type=AgencyType.NGO)

    assert "code" in raised.value.message_dict
    assert not Agency.objects.exists()


def test_it_refuses_a_code_taken_in_another_case(db, agency_a):
    with pytest.raises(ValidationError) as raised:
        agency_create(code="pol", name="Another police", type=AgencyType.STATE)

    assert raised.value.message_dict["code"] == ["Another agency already has the code “pol”."]
    assert Agency.objects.count() == 1


def test_it_refuses_an_unknown_type_and_a_missing_name(db):
    with pytest.raises(ValidationError) as raised:
        agency_create(code="X1", name="  ", type="church")

    assert set(raised.value.message_dict) == {"name", "type"}
    assert not Agency.objects.exists()


def test_it_refuses_a_malformed_email(db):
    with pytest.raises(ValidationError) as raised:
        agency_create(code="X1", name="Somebody", type=AgencyType.OTHER, email="not-an-address")

    assert "email" in raised.value.message_dict
