"""What the exchange tests share: the `plan` fixture's mappings, and accepted values."""

from decimal import Decimal

from exchange.services import mappings_save
from plans.models import Dimension, DimensionCategory, Plan
from reporting.models import ReportStatus
from reporting.services import ValueRow, values_import

DATA_SET = "DsNapTest01"
ELEMENT = "DeI21aaaaaa"
UNIT_A = "OuPOLaaaaaa"
UNIT_B = "OuNGO1aaaaa"
FEMALE = "CoFemale001"
MALE = "CoMale00001"


def add_sex(plan: Plan) -> None:
    """Indicator I2.1 broken down by sex."""
    sex, _created = Dimension.objects.get_or_create(code="sex", defaults={"name": "Sex"})
    for position, code in enumerate(("female", "male")):
        DimensionCategory.objects.get_or_create(
            dimension=sex, code=code, defaults={"name": code.title(), "position": position}
        )
    plan.indicators.get(code="I2.1").dimensions.add(sex)


def map_plan(plan: Plan) -> None:
    indicator = plan.indicators.get(code="I2.1")
    agencies = {a.code: a.pk for a in indicator.responsible_agencies.all()}
    units = {agencies["POL"]: (UNIT_A, "")}
    if "NGO1" in agencies:
        units[agencies["NGO1"]] = (UNIT_B, "")
    mappings_save(
        plan=plan,
        data_set=DATA_SET,
        attribute_option_combo="",
        elements={indicator.pk: ELEMENT},
        units=units,
        combos={"sex=female": FEMALE, "sex=male": MALE},
    )


def accept(plan: Plan, user, rows: list[tuple]) -> None:
    """Accepted values: (period, agency, value, comment, breakdown) each, for I2.1."""
    values_import(
        plan=plan,
        user=user,
        status=ReportStatus.ACCEPTED,
        rows=[
            ValueRow(
                line=n,
                indicator_code="I2.1",
                period=period,
                agency_code=agency,
                value=Decimal(value),
                comment=comment,
                breakdown=breakdown,
            )
            for n, (period, agency, value, comment, breakdown) in enumerate(rows, 1)
        ],
    )
