"""The indicator form, with its numbers and milestones as typed."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from plans import rules, services
from plans.models import (
    DEFAULT_AGENCY_AGGREGATION,
    DEFAULT_TIME_AGGREGATION,
    Activity,
    AgencyAggregation,
    Dimension,
    Indicator,
    IndicatorType,
    Objective,
    Plan,
    TimeAggregation,
)
from tipmonitor.lib.forms import NumberField
from tipmonitor.lib.numbers import NumberFormatError, parse_number, plain_decimal

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise

from ._common import (
    PlanElementForm,
    _agency_label,
    _depth_first,
    _plan_objectives,
    _short,
)

# Indicators ------------------------------------------------------------------------------------


def format_number(number: Decimal | None) -> str:
    return plain_decimal(number) or ""


def format_milestones(milestones: Iterable) -> str:
    return "; ".join(f"{m.year}: {format_number(m.target)}" for m in milestones)


class IndicatorParentField(forms.ChoiceField):
    """The objective or the activity an indicator measures: `objective:12` or `activity:7`."""

    def __init__(
        self, *, objectives: list[Objective], activities: list[Activity], **kwargs
    ) -> None:
        self.elements: dict[str, Objective | Activity] = {
            f"objective:{o.pk}": o for o in objectives
        }
        self.elements |= {f"activity:{a.pk}": a for a in activities}
        objective_choices = [
            (f"objective:{o.pk}", "\u2003" * depth + f"{o.code} {_short(o.display_name)}")
            for o, depth in _depth_first(objectives)
        ]
        activity_choices = [
            (f"activity:{a.pk}", f"{a.code} {_short(a.display_name)}") for a in activities
        ]
        choices = [("", "—"), (_("Objectives"), objective_choices)]
        if activity_choices:
            choices.append((_("Activities"), activity_choices))
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        key = super().clean(value)
        return self.elements.get(key)


class DimensionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Dimension) -> str:
        categories = ", ".join(category.display_name for category in obj.categories.all())
        return f"{obj.display_name} ({categories})" if categories else obj.display_name


@dataclass
class AgencyTargetRow:
    """One agency's row in the form's table of targets per agency."""

    agency: Agency
    target: forms.BoundField
    target_date: forms.BoundField


TARGET_HELP = _("A number; for a qualitative indicator, a description.")


def _target_field(
    label: "StrOrPromise", help_text: "StrOrPromise" = TARGET_HELP
) -> forms.CharField:
    """A baseline or target as typed: a number, or words for a qualitative indicator."""
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=help_text
    )


class IndicatorForm(PlanElementForm):
    template_name = "plans/_indicator_form_fields.html"

    baseline = _target_field(
        _("Baseline"),
        _("A number (like 120 or 12.5); for a qualitative indicator, a description."),
    )
    midterm_target = _target_field(_("Mid-term target"))
    end_target = _target_field(_("End target"))
    milestones = forms.CharField(
        label=_("Yearly milestones"),
        required=False,
        max_length=rules.MAX_MILESTONES_LENGTH,
        help_text=_(
            "Optional targets for years within the plan period, as year: number, separated by "
            "semicolons, like 2024: 120; 2025: 150. Not for qualitative indicators."
        ),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "level",
            "type",
            "direction",
            "unit",
            "baseline_year",
            "baseline_source",
            "means_of_verification",
            "frequency",
            "time_aggregation",
            "agency_aggregation",
            "responsible_agencies",
            "dimensions",
            "headline",
            "counts_victims",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 3}),
            "baseline_source": forms.Textarea(attrs={"rows": 2}),
            "means_of_verification": forms.Textarea(attrs={"rows": 2}),
            "responsible_agencies": forms.CheckboxSelectMultiple,
            "baseline_year": forms.NumberInput(attrs={"min": 1900, "max": 2100}),
        }
        help_texts = {
            "code": _("Like I-2.1; unique among the plan's indicators."),
            "unit": _("Like persons, %, or cases per 100,000."),
            "means_of_verification": _("The document or system the value is taken from."),
            "responsible_agencies": _("The agencies that collect and report the value."),
            "time_aggregation": _(
                "How the values of several periods make the value at a date. Not for qualitative "
                "indicators."
            ),
            "agency_aggregation": _(
                "How the values of several responsible agencies make one value for a period. Not "
                "for qualitative indicators."
            ),
            "headline": _(
                "Show this indicator, its status and its accepted values on the public site, "
                "which anyone can read without signing in."
            ),
        }

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        self.unit_field_names = self.add_language_fields(
            "unit",
            label=_("Unit in %(language)s"),
            help_text=_("Shown in %(language)s; when empty, the unit above is shown."),
        )
        self._setup_related(plan)
        self._setup_aggregations()
        self.fields["baseline_year"].validators += [
            MinValueValidator(1900),
            MaxValueValidator(2100),
        ]
        self.order_fields(
            [
                "parent",
                "code",
                "name",
                *self.name_field_names,
                "level",
                "type",
                "direction",
                "unit",
                *self.unit_field_names,
                "baseline",
            ]
        )
        self._setup_agency_targets()
        if self.instance.pk:
            self._initial_from(self.instance)

    def _setup_agency_targets(self) -> None:
        """A target and a target date per agency, filled in for responsible agencies only."""
        self.target_agencies = list(self.fields["responsible_agencies"].queryset)  # type: ignore[attr-defined]
        self.target_field_names: list[tuple[Agency, str, str]] = []
        for agency in self.target_agencies:
            target, target_date = f"agency_target_{agency.pk}", f"agency_target_date_{agency.pk}"
            params = {"agency": agency.code}
            # The table's row names the agency; each input says its own name to a screen reader.
            label = _("Target of %(agency)s") % params
            date_label = _("Target date of %(agency)s") % params
            self.fields[target] = NumberField(label=label)
            self.fields[target].widget.attrs["aria-label"] = label
            self.fields[target_date] = forms.DateField(
                label=date_label,
                required=False,
                widget=forms.DateInput(
                    format="%Y-%m-%d", attrs={"type": "date", "aria-label": date_label}
                ),
            )
            self.target_field_names.append((agency, target, target_date))

    def agency_target_rows(self) -> list[AgencyTargetRow]:
        return [
            AgencyTargetRow(agency, self[target], self[target_date])
            for agency, target, target_date in self.target_field_names
        ]

    def main_fields(self) -> list[forms.BoundField]:
        in_table = {name for _a, *names in self.target_field_names for name in names}
        return [self[name] for name in self.fields if name not in in_table]

    def _setup_related(self, plan: Plan) -> None:
        self.fields["parent"] = IndicatorParentField(
            objectives=_plan_objectives(plan),
            activities=list(plan.activities.all()),
            label=_("Measures"),
            help_text=_("The objective or the activity this indicator measures."),
        )
        agencies = self.fields["responsible_agencies"]
        agencies.queryset = Agency.objects.order_by("code")  # type: ignore[attr-defined]
        agencies.label_from_instance = _agency_label  # type: ignore[attr-defined]
        self.fields["dimensions"] = DimensionChoiceField(
            queryset=Dimension.objects.prefetch_related("categories"),
            required=False,
            label=_("Disaggregation"),
            widget=forms.CheckboxSelectMultiple,
            help_text=_("The breakdowns each reported value must give."),
        )

    def _setup_aggregations(self) -> None:
        """The empty choice says what it means for each type: the defaults differ by type."""
        for name, model_choices, defaults in (
            ("time_aggregation", TimeAggregation, DEFAULT_TIME_AGGREGATION),
            ("agency_aggregation", AgencyAggregation, DEFAULT_AGENCY_AGGREGATION),
        ):
            meanings = "; ".join(
                str(
                    _("%(type)s: %(aggregation)s")
                    % {"type": IndicatorType(kind).label, "aggregation": model_choices(value).label}
                )
                for kind, value in defaults.items()
            )
            empty = _("Default for the type (%(defaults)s)") % {"defaults": meanings}
            field = self.fields[name]
            field.choices = [("", empty), *model_choices.choices]  # type: ignore[attr-defined]

    def _initial_from(self, indicator: Indicator) -> None:
        parent = (
            f"activity:{indicator.activity_id}"
            if indicator.activity_id
            else f"objective:{indicator.objective_id}"
        )
        self.initial.setdefault("parent", parent)
        for number_field, text_field in services.TARGET_FIELDS:
            self.initial[number_field] = (
                getattr(indicator, text_field)
                if indicator.is_qualitative
                else format_number(getattr(indicator, number_field))
            )
        self.initial["milestones"] = format_milestones(indicator.milestones.all())
        for target in indicator.agency_targets.all():
            self.initial[f"agency_target_{target.agency_id}"] = format_number(target.target)
            self.initial[f"agency_target_date_{target.agency_id}"] = target.target_date

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        qualitative = cleaned.get("type") == IndicatorType.QUALITATIVE
        for number_field, _text_field in services.TARGET_FIELDS:
            text = cleaned.get(number_field, "")
            if text and not qualitative:
                try:
                    cleaned[number_field] = parse_number(text)
                except NumberFormatError as error:
                    self.add_error(number_field, str(error))
        self._clean_milestones(cleaned, qualitative)
        for name in services.AGGREGATION_FIELDS:
            if qualitative and cleaned.get(name):
                self.add_error(name, services.MESSAGES["qualitative_no_aggregation"])
        self._clean_agency_targets(cleaned, qualitative)
        return cleaned

    def _clean_milestones(self, cleaned: dict, qualitative: bool) -> None:
        try:
            milestones = rules.parse_milestones(cleaned.get("milestones", ""))
        except rules.RuleError as error:
            self.add_error("milestones", error.message)
            return
        for message in rules.milestone_errors(
            milestones,
            plan_start=self.plan.starts_on,
            plan_end=self.plan.ends_on,
            qualitative=qualitative,
        ):
            self.add_error("milestones", message)
        cleaned["milestones"] = milestones

    def _clean_agency_targets(self, cleaned: dict, qualitative: bool) -> None:
        responsible = set(cleaned.get("responsible_agencies") or ())
        targets = []
        for row in self.agency_target_rows():
            target = cleaned.get(row.target.name)
            target_date = cleaned.get(row.target_date.name)
            if target is None and target_date is None:
                continue
            found = rules.agency_target_errors(
                agency=row.agency.code,
                target=target,
                target_date=target_date,
                responsible=row.agency in responsible,
                qualitative=qualitative,
                plan_start=self.plan.starts_on,
                plan_end=self.plan.ends_on,
            )
            for key, message in found.items():
                field = row.target_date if key == "target_date" else row.target
                self.add_error(field.name, message)
            if not found:
                targets.append((row.agency, target, target_date))
        cleaned["agency_targets"] = targets

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        parent = data["parent"]
        qualitative = data["type"] == IndicatorType.QUALITATIVE
        values: dict = {name: data[name] for name in self.Meta.fields}
        for number_field, text_field in services.TARGET_FIELDS:
            entered = data[number_field]
            values[number_field] = None if qualitative or entered == "" else entered
            values[text_field] = entered if qualitative else ""
        return {
            **values,
            "objective": parent if isinstance(parent, Objective) else None,
            "activity": parent if isinstance(parent, Activity) else None,
            "milestones": data["milestones"],
            "agency_targets": data["agency_targets"],
            "name_i18n": self.names_given(),
            "unit_i18n": self.language_texts_given("unit", self.unit_field_names),
        }
