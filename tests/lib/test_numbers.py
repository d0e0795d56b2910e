from decimal import Decimal

import pytest

from tipmonitor.lib.numbers import plain_decimal


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12.50000"), "12.5"),
        (Decimal("3.0000"), "3"),
        (Decimal("0.123456"), "0.1235"),
        (Decimal("1E+3"), "1000"),
        (Decimal("-0.5"), "-0.5"),
        (None, None),
    ],
)
def test_it_writes_decimals_plainly(value, text):
    assert plain_decimal(value) == text
