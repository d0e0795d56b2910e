"""A plan to report on through files: agency A (POL) answers for a quarterly count broken down
by sex, a monthly count and a qualitative indicator, and leads an activity in 2025; agency B
(NGO1) answers for one quarterly count. Shared by the tests of the report workbook, the bulk
data values, their commands, views and API."""

import datetime
import io
from typing import Any

import openpyxl

from agencies.models import Agency
from plans.models import (
    Dimension,
    DimensionCategory,
    Frequency,
    IndicatorType,
    Plan,
)
from tests import factories

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dimension(code: str, name: str, categories: list[tuple[str, str]]) -> Dimension:
    made, _created = Dimension.objects.get_or_create(code=code, defaults={"name": name})
    for position, (category, label) in enumerate(categories):
        DimensionCategory.objects.get_or_create(
            dimension=made, code=category, defaults={"name": label, "position": position}
        )
    return made


def reporting_plan(agency_a: Agency, agency_b: Agency) -> Plan:
    plan = factories.PlanFactory.create(
        code="NAP-R",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    objective = factories.ObjectiveFactory(area=factories.AreaFactory(plan=plan), code="1.1")
    sex = dimension("sex", "Sex", [("female", "Female"), ("male", "Male")])
    dimension("age_group", "Age group", [("child", "Child"), ("adult", "Adult")])
    victims = factories.IndicatorFactory.create(
        objective=objective, code="I1", frequency=Frequency.QUARTERLY, responsible=[agency_a]
    )
    victims.dimensions.set([sex])
    factories.IndicatorFactory(
        objective=objective, code="I2", frequency=Frequency.MONTHLY, responsible=[agency_a]
    )
    factories.IndicatorFactory(
        objective=objective,
        code="I3",
        type=IndicatorType.QUALITATIVE,
        frequency=Frequency.QUARTERLY,
        responsible=[agency_a],
    )
    factories.IndicatorFactory(
        objective=objective, code="IB", frequency=Frequency.QUARTERLY, responsible=[agency_b]
    )
    factories.ActivityFactory(
        objective=objective,
        code="A1",
        lead_agency=agency_a,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    return plan


def xlsx(rows: list[list[Any]], title: str = "Values") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(lines: list[str], *, bom: bool = False, encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)
