"""`POST /api/v1/dataValueSets`: DHIS2's import summary, conflicts, dryRun, importStrategy,
all or nothing, the three formats, ADX without entity expansion, who may import what."""

import pytest

from reporting.models import IndicatorValue, ReportStatus
from tests.openapi import assert_matches_openapi

from .helpers import DATA_SET, ELEMENT, FEMALE, MALE, UNIT_A, UNIT_B, accept, add_sex, map_plan

URL = "/api/v1/dataValueSets"


@pytest.fixture
def mapped(plan, agency_b, coordinator):
    plan.indicators.get(code="I2.1").responsible_agencies.add(agency_b)
    add_sex(plan)
    map_plan(plan)
    return plan


def _set(*values: dict) -> dict:
    return {"dataSet": DATA_SET, "dataValues": list(values)}


def _value(value: str = "12", **fields: str) -> dict:
    return {"dataElement": ELEMENT, "period": "2024Q1", "orgUnit": UNIT_A, "value": value, **fields}


def _post(client, body, content_type="application/json", query=""):
    return client.post(f"{URL}{query}", body, content_type=content_type)


def _stored():
    return sorted(
        IndicatorValue.objects.filter(report__is_current=True).values_list(
            "period", "breakdown", "value", "report__agency__code", "report__status"
        )
    )


@pytest.mark.django_db
def test_it_answers_with_dhis2s_import_summary(mapped, coordinator, client_of):
    body = _set(
        _value("12"),
        _value("7", categoryOptionCombo=FEMALE),
        _value("5", categoryOptionCombo=MALE, comment="two regions"),
    )
    answer = _post(client_of(coordinator), body)
    assert answer.status_code == 200, answer.content
    assert_matches_openapi(answer, "/api/v1/dataValueSets", "post")
    summary = answer.json()
    assert summary["status"] == "SUCCESS"
    assert {key: type(value) for key, value in summary.items()} == {
        "responseType": str,
        "status": str,
        "description": str,
        "importOptions": dict,
        "importCount": dict,
        "conflicts": list,
        "dataSetComplete": str,
    }
    assert summary["importCount"] == {"imported": 3, "updated": 0, "ignored": 0, "deleted": 0}
    assert {type(v) for v in summary["importCount"].values()} == {int}
    assert summary["importOptions"] == {"dryRun": False, "importStrategy": "CREATE_AND_UPDATE"}
    assert _stored() == [
        ("2024-Q1", "", 12, "POL", ReportStatus.ACCEPTED),
        ("2024-Q1", "sex=female", 7, "POL", ReportStatus.ACCEPTED),
        ("2024-Q1", "sex=male", 5, "POL", ReportStatus.ACCEPTED),
    ]
    again = _post(client_of(coordinator), _set(_value("13")))
    assert again.json()["importCount"] == {"imported": 0, "updated": 1, "ignored": 0, "deleted": 0}


@pytest.mark.django_db
def test_it_lists_conflicts_with_object_and_value_and_stores_nothing(
    mapped, coordinator, client_of
):
    body = _set(
        _value("12"),
        _value("3", dataElement="XxUnknown01"),
        _value("3", orgUnit="OuUnknown01"),
        _value("3", period="2024W3"),
        _value("3", categoryOptionCombo="CoUnknown01"),
    )
    answer = _post(client_of(coordinator), body)
    assert answer.status_code == 409
    assert_matches_openapi(answer, "/api/v1/dataValueSets", "post")
    summary = answer.json()
    assert summary["status"] == "ERROR"
    assert summary["importCount"] == {"imported": 0, "updated": 0, "ignored": 5, "deleted": 0}
    objects = {conflict["object"]: conflict["value"] for conflict in summary["conflicts"]}
    assert set(objects) == {"XxUnknown01", "OuUnknown01", "2024W3", "CoUnknown01"}
    assert objects["XxUnknown01"] == "Data element not found or not accessible"
    assert "not a reporting period" in objects["2024W3"]
    assert _stored() == []


@pytest.mark.django_db
def test_it_refuses_a_value_that_fails_validation_all_or_nothing(mapped, coordinator, client_of):
    answer = _post(client_of(coordinator), _set(_value("12"), _value("-4", period="2024Q2")))
    assert answer.status_code == 409
    conflicts = answer.json()["conflicts"]
    assert len(conflicts) == 1
    assert conflicts[0]["object"] == "-4"
    assert conflicts[0]["value"]
    assert _stored() == []


