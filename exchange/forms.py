"""The plan's DHIS2 mapping page: one field per indicator, agency and breakdown, each checked by
`exchange.validation` (the one home of the rules)."""

from collections.abc import Mapping, Sequence

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from plans.models import Indicator, Plan
from plans.workbook_forms import UploadForm

from .validation import MAX_LENGTH, clean_breakdown, identifier_problem


class MappingForm(forms.Form):
    data_set = forms.CharField(
        label=gettext_lazy("Data set"), required=False, max_length=MAX_LENGTH
    )
    attribute_option_combo = forms.CharField(
        label=gettext_lazy("Attribute option combo (default of the plan)"),
        required=False,
        max_length=MAX_LENGTH,
        help_text=gettext_lazy("Empty: DHIS2's default."),
    )
    other_combos = forms.CharField(
        label=gettext_lazy("Combinations of several dimensions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One a line: the categories, then the category option combo, e.g. "
            "“age_group=child;sex=female = Xk3lP09aZbc”."
        ),
    )

    def __init__(
        self,
        *args: object,
        indicators: Sequence[Indicator],
        agencies: Sequence[Agency],
        dimensions: Mapping[str, Sequence[str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.dimensions = dimensions
        for indicator in indicators:
            self.fields[f"de_{indicator.pk}"] = _identifier_field(
                f"{indicator.code} {indicator.name}"[:120]
            )
        for agency in agencies:
            self.fields[f"ou_{agency.pk}"] = _identifier_field(str(agency))
            self.fields[f"aoc_{agency.pk}"] = _identifier_field(
                _("%(agency)s: attribute option combo") % {"agency": agency.code}
            )
        self.fields["coc_"] = _identifier_field(_("Total (empty: DHIS2's default)"))
        for dimension, categories in dimensions.items():
            for category in categories:
                self.fields[f"coc_{dimension}={category}"] = _identifier_field(
                    f"{dimension} = {category}"
                )

    def clean(self) -> dict:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if name == "other_combos" or not isinstance(value, str):
                continue
            data[name] = value.strip()
            if data[name] and (problem := identifier_problem(data[name])):
                self.add_error(name, problem)
        data["combos"] = {
            name.removeprefix("coc_"): value
            for name, value in data.items()
            if name.startswith("coc_") and value
        }
        for number, line in enumerate(str(data.get("other_combos", "")).splitlines(), start=1):
            if line.strip():
                self._other_combo(number, line, data["combos"])
        seen: dict[str, str] = {}
        for breakdown, combo in data["combos"].items():
            if combo in seen:
                self.add_error(
                    None,
                    _("Category option combo %(combo)s is given for both %(a)s and %(b)s.")
                    % {"combo": combo, "a": seen[combo] or _("the total"), "b": breakdown},
                )
            seen[combo] = breakdown
        self._unique("de_", _("Data element %(id)s is given to two indicators."))
        self._unique("ou_", _("Organisation unit %(id)s is given to two agencies."))
        return data

    def _other_combo(self, number: int, line: str, combos: dict[str, str]) -> None:
        breakdown, _sep, combo = (part.strip() for part in line.rpartition("="))
        where = _("Line %(line)d: ") % {"line": number}
        try:
            key = clean_breakdown(breakdown, self.dimensions)
        except ValueError as error:
            self.add_error("other_combos", where + str(error))
            return
        if (problem := identifier_problem(combo)) or not key:
            self.add_error("other_combos", where + (problem or _("name the categories.")))
            return
        combos[key] = combo

    def _unique(self, prefix: str, message: str) -> None:
        seen: set[str] = set()
        for name, value in self.cleaned_data.items():
            if name.startswith(prefix) and value:
                if value in seen:
                    self.add_error(name, message % {"id": value})
                seen.add(value)


def _identifier_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=MAX_LENGTH)


class ExportForm(forms.Form):
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=10,
        help_text=gettext_lazy(
            "A year (2025), a half-year (2025S1), a quarter (2025Q1) or a month (202503)."
        ),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("dhis2-json", gettext_lazy("DHIS2 JSON (dataValueSets)")),
            ("dhis2-csv", gettext_lazy("DHIS2 CSV")),
            ("adx", gettext_lazy("ADX XML")),
        ],
    )


class ImportForm(UploadForm):
    suffixes = (".json", ".csv", ".xml")

    plan: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Plan"), queryset=Plan.objects.none()
    )
    format = ExportForm.base_fields["format"]
    file = forms.FileField(label=gettext_lazy("File"))
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check (dry run): store nothing"), required=False
    )
    strategy = forms.ChoiceField(
        label=gettext_lazy("Import strategy"),
        choices=[
            ("CREATE_AND_UPDATE", gettext_lazy("Create and update")),
            ("CREATE", gettext_lazy("Only new values")),
            ("UPDATE", gettext_lazy("Only values stored already")),
        ],
    )

    def __init__(
        self, *args: object, plans: QuerySet[Plan], request_size: int = 0, **kwargs: object
    ) -> None:
        super().__init__(*args, request_size=request_size, **kwargs)
        plan_field = self.fields["plan"]
        assert isinstance(plan_field, forms.ModelChoiceField)
        plan_field.queryset = plans

    def clean_file(self) -> UploadedFile:
        return self.clean_upload()
