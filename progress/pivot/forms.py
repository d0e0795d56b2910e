"""The pivot's choice, kept in the URL (GET parameters) so that it can be bookmarked and shared:
`rows`, `columns`, `first`, `last` (quarters), `agency`, `area`, `indicator` (repeatable) and,
for the coordinator, `provisional`."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from plans.forms import AccessibleFormMixin
from plans.models import Dimension, Indicator, StrategicArea
from progress.pivot.compute import DIMENSION_PREFIX
from progress.pivot.selectors import Filters
from tipmonitor.lib.reporting_periods import Period

DEFAULT_ROWS = "indicator"
DEFAULT_COLUMNS = "period"


def axis_choices(dimensions: list[Dimension]) -> list[tuple[str, Any]]:
    return [
        ("period", gettext_lazy("Period")),
        ("agency", gettext_lazy("Agency")),
        ("area", gettext_lazy("Strategic area")),
        ("objective", gettext_lazy("Objective")),
        ("indicator", gettext_lazy("Indicator")),
        *((DIMENSION_PREFIX + d.code, d.display_name) for d in dimensions),
    ]


class PivotForm(AccessibleFormMixin, forms.Form):
    rows = forms.ChoiceField(label=gettext_lazy("Rows"), required=False)
    columns = forms.ChoiceField(label=gettext_lazy("Columns"), required=False)
    first = forms.ChoiceField(label=gettext_lazy("From quarter"), required=False)
    last = forms.ChoiceField(label=gettext_lazy("To quarter"), required=False)
    indicator = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Indicators"), coerce=int, required=False
    )
    agency = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Agencies"), coerce=int, required=False
    )
    area = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Strategic areas"), coerce=int, required=False
    )
    provisional = forms.BooleanField(
        label=gettext_lazy("Include submitted values not yet accepted"), required=False
    )

    def __init__(
        self,
        data: Any,
        *,
        dimensions: list[Dimension],
        quarters: list[Period],
        indicators: list[Indicator],
        agencies: list[Agency],
        areas: list[StrategicArea],
        may_include_submitted: bool,
    ) -> None:
        super().__init__(data)
        axes = axis_choices(dimensions)
        cast(forms.ChoiceField, self.fields["rows"]).choices = axes
        cast(forms.ChoiceField, self.fields["columns"]).choices = [
            ("", gettext_lazy("— none —")),
            *axes,
        ]
        periods = [("", gettext_lazy("— any —")), *((q.code, q.code) for q in quarters)]
        for name in ("first", "last"):
            cast(forms.ChoiceField, self.fields[name]).choices = periods
        choices = {
            "indicator": [(i.pk, f"{i.code} {i.display_name}") for i in indicators],
            "agency": [(a.pk, f"{a.code} – {a}") for a in agencies],
            "area": [(a.pk, f"{a.code} {a.display_name}") for a in areas],
        }
        for name, listed in choices.items():
            cast(forms.TypedMultipleChoiceField, self.fields[name]).choices = listed
        if not may_include_submitted:
            del self.fields["provisional"]
        self.quarters = {q.code: q for q in quarters}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rows = data.get("rows") or DEFAULT_ROWS
        if data.get("columns") and data["columns"] == rows:
            self.add_error("columns", gettext_lazy("Choose another axis than the rows'."))
        first, last = (
            self.quarters.get(data.get("first") or ""),
            self.quarters.get(data.get("last") or ""),
        )
        if first and last and first.start > last.start:
            self.add_error("last", gettext_lazy("The last quarter comes before the first."))
        return data

    @property
    def rows_axis(self) -> str:
        return (self.cleaned_data.get("rows") if self.is_bound else None) or DEFAULT_ROWS

    @property
    def columns_axis(self) -> str | None:
        if not self.is_bound:
            return DEFAULT_COLUMNS
        return self.cleaned_data.get("columns") or None

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_bound else {}
        return Filters(
            first=self.quarters.get(data.get("first") or ""),
            last=self.quarters.get(data.get("last") or ""),
            agencies=frozenset(data.get("agency") or ()),
            areas=frozenset(data.get("area") or ()),
            indicators=frozenset(data.get("indicator") or ()),
            provisional=bool(data.get("provisional")),
        )

    def dimensions(self) -> list[str]:
        """The dimensions chosen as rows or columns: values broken down by exactly these."""
        axes = [self.rows_axis, self.columns_axis]
        return [
            a.removeprefix(DIMENSION_PREFIX) for a in axes if a and a.startswith(DIMENSION_PREFIX)
        ]
