"""Decimals as people and files read them."""

from decimal import Decimal

PLACES = Decimal("0.0001")


def plain_decimal(value: Decimal | None, places: Decimal = PLACES) -> str | None:
    """At most `places` decimal places, no trailing zeros, never an exponent ("12.5", "3")."""
    if value is None:
        return None
    text = format(value.quantize(places), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
