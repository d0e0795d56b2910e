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


class RecordFilterForm(AccessibleFormMixin, forms.Form):
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(TraffickingStatus.choices)
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_blank(Sex.choices))
    nationality = forms.CharField(label=_("Citizenship (ISO code)"), required=False, max_length=3)
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
