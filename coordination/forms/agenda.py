"""The coordinator's form for an agenda item: its title, presenter, time and the parts of the
meeting's plan it is about."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from coordination.models import AgendaItem, Meeting, Recommendation
from plans.forms import AccessibleFormMixin
from plans.models import Activity, Indicator, StrategicArea


class CodeNamedMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = getattr(obj, "display_name", None) or getattr(obj, "text", "")
        return f"{obj.code} – {name}"[:120]


def _many(label: Any) -> CodeNamedMultipleField:
    return CodeNamedMultipleField(
        label=label,
        queryset=StrategicArea.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )


class AgendaItemForm(AccessibleFormMixin, forms.ModelForm):
    areas = CodeNamedMultipleField(
        label=_("Strategic areas"),
        queryset=StrategicArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities = _many(_("Activities"))
    indicators = _many(_("Indicators"))
    recommendations = _many(_("Recommendations"))

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "presenter",
            "minutes_planned",
            "notes",
            "areas",
            "activities",
            "indicators",
            "recommendations",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, data: Any, *, meeting: Meeting, instance: AgendaItem | None = None) -> None:
        super().__init__(data, instance=instance)
        plan_id = meeting.plan_id
        fields = self.fields
        fields["presenter"].queryset = Agency.objects.order_by("code")  # type: ignore[attr-defined]
        fields["areas"].queryset = StrategicArea.objects.filter(plan_id=plan_id).order_by(  # type: ignore[attr-defined]
            "position", "code"
        )
        fields["activities"].queryset = Activity.objects.filter(plan_id=plan_id).order_by("code")  # type: ignore[attr-defined]
        fields["indicators"].queryset = Indicator.objects.filter(plan_id=plan_id).order_by("code")  # type: ignore[attr-defined]
        fields["recommendations"].queryset = Recommendation.objects.filter(plan_id=plan_id)  # type: ignore[attr-defined]
        self._describe_fields()

    def _post_clean(self) -> None:
        pass  # the service checks and writes

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "presenter": data["presenter"],
            "minutes_planned": data["minutes_planned"],
            "notes": data["notes"],
            "areas": list(data["areas"]),
            "activities": list(data["activities"]),
            "indicators": list(data["indicators"]),
            "recommendations": list(data["recommendations"]),
        }
