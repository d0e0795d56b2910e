"""The upload forms of the report workbook and of bulk data values: the file's name and size are
checked before anything reads it; the readers check the rest."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from plans.workbook_forms import UploadForm
from reporting.models import ReportStatus


class ReportWorkbookForm(UploadForm):
    file = forms.FileField(
        label=_("Filled-in report workbook (.xlsx)"),
        help_text=_(
            "The workbook downloaded from this report's page, with the yellow cells filled in."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        return self.clean_upload()


class ValuesFileForm(UploadForm):
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

    def clean_file(self) -> UploadedFile:
        return self.clean_upload()

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
