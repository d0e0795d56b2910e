"""The dashboards' Vega-Lite specs: valid against the schema, titled and described, holding
exactly the numbers they were given, and renderable by vl-convert (what the documents use)."""

import datetime
import json
from decimal import Decimal
from types import SimpleNamespace

import altair as alt
import pytest
import vl_convert

from progress import charts
from progress.engine import Status
from progress.selectors import (
    AgencyValue,
    BreakdownValue,
    DeliveryCounts,
    StatusCounts,
    StatusTrendPoint,
    TrendPoint,
)
from reporting.matrix import Rates


def _counts(**by_status: int) -> StatusCounts:
    counts = StatusCounts()
    for status, number in by_status.items():
        for _n in range(number):
            counts.add(Status(status))
    return counts


class _Named:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def _check(spec: dict) -> None:
    """Validates the whole spec against Altair's Vega-Lite schema (raises when invalid)."""
    if "layer" in spec:
        alt.LayerChart.from_dict(spec, validate=True)
    elif "facet" in spec:
        alt.FacetChart.from_dict(spec, validate=True)
    else:
        alt.Chart.from_dict(spec, validate=True)
    assert spec["title"]
    assert spec["description"]
    json.dumps(spec)  # JSON-ready: no Decimal, date or lazy string left


def test_it_builds_status_by_area_with_the_counts_given():
    groups = {
        _Named("P1 Prevention"): _counts(on_track=2, off_track=1),
        _Named("P2 Protection"): _counts(achieved=1, no_data=3),
    }
    spec = charts.status_by_area(groups)
    _check(spec)
    rows = charts.data_rows(spec)
    assert len(rows) == 2 * len(Status)
    by_key = {(row["group"], row["status"]): row["count"] for row in rows}
    assert by_key["P1 Prevention", "On track"] == 2
    assert by_key["P1 Prevention", "Off track"] == 1
    assert by_key["P2 Protection", "No data"] == 3
    assert by_key["P2 Protection", "On track"] == 0
    table = charts.chart_table(spec)
    assert table["caption"] == spec["title"]
    assert table["rows"][0][0] == "P1 Prevention"
    assert table["rows"][0][-1] == 3
    assert table["rows"][1][-1] == 4


def test_it_keeps_the_status_colours_on_the_status_labels():
    spec = charts.status_by_area({_Named("A"): _counts(at_risk=1)})
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == [str(status.label) for status in charts.STATUS_COLOURS]
    assert scale["range"][scale["domain"].index("At risk")] == charts.STATUS_COLOURS[Status.AT_RISK]


def test_it_builds_the_status_trend_per_quarter():
    points = [
        StatusTrendPoint("2025-Q1", _counts(on_track=1, no_data=2)),
        StatusTrendPoint("2025-Q2", _counts(on_track=3)),
    ]
    spec = charts.status_trend(points)
    _check(spec)
    rows = {(r["group"], r["status"]): r["count"] for r in charts.data_rows(spec)}
    assert rows["2025-Q1", "No data"] == 2
    assert rows["2025-Q2", "On track"] == 3
    assert [row[0] for row in charts.chart_table(spec)["rows"]] == ["2025-Q1", "2025-Q2"]


def test_it_draws_actual_against_expected_with_the_end_target():
    points = [
        TrendPoint("2025-Q1", datetime.date(2025, 3, 31), Decimal("10"), Decimal("12.5")),
        TrendPoint("2025-Q2", datetime.date(2025, 6, 30), None, Decimal("25")),
    ]
    spec = charts.indicator_trend(
        points, title="V1 Victims identified", end_target=Decimal("100"), unit="persons"
    )
    _check(spec)
    assert spec["title"] == "V1 Victims identified"
    rows = charts.data_rows(spec)
    line = {(r["period"], r["series"]): r["value"] for r in rows if "series" in r}
    assert line == {
        ("2025-Q1", "Actual"): 10.0,
        ("2025-Q1", "Expected"): 12.5,
        ("2025-Q2", "Actual"): None,
        ("2025-Q2", "Expected"): 25.0,
    }
    assert [r["value"] for r in rows if "label" in r] == [100.0]
    assert "100" in spec["description"]
    assert charts.chart_table(spec)["rows"][1] == ["2025-Q2", None, 25.0, 100.0]


