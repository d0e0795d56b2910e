from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
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
        fields = ["code", "name", "short_name", "type", "parent", "email"]
        help_texts = {
            "code": _("Letters, digits, dots, hyphens and underscores, e.g. MOI-POLICE."),
            "short_name": _("Shown in tables, e.g. Police."),
        }

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
