"""Form fields shared by every app's forms (no domain knowledge)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tipmonitor.lib.numbers import NumberFormatError, read_number

# Django 6.1's empty choice of a select (`django.db.models.fields.BLANK_CHOICE_LABEL`) is new, and
# Django's own catalogs have no Armenian or Russian for it yet: ours carry it (the project's
# catalogs are read first). Django 5.2 shows "---------", which needs none.
BLANK_CHOICE_LABEL = _("- Select an option -")


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
