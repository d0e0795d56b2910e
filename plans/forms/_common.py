"""What every plan form shares: the accessible-form mixin, messages and field helpers."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agencies.models import Agency
from plans import rules, services
from plans.models import Objective, Plan, name_languages

StrOrPromise = str | Promise  # a label, translated now or lazily

LABEL_LENGTH = 90  # long objective wordings are cut in select options, never in the plan


# Form fields whose name differs from the key the services use for the same value.
SERVICE_FIELD_ALIASES = {"objective": "parent", "activity": "parent"}


class AccessibleFormMixin:
    """Ties every input to its help text and error message (aria-describedby), on every Django
    version we support, so a screen reader reads them with the field."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_fields()

    def _describe_fields(self) -> None:
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            auto_id = self[name].auto_id  # type: ignore[index]
            ids = [f"{auto_id}_helptext"] if field.help_text else []
            if name in errors:
                ids.append(f"{auto_id}_error")
            if ids and not field.widget.use_fieldset:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal at the field it concerns (or above the form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)  # type: ignore[attr-defined]
            return
        for key, messages in error.message_dict.items():
            field = key if key in self.fields else SERVICE_FIELD_ALIASES.get(key)  # type: ignore[attr-defined]
            if field not in self.fields:  # type: ignore[attr-defined]
                field = None
            self.add_error(field, messages)  # type: ignore[attr-defined]


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(LABEL_LENGTH)


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


# The base of every element's form --------------------------------------------------------------


class RuleWordedMixin:
    """Says a text is too long in the words of plans/rules.py, as the services and the
    workbook do (Django's own wording otherwise)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.error_messages["max_length"] = rules.LENGTH_MESSAGE


if TYPE_CHECKING:  # what the mixin finds on the forms it is mixed into

    class _LanguageFieldsBase(AccessibleFormMixin, forms.ModelForm):
        pass

else:
    _LanguageFieldsBase = object


class LanguageFieldsMixin(_LanguageFieldsBase):
    """Fields for a text in each language of `self.plan` beyond the base (issue 9 #10)."""

    plan: Plan

    def add_language_fields(
        self, base_name: str, *, label: StrOrPromise, help_text: StrOrPromise
    ) -> list[str]:
        """A field `<base_name>_<language>` per language of the plan beyond the base (and per
        language a text is stored in, `<base_name>_i18n`), right after the base field; `label`
        and `help_text` name the language as %(language)s."""
        base = self.fields.get(base_name)
        if base is None:
            return []
        stored = getattr(self.instance, f"{base_name}_i18n", None) or {}
        labels = dict(settings.LANGUAGES)
        languages = [
            code for code in name_languages() if code in self.plan.language_list or stored.get(code)
        ]
        added = {
            f"{base_name}_{code}": self._language_field(base, code, label, help_text, labels[code])
            for code in languages
        }
        for code in languages:
            self.initial.setdefault(f"{base_name}_{code}", stored.get(code, ""))
        order = list(self.fields)
        at = order.index(base_name) + 1
        self.fields.update(added)
        self.order_fields([*order[:at], *added, *order[at:]])
        self._describe_fields()
        return list(added)

    @staticmethod
    def _language_field(
        base: forms.Field,
        code: str,
        label: StrOrPromise,
        help_text: StrOrPromise,
        language: object,
    ) -> forms.CharField:
        rows = base.widget.attrs.get("rows")
        attrs = {"lang": code} | ({"rows": rows} if rows else {})
        widget = forms.Textarea(attrs=attrs) if rows else forms.TextInput(attrs=attrs)
        return forms.CharField(
            label=label % {"language": language},
            help_text=help_text % {"language": language},
            required=False,
            max_length=getattr(base, "max_length", None) or rules.MAX_TEXT_LENGTH,
            widget=widget,
            error_messages={"max_length": rules.LENGTH_MESSAGE},
        )

    def language_texts_given(self, base_name: str, field_names: list[str]) -> dict[str, str]:
        """The texts typed per language in the fields `add_language_fields` added."""
        return {
            name.removeprefix(f"{base_name}_"): self.cleaned_data.get(name, "")
            for name in field_names
        }


class PlanElementForm(LanguageFieldsMixin, RuleWordedMixin, AccessibleFormMixin, forms.ModelForm):
    """An element of `plan`: its code must be free among the plan's elements of that kind."""

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.name_field_names = self._add_name_fields()

    def _add_name_fields(self) -> list[str]:
        """A name field per language of the plan beyond the base name (and per language the
        element already has a name in), right after the base name (issue 9 #10)."""
        return self.add_language_fields(
            "name",
            label=_("Name in %(language)s"),
            help_text=_("Shown in %(language)s; when empty, the name above is shown."),
        )

    def names_given(self) -> dict[str, str]:
        """The names typed per language, for the services' `name_i18n`."""
        return self.language_texts_given("name", self.name_field_names)

    def add_rule_errors(self, errors: dict[str, str]) -> None:
        """The refusals of a rule (plans/rules.py), each at its field."""
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        error = services.duplicate_code_error(
            model=self._meta.model, plan=self.plan, code=code, exclude_pk=self.instance.pk
        )
        if error:
            raise error
        return code


def _depth_first(objectives: Iterable[Objective]) -> list[tuple[Objective, int]]:
    """Objectives in plan order, each followed by the ones below it, with their depth."""
    objectives = list(objectives)
    known = {objective.pk for objective in objectives}
    children: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        parent = objective.parent_id if objective.parent_id in known else None
        children.setdefault(parent, []).append(objective)
    ordered: list[tuple[Objective, int]] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for child in children.get(parent_id, []):
            ordered.append((child, depth))
            visit(child.pk, depth + 1)

    visit(None, 0)
    areas = [objective.area_id for objective in objectives]
    # Keep areas in their own order: a branch never crosses areas, so a stable sort suffices.
    area_order = {area_id: areas.index(area_id) for area_id in areas}
    return sorted(ordered, key=lambda pair: area_order[pair[0].area_id])


def _plan_objectives(plan: Plan, *, exclude: Iterable[int] = ()) -> list[Objective]:
    queryset = plan.objectives.select_related("area").order_by(
        "area__position", "area__code", "position", "code"
    )
    return [objective for objective in queryset if objective.pk not in set(exclude)]


def _agency_label(agency: Agency) -> str:
    return agency.label
