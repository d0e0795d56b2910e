"""The API tokens page's forms: a new token (one's own, or a service account's), a new
service account. The rules are the services' (accounts.services.tokens)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import TokenScope
from accounts.services.tokens import DEFAULT_DAYS, MAX_DAYS
from agencies.models import Agency


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses it, e.g. “DHIS2 nightly push”."),
    )
    scope = forms.ChoiceField(
        label=_("It may"),
        choices=[
            (TokenScope.READ, _("Read the plan, agencies, reports and progress")),
            (TokenScope.READ_WRITE_VALUES, _("Read, and post indicator values")),
        ],
        initial=TokenScope.READ,
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=_("At most a year."),
    )
    # A service account's id (the coordinator's forms); empty: one's own token.
    owner = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class ServiceAccountForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.order_by("code"), empty_label=None
    )
