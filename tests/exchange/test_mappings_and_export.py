"""The mapping page and its one home of rules; the export (formulas neutralised, skipped values
reported); the commands."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from exchange.export import export_values
from exchange.models import DataElementMap, OrgUnitMap
from exchange.periods import adx_period, dhis2_period, parse_adx_period
from exchange.validation import identifier_problem
from reporting.models import IndicatorValue
from tipmonitor.lib.reporting_periods import parse_period_code

from .helpers import ELEMENT, FEMALE, UNIT_A, accept, add_sex, map_plan


@pytest.mark.parametrize("text", ["DeI21aaaaaa", "TIP_VICTIMS", "tip.v-1"])
def test_it_accepts_uids_and_codes(text):
    assert identifier_problem(text) is None


@pytest.mark.parametrize("text", ["a/b", "has space", "=cmd", "x" * 51, ""])
def test_it_refuses_what_is_neither_uid_nor_code(text):
    assert "neither a DHIS2 uid" in (identifier_problem(text) or "")


@pytest.mark.parametrize(
    ("code", "dhis2", "adx"),
    [
        ("2025-Q1", "2025Q1", "2025-01-01/P3M"),
        ("2025-S2", "2025S2", "2025-07-01/P6M"),
        ("2025", "2025", "2025-01-01/P1Y"),
        ("2025-03", "202503", "2025-03-01/P1M"),
    ],
)
def test_it_writes_periods_in_dhis2s_forms(code, dhis2, adx):
    period = parse_period_code(code)
    assert (dhis2_period(period), adx_period(period)) == (dhis2, adx)
    assert parse_adx_period(adx) == period


def test_it_refuses_an_adx_period_that_is_not_ours():
    with pytest.raises(ValueError, match="not an ADX period"):
        parse_adx_period("2025-02-01/P3M")


@pytest.mark.django_db
def test_it_saves_mappings_from_the_page_and_refuses_bad_ones(plan, coordinator, client_of):
    add_sex(plan)
    indicator = plan.indicators.get(code="I2.1")
    agency = indicator.responsible_agencies.get()
    url = f"/exchange/plans/{plan.pk}/dhis2/"
    client = client_of(coordinator)
    assert client.get(url).status_code == 200
    bad = client.post(url, {f"de_{indicator.pk}": "not a uid", f"ou_{agency.pk}": UNIT_A})
    assert bad.status_code == 200
    assert "neither a DHIS2 uid" in bad.content.decode()
    assert not DataElementMap.objects.exists()
    combos = client.post(
        url, {f"de_{indicator.pk}": ELEMENT, "other_combos": "sex=unknown = CoX00000001"}
    )
    assert "has no category" in combos.content.decode()
    good = client.post(
        url,
        {
            f"de_{indicator.pk}": ELEMENT,
            f"ou_{agency.pk}": UNIT_A,
            "coc_sex=female": FEMALE,
            "data_set": "DsNapTest01",
        },
    )
    assert good.status_code == 302
    assert DataElementMap.objects.get().data_element == ELEMENT
    assert OrgUnitMap.objects.get().org_unit == UNIT_A
    assert ELEMENT in client.get(url).content.decode()


@pytest.mark.django_db
def test_it_neutralises_formulas_and_reports_skipped_values(plan, coordinator, client_of):
    add_sex(plan)
    map_plan(plan)
    accept(
        plan,
        coordinator,
        [
            ("2024-Q1", "POL", "12", '=HYPERLINK("http://x","y")', {}),
            ("2024-Q1", "POL", "12", "", {"sex": "male"}),
        ],
    )
    IndicatorValue.objects.filter(breakdown="sex=male").update(breakdown="sex=female")
    plan.indicators.get(code="I2.1")
    from exchange.models import CategoryComboMap

    CategoryComboMap.objects.filter(breakdown="sex=female").delete()
    result = export_values(plan=plan, within=parse_period_code("2024"), fmt="dhis2-csv")
    text = result.content.decode()
    assert text.splitlines()[0] == (
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
        "lastupdated,comment,followup,deleted"
    )
    assert "'=HYPERLINK" in text
    assert result.skipped == [
        "I2.1 2024-Q1 POL sex=female: the breakdown has no category option combo"
    ]
    page = client_of(coordinator).get(
        f"/exchange/plans/{plan.pk}/dhis2/export/", {"period": "2024", "format": "dhis2-csv"}
    )
    assert "the breakdown has no category option combo" in page.content.decode()
    download = client_of(coordinator).get(
        f"/exchange/plans/{plan.pk}/dhis2/export/",
        {"period": "2024", "format": "dhis2-csv", "download": "1"},
    )
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_it_exports_and_imports_from_the_command_line(plan, coordinator, tmp_path):
    map_plan(plan)
    accept(plan, coordinator, [("2024-Q1", "POL", "12", "checked", {})])
    path = tmp_path / "values.json"
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "export_values",
        "--format=dhis2-json",
        "--period=2024Q1",
        f"--output={path}",
        stdout=out,
        stderr=err,
    )
    assert "Exported 1 value" in out.getvalue()
    document = json.loads(path.read_text())
    assert document["dataValues"][0]["period"] == "2024Q1"
    assert document["dataValues"][0]["comment"] == "checked"
    document["dataValues"][0]["value"] = "14"
    path.write_text(json.dumps(document))
    out = io.StringIO()
    call_command("import_dhis2", str(path), "--format=dhis2-json", "--dry-run", stdout=out)
    assert json.loads(out.getvalue())["importCount"]["updated"] == 1
    assert IndicatorValue.objects.get().value == 12
    document["dataValues"][0]["orgUnit"] = "OuUnknown01"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="refused"):
        call_command("import_dhis2", str(path), "--format=dhis2-json", stdout=io.StringIO())
