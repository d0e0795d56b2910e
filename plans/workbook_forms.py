"""The upload form of the plan workbook: one `.xlsx` file and whether only to check it.

The form checks what can be told without opening the file (its name and size), so that a wrong
file gets a clear answer before the importer reads a byte; the importer checks everything else.
"""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

WORKBOOK_SUFFIX = ".xlsx"


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("The plan workbook as described in the workbook contract."),
        widget=forms.ClearableFileInput(attrs={"accept": WORKBOOK_SUFFIX}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run)"),
        required=False,
        help_text=_("Check the workbook and show what would change, without saving anything."),
    )

    def __init__(self, *args: object, request_size: int = 0, **kwargs: object) -> None:
        # The size of the whole request: an upload larger than the in-memory handler accepts
        # arrives without its file, and "this field is required" would mislead.
        self.request_size = request_size
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean_workbook(self) -> UploadedFile:
        workbook: UploadedFile = self.cleaned_data["workbook"]
        if (workbook.size or 0) > settings.WORKBOOK_MAX_BYTES:
            raise forms.ValidationError(self._too_large(), code="too_large")
        if not (workbook.name or "").lower().endswith(WORKBOOK_SUFFIX):
            raise forms.ValidationError(
                _(
                    "%(name)s is not an Excel workbook: choose an .xlsx file (an .xls or .csv "
                    "file can be saved as .xlsx from the spreadsheet program)."
                ),
                code="suffix",
                params={"name": workbook.name},
            )
        return workbook

    def full_clean(self) -> None:
        super().full_clean()
        missing = self.is_bound and "workbook" not in self.files
        if missing and self.request_size > settings.WORKBOOK_MAX_BYTES:
            self.errors["workbook"] = self.error_class([self._too_large()])

    @staticmethod
    def _too_large() -> str:
        limit = filesizeformat(settings.WORKBOOK_MAX_BYTES)
        return _("The file is too large: a workbook may be at most %(limit)s.") % {"limit": limit}
