"""Form fields shared by every app's forms (no domain knowledge)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from tipmonitor.lib.numbers import NumberFormatError, read_number


class NumberField(forms.DecimalField):
    """A decimal read by `parse_number`, the rule of every way in: spaces between thousands, a
    decimal comma or point, and text whose meaning depends on the reader's language (`1,200`)
    refused with the parser's message. `max_digits`, `decimal_places`, `min_value` and
    `max_value` apply as in DecimalField."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 8}))
        super().__init__(**kwargs)

    # django-stubs give DecimalField the to_python of IntegerField, its base class.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            return read_number(value)
        except NumberFormatError as error:
            raise ValidationError(str(error), code="invalid") from None
