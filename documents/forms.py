"""The forms of the preparation page: one narrative section, choosing the document to prepare,
generating a file, publishing one."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import REPORT_KINDS, DocumentFormat
from documents.services import MAX_NARRATIVE
from plans.forms import AccessibleFormMixin


class SectionForm(AccessibleFormMixin, forms.Form):
    section = forms.CharField(widget=forms.HiddenInput, max_length=60)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=MAX_NARRATIVE,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ChooseForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"), choices=[(k.value, k.label) for k in REPORT_KINDS]
    )
    period = forms.CharField(
        label=_("Year or quarter"),
        max_length=10,
        help_text=_("A year (2025) for the annual report, a quarter (2025-Q3) for the summary."),
    )
    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, data: object, *, languages: list[tuple[str, str]]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["language"]).choices = languages


class GenerateForm(forms.Form):
    format = forms.ChoiceField(choices=DocumentFormat.choices)
    # The annual report's optional section on hidden victims (documents/estimation_section.py).
    estimate = forms.BooleanField(required=False)


class PublishForm(forms.Form):
    published = forms.TypedChoiceField(
        choices=[("1", _("Publish")), ("0", _("Unpublish"))], coerce=lambda v: v == "1"
    )


class MinutesGenerateForm(forms.Form):
    """Generate a meeting's minutes: which language and format."""

    language = forms.ChoiceField()
    format = forms.ChoiceField(choices=DocumentFormat.choices)

    def __init__(self, data: Mapping[str, Any] | None, *, languages: list[str]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["language"]).choices = [(c, c) for c in languages]


class FollowUpForm(AccessibleFormMixin, forms.Form):
    """Generate a follow-up report: the source, optionally one round, language and format."""

    source = forms.ChoiceField(label=_("Source"))
    cycle = forms.CharField(
        label=_("Round or year"),
        max_length=60,
        required=False,
        help_text=_("Leave empty for every round of the source."),
    )
    language = forms.ChoiceField(label=_("Language"))
    format = forms.ChoiceField(label=_("Format"), choices=DocumentFormat.choices)

    def __init__(
        self,
        data: object,
        *,
        sources: list[tuple[str, str]],
        languages: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["source"]).choices = sources
        cast(forms.ChoiceField, self.fields["language"]).choices = languages
