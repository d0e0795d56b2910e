"""The upload forms of the report workbook and of bulk data values: the file's name and size are
checked before anything reads it; the readers check the rest."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from reporting.models import ReportStatus


class _UploadForm(forms.Form):
    suffixes: tuple[str, ...] = (".xlsx",)

    def __init__(self, *args: object, request_size: int = 0, **kwargs: object) -> None:
        # An upload larger than the in-memory handler takes arrives without its file, and
        # "this field is required" would mislead.
        self.request_size = request_size
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > settings.WORKBOOK_MAX_BYTES:
            raise forms.ValidationError(self._too_large(), code="too_large")
        if not (upload.name or "").lower().endswith(self.suffixes):
            raise forms.ValidationError(
                _("%(name)s is not a %(suffixes)s file."),
                code="suffix",
                params={"name": upload.name, "suffixes": " / ".join(self.suffixes)},
            )
        return upload

    def full_clean(self) -> None:
        super().full_clean()
        missing = self.is_bound and "file" not in self.files
        if missing and self.request_size > settings.WORKBOOK_MAX_BYTES:
            self.errors["file"] = self.error_class([self._too_large()])

    @staticmethod
    def _too_large() -> str:
        limit = filesizeformat(settings.WORKBOOK_MAX_BYTES)
        return str(_("The file is too large: it may be at most %(limit)s.") % {"limit": limit})


class ReportWorkbookForm(_UploadForm):
    file = forms.FileField(
        label=_("Filled-in report workbook (.xlsx)"),
        help_text=_(
            "The workbook downloaded from this report's page, with the yellow cells filled in."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ValuesFileForm(_UploadForm):
    suffixes = (".csv", ".xlsx")

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    file = forms.FileField(
        label=_("Data values (.csv or .xlsx)"),
        help_text=_(
            "One value a row: indicator, period, agency, value, comment and one column per "
            "disaggregation dimension (empty for the total)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    status = forms.ChoiceField(
        label=_("Record the values as"),
        choices=[
            (ReportStatus.ACCEPTED, _("Accepted (the coordinator vouches for them)")),
            (ReportStatus.SUBMITTED, _("Submitted, for review")),
        ],
        required=False,
    )

    def __init__(
        self,
        *args: object,
        plans: QuerySet[Plan],
        may_accept: bool,
        request_size: int = 0,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, request_size=request_size, **kwargs)
        plan_field = self.fields["plan"]
        assert isinstance(plan_field, forms.ModelChoiceField)
        plan_field.queryset = plans
        if not may_accept:
            del self.fields["status"]
