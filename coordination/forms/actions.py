"""The forms of the action pages: the list's filters, an owner's update (status, comment,
evidence as a link or a file) and the coordinator's edit of what the minutes say. The services
check everything again (coordination/services/actions.py); these only turn what was typed into
their arguments and show their refusals at the field they concern."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from agencies.models import Agency
from coordination.models import Action, ActionStatus, AgendaItem, Body, Recommendation
from coordination.selectors.actions import ActionFilters
from coordination.services.actions import EVIDENCE_TYPES, LINK_LIMIT
from plans.forms import AccessibleFormMixin
from plans.models import Activity, Indicator, StrategicArea
from plans.workbook_forms import UploadForm

OPEN_CHOICE = "open_or_in_progress"
EVIDENCE_ACCEPT = ",".join(sorted(EVIDENCE_TYPES))


class ActionFilterForm(AccessibleFormMixin, forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("mine", _("My actions")), ("all", _("All I may see"))],
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), required=False, queryset=Agency.objects.none(), empty_label=_("All")
    )
    body = forms.ModelChoiceField(
        label=_("Body"), required=False, queryset=Body.objects.none(), empty_label=_("All")
    )

    def __init__(
        self, data: Any, *, agencies: QuerySet[Agency], bodies: QuerySet[Body], mine: bool
    ) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All")),
            (OPEN_CHOICE, _("Open or in progress")),
            *ActionStatus.choices,
        ]
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = bodies
        self.fields["show"].initial = "mine" if mine else "all"
        self.default_mine = mine

    def filters(self) -> ActionFilters:
        """The filters asked for (the defaults when the form is not valid); OPEN_CHOICE is not
        a status but a choice of the list."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        show = data.get("show") or ("mine" if self.default_mine else "all")
        status = data.get("status") or ""
        agency = data.get("agency")
        body = data.get("body")
        return ActionFilters(
            status=status if status in ActionStatus.values else "",
            open_only=status == OPEN_CHOICE,
            overdue=bool(data.get("overdue")),
            agency_id=agency.pk if agency else None,
            body_id=body.pk if body else None,
            mine=show == "mine",
        )


class ActionUpdateForm(AccessibleFormMixin, UploadForm):
    file_field = "evidence_file"
    suffixes = tuple(sorted(EVIDENCE_TYPES))

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, what is left, or why the action is dropped."),
    )
    evidence_link = forms.CharField(
        label=_("Evidence (link)"),
        required=False,
        max_length=LINK_LIMIT,
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text=_("A link to a published document, a web page, a shared folder."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence (file)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("A PDF, an office document, a spreadsheet, a scan or photo (PNG, JPEG)."),
    )

    def clean_evidence_file(self) -> Any:
        if not self.cleaned_data.get("evidence_file"):
            return None
        return self.clean_upload()

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "comment": data["comment"],
            "evidence_link": data["evidence_link"],
            "evidence_file": data.get("evidence_file"),
        }


class ActionEditForm(AccessibleFormMixin, forms.Form):
    """What the minutes say of an action: the coordinator's, before the minutes are approved."""

    text = forms.CharField(
        label=pgettext_lazy("meeting action", "Action"), widget=forms.Textarea(attrs={"rows": 3})
    )
    item = forms.ModelChoiceField(
        label=_("Agenda item"), required=False, queryset=AgendaItem.objects.none()
    )
    owner_agency = forms.ModelChoiceField(label=_("Owner agency"), queryset=Agency.objects.none())
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("A person of the owner agency; without one, the agency's reporters answer."),
    )
    due_on = forms.DateField(
        label=_("Due"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=StrategicArea.objects.none()
    )
    activity = forms.ModelChoiceField(
        label=_("Activity"), required=False, queryset=Activity.objects.none()
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), required=False, queryset=Indicator.objects.none()
    )
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation"), required=False, queryset=Recommendation.objects.none()
    )

    def __init__(self, data: Any, *, action: Action) -> None:
        meeting = action.meeting
        initial = {
            "text": action.text,
            "item": action.item_id,
            "owner_agency": action.owner_agency_id,
            "owner": action.owner_id,
            "due_on": action.due_on,
            "area": action.area_id,
            "activity": action.activity_id,
            "indicator": action.indicator_id,
            "recommendation": action.recommendation_id,
        }
        super().__init__(data, initial=initial)
        plan_id = meeting.plan_id
        querysets: dict[str, QuerySet[Any]] = {
            "item": AgendaItem.objects.filter(meeting=meeting),
            "owner_agency": Agency.objects.order_by("code"),
            "owner": User.objects.filter(is_active=True, agency__isnull=False)
            .select_related("agency")
            .order_by("agency__code", "username"),
            "area": StrategicArea.objects.filter(plan_id=plan_id),
            "activity": Activity.objects.filter(plan_id=plan_id).order_by("code"),
            "indicator": Indicator.objects.filter(plan_id=plan_id).order_by("code"),
            "recommendation": Recommendation.objects.filter(plan_id=plan_id),
        }
        for name, queryset in querysets.items():
            cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset
        owner_field = cast(forms.ModelChoiceField, self.fields["owner"])
        owner_field.label_from_instance = _owner_label  # type: ignore[method-assign,assignment]

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def _owner_label(user: User) -> str:
    agency = user.agency.code if user.agency else ""
    return f"{user.display_name} ({agency})"
