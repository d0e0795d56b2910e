"""The coordinator's review (the return-with-comment form), the agency's sign-off (approve, or
send back with a comment) and what changed since the report was returned or sent back (values
and texts, before → after)."""

from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms import AccessibleFormMixin
from reporting.selectors import ReportContents
from reporting.services import changed_keys

from .report import ReportForm


class ReturnForm(AccessibleFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("What must the agency correct?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what the agency must correct before returning it.")},
    )


class ApproveForm(forms.Form):
    """The approver's sign-off: the revision they read, so that a report changed meanwhile is
    not approved unseen."""

    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class SendBackForm(AccessibleFormMixin, forms.Form):
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What must the reporter change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what the reporter must change before sending it back.")},
    )


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def changes_since(
    before: Mapping[str, str], after: Mapping[str, str], contents: ReportContents
) -> list[Change]:
    """Each field whose text differs between two states of the report (`services.as_text`),
    labelled as the form labels it, in the form's order."""
    form = ReportForm(contents=contents)
    order = {name: position for position, name in enumerate(form.fields)}
    keys = sorted(changed_keys(before, after), key=lambda key: (order.get(key, len(order)), key))
    return [
        Change(
            form.label_of(key),
            form.display(key, before.get(key, "")),
            form.display(key, after.get(key, "")),
        )
        for key in keys
    ]