@pytest.mark.django_db
def test_it_stores_nothing_on_a_dry_run(mapped, coordinator, client_of):
    answer = _post(client_of(coordinator), _set(_value("12")), query="?dryRun=true")
    assert answer.status_code == 200
    summary = answer.json()
    assert summary["importCount"]["imported"] == 1
    assert summary["importOptions"]["dryRun"] is True
    assert _stored() == []


@pytest.mark.django_db
def test_it_applies_create_and_update_strategies(mapped, coordinator, client_of):
    accept(mapped, coordinator, [("2024-Q1", "POL", "12", "", {})])
    client = client_of(coordinator)
    body = _set(_value("20"), _value("8", period="2024Q2"))
    created = _post(client, body, query="?importStrategy=CREATE").json()
    assert created["status"] == "WARNING"
    assert created["importCount"] == {"imported": 1, "updated": 0, "ignored": 1, "deleted": 0}
    assert [row[2] for row in _stored()] == [12, 8]
    updated = _post(
        client, _set(_value("21"), _value("9", period="2024Q3")), query="?importStrategy=UPDATE"
    )
    assert updated.json()["importCount"] == {
        "imported": 0,
        "updated": 1,
        "ignored": 1,
        "deleted": 0,
    }
    assert [row[2] for row in _stored()] == [21, 8]


@pytest.mark.django_db
def test_it_answers_delete_is_not_supported(mapped, coordinator, client_of):
    accept(mapped, coordinator, [("2024-Q1", "POL", "12", "", {})])
    answer = _post(client_of(coordinator), _set(_value("12")), query="?importStrategy=DELETE")
    assert answer.status_code == 409
    summary = answer.json()
    assert summary["status"] == "ERROR"
    assert "not supported" in summary["description"]
    assert summary["conflicts"][0]["object"] == "importStrategy"
    assert len(_stored()) == 1


@pytest.mark.django_db
def test_it_reads_dhis2_csv_and_adx(mapped, coordinator, client_of):
    client = client_of(coordinator)
    csv = (
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n"
        f"{ELEMENT},2024Q1,{UNIT_A},,,12\n{ELEMENT},2024Q1,{UNIT_A},{FEMALE},,12\n"
    )
    assert _post(client, csv, "application/csv").json()["importCount"]["imported"] == 2
    adx = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<adx xmlns="urn:ihe:qrph:adx:2015">'
        f'<group orgUnit="{UNIT_B}" period="2024-04-01/P3M" dataSet="{DATA_SET}">'
        f'<dataValue dataElement="{ELEMENT}" value="9"><annotation>new</annotation></dataValue>'
        f'<dataValue dataElement="{ELEMENT}" sex="male" value="9"/>'
        "</group></adx>"
    )
    answer = _post(client, adx, "application/adx+xml")
    assert answer.json()["status"] == "SUCCESS", answer.json()
    assert ("2024-Q2", "sex=male", 9, "NGO1", ReportStatus.ACCEPTED) in _stored()
    assert IndicatorValue.objects.filter(comment="new").count() == 1


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="&lol4;" period="2024-01-01/P3M">
<dataValue dataElement="DeI21aaaaaa" value="1"/></group></adx>"""


@pytest.mark.django_db
def test_it_refuses_entity_expansion_in_adx(mapped, coordinator, client_of):
    answer = _post(client_of(coordinator), BILLION_LAUGHS, "application/adx+xml")
    assert answer.status_code == 409
    assert "DTD or entities" in answer.json()["description"]
    assert _stored() == []


@pytest.mark.django_db
def test_it_lets_an_agency_import_only_its_own_values(mapped, reporter_b, viewer, client_of):
    answer = _post(client_of(reporter_b), _set(_value("12")))
    assert answer.status_code == 409
    assert answer.json()["conflicts"][0] == {
        "object": UNIT_A,
        "value": "You may import values of your own agency only.",
    }
    own = _post(client_of(reporter_b), _set(_value("12", orgUnit=UNIT_B)))
    assert own.json()["status"] == "SUCCESS"
    assert _stored() == [("2024-Q1", "", 12, "NGO1", ReportStatus.SUBMITTED)]
    assert _post(client_of(viewer), _set(_value("12"))).status_code == 403


@pytest.mark.django_db
def test_it_asks_which_plan_when_the_data_set_names_none(mapped, coordinator, client_of):
    body = {"dataSet": "DsOther0001", "dataValues": [_value("12")]}
    answer = _post(client_of(coordinator), body)
    assert answer.status_code == 409
    assert "?plan=" in answer.json()["description"]
    named = _post(client_of(coordinator), body, query="?plan=NAP-TEST")
    assert named.json()["status"] == "SUCCESS"
