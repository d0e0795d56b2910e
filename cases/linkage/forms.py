"""The data officer's decision on an uncertain pair."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import PairDecision
from plans.forms import AccessibleFormMixin


class PairDecisionForm(AccessibleFormMixin, forms.Form):
    # Set by the button pressed ("Same person" / "Different persons").
    decision = forms.ChoiceField(label=_("Decision"), choices=PairDecision.choices)
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why, for whoever looks at this pair again. No names, please."),
    )
