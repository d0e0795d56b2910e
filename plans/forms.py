"""The coordinator's forms for every element of a plan.

Forms turn what was typed into the values the services take (`service_kwargs()`) and check what
can be checked before writing, with the same wording as the services (`services.MESSAGES`); the
services check everything again. Periods are typed as text (`2024-Q1`, `2024-03-15`, `2024`)
because NAPs are written in quarters; milestones as `2024: 120; 2025: 150`, as in the workbook.
"""

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from plans import services
from plans.models import (
    DEFAULT_AGENCY_AGGREGATION,
    DEFAULT_TIME_AGGREGATION,
    Activity,
    AgencyAggregation,
    DatePrecision,
    Dimension,
    Indicator,
    IndicatorType,
    Objective,
    Plan,
    StrategicArea,
    TimeAggregation,
)
from plans.selectors import objective_descendant_ids
from tipmonitor.lib.periods import format_period, parse_period

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LABEL_LENGTH = 90  # long objective wordings are cut in select options, never in the plan

NUMBER_ERROR = _("Enter a number, like 120 or 12.5.")
MILESTONES_ERROR = _(
    "Write each milestone as a year, a colon and a number, separated by semicolons: "
    "2024: 120; 2025: 150."
)

# Form fields whose name differs from the key the services use for the same value.
SERVICE_FIELD_ALIASES = {"objective": "parent", "activity": "parent"}


class AccessibleFormMixin:
    """Ties every input to its help text and error message (aria-describedby), on every Django
    version we support, so a screen reader reads them with the field."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_fields()

    def _describe_fields(self) -> None:
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            auto_id = self[name].auto_id  # type: ignore[index]
            ids = [f"{auto_id}_helptext"] if field.help_text else []
            if name in errors:
                ids.append(f"{auto_id}_error")
            if ids and not field.widget.use_fieldset:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal at the field it concerns (or above the form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)  # type: ignore[attr-defined]
            return
        for key, messages in error.message_dict.items():
            field = key if key in self.fields else SERVICE_FIELD_ALIASES.get(key)  # type: ignore[attr-defined]
            if field not in self.fields:  # type: ignore[attr-defined]
                field = None
            self.add_error(field, messages)  # type: ignore[attr-defined]


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(LABEL_LENGTH)


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


# Plans -----------------------------------------------------------------------------------------


def _days_field(name: str, label: "StrOrPromise", help_text: "StrOrPromise") -> forms.Field:
    # No min/max on the field itself: the range is checked in `clean` with the services' words.
    maximum = services.CALENDAR_LIMITS[name]
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        initial=services.plan_setting_defaults()[name],
        widget=forms.NumberInput(attrs={"min": 0, "max": maximum, "step": 1}),
    )


def _share_field(name: str, label: "StrOrPromise", help_text: "StrOrPromise") -> forms.Field:
    # No min/max on the field itself: the range is checked in `clean` with the services' words.
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        initial=services.plan_setting_defaults()[name],
        widget=forms.NumberInput(attrs={"min": 0, "max": 1, "step": "0.01"}),
    )


class PlanForm(AccessibleFormMixin, forms.ModelForm):
    template_name = "plans/_plan_form_fields.html"
    calendar_fields = list(services.CALENDAR_LIMITS)
    threshold_fields = list(services.THRESHOLD_LIMITS)

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the plan's documents and reports are issued in."),
        error_messages={"required": services.MESSAGES["languages_required"]},
    )
    report_deadline_days = _days_field(
        "report_deadline_days",
        _("Reports due (days after the quarter)"),
        _("A quarter's report is due this many days after the quarter ends; 0 to 365."),
    )
    reminder_days_before = _days_field(
        "reminder_days_before",
        _("First reminder (days before the deadline)"),
        _("Agencies that have not reported are reminded from this many days before; 0 to 90."),
    )
    reminder_days_after = _days_field(
        "reminder_days_after",
        _("Overdue reminder (days after the deadline)"),
        _("Agencies still late are reminded this many days after the deadline; 0 to 90."),
    )
    on_track_from = _share_field(
        "on_track_from",
        _("On track from (progress)"),
        _(
            "An indicator is on track once its progress towards the expected value reaches this "
            "share; above 0 and at most 1, like 0.90."
        ),
    )
    at_risk_from = _share_field(
        "at_risk_from",
        _("At risk from (progress)"),
        _(
            "Below on track but at least this share is at risk; below it, off track. Above 0 and "
            "below on track, like 0.60."
        ),
    )
    maintain_tolerance = _share_field(
        "maintain_tolerance",
        _("Tolerance for maintain indicators"),
        _(
            "An indicator meant to stay at its baseline is on track while within this share of "
            "it; 0 to 1, like 0.05 for 5%."
        ),
    )

    class Meta:
        model = Plan
        fields = [
            "code",
            "title",
            "country",
            "starts_on",
            "ends_on",
            "currency",
            "status",
            *services.PLAN_SETTINGS,
        ]
        widgets = {
            "starts_on": _date_input(),
            "ends_on": _date_input(),
            "currency": forms.TextInput(attrs={"size": 4, "autocapitalize": "characters"}),
        }
        help_texts = {
            "code": _("A short identifier, like NAP-2024-2026: letters, digits, . - _"),
            "starts_on": _("Format: 2024-01-01."),
            "ends_on": _("Format: 2026-12-31. Not before the start."),
            "currency": _("The ISO 4217 code of the budget's currency, like EUR or AMD."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = self.instance.language_list
        for name in services.PLAN_SETTINGS:
            message = services.plan_setting_message(name)
            self.fields[name].error_messages |= {"required": message, "invalid": message}

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", services.MESSAGES["plan_end_before_start"])
        settings_given = {name: cleaned.get(name) for name in services.PLAN_SETTINGS}
        for name, error in services.plan_setting_errors(settings_given).items():
            self.add_error(name, error)
        return cleaned

    def main_fields(self) -> list[forms.BoundField]:
        grouped = services.PLAN_SETTINGS
        return [self[name] for name in self.fields if name not in grouped]

    def calendar_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.calendar_fields]

    def threshold_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.threshold_fields]

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "languages"]}


class PlanCreateForm(PlanForm):
    seed_default_areas = forms.BooleanField(
        label=_("Start with the five usual strategic areas"),
        required=False,
        initial=True,
        help_text=_(
            "1 Enabling framework, 2 Prevention, 3 Protection, 4 Prosecution, 5 Partnership. "
            "Untick for a plan with its own set of areas; you can add, rename and delete "
            "areas later."
        ),
    )

    def service_kwargs(self) -> dict:
        return {
            **super().service_kwargs(),
            "seed_default_areas": self.cleaned_data["seed_default_areas"],
        }


# Elements of a plan ----------------------------------------------------------------------------


class PlanElementForm(AccessibleFormMixin, forms.ModelForm):
    """An element of `plan`: its code must be free among the plan's elements of that kind."""

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        self.plan = plan
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        error = services.duplicate_code_error(
            model=self._meta.model, plan=self.plan, code=code, exclude_pk=self.instance.pk
        )
        if error:
            raise error
        return code


