"""The pivot (progress/pivot): totals only where summing means something, the choice kept in
the URL, the coordinator's values against the published figures everyone else gets, and the
download equal to the page's table."""

import datetime
import io
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import Dimension, DimensionCategory, IndicatorType, TimeAggregation
from progress.pivot.compute import Fact, pivot
from reporting.models import ReportStatus
from tests import factories
from tests.progress.progress_data import import_values


def _fact(value, indicator=1, *, summable=True, unit="persons", **keys) -> Fact:
    return Fact(
        value=Decimal(value),
        indicator_id=indicator,
        summable=summable,
        unit=unit,
        keys={name: (key, key) for name, key in keys.items()},
    )


def test_it_sums_counts_into_row_column_and_grand_totals():
    facts = [
        _fact(3, agency="A", period="2025-Q1"),
        _fact(4, agency="A", period="2025-Q2"),
        _fact(5, agency="B", period="2025-Q1"),
    ]
    result = pivot(facts, "agency", "period")
    assert result.cells[("A", "2025-Q1")].value == 3
    assert result.cells[("B", "2025-Q2")].empty
    assert result.row_totals["A"].value == 7
    assert result.column_totals["2025-Q1"].value == 8
    assert result.grand_total.value == 12


def test_it_does_not_sum_percentages_or_different_units():
    percent = [
        _fact(40, agency="A", period="2025-Q1", summable=False),
        _fact(60, agency="B", period="2025-Q1", summable=False),
    ]
    result = pivot(percent, "agency", "period")
    assert result.cells[("A", "2025-Q1")].value == 40  # one value is shown as it is
    assert result.column_totals["2025-Q1"].not_summed
    assert result.grand_total.not_summed
    assert result.grand_total.value is None

    units = [_fact(3, 1, agency="A"), _fact(4, 2, unit="trainings", agency="A")]
    assert pivot(units, "agency", None).cells[("A", "")].not_summed
    same = [_fact(3, 1, agency="A"), _fact(4, 2, agency="A")]
    assert pivot(same, "agency", None).cells[("A", "")].value == 7


@pytest.fixture
def values(plan, agency_a, agency_b, coordinator):
    plan.starts_on, plan.ends_on = datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)
    plan.save()
    sex, _created = Dimension.objects.get_or_create(code="sex", defaults={"name": "Sex"})
    for position, code in enumerate(("female", "male")):
        DimensionCategory.objects.get_or_create(
            dimension=sex, code=code, defaults={"name": code.title(), "position": position}
        )
    count = plan.indicators.get(code="I2.1")
    count.responsible_agencies.set([agency_a, agency_b])
    count.dimensions.set([sex])
    objective = count.objective
    share = factories.IndicatorFactory.create(
        objective=objective,
        code="P1",
        name="Share of =cmd",
        type=IndicatorType.PERCENTAGE,
        time_aggregation=TimeAggregation.LATEST,
        responsible=[agency_a, agency_b],
    )
    victims = factories.IndicatorFactory.create(
        objective=objective, code="V1", counts_victims=True, responsible=[agency_a]
    )
    import_values(
        plan,
        coordinator,
        [
            ("I2.1", "2024-Q1", agency_a.code, "30"),
            ("I2.1", "2024-Q1", agency_b.code, "12"),
            ("I2.1", "2024-Q2", agency_a.code, "20"),
            ("P1", "2024-Q1", agency_a.code, "40"),
            ("P1", "2024-Q1", agency_b.code, "60"),
            ("V1", "2024-Q1", agency_a.code, "3"),
        ],
        breakdowns=[
            ("I2.1", "2024-Q1", agency_a.code, "18", {"sex": "female"}),
            ("I2.1", "2024-Q1", agency_a.code, "12", {"sex": "male"}),
        ],
    )
    import_values(
        plan, coordinator, [("I2.1", "2024-Q3", agency_a.code, "7")], status=ReportStatus.SUBMITTED
    )
    return plan, share, victims


def _url(plan, **query) -> str:
    data = QueryDict(mutable=True)
    for key, value in query.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return reverse("progress:analysis", args=[plan.pk]) + "?" + data.urlencode()


def test_it_shows_the_coordinator_totals_and_says_not_summed(client_of, coordinator, values):
    plan, _share, _victims = values
    response = client_of(coordinator).get(_url(plan, rows="indicator", columns="agency"))
    assert response.status_code == 200
    result = response.context["result"]
    i21 = next(key for key, label in result.rows if key == "I2.1")
    assert result.row_totals[i21].value == 62  # 30 + 20 + 12, both quarters, both agencies
    assert result.row_totals["P1"].not_summed
    assert result.grand_total.not_summed  # persons and per cent do not add up
    assert "not summed" in response.content.decode()
    assert result.row_totals["V1"].value == 3  # the coordinator sees victim counts as they are


