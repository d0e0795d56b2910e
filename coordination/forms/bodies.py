"""The coordinator's form for a body and its table of member agencies (one row a seat)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agencies.models import Agency
from coordination.forms.meetings import CodeNamedChoiceField
from coordination.models import Body
from coordination.services.bodies import Seat
from plans.forms import AccessibleFormMixin

EXTRA_SEATS = 3


class BodyForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = ["code", "name", "kind", "chair_agency", "parent", "active"]
        help_texts = {
            "code": _("Short, unique: letters, digits, dots and dashes (WG, NCC, WG-PREV)."),
            "parent": _("The body this one reports to, if any."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Body.objects.order_by("code")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["chair_agency"].queryset = Agency.objects.order_by("code")  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # The service checks the code against the other bodies, in its own words; the model's
        # unique check would say it first, in Django's.
        pass

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in self.Meta.fields}


class RepresentativeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        name = user.get_full_name() or user.get_username()
        agency = user.agency.code if user.agency is not None else "—"
        return f"{agency}: {name}"


class SeatForm(AccessibleFormMixin, forms.Form):
    agency = CodeNamedChoiceField(
        label=_("Agency"), queryset=Agency.objects.order_by("code"), required=False
    )
    representative = RepresentativeField(
        label=_("Representative (a user of the agency)"),
        queryset=User.objects.filter(is_active=True, agency__isnull=False)
        .select_related("agency")
        .order_by("agency__code", "username"),
        required=False,
    )
    representative_name = forms.CharField(
        label=_("or the representative's name"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("E-mail for invitations"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(name) for name in ("representative", "representative_name", "email"))
        if filled and not data.get("agency"):
            self.add_error("agency", _("Choose the agency this representative sits for."))
        return data

    def seat(self) -> Seat | None:
        data = self.cleaned_data
        if not data.get("agency"):
            return None
        return Seat(
            agency=data["agency"],
            representative=data.get("representative"),
            representative_name=data.get("representative_name", ""),
            email=data.get("email", ""),
        )


SeatFormSet = forms.formset_factory(SeatForm, extra=EXTRA_SEATS)


def seat_formset(data: Any, body: Body | None) -> Any:
    """The table of seats: the body's members, then empty rows for new ones."""
    initial = []
    if body is not None:
        initial = [
            {
                "agency": membership.agency_id,
                "representative": membership.representative_id,
                "representative_name": membership.representative_name,
                "email": membership.email,
            }
            for membership in body.memberships.all()
        ]
    return SeatFormSet(data, initial=initial, prefix="seats")


def seats_of(formset: Any) -> list[Seat]:
    return [seat for form in formset.forms if (seat := form.seat()) is not None]