def test_it_leaves_out_the_target_rule_without_an_end_target():
    points = [TrendPoint("2025", datetime.date(2025, 12, 31), Decimal(3), None)]
    spec = charts.indicator_trend(points, title="Q", end_target=None)
    _check(spec)
    assert len(spec["layer"]) == 1  # the line only: no rule, no label
    assert not [r for r in charts.data_rows(spec) if "label" in r]


def test_it_builds_breakdowns_per_dimension():
    values = [
        BreakdownValue("Sex", "Female", Decimal(7)),
        BreakdownValue("Sex", "Male", Decimal(3)),
        BreakdownValue("Age group", "Child", Decimal(4)),
    ]
    spec = charts.indicator_breakdown(values, title="By disaggregation")
    _check(spec)
    rows = [(r["dimension"], r["category"], r["value"]) for r in charts.data_rows(spec)]
    assert rows == [("Sex", "Female", 7.0), ("Sex", "Male", 3.0), ("Age group", "Child", 4.0)]


def test_it_builds_values_by_agency():
    values = [
        AgencyValue(_Named("Police"), "2025-Q1", Decimal(12)),
        AgencyValue(_Named("Shelter"), "2025-Q1", Decimal("30.5")),
    ]
    spec = charts.values_by_agency(values, title="By agency")
    _check(spec)
    assert [(r["agency"], r["value"]) for r in charts.data_rows(spec)] == [
        ("Police", 12.0),
        ("Shelter", 30.5),
    ]


@pytest.mark.parametrize("by", ["area", "agency"])
def test_it_builds_activity_delivery_for_one_kind_of_group(by):
    groups = {
        ("area", _Named("P1 Prevention")): DeliveryCounts(completed_on_time=2, delayed=1),
        ("agency", _Named("Police")): DeliveryCounts(not_started_though_due=4),
    }
    spec = charts.activity_delivery(groups, by=by)
    _check(spec)
    rows = charts.data_rows(spec)
    names = {r["group"] for r in rows}
    if by == "area":
        assert names == {"P1 Prevention"}
        counts = {r["kind"]: r["count"] for r in rows}
        assert counts["Completed on time"] == 2
        assert counts["Delayed"] == 1
        assert charts.chart_table(spec)["rows"][0][-1] == 3
    else:
        assert names == {"Police"}
        assert {r["kind"]: r["count"] for r in rows}["Not started though due"] == 4


def test_it_builds_reporting_completeness_and_leaves_out_nothing_expected():
    rows = [
        SimpleNamespace(agency=_Named("Police"), rates=Rates(expected=4, received=3, on_time=2)),
        SimpleNamespace(agency=_Named("Shelter"), rates=Rates()),
    ]
    spec = charts.reporting_completeness(rows)
    _check(spec)
    data = {(r["group"], r["measure"]): r["percent"] for r in charts.data_rows(spec)}
    assert data == {("Police", "Completeness"): 75, ("Police", "Timeliness"): 50}
    assert charts.chart_table(spec)["rows"] == [["Police", 75, 50], ["Shelter", None, None]]


def test_it_renders_every_chart_to_png_as_the_documents_do():
    specs = [
        charts.status_by_area({_Named("P1"): _counts(on_track=1, off_track=2)}),
        charts.indicator_trend(
            [TrendPoint("2025-Q1", datetime.date(2025, 3, 31), Decimal(1), Decimal(2))],
            title="T",
            end_target=Decimal(5),
        ),
        charts.indicator_breakdown([BreakdownValue("Sex", "Female", Decimal(1))], title="B"),
    ]
    for spec in specs:
        png = vl_convert.vegalite_to_png(json.dumps(spec))
        assert png.startswith(b"\x89PNG")