def test_it_counts_submitted_values_for_the_coordinator_only_when_asked(
    client_of, coordinator, values
):
    plan, _share, _victims = values
    client = client_of(coordinator)
    accepted = client.get(
        _url(plan, rows="indicator", indicator=str(plan.indicators.get(code="I2.1").pk))
    )
    both = client.get(
        _url(
            plan,
            rows="indicator",
            indicator=str(plan.indicators.get(code="I2.1").pk),
            provisional="on",
        )
    )
    assert accepted.context["result"].grand_total.value == 62
    assert both.context["result"].grand_total.value == 69


def test_it_breaks_down_by_a_dimension(client_of, coordinator, values):
    plan, _share, _victims = values
    result = client_of(coordinator).get(_url(plan, rows="dim:sex")).context["result"]
    assert [label for _key, label in result.rows] == ["Female", "Male"]
    assert result.grand_total.value == 30


@pytest.mark.parametrize("persona", ["viewer", "reporter_a"])
def test_it_shows_everyone_else_published_figures_only(persona, request, client_of, values):
    plan, _share, victims = values
    user = request.getfixturevalue(persona)
    response = client_of(user).get(_url(plan, rows="indicator", columns="agency", provisional="on"))
    assert response.status_code == 200
    result = response.context["result"]
    assert "V1" not in {key for key, _label in result.rows}  # victim counts are left out
    assert result.row_totals["I2.1"].value == 62  # the submitted 7 is not counted
    assert "provisional" not in response.context["form"].fields
    assert str(victims.pk) not in {
        str(v) for v, _l in response.context["form"].fields["indicator"].choices
    }


def test_it_keeps_the_choice_in_the_url(client_of, coordinator, values):
    plan, _share, _victims = values
    area = plan.areas.get(code="2")
    url = _url(
        plan, rows="agency", columns="dim:sex", area=[str(area.pk)], first="2024-Q1", last="2024-Q4"
    )
    response = client_of(coordinator).get(url)
    form = response.context["form"]
    assert form.is_valid()
    assert (form.rows_axis, form.columns_axis, form.dimensions()) == ("agency", "dim:sex", ["sex"])
    again = QueryDict(url.split("?", 1)[1])
    assert {k: again.getlist(k) for k in again} == {k: form.data.getlist(k) for k in form.data}
    links = response.content.decode()
    assert "columns=dim%3Asex" in links
    assert "download=pivot" in links


def test_it_refuses_the_same_axis_twice(client_of, coordinator, values):
    plan, _share, _victims = values
    response = client_of(coordinator).get(_url(plan, rows="agency", columns="agency"))
    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["form"].errors["columns"]


def test_it_downloads_the_pivot_as_the_page_shows_it(client_of, coordinator, values):
    plan, _share, _victims = values
    client = client_of(coordinator)
    page = client.get(_url(plan, rows="indicator", columns="agency"))
    table = page.context["table"]
    xlsx = client.get(
        _url(plan, rows="indicator", columns="agency", download="pivot", format="xlsx")
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == table.headers
    assert rows[1 : 1 + len(table.rows)] == [
        [float(c) if isinstance(c, Decimal) else c for c in row] for row in table.rows
    ]
    csv = client.get(_url(plan, rows="indicator", columns="agency", download="pivot", format="csv"))
    text = csv.content.decode("utf-8-sig")
    assert "P1 Share of =cmd" in text  # not at a cell's start: nothing to neutralise
    assert "not summed" in text


def test_it_neutralises_a_name_that_starts_like_a_formula(client_of, coordinator, values):
    plan, _share, _victims = values
    DimensionCategory.objects.filter(code="female").update(name="=cmd|' /C calc'!A0")
    client = client_of(coordinator)
    csv = client.get(_url(plan, rows="dim:sex", download="pivot", format="csv"))
    lines = csv.content.decode("utf-8-sig").split("\r\n")
    assert lines[1] == "'=cmd|' /C calc'!A0,18"
    xlsx = client.get(_url(plan, rows="dim:sex", download="pivot", format="xlsx"))
    cell = load_workbook(io.BytesIO(xlsx.content)).active["A2"]
    assert (cell.data_type, cell.value) == ("s", "'=cmd|' /C calc'!A0")
