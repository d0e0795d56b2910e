"""The forms of the recommendation pages: the tracker's filters, a recommendation (what it says
and what it is traced to), the coordinator's confirmation of its status, the workbook upload.
The services check everything again (coordination/services/recommendations.py); these turn
what was typed into their arguments and show their refusals at the field they concern."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from coordination.models import (
    ImplementationStatus,
    Recommendation,
    RecommendationSource,
    Theme,
)
from coordination.rules import parse_sdg_targets
from coordination.selectors.recommendations import UNCONFIRMED, TrackerFilters
from coordination.services.recommendations import MAX_COMMENT_LENGTH
from plans.forms import AccessibleFormMixin, PlanElementForm
from plans.models import Activity, Plan, StrategicArea
from plans.workbook_forms import WorkbookUploadForm

LABEL_LENGTH = 90


class TrackerFilterForm(AccessibleFormMixin, forms.Form):
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All")), *RecommendationSource.choices]
    )
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All")), *Theme.choices]
    )
    status = forms.ChoiceField(
        label=_("Confirmed status"),
        required=False,
        choices=[
            ("", _("All")),
            *ImplementationStatus.choices,
            (UNCONFIRMED, _("Not yet assessed")),
        ],
    )
    high_priority = forms.BooleanField(label=_("High priority only"), required=False)

    def filters(self) -> TrackerFilters:
        """The filters asked for (none when the form is not valid)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return TrackerFilters(
            source=data.get("source") or None,
            theme=data.get("theme") or None,
            status=data.get("status") or None,
            high_priority=True if data.get("high_priority") else None,
        )


class _ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        activity = cast(Activity, obj)
        return f"{activity.code} {Truncator(activity.display_name).chars(LABEL_LENGTH)}"


class _AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        area = cast(StrategicArea, obj)
        return f"{area.code} {area.display_name}"


class _AgencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return cast(Agency, obj).label


class RecommendationForm(PlanElementForm):
    """A recommendation of `plan`: its code must be free among the plan's recommendations."""

    area = _AreaChoiceField(
        label=_("Plan area"), required=False, queryset=StrategicArea.objects.none()
    )
    activities = _ActivityChoiceField(
        label=_("Activities that answer it"),
        required=False,
        queryset=Activity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    agencies = _AgencyChoiceField(
        label=_("Responsible agencies"),
        required=False,
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Recommendation
        fields = [
            "code",
            "source",
            "cycle",
            "reference",
            "text",
            "issued_on",
            "strength",
            "theme",
            "area",
            "response",
            "sdg_targets",
            "high_priority",
            "activities",
            "agencies",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "issued_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }
        help_texts = {
            "code": _("Like GRETA3-12 or TIP2023-4; unique among the plan's recommendations."),
            "cycle": _("The evaluation round or the report's year: Third round, 2023."),
            "reference": _("Where the recommendation stands in the report: para. 112."),
            "strength": _("How strongly it is worded (GRETA urges, considers, invites)."),
            "sdg_targets": _("Separated by commas: 5.2, 8.7, 16.2."),
            "high_priority": _("Listed by the plan-quality check when its activities fall behind."),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        fields = self.fields
        cast(forms.ModelChoiceField, fields["area"]).queryset = plan.areas.order_by(
            "position", "code"
        )
        cast(forms.ModelChoiceField, fields["activities"]).queryset = Activity.objects.filter(
            plan=plan
        ).order_by("position", "code")
        cast(forms.ModelChoiceField, fields["agencies"]).queryset = Agency.objects.order_by("code")
        self.text_field_names = self.add_language_fields(
            "text",
            label=_("Text in %(language)s"),
            help_text=_("Shown in %(language)s; when empty, the text above is shown."),
        )

    def clean_sdg_targets(self) -> str:
        targets, error = parse_sdg_targets(self.cleaned_data.get("sdg_targets") or "")
        if error:
            raise forms.ValidationError(error)
        return ",".join(targets)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = [name for name in self._meta.fields or [] if name in data]
        return {
            **{name: data[name] for name in names},
            "text_i18n": self.language_texts_given("text", self.text_field_names),
            "activities": list(data.get("activities") or []),
            "agencies": list(data.get("agencies") or []),
        }


class ConfirmStatusForm(AccessibleFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Implementation status"), choices=ImplementationStatus.choices
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this status: what was done, what is missing, where it is documented."),
    )


class RecommendationUploadForm(WorkbookUploadForm):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("The recommendations workbook: one row per recommendation."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
