"""The plan's own forms: its settings, and creating a plan."""

from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plans import rules, services
from plans.models import Plan
from tipmonitor.lib.forms import NumberField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from ._common import AccessibleFormMixin, LanguageFieldsMixin, RuleWordedMixin, _date_input

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


class PlanForm(LanguageFieldsMixin, RuleWordedMixin, AccessibleFormMixin, forms.ModelForm):
    template_name = "plans/_plan_form_fields.html"
    calendar_fields = list(services.CALENDAR_LIMITS)
    threshold_fields = list(services.THRESHOLD_LIMITS)

    # Declared, not taken from the model, so that the rule's words (plans/rules.py) refuse it.
    currency = forms.CharField(
        label=_("Currency"),
        help_text=_("The ISO 4217 code of the budget's currency, like EUR or AMD."),
        widget=forms.TextInput(attrs={"size": 4, "autocapitalize": "characters"}),
    )

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
            "paper_size",
            *services.PLAN_SETTINGS,
        ]
        widgets = {
            "starts_on": _date_input(),
            "ends_on": _date_input(),
        }
        help_texts = {
            "code": _("A short identifier, like NAP-2024-2026: letters, digits, . - _"),
            "starts_on": _("Format: 2024-01-01."),
            "ends_on": _("Format: 2026-12-31. Not before the start."),
            "paper_size": _("The paper the annual report and quarterly summary are printed on."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = self.instance.language_list
        # A title field per language of the plan beyond the base (every one for a new plan,
        # whose languages are not chosen yet), as an element has for its name (issue 9 #10).
        every_language = ",".join(code for code, _name in settings.LANGUAGES)
        self.plan = self.instance if self.instance.pk else Plan(languages=every_language)
        self.title_field_names = self.add_language_fields(
            "title",
            label=_("Title in %(language)s"),
            help_text=_("Shown in %(language)s; when empty, the name above is shown."),
        )
        for name in services.PLAN_SETTINGS:
            message = services.plan_setting_message(name)
            self.fields[name].error_messages |= {"required": message, "invalid": message}
        # A post without it (a client written before the field) keeps the stored size.
        self.fields["paper_size"].required = False
        self.population_years = self._add_population_fields()

    def _add_population_fields(self) -> list[int]:
        """A population and its source for every year of the stored plan (a new plan has no
        years yet): the denominator of figures per 100,000 residents."""
        plan = self.instance
        if not plan.pk:
            return []
        stored = {entry.year: entry for entry in plan.populations.all()}
        years = list(range(plan.starts_on.year, plan.ends_on.year + 1))
        for year in years:
            entry = stored.get(year)
            population = services.population_field(year)
            self.fields[population] = NumberField(
                label=_("Population %(year)d") % {"year": year},
                help_text=_(
                    "Residents in %(year)d, a whole number like 2 977 000; empty if not known."
                )
                % {"year": year},
                decimal_places=0,
                initial=entry.population if entry else None,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 12}),
            )
            self.fields[services.source_field(year)] = forms.CharField(
                label=_("Source of the population %(year)d") % {"year": year},
                help_text=_("Like “Statistical Committee, 1 January estimate”."),
                max_length=services.SOURCE_LENGTH,
                required=False,
                initial=entry.source if entry else "",
            )
        return years

    def population_bound_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (year, self[services.population_field(year)], self[services.source_field(year)])
            for year in self.population_years
        ]

    def _population_names(self) -> set[str]:
        return {
            name
            for year in self.population_years
            for name in (services.population_field(year), services.source_field(year))
        }

    def population_rows(self, plan: Plan) -> list[services.PopulationRow] | None:
        """The populations typed, for the years of `plan` as saved (a shortened plan drops
        the years it no longer covers); None when the post has no population field (a client
        that does not know them keeps the stored ones)."""
        if not any(name in self.data for name in self._population_names()):
            return None
        rows = []
        for year in self.population_years:
            population = self.cleaned_data.get(services.population_field(year))
            if population is None or not plan.starts_on.year <= year <= plan.ends_on.year:
                continue
            source = self.cleaned_data.get(services.source_field(year)) or ""
            rows.append(services.PopulationRow(year, int(population), source))
        return rows

    def clean_paper_size(self) -> str:
        return self.cleaned_data.get("paper_size") or self.instance.paper_size

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].strip().upper()
        if error := rules.currency_error(currency):
            raise forms.ValidationError(error, code="invalid")
        return currency

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if period := rules.plan_period_error(cleaned.get("starts_on"), cleaned.get("ends_on")):
            self.add_error("ends_on", period)
        settings_given = {name: cleaned.get(name) for name in services.PLAN_SETTINGS}
        for name, error in services.plan_setting_errors(settings_given).items():
            self.add_error(name, error)
        self._clean_populations(cleaned)
        return cleaned

    def _clean_populations(self, cleaned: dict) -> None:
        for year in self.population_years:
            name = services.population_field(year)
            population = cleaned.get(name)
            if name in self.errors:
                continue
            if population is None:
                if cleaned.get(services.source_field(year)):
                    self.add_error(name, _("Give the population too, or clear its source."))
                continue
            if population != population.to_integral_value() or not (
                1 <= population <= services.MAX_POPULATION
            ):
                self.add_error(
                    name, _("The population is a whole number of residents, more than 0.")
                )

    def main_fields(self) -> list[forms.BoundField]:
        grouped = {*services.PLAN_SETTINGS, *self._population_names()}
        return [self[name] for name in self.fields if name not in grouped]

    def calendar_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.calendar_fields]

    def threshold_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.threshold_fields]

    def service_kwargs(self) -> dict:
        return {
            **{name: self.cleaned_data[name] for name in [*self.Meta.fields, "languages"]},
            "title_i18n": self.language_texts_given("title", self.title_field_names),
        }


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
