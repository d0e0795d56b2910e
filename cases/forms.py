"""The forms of the case pages: the upload of an agency's file and the filters of the list."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases import categories
from cases.models import Sex, TraffickingStatus
from cases.selectors import RecordFilters
from plans.forms import AccessibleFormMixin
from plans.workbook_forms import UploadForm
from tipmonitor.lib import countries


class CaseFileForm(AccessibleFormMixin, UploadForm):
    suffixes = (".csv", ".xlsx")

    agency = forms.ModelChoiceField(label=_("Reporting agency"), queryset=Agency.objects.none())
    file = forms.FileField(
        label=_("Case records (.csv or .xlsx)"),
        help_text=_(
            "One record a row: record_id and the other columns of docs/cases.md, with names "
            "and birth dates or with the keys tipmonitor pseudonymise-cases wrote instead."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: object, agencies: QuerySet[Agency], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        if agencies.count() == 1:
            field.initial = agencies.first()

    def clean_file(self) -> object:
        return self.clean_upload()


def _blank(choices: list) -> list:
    return [("", _("All")), *choices]


# ICAO 9303's codes for travellers of no one country, which ISO 3166 does not name.
ICAO_NATIONALITIES = {
    "XXA": _("Stateless person"),
    "XXB": _("Refugee (1951 Convention)"),
    "XXC": _("Refugee (other)"),
    "XXX": _("Unspecified nationality"),
}


def country_name(code: str) -> str:
    """A citizenship's name in the active language: the country, or ICAO's special codes."""
    special = ICAO_NATIONALITIES.get(code)
    return str(special) if special is not None else countries.country_name(code)


def country_choices() -> list[tuple[str, str]]:
    """Every citizenship a record may hold (ISO 3166-1 alpha-3, then ICAO's codes for stateless
    persons and refugees) named in the active language, countries in the order of their names."""
    codes = categories.country_codes()
    named = [(code, countries.country_name(code)) for code in codes - ICAO_NATIONALITIES.keys()]
    named.sort(key=lambda choice: (choice[1].casefold(), choice[0]))
    return named + [(code, str(name)) for code, name in ICAO_NATIONALITIES.items()]


class CountryField(forms.ChoiceField):
    """A country chosen by its name in the user's language; its alpha-3 code is the value kept
    (and put in the page's address). A code in any case (`rus`) or a name, in the user's language
    or in English, is taken too, for a hand-written link."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(choices=lambda: _blank(country_choices()), **kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> str:
        text = super().to_python(value).strip()
        if not text or text.upper() in categories.country_codes():
            return text.upper()
        wanted = text.casefold()
        for code in categories.country_codes():
            names = {country_name(code), countries.country_name(code, "en")}
            if wanted in {name.casefold() for name in names}:
                return code
        return text


class RecordFilterForm(AccessibleFormMixin, forms.Form):
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(TraffickingStatus.choices)
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_blank(Sex.choices))
    nationality = CountryField(label=_("Citizenship"), required=False)
    exploitation = forms.ChoiceField(
        label=_("Form of exploitation"),
        required=False,
        choices=_blank(list(categories.EXPLOITATION.items())),
    )
    year = forms.IntegerField(
        label=_("Identified in"), required=False, min_value=1900, max_value=2100
    )

    def __init__(self, data: object, *, agencies: list[tuple[str, str]]) -> None:
        super().__init__(data)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ChoiceField)
        agency.choices = _blank(agencies)
        if len(agencies) < 2:
            del self.fields["agency"]

    def filters(self) -> RecordFilters:
        """The valid filters; a filter with a wrong value is left out (and shown in error)."""
        data = self.cleaned_data if self.is_valid() else {}
        return RecordFilters(
            agency=data.get("agency") or "",
            status=data.get("status") or "",
            sex=data.get("sex") or "",
            nationality=(data.get("nationality") or "").upper(),
            exploitation=data.get("exploitation") or "",
            year=data.get("year"),
        )