class AreaForm(PlanElementForm):
    class Meta:
        model = StrategicArea
        fields = ["code", "name"]
        help_texts = {"code": _("Like 1 or 2; the areas are listed in the order you add them.")}

    def service_kwargs(self) -> dict:
        return {"code": self.cleaned_data["code"], "name": self.cleaned_data["name"]}


class ObjectiveChoiceField(forms.TypedChoiceField):
    """One of the plan's objectives, grouped by area and indented by depth."""

    def __init__(self, *, objectives: Iterable[Objective], **kwargs) -> None:
        self.objectives = {objective.pk: objective for objective in objectives}
        super().__init__(coerce=self._objective, empty_value=None, **kwargs)
        self.choices = [("", _("(none)") if not self.required else "—"), *self._grouped()]

    def _objective(self, value: str) -> Objective:
        return self.objectives[int(value)]

    def _grouped(self) -> list[tuple[str, list[tuple[int, str]]]]:
        groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
        for objective, depth in _depth_first(self.objectives.values()):
            area = objective.area
            label = "\u2003" * depth + f"{objective.code} {_short(objective.name)}"
            groups.setdefault(area.pk, (f"{area.code} {area.name}", []))[1].append(
                (objective.pk, label)
            )
        return list(groups.values())

    def valid_value(self, value) -> bool:
        return str(value).isdigit() and int(value) in self.objectives


def _depth_first(objectives: Iterable[Objective]) -> list[tuple[Objective, int]]:
    """Objectives in plan order, each followed by the ones below it, with their depth."""
    objectives = list(objectives)
    known = {objective.pk for objective in objectives}
    children: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        parent = objective.parent_id if objective.parent_id in known else None
        children.setdefault(parent, []).append(objective)
    ordered: list[tuple[Objective, int]] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for child in children.get(parent_id, []):
            ordered.append((child, depth))
            visit(child.pk, depth + 1)

    visit(None, 0)
    areas = [objective.area_id for objective in objectives]
    # Keep areas in their own order: a branch never crosses areas, so a stable sort suffices.
    area_order = {area_id: areas.index(area_id) for area_id in areas}
    return sorted(ordered, key=lambda pair: area_order[pair[0].area_id])


