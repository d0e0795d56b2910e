"""The agency_update service: corrects an agency, keeping the tree a tree and codes unique."""

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Agency, AgencyType
from agencies.services import agency_update
from tests import factories


def fields(agency: Agency, **changes) -> dict:
    current = {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "type": agency.type,
        "parent": agency.parent,
        "email": agency.email,
    }
    return current | changes


def test_it_saves_the_corrections(db, agency_a, secretariat):
    agency_update(
        agency=agency_a,
        **fields(agency_a, name="National Police Service", parent=secretariat, code="pol-2"),
    )

    stored = Agency.objects.get(pk=agency_a.pk)
    assert (stored.name, stored.code, stored.parent) == (
        "National Police Service",
        "pol-2",
        secretariat,
    )


def test_it_keeps_its_own_code_in_another_case(db, agency_a):
    agency_update(agency=agency_a, **fields(agency_a, code="pol"))

    assert Agency.objects.get(pk=agency_a.pk).code == "pol"


def test_it_refuses_the_code_of_another_agency(db, agency_a, agency_b):
    with pytest.raises(ValidationError) as raised:
        agency_update(agency=agency_a, **fields(agency_a, code="ngo1", name="Renamed"))

    assert "code" in raised.value.message_dict
    assert Agency.objects.get(pk=agency_a.pk).name == "National Police"


def test_it_refuses_to_place_an_agency_under_itself(db, agency_a):
    with pytest.raises(ValidationError) as raised:
        agency_update(agency=agency_a, **fields(agency_a, parent=agency_a))

    assert raised.value.message_dict["parent"] == [
        "An agency cannot be placed under itself or under an agency that is below it."
    ]
    assert Agency.objects.get(pk=agency_a.pk).parent is None


def test_it_refuses_to_place_an_agency_under_its_grandchild(db):
    national = factories.AgencyFactory(code="NAT")
    region = factories.AgencyFactory(code="REG", parent=national)
    town = factories.AgencyFactory(code="TOWN", parent=region)

    with pytest.raises(ValidationError) as raised:
        agency_update(agency=national, **fields(national, parent=town))

    assert "parent" in raised.value.message_dict
    assert Agency.objects.get(pk=national.pk).parent is None


def test_it_moves_a_branch_to_another_parent(db):
    national = factories.AgencyFactory(code="NAT")
    region = factories.AgencyFactory(code="REG", parent=national)
    other = factories.AgencyFactory(code="OTHER", type=AgencyType.NGO)

    agency_update(agency=region, **fields(region, parent=other))

    assert Agency.objects.get(pk=region.pk).parent == other


def test_it_reports_every_problem_at_once_and_stores_none(db, agency_a):
    with pytest.raises(ValidationError) as raised:
        agency_update(
            agency=agency_a, **fields(agency_a, code="bad code", parent=agency_a, name="")
        )

    assert set(raised.value.message_dict) == {"code", "parent", "name"}
    assert Agency.objects.get(pk=agency_a.pk).code == "POL"
