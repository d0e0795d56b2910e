from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyType
from agencies.rules import default_requires_sign_off
from agencies.services import agency_code_error, agency_parent_error


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.label


class AgencyForm(forms.ModelForm):
    """Checks what the services check, so the coordinator sees every problem beside its field."""

    parent = ParentChoiceField(
        queryset=Agency.objects.order_by("code"),
        required=False,
        label=_("Parent agency"),
        empty_label=_("(none: a national body)"),
        help_text=_(
            "The agency this one reports to, e.g. the national committee above a provincial "
            "committee. Totals roll up this tree."
        ),
    )

    class Meta:
        model = Agency
        fields = ["code", "name", "short_name", "type", "parent", "email", "requires_sign_off"]
        help_texts = {
            "code": _("Letters, digits, dots, hyphens and underscores, e.g. MOI-POLICE."),
            "short_name": _("Shown in tables, e.g. Police."),
            "requires_sign_off": _(
                "A reporter's report then waits for one of the agency's approvers to approve it "
                "before it reaches the coordinator. On for a new state body, off for the others, "
                "unless you change it."
            ),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk is None:
            # A new agency starts with its type's default (a state body signs its reports off);
            # the page's script follows a change of type until the coordinator ticks the box.
            agency_type = self.initial.get("type") or AgencyType.STATE
            self.initial["requires_sign_off"] = default_requires_sign_off(agency_type)
            self.fields["requires_sign_off"].widget.attrs["data-default-types"] = AgencyType.STATE

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        error = agency_code_error(code=code, agency=self.instance)
        if error:
            raise error
        return code

    def clean_parent(self) -> Agency | None:
        parent = self.cleaned_data["parent"]
        error = agency_parent_error(agency=self.instance, parent=parent)
        if error:
            raise error
        return parent

    def validate_unique(self) -> None:
        # clean_code already checks uniqueness, without regard to case.
        pass