def _plan_objectives(plan: Plan, *, exclude: Iterable[int] = ()) -> list[Objective]:
    queryset = plan.objectives.select_related("area").order_by(
        "area__position", "area__code", "position", "code"
    )
    return [objective for objective in queryset if objective.pk not in set(exclude)]


class ObjectiveForm(PlanElementForm):
    class Meta:
        model = Objective
        fields = ["area", "code", "name", "kind"]
        widgets = {"name": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "code": _("Like 2.1 or 2.1.a; unique among the plan's objectives."),
            "kind": _("Goal, specific objective, outcome or output, as the plan calls it."),
        }

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["area"].queryset = plan.areas.all()  # type: ignore[attr-defined]
        self.fields["area"].empty_label = None  # type: ignore[attr-defined]
        self.fields["kind"].required = False
        branch: set[int] = set()
        if self.instance.pk:
            branch = {self.instance.pk} | objective_descendant_ids(
                plan_id=plan.pk, objective_id=self.instance.pk
            )
        self.fields["parent"] = ObjectiveChoiceField(
            objectives=_plan_objectives(plan, exclude=branch),
            label=_("Parent objective"),
            required=False,
            help_text=_(
                "The objective this one details, in the same strategic area. "
                "Leave empty for a top-level objective of the area."
            ),
        )
        self.order_fields(["area", "parent", "code", "name", "kind"])
        if self.instance.pk:
            self.initial.setdefault("parent", self.instance.parent_id)
        self._area_from_parent()

    def _area_from_parent(self) -> None:
        """A sub-objective started from its parent opens in the parent's area."""
        parent_id = str(self.initial.get("parent") or "")
        objectives = self.fields["parent"].objectives  # type: ignore[attr-defined]
        if parent_id.isdigit() and int(parent_id) in objectives:
            self.initial["area"] = objectives[int(parent_id)].area_id

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        area, parent = cleaned.get("area"), cleaned.get("parent")
        if area and parent and parent.area_id != area.pk:
            self.add_error("parent", services.MESSAGES["parent_other_area"])
        return cleaned

    def service_kwargs(self) -> dict:
        names = ["area", "parent", "code", "name", "kind"]
        return {name: self.cleaned_data[name] for name in names}


# Activities ------------------------------------------------------------------------------------


class PeriodField(forms.CharField):
    """A date, a quarter or a year, cleaned to `(date, precision)` or None when empty."""

    def __init__(self, *, end: bool, **kwargs) -> None:
        self.end = end
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "2024-Q1")

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_period(text, end=self.end)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


def _agency_label(agency: Agency) -> str:
    return agency.label


