"""Targets per agency (issue 9 #7) and the "counts victims" flag (issue 10 #4) of an
indicator, through the indicator form, the services, the workbook (`Agency targets` sheet,
`Counts victims` column) and the JSON API."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from agencies import services as agency_services
from agencies.models import Agency
from plans import services
from plans.forms import IndicatorForm
from plans.models import IndicatorAgencyTarget
from plans.workbook.services import WorkbookInvalid, plan_export, plan_import
from tests.plans.workbooks import build, small_plan

pytestmark = pytest.mark.django_db


def _targets(plan) -> dict[tuple[str, str], tuple[Decimal, datetime.date | None]]:
    rows = IndicatorAgencyTarget.objects.filter(indicator__plan=plan)
    return {
        (t.indicator.code, t.agency.code): (t.target, t.target_date)
        for t in rows.select_related("indicator", "agency")
    }


def _with_targets(sheets, *rows):
    sheets["Agency targets"] = [["Indicator", "Agency", "Target", "Target date"], *rows]
    return sheets


def _with_counts_victims(sheets, flags: dict[str, object]):
    rows = sheets["Indicators"]
    rows[0] = [*rows[0], "Counts victims"]
    for row in rows[1:]:
        row.append(flags.get(row[0]))
    return sheets


# The form --------------------------------------------------------------------------------------


def _edit_data(plan, indicator, **changes) -> dict:
    form = IndicatorForm(plan=plan, instance=indicator)
    data = {n: v for n in form.fields if (v := form[n].value()) is not None}
    return {n: v for n, v in (data | changes).items() if v is not False}


def test_it_stores_targets_per_agency_and_the_flag_from_the_form(
    client_of, coordinator, plan, agency_a, agency_b
):
    indicator = plan.indicators.get(code="I2.1")
    indicator.responsible_agencies.add(agency_b)
    url = reverse("plans:indicator_edit", args=[plan.pk, indicator.pk])
    data = _edit_data(
        plan,
        indicator,
        counts_victims="on",
        **{
            f"agency_target_{agency_a.pk}": "1 200,5",
            f"agency_target_date_{agency_a.pk}": "2025-12-31",
            f"agency_target_{agency_b.pk}": "30",
        },
    )

    response = client_of(coordinator).post(url, data)

    assert response.status_code == 302, response.content.decode()
    indicator.refresh_from_db()
    assert indicator.counts_victims is True
    assert _targets(plan) == {
        ("I2.1", agency_a.code): (Decimal("1200.5"), datetime.date(2025, 12, 31)),
        ("I2.1", agency_b.code): (Decimal(30), None),
    }
    page = client_of(coordinator).get(url).content.decode()
    assert re.search(rf'name="agency_target_{agency_a.pk}" value="1200.5"', page)
    assert re.search(r'<input type="checkbox" name="counts_victims"[^>]* checked', page)


def test_it_refuses_a_target_date_outside_the_plan_and_stores_nothing(
    client_of, coordinator, plan, agency_a
):
    indicator = plan.indicators.get(code="I2.1")
    url = reverse("plans:indicator_edit", args=[plan.pk, indicator.pk])
    data = _edit_data(
        plan,
        indicator,
        **{
            f"agency_target_{agency_a.pk}": "10",
            f"agency_target_date_{agency_a.pk}": "2031-01-01",
        },
    )

    page = client_of(coordinator).post(url, data).content.decode()

    assert "The target date 2031-01-01 is outside the plan period" in page
    assert not IndicatorAgencyTarget.objects.exists()


# The services ----------------------------------------------------------------------------------


def test_it_drops_the_target_of_an_agency_no_longer_responsible(plan, agency_a, agency_b):
    indicator = plan.indicators.get(code="I2.1")
    form = IndicatorForm(data=_edit_data(plan, indicator), plan=plan, instance=indicator)
    assert form.is_valid(), form.errors
    fields = form.service_kwargs()
    services.indicator_update(
        indicator=indicator,
        **fields | {"agency_targets": [(agency_a, Decimal(5), None)]},
    )

    fields |= {"responsible_agencies": [agency_b], "agency_targets": None}
    services.indicator_update(indicator=indicator, **fields)

    assert _targets(plan) == {}


def test_it_keeps_the_stored_targets_and_flag_when_not_given(plan, agency_a):
    indicator = plan.indicators.get(code="I2.1")
    form = IndicatorForm(data=_edit_data(plan, indicator), plan=plan, instance=indicator)
    assert form.is_valid(), form.errors
    fields = form.service_kwargs()
    services.indicator_update(
        indicator=indicator,
        **fields | {"agency_targets": [(agency_a, Decimal(5), None)], "counts_victims": True},
    )
    del fields["agency_targets"], fields["counts_victims"]

    services.indicator_update(indicator=indicator, **fields)

    indicator.refresh_from_db()
    assert indicator.counts_victims is True
    assert _targets(plan) == {("I2.1", agency_a.code): (Decimal(5), None)}


# The workbook ----------------------------------------------------------------------------------


def test_it_imports_and_exports_targets_per_agency_and_the_flag():
    sheets = _with_targets(
        _with_counts_victims(small_plan(), {"I-1": "yes"}),
        ["I-1", "moi-pol", 30, "2025-12-31"],
        ["I-1", "NGO-X", "1 200,5", None],
    )

    plan = plan_import(data=build(sheets)).plan

    assert _targets(plan) == {
        ("I-1", "MOI-POL"): (Decimal(30), datetime.date(2025, 12, 31)),
        ("I-1", "NGO-X"): (Decimal("1200.5"), None),
    }
    assert dict(plan.indicators.values_list("code", "counts_victims")) == {
        "I-1": True,
        "I-2": False,
        "I-3": False,
    }
    exported = plan_export(plan=plan, fmt="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(exported))
    assert [list(r) for r in book["Agency targets"].iter_rows(values_only=True)] == [
        ["Indicator", "Agency", "Target", "Target date"],
        ["I-1", "MOI-POL", 30, "2025-12-31"],
        ["I-1", "NGO-X", 1200.5, None],
    ]
    again = plan_import(data=exported)
    assert again.updated["indicators"] == 0
    assert _targets(plan) == _targets(again.plan)


def test_it_keeps_targets_and_flags_when_the_workbook_has_neither(plan):
    sheets = _with_targets(
        _with_counts_victims(small_plan(), {"I-1": "yes"}), ["I-1", "NGO-X", 7, None]
    )
    plan = plan_import(data=build(sheets)).plan

    summary = plan_import(data=build(small_plan()))

    assert summary.updated["indicators"] == 0
    assert _targets(plan) == {("I-1", "NGO-X"): (Decimal(7), None)}
    assert plan.indicators.get(code="I-1").counts_victims is True


def test_it_replaces_the_targets_with_the_sheet():
    plan = plan_import(data=build(_with_targets(small_plan(), ["I-1", "NGO-X", 7, None]))).plan

    plan_import(data=build(_with_targets(small_plan(), ["I-1", "MOI-POL", 8, None])))

    assert _targets(plan) == {("I-1", "MOI-POL"): (Decimal(8), None)}


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["I-9", "NGO-X", 1, None], "Indicator", "unknown indicator “I-9”"),
        (["I-1", "NOBODY", 1, None], "Agency", "unknown agency “NOBODY”"),
        (["I-1", "MOI", 1, None], "Agency", "MOI is not responsible for this indicator"),
        (["I-1", "NGO-X", "1,200", None], "Target", "can be read as 1 200 or as 1,2"),
        (["I-1", "NGO-X", None, None], "Target", "this cell is required"),
        (["I-1", "NGO-X", 1, "2030-01-01"], "Target date", "is outside the plan period"),
        (["I-3", "NGO-X", 1, None], "Agency", "A qualitative indicator has no numeric targets"),
    ],
)
def test_it_rejects_a_bad_target_with_its_place(row, column, message):
    sheets = _with_targets(small_plan(), ["I-2", "MOI", 5, None], row)

    with pytest.raises(WorkbookInvalid) as caught:
        plan_import(data=build(sheets))

    [error] = caught.value.errors
    assert (error.sheet, error.row, error.column) == ("Agency targets", 3, column)
    assert message in error.message


def test_it_rejects_an_agency_given_twice_for_an_indicator():
    sheets = _with_targets(small_plan(), ["I-1", "NGO-X", 1, None], ["I-1", "ngo-x", 2, None])

    with pytest.raises(WorkbookInvalid) as caught:
        plan_import(data=build(sheets))

    [error] = caught.value.errors
    assert (error.row, error.column) == (3, "Agency")
    assert "more than one target" in error.message


def test_it_creates_and_changes_agencies_through_the_agencies_services(monkeypatch):
    calls: list[str] = []
    for name in ("agency_create", "agency_update"):
        real = getattr(agency_services, name)
        monkeypatch.setattr(
            agency_services,
            name,
            lambda *a, _real=real, _name=name, **kw: (calls.append(_name), _real(*a, **kw))[1],
        )
    plan_import(data=build(small_plan()))
    assert calls.count("agency_create") == 3
    sheets = small_plan()
    sheets["Agencies"][2][4] = ""  # MOI-POL no longer under MOI
    sheets["Agencies"][1][4] = "MOI-POL"  # and MOI now under MOI-POL: detached, then attached

    summary = plan_import(data=build(sheets))

    assert summary.updated["agencies"] == 2
    ministry = Agency.objects.get(code="MOI")
    assert (ministry.parent.code, Agency.objects.get(code="MOI-POL").parent) == ("MOI-POL", None)
    assert "agency_update" in calls


# The API ---------------------------------------------------------------------------------------


def test_it_shows_targets_per_agency_and_the_flag_in_the_api(client_of, coordinator):
    sheets = _with_targets(
        _with_counts_victims(small_plan(), {"I-1": "yes"}), ["I-1", "NGO-X", 7, "2026-06-30"]
    )
    plan = plan_import(data=build(sheets)).plan

    body = client_of(coordinator).get(f"/api/v1/plans/{plan.pk}/indicators").json()

    first = next(i for i in body if i["code"] == "I-1")
    assert first["counts_victims"] is True
    assert first["agency_targets"] == [
        {"agency": "NGO-X", "target": "7.0000", "target_date": "2026-06-30"}
    ]
