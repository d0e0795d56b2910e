"""The coordinator's forms for a meeting: planning it, its attendance, its minutes and the
actions passed in them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from agencies.models import Agency
from coordination.models import (
    AgendaItem,
    AttendanceStatus,
    Body,
    Meeting,
    Membership,
    Recommendation,
)
from coordination.services.meetings import AttendanceEntry, ItemMinutes
from plans.forms import AccessibleFormMixin
from plans.models import Activity, Indicator, Plan, PlanStatus, StrategicArea


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class CodeNamedChoiceField(forms.ModelChoiceField):
    """Plan elements and agencies as "code – name" in a select."""

    def label_from_instance(self, obj: Any) -> str:
        name = getattr(obj, "display_name", None) or getattr(obj, "name", "")
        return f"{obj.code} – {name}"[:120]


class MeetingForm(AccessibleFormMixin, forms.ModelForm):
    """A new meeting: the body, the plan it steers, when and where."""

    class Meta:
        model = Meeting
        fields = ["body", "plan", "held_on", "starts_at", "ends_at", "place", "link"]
        widgets = {
            "held_on": _date_input(),
            "starts_at": _time_input(),
            "ends_at": _time_input(),
        }
        help_texts = {
            "place": _("Where members meet; leave empty for a meeting held online only."),
            "link": _("The video call's address, if members may join online."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].queryset = Body.objects.filter(active=True)  # type: ignore[attr-defined]
        if "plan" in self.fields:
            plans = Plan.objects.exclude(status=PlanStatus.DRAFT).order_by("-starts_on", "code")
            self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
            if not self.is_bound and not self.initial.get("plan"):
                adopted = plans.filter(status=PlanStatus.ADOPTED).first()
                self.initial["plan"] = adopted.pk if adopted else None

    def _post_clean(self) -> None:
        pass  # the services check the times and places, in their words

    def service_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class MeetingEditForm(MeetingForm):
    class Meta(MeetingForm.Meta):
        fields = ["held_on", "starts_at", "ends_at", "place", "link"]


class AttendanceForm(AccessibleFormMixin, forms.Form):
    """For each member agency: present, excused, absent (or not recorded), and who attended."""

    def __init__(
        self, data: Any, *, memberships: list[Membership], recorded: dict[int, Any]
    ) -> None:
        super().__init__(data)
        self.rows: list[tuple[Agency, str, str]] = []
        choices = [("", _("Not recorded")), *AttendanceStatus.choices]
        for membership in memberships:
            agency = membership.agency
            row = recorded.get(agency.pk)
            status, attendees = f"status_{agency.pk}", f"attendees_{agency.pk}"
            self.fields[status] = forms.ChoiceField(
                label=_("Attendance"), choices=choices, required=False
            )
            self.fields[attendees] = forms.CharField(
                label=_("Who attended"), max_length=400, required=False
            )
            self.initial[status] = row.status if row else ""
            self.initial[attendees] = row.attendees if row else ""
            self.rows.append((agency, status, attendees))
        self._describe_fields()

    @property
    def table(self) -> list[tuple[Agency, Any, Any]]:
        return [(agency, self[status], self[attendees]) for agency, status, attendees in self.rows]

    def entries(self) -> list[AttendanceEntry]:
        return [
            AttendanceEntry(
                agency, self.cleaned_data[status] or "", self.cleaned_data[attendees] or ""
            )
            for agency, status, attendees in self.rows
        ]


class MinutesForm(AccessibleFormMixin, forms.Form):
    """Each agenda item's summary and decisions, and the revision they were read at."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, data: Any, *, meeting: Meeting, items: list[AgendaItem]) -> None:
        super().__init__(data, initial={"revision": meeting.revision})
        self.items = items
        for item in items:
            self.fields[f"summary_{item.pk}"] = forms.CharField(
                label=_("Summary of the discussion"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.fields[f"decisions_{item.pk}"] = forms.CharField(
                label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.initial[f"summary_{item.pk}"] = item.summary
            self.initial[f"decisions_{item.pk}"] = item.decisions
        self._describe_fields()

    @property
    def sections(self) -> list[tuple[AgendaItem, Any, Any]]:
        return [
            (item, self[f"summary_{item.pk}"], self[f"decisions_{item.pk}"]) for item in self.items
        ]

    def minutes(self) -> list[ItemMinutes]:
        data = self.cleaned_data
        return [
            ItemMinutes(item, data[f"summary_{item.pk}"], data[f"decisions_{item.pk}"])
            for item in self.items
        ]


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        agency = user.agency.code if user.agency is not None else "—"
        return f"{agency}: {user.get_full_name() or user.get_username()}"


class MinutesActionForm(AccessibleFormMixin, forms.Form):
    """An action passed in the minutes: what, who, by when, about which part of the plan."""

    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none())
    text = forms.CharField(
        label=pgettext_lazy("meeting action", "Action"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner_agency = CodeNamedChoiceField(
        label=_("Owner agency"), queryset=Agency.objects.order_by("code")
    )
    owner = OwnerField(
        label=_("Owner (a person of that agency)"),
        queryset=User.objects.filter(is_active=True, agency__isnull=False)
        .select_related("agency")
        .order_by("agency__code", "username"),
        required=False,
    )
    due_on = forms.DateField(label=_("Due"), widget=_date_input())
    area = CodeNamedChoiceField(
        label=_("Strategic area"), queryset=StrategicArea.objects.none(), required=False
    )
    activity = CodeNamedChoiceField(
        label=_("Activity"), queryset=Activity.objects.none(), required=False
    )
    indicator = CodeNamedChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), required=False
    )
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation"), queryset=Recommendation.objects.none(), required=False
    )

    def __init__(self, data: Any, *, meeting: Meeting, items: list[AgendaItem]) -> None:
        super().__init__(data, prefix="action")
        plan_id = meeting.plan_id
        fields = self.fields
        fields["item"].queryset = AgendaItem.objects.filter(meeting=meeting)  # type: ignore[attr-defined]
        numbered = [(item.pk, f"{n}. {item.title}") for n, item in enumerate(items, 1)]
        fields["item"].choices = numbered  # type: ignore[attr-defined]
        fields["area"].queryset = StrategicArea.objects.filter(plan_id=plan_id).order_by("position")  # type: ignore[attr-defined]
        fields["activity"].queryset = Activity.objects.filter(plan_id=plan_id).order_by("code")  # type: ignore[attr-defined]
        fields["indicator"].queryset = Indicator.objects.filter(plan_id=plan_id).order_by("code")  # type: ignore[attr-defined]
        fields["recommendation"].queryset = Recommendation.objects.filter(plan_id=plan_id)  # type: ignore[attr-defined]
        self._describe_fields()

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
