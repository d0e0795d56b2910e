"""The upload form of the plan workbook: one `.xlsx` file and whether only to check it, on
`UploadForm`, which the reporting upload forms (reporting/file_forms.py) share.

The form checks what can be told without opening the file (its name and size), so that a wrong
file gets a clear answer before the importer reads a byte; the importer checks everything else.
"""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

WORKBOOK_SUFFIX = ".xlsx"


def request_size(request: HttpRequest) -> int:
    """The size of the whole request, for `UploadForm(request_size=...)`."""
    return int(request.META.get("CONTENT_LENGTH") or 0)


class UploadForm(forms.Form):
    """A form with one uploaded file, named by `file_field`, whose size and name are checked
    before anything reads it. Subclasses call `clean_upload` from their `clean_<field>`."""

    file_field = "file"
    suffixes: tuple[str, ...] = (WORKBOOK_SUFFIX,)
    too_large_message = _("The file is too large: it may be at most %(limit)s.")

    def __init__(self, *args: object, request_size: int = 0, **kwargs: object) -> None:
        # The size of the whole request: an upload larger than the in-memory handler accepts
        # arrives without its file, and "this field is required" would mislead.
        self.request_size = request_size
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean_upload(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data[self.file_field]
        if (upload.size or 0) > settings.WORKBOOK_MAX_BYTES:
            raise forms.ValidationError(self._too_large(), code="too_large")
        if not (upload.name or "").lower().endswith(self.suffixes):
            raise self.suffix_error(upload)
        return upload

    def suffix_error(self, upload: UploadedFile) -> forms.ValidationError:
        return forms.ValidationError(
            _("%(name)s is not a %(suffixes)s file."),
            code="suffix",
            params={"name": upload.name, "suffixes": " / ".join(self.suffixes)},
        )

    def full_clean(self) -> None:
        super().full_clean()
        missing = self.is_bound and self.file_field not in self.files
        if missing and self.request_size > settings.WORKBOOK_MAX_BYTES:
            self.errors[self.file_field] = self.error_class([self._too_large()])

    def _too_large(self) -> str:
        limit = filesizeformat(settings.WORKBOOK_MAX_BYTES)
        return str(self.too_large_message % {"limit": limit})


class WorkbookUploadForm(UploadForm):
    file_field = "workbook"
    too_large_message = _("The file is too large: a workbook may be at most %(limit)s.")

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

    def clean_workbook(self) -> UploadedFile:
        return self.clean_upload()

    def suffix_error(self, upload: UploadedFile) -> forms.ValidationError:
        return forms.ValidationError(
            _(
                "%(name)s is not an Excel workbook: choose an .xlsx file (an .xls or .csv "
                "file can be saved as .xlsx from the spreadsheet program)."
            ),
            code="suffix",
            params={"name": upload.name},
        )
