"""Forms for the strategic areas and objectives of a plan."""

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from plans import rules
from plans.models import Objective, Plan, StrategicArea
from plans.selectors import objective_descendant_ids

from ._common import PlanElementForm, _depth_first, _plan_objectives, _short


class AreaForm(PlanElementForm):
    class Meta:
        model = StrategicArea
        fields = ["code", "name"]
        help_texts = {"code": _("Like 1 or 2; the areas are listed in the order you add them.")}

    def service_kwargs(self) -> dict:
        return {
            "code": self.cleaned_data["code"],
            "name": self.cleaned_data["name"],
            "name_i18n": self.names_given(),
        }


class ObjectiveChoiceField(forms.TypedChoiceField):
    """One of the plan's objectives, grouped by area and indented by depth."""

    def __init__(self, *, objectives: Iterable[Objective], **kwargs) -> None:
        self.objectives = {objective.pk: objective for objective in objectives}
        super().__init__(coerce=self._objective, empty_value=None, **kwargs)
        self.choices = [("", _("(none)") if not self.required else "—"), *self._grouped()]

    def _objective(self, value: str) -> Objective:
        return self.objectives[int(value)]

    def _grouped(self) -> list[tuple[str, list[tuple[int, str]]]]:
        groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
        for objective, depth in _depth_first(self.objectives.values()):
            area = objective.area
            label = "\u2003" * depth + f"{objective.code} {_short(objective.display_name)}"
            groups.setdefault(area.pk, (f"{area.code} {area.display_name}", []))[1].append(
                (objective.pk, label)
            )
        return list(groups.values())

    def valid_value(self, value) -> bool:
        return str(value).isdigit() and int(value) in self.objectives


class ObjectiveForm(PlanElementForm):
    class Meta:
        model = Objective
        fields = ["area", "code", "name", "kind"]
        widgets = {"name": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "code": _("Like 2.1 or 2.1.a; unique among the plan's objectives."),
            "kind": _("Goal, specific objective, outcome or output, as the plan calls it."),
        }

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["area"].queryset = plan.areas.all()  # type: ignore[attr-defined]
        self.fields["area"].empty_label = None  # type: ignore[attr-defined]
        self.fields["kind"].required = False
        branch: set[int] = set()
        if self.instance.pk:
            branch = {self.instance.pk} | objective_descendant_ids(
                plan_id=plan.pk, objective_id=self.instance.pk
            )
        self.fields["parent"] = ObjectiveChoiceField(
            objectives=_plan_objectives(plan, exclude=branch),
            label=_("Parent objective"),
            required=False,
            help_text=_(
                "The objective this one details, in the same strategic area. "
                "Leave empty for a top-level objective of the area."
            ),
        )
        self.order_fields(["area", "parent", "code", "name", *self.name_field_names, "kind"])
        if self.instance.pk:
            self.initial.setdefault("parent", self.instance.parent_id)
        self._area_from_parent()

    def _area_from_parent(self) -> None:
        """A sub-objective started from its parent opens in the parent's area."""
        parent_id = str(self.initial.get("parent") or "")
        objectives = self.fields["parent"].objectives  # type: ignore[attr-defined]
        if parent_id.isdigit() and int(parent_id) in objectives:
            self.initial["area"] = objectives[int(parent_id)].area_id

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        area, parent = cleaned.get("area"), cleaned.get("parent")
        if area and parent:
            # The choices already leave out the objective's own branch (no loop to offer).
            objectives = self.fields["parent"].objectives  # type: ignore[attr-defined]
            error = rules.objective_parent_error(
                self.instance.pk,
                parent.pk,
                area=area.pk,
                parent_area=parent.area_id,
                parent_of={pk: objective.parent_id for pk, objective in objectives.items()},
            )
            if error:
                self.add_error("parent", error)
        return cleaned

    def service_kwargs(self) -> dict:
        names = ["area", "parent", "code", "name", "kind"]
        return {name: self.cleaned_data[name] for name in names} | {"name_i18n": self.names_given()}
