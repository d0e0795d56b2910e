"""The activity form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from plans import rules
from plans.models import Activity, DatePrecision, Plan
from tipmonitor.lib.forms import NumberField
from tipmonitor.lib.periods import format_period, parse_period

from ._common import PlanElementForm, _agency_label, _plan_objectives
from .elements import ObjectiveChoiceField

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


class ActivityForm(PlanElementForm):
    # Read by parse_number, as every number of a plan; not negative, two decimals (rules.py).
    budget = NumberField(
        label=_("Budget estimate"), widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
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
            [
                "objective",
                "code",
                "name",
                *self.name_field_names,
                "lead_agency",
                "partner_agencies",
                "starts_on",
                "ends_on",
            ]
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
        starts = cleaned.get("starts_on") or (None, DatePrecision.DAY)
        ends = cleaned.get("ends_on") or (None, DatePrecision.DAY)
        if "starts_on" in cleaned and "ends_on" in cleaned:
            self.add_rule_errors(
                rules.activity_period_errors(
                    starts_on=starts[0],
                    starts_precision=starts[1],
                    ends_on=ends[0],
                    ends_precision=ends[1],
                    plan_start=self.plan.starts_on,
                    plan_end=self.plan.ends_on,
                )
            )
        if "funding_source" in cleaned and "funder" in cleaned:
            self.add_rule_errors(rules.funding_errors(cleaned["funding_source"], cleaned["funder"]))
        if error := rules.amount_error(cleaned.get("budget")):
            self.add_error("budget", error)
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
            "name_i18n": self.names_given(),
        }
