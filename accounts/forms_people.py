"""The forms of the people pages: the list's filters, the invitation and a person's roles.

Which roles a form offers comes from `accounts.permissions.grantable_roles`; the services
(accounts.services.people) check again and have the last word.
"""

from collections.abc import Mapping
from typing import Any, TypedDict

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.selectors import PeopleFilters
from agencies.models import Agency

STATUS_CHOICES = [
    ("", _("Active and deactivated")),
    ("active", _("Active")),
    ("inactive", _("Deactivated")),
]
KEEP_A_ROLE_MESSAGE = _(
    "Keep at least one role. To stop someone working here, deactivate them instead."
)


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal beside the field it concerns, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, messages in error.message_dict.items():
        form.add_error(key if key in form.fields else None, messages)


def _role_choices(roles: list[Role]) -> list[tuple[str, Any]]:
    return [(role.value, role.label) for role in roles]


class PeopleFilterForm(forms.Form):
    """The list's filters, read from the query string; a wrong value is shown and ignored."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, data: Mapping[str, Any], *, agencies: QuerySet[Agency]) -> None:
        super().__init__(data)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies
        agency.empty_label = _("Every agency")
        if agencies.count() < 2:  # a user manager's own agency: nothing to choose
            del self.fields["agency"]

    def filters(self) -> PeopleFilters:
        data = self.cleaned_data if self.is_valid() else {}
        agency = data.get("agency")
        return PeopleFilters(
            agency_id=agency.pk if agency is not None else None,
            role=data.get("role") or "",
            status=data.get("status") or "",
            search=data.get("q") or "",
        )


class Invitation(TypedDict):
    username: str
    first_name: str
    last_name: str
    email: str
    agency: Agency | None
    roles: list[Role]


class InviteForm(forms.Form):
    """Who to invite. The agency is fixed for a user manager (their own); the roles offered
    are those the inviting user may grant there."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What they type to sign in: letters, digits and @ . + - _ only."),
        error_messages={"required": _("Type a user name.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The invitation link is sent here."),
        error_messages={
            "required": _("Type the e-mail address the invitation goes to."),
            "invalid": _("That is not an e-mail address."),
        },
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        error_messages={"required": _("Choose the user's agency.")},
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        agencies: QuerySet[Agency],
        roles: list[Role],
        fixed_agency: Agency | None,
    ) -> None:
        super().__init__(data, label_suffix="")
        self.fixed_agency = fixed_agency
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies
        if fixed_agency is not None:
            del self.fields["agency"]
        choices = self.fields["roles"]
        assert isinstance(choices, forms.MultipleChoiceField)
        choices.choices = _role_choices(roles)

    def invitation(self) -> "Invitation":
        """The keywords of `user_invite`, from a valid form."""
        data = self.cleaned_data
        return {
            "username": data["username"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "agency": self.fixed_agency or data["agency"],
            "roles": [Role(role) for role in data["roles"]],
        }


class RolesForm(forms.Form):
    """The roles of one person that the manager may grant; the others are shown beside the
    form, read-only, and kept as they are."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, person: User, grantable: list[Role]
    ) -> None:
        self.kept = [role for role in Role if person.has_role(role) and role not in grantable]
        initial = {"roles": [role.value for role in grantable if person.has_role(role)]}
        super().__init__(data, initial=initial, label_suffix="")
        choices = self.fields["roles"]
        assert isinstance(choices, forms.MultipleChoiceField)
        choices.choices = _role_choices(grantable)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not cleaned.get("roles") and not self.kept and "roles" not in self.errors:
            self.add_error("roles", KEEP_A_ROLE_MESSAGE)
        return cleaned

    def roles_wanted(self) -> list[Role]:
        """Every role the person should hold: those ticked and those kept."""
        return [*self.kept, *(Role(role) for role in self.cleaned_data["roles"])]