class ActivityForm(PlanElementForm):
    starts_on = PeriodField(
        end=False,
        label=_("Start"),
        help_text=_(
            "A quarter (2024-Q1), a date (2024-03-15) or a year (2024). A quarter starts on "
            "its first day."
        ),
    )
    ends_on = PeriodField(
        end=True,
        label=_("Planned completion"),
        help_text=_(
            "A quarter (2024-Q4), a date or a year, not before the start. A quarter ends on its "
            "last day."
        ),
    )

    class Meta:
        model = Activity
        fields = [
            "code",
            "name",
            "lead_agency",
            "partner_agencies",
            "result_indicator",
            "budget",
            "funding_source",
            "funder",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 3}),
            "result_indicator": forms.Textarea(attrs={"rows": 2}),
            "partner_agencies": forms.CheckboxSelectMultiple,
        }
        labels = {"funder": _("Donor name")}
        help_texts = {
            "code": _("Like 1.1.2; unique among the plan's activities."),
            "result_indicator": _("The result that shows the activity was done."),
            "budget": _("Estimated cost in the plan's currency. Leave empty if not estimated."),
            "funder": _("Only when the funding source is a donor: who pays."),
        }

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        agencies = Agency.objects.order_by("code")
        self.fields["lead_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["lead_agency"].label_from_instance = _agency_label  # type: ignore[attr-defined]
        self.fields["partner_agencies"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["partner_agencies"].label_from_instance = _agency_label  # type: ignore[attr-defined]
        self.fields["budget"].help_text = _(
            "Estimated cost in %(currency)s. Leave empty if not estimated."
        ) % {"currency": plan.currency}
        self.fields["objective"] = ObjectiveChoiceField(
            objectives=_plan_objectives(plan),
            label=_("Objective"),
            help_text=_("The objective this activity serves."),
        )
        self.order_fields(
            ["objective", "code", "name", "lead_agency", "partner_agencies", "starts_on", "ends_on"]
        )
        if self.instance.pk:
            self.initial.setdefault("objective", self.instance.objective_id)
            self.initial["starts_on"] = format_period(
                self.instance.starts_on, self.instance.starts_precision
            )
            self.initial["ends_on"] = format_period(
                self.instance.ends_on, self.instance.ends_precision
            )

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends[0] < starts[0]:
            self.add_error("ends_on", services.MESSAGES["activity_end_before_start"])
        source, funder = cleaned.get("funding_source"), cleaned.get("funder", "")
        if source == "donor" and not funder:
            self.add_error("funder", services.MESSAGES["donor_required"])
        if source != "donor" and funder:
            self.add_error("funder", services.MESSAGES["donor_not_donor"])
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        starts_on, starts_precision = data["starts_on"] or (None, DatePrecision.DAY)
        ends_on, ends_precision = data["ends_on"] or (None, DatePrecision.DAY)
        return {
            **{name: data[name] for name in ["objective", *self.Meta.fields]},
            "starts_on": starts_on,
            "starts_precision": starts_precision,
            "ends_on": ends_on,
            "ends_precision": ends_precision,
        }


# Indicators ------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DECIMAL_VALIDATOR = DecimalValidator(
    services.DECIMAL["max_digits"], services.DECIMAL["decimal_places"]
)


def parse_number(text: str) -> Decimal:
    """A plain decimal number (`120`, `12.5`, `-3`, `1 200`); ValidationError otherwise."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", text)
    if not _NUMBER.match(compact):
        raise ValidationError(NUMBER_ERROR, code="invalid")
    try:
        number = Decimal(compact)
    except InvalidOperation:
        raise ValidationError(NUMBER_ERROR, code="invalid") from None
    _DECIMAL_VALIDATOR(number)
    return number


def parse_milestones(text: str) -> list[tuple[int, Decimal]]:
    """`2024: 120; 2025: 150` as [(2024, 120), (2025, 150)], in the order written."""
    milestones = []
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        year, colon, value = part.partition(":")
        if not colon or not re.fullmatch(r"\d{4}", year.strip()):
            raise ValidationError(MILESTONES_ERROR, code="invalid")
        try:
            milestones.append((int(year), parse_number(value)))
        except ValidationError:
            raise ValidationError(MILESTONES_ERROR, code="invalid") from None
    return milestones


def format_number(number: Decimal | None) -> str:
    if number is None:
        return ""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


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
            (f"objective:{o.pk}", "\u2003" * depth + f"{o.code} {_short(o.name)}")
            for o, depth in _depth_first(objectives)
        ]
        activity_choices = [(f"activity:{a.pk}", f"{a.code} {_short(a.name)}") for a in activities]
        choices = [("", "—"), (_("Objectives"), objective_choices)]
        if activity_choices:
            choices.append((_("Activities"), activity_choices))
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        key = super().clean(value)
        return self.elements.get(key)


class DimensionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Dimension) -> str:
        categories = ", ".join(category.name for category in obj.categories.all())
        return f"{obj.name} ({categories})" if categories else obj.name


class IndicatorForm(PlanElementForm):
    baseline = forms.CharField(
        label=_("Baseline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A number (like 120 or 12.5); for a qualitative indicator, a description."),
    )
    midterm_target = forms.CharField(
        label=_("Mid-term target"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A number; for a qualitative indicator, a description."),
    )
    end_target = forms.CharField(
        label=_("End target"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A number; for a qualitative indicator, a description."),
    )
    milestones = forms.CharField(
        label=_("Yearly milestones"),
        required=False,
        max_length=2000,
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
        self._setup_related(plan)
        self._setup_aggregations()
        self.fields["baseline_year"].validators += [
            MinValueValidator(1900),
            MaxValueValidator(2100),
        ]
        self.order_fields(
            ["parent", "code", "name", "level", "type", "direction", "unit", "baseline"]
        )
        if self.instance.pk:
            self._initial_from(self.instance)

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

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        qualitative = cleaned.get("type") == IndicatorType.QUALITATIVE
        for number_field, _text_field in services.TARGET_FIELDS:
            text = cleaned.get(number_field, "")
            if text and not qualitative:
                try:
                    cleaned[number_field] = parse_number(text)
                except ValidationError as error:
                    self.add_error(number_field, error)
        self._clean_milestones(cleaned, qualitative)
        for name in services.AGGREGATION_FIELDS:
            if qualitative and cleaned.get(name):
                self.add_error(name, services.MESSAGES["qualitative_no_aggregation"])
        return cleaned

    def _clean_milestones(self, cleaned: dict, qualitative: bool) -> None:
        try:
            milestones = parse_milestones(cleaned.get("milestones", ""))
        except ValidationError as error:
            self.add_error("milestones", error)
            return
        if qualitative and milestones:
            self.add_error("milestones", services.MESSAGES["qualitative_no_milestones"])
        for refusal in services.milestone_errors(plan=self.plan, milestones=milestones):
            self.add_error("milestones", refusal)
        cleaned["milestones"] = milestones

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
        }