def test_it_charts_not_reported_apart_from_not_started_in_a_neutral_grey():
    groups = {("area", _Named("P1")): DeliveryCounts(not_reported=3, not_started_though_due=1)}

    spec = charts.activity_delivery(groups, by="area")

    _check(spec)
    counts = {r["kind"]: r["count"] for r in charts.data_rows(spec)}
    assert counts["Not reported"] == 3
    assert counts["Not started though due"] == 1
    scale = spec["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours["Not reported"] == charts.STATUS_COLOURS[Status.NO_DATA]
    assert colours["Not reported"] != colours["Not started though due"]
    assert "Not reported" in charts.chart_table(spec)["columns"]


def _trend(places: int = 2) -> dict:
    points = [
        TrendPoint("2025-Q1", datetime.date(2025, 3, 31), Decimal(48), Decimal("48.9863013699"))
    ]
    return charts.indicator_trend(
        points, title="T", end_target=Decimal(75), unit="persons", places=places
    )


def _described(spec: dict) -> list[str]:
    """The marks' accessible labels (Vega `description`) as vl-convert compiles them."""
    vega = vl_convert.vegalite_to_vega(json.dumps(spec))
    found = []
    for mark in vega["marks"]:
        description = mark.get("encode", {}).get("update", {}).get("description")
        if description:
            found.append(json.dumps(description))
    return found


@pytest.mark.parametrize(("places", "expected"), [(0, ",.0~f"), (2, ",.2~f")])
def test_it_rounds_trend_figures_in_tooltips_and_accessible_labels(places, expected):
    spec = _trend(places)
    lines = spec["layer"][0]
    value_tip = [t for t in lines["encoding"]["tooltip"] if t["field"] == "value"]
    assert value_tip[0]["format"] == expected
    assert lines["encoding"]["y"]["axis"]["format"] == expected
    labels = _described(spec)
    assert labels
    for label in labels:
        assert 'format(datum[\\"value\\"], \\"\\")' not in label  # never unrounded
    assert "End target: 75" in "".join(labels)


def test_it_names_the_series_once_and_translated_in_tooltips_and_labels():
    spec = _trend()
    encoding = spec["layer"][0]["encoding"]
    assert encoding["color"]["title"] == encoding["strokeDash"]["title"] == "Series"
    labels = _described(spec)
    assert labels[0].count("Series: ") == 1
    assert "series: " not in labels[0]


def test_it_fits_page_charts_to_their_container_and_keeps_documents_fixed():
    specs = [
        _trend(),
        charts.status_by_area({_Named("P1"): _counts(on_track=1)}),
        charts.indicator_breakdown([BreakdownValue("Sex", "Female", Decimal(1))], title="B"),
    ]
    for spec in specs:
        assert spec["width"] == charts.WIDTH  # the documents' PNG
        page = charts.for_page(spec)
        assert page["width"] == "container"
        assert page["autosize"]["type"] == "fit-x"
        assert page["config"]["legend"]["orient"] == "bottom"
        assert isinstance(page["title"]["text"], list)
        assert spec["width"] == charts.WIDTH  # not changed in place


def test_it_wraps_long_area_names_instead_of_cutting_them():
    name = "1 Իրավական և ինստիտուցիոնալ շրջանակ և համակարգում"
    spec = charts.status_by_area({_Named(name): _counts(on_track=1)})
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelLimit"] >= charts.LABEL_LIMIT
    assert name in axis["labelExpr"]
    assert "Իրավական և ինստիտուցիոնալ" in axis["labelExpr"]  # a line of its own
    assert spec["config"]["legend"]["labelLimit"] >= charts.LABEL_LIMIT
    png = vl_convert.vegalite_to_png(json.dumps(spec))
    assert png.startswith(b"\x89PNG")
