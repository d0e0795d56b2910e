"""The agency's progress report as a web form.

The form is built from what the report holds (`selectors.report_contents`): one input per value
cell, annex 5's fields per indicator, and a row per activity the agency leads (`layout`). It
only parses what was typed (numbers, choices); the services check the rules and their refusals
are shown at the cell they concern, all at once, in a summary that links to each field.

The form carries what it showed when loaded (`loaded`, field key -> text, in a hidden input), so
a save writes only the fields this person changed (`services.report_save` merges them with what
others saved meanwhile) and a cell that cannot be read keeps what is stored while everything
else is saved.
"""

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from plans.forms import AccessibleFormMixin
from reporting import validation
from reporting.models import ActivityState, Assessment, Rating
from reporting.selectors import IndicatorBlock, ReportContents
from reporting.services import (
    ACTIVITY_FIELDS,
    ENTRY_FIELDS,
    ActivityInput,
    EntryInput,
    ValueInput,
)
from reporting.services.state import State, normal, same, value_text
from tipmonitor.lib.forms import NumberField

from .layout import (
    ActivityLayout,
    BlockLayout,
    GridCell,
    GridRow,
    activity_name,
    comment_name,
    entry_name,
    report_layout,
    value_key,
)

# Fields that are not the report's own: the revision loaded and what the page showed.
CONTROL_FIELDS = ("revision", "loaded")


class Summary:
    """What the error summary at the top says happened to the person's save."""

    REFUSED = "refused"  # nothing was saved
    SAVED_EXCEPT = "saved_except"  # saved, except cells that could not be read
    NOT_SUBMITTED = "not_submitted"  # saved, but cannot be submitted yet
    TO_FIX = "to_fix"  # the stored draft breaks a rule (shown on opening it)


def _decimal(label: str, **kwargs: Any) -> NumberField:
    """A number read by `parse_number`, the one reader of every way in."""
    return NumberField(label=label, **kwargs)


def _shown(value: object) -> str:
    """A stored field as the form shows it. A number is written so that `parse_number` reads it
    back in every language: 1.2340, not 1.234 (which reads as thousands in some)."""
    text = value_text(value)
    if isinstance(value, Decimal) and "." in text and len(text.partition(".")[2]) == 3:
        text += "0"
    return text


def _text(label: str, *, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows, "cols": 40})
    )


def _choices(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class ReportForm(AccessibleFormMixin, forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)
    contact_person = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    general_observations = forms.CharField(
        label=_("General observations"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, data: Any = None, *, contents: ReportContents) -> None:
        self.contents = contents
        self.layout = report_layout(contents)
        # Value cells: field name -> (indicator id, period, breakdown).
        self.cells: dict[str, tuple[int, str, str]] = {}
        self.numbers: set[str] = set()  # fields holding a number
        self.conflict = ""
        self.summary = Summary.REFUSED
        # After a conflict: field name -> what another person stored meanwhile, as text.
        self.theirs: dict[str, str] = {}
        # The services' messages name the indicator, period and category themselves.
        self.service_error_fields: set[str] = set()
        report = contents.report
        super().__init__(
            data,
            label_suffix="",
            initial={
                "revision": report.revision,
                "contact_person": report.contact_person,
                "general_observations": report.general_observations,
            },
        )
        for block in self.layout.blocks:
            self._add_block(block)
        for row in self.layout.activities:
            self._add_activity(row)
        self.initial["loaded"] = json.dumps(self.shown_text(), ensure_ascii=False)
        self._describe_fields()
        self._bind_layout()

    @classmethod
    def of_stored(cls, contents: ReportContents) -> "ReportForm":
        """The form bound to what is stored, so the rules' complaints can be shown at their
        fields when the report is opened."""
        empty = cls(contents=contents)
        data = QueryDict(mutable=True)
        data.update({name: str(empty.initial.get(name, "")) for name in empty.fields})
        return cls(data, contents=contents)

    # Building the fields ---------------------------------------------------------------------

    def _add_block(self, layout: BlockLayout) -> None:
        indicator = layout.indicator
        if not indicator.is_qualitative:
            for group in layout.groups:
                for row in group.rows:
                    for cell in row.cells:
                        self._add_value(cell, indicator, row)
            for cell in layout.comments:
                self.fields[cell.name] = forms.CharField(
                    label=_("Comment on %(code)s, %(period)s")
                    % {"code": indicator.code, "period": cell.period},
                    required=False,
                    widget=forms.TextInput(attrs={"size": 12}),
                )
                self.initial[cell.name] = cell.stored.comment if cell.stored else ""
        self._add_entry(layout)

    def _add_value(self, cell: GridCell, indicator: Any, row: GridRow) -> None:
        self.fields[cell.name] = _decimal(
            _("%(code)s, %(period)s, %(category)s")
            % {"code": indicator.code, "period": cell.period, "category": row.label},
            max_digits=20,
            decimal_places=4,
        )
        self.numbers.add(cell.name)
        self.initial[cell.name] = _shown(cell.stored.value if cell.stored else None)
        self.cells[cell.name] = (indicator.pk, cell.period, row.breakdown)

    def _add_entry(self, layout: BlockLayout) -> None:
        indicator, entry = layout.indicator, layout.block.entry
        code = indicator.code
        fields: dict[str, forms.Field] = {
            "outputs_achieved": _text(_("Outputs achieved (%(code)s)") % {"code": code}),
            "activities_implemented": _text(
                _("Activities implemented (%(code)s)") % {"code": code}
            ),
            "budget_spent": _decimal(
                _("Budget spent (%(code)s)") % {"code": code},
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=2,
            ),
            "donors": forms.CharField(
                label=_("Donors (%(code)s)") % {"code": code}, max_length=400, required=False
            ),
            "assessment": forms.ChoiceField(
                label=_("On track or off track? (%(code)s)") % {"code": code},
                choices=_choices(Assessment.choices),
                required=False,
            ),
            "comment": _text(_("Comment (%(code)s)") % {"code": code}),
        }
        if indicator.is_qualitative:
            fields = {
                "narrative": _text(_("What was achieved (%(code)s)") % {"code": code}, rows=4),
                "rating": forms.ChoiceField(
                    label=_("Rating (%(code)s)") % {"code": code},
                    choices=_choices(Rating.choices),
                    required=False,
                ),
                **fields,
            }
        self.numbers.add(entry_name(indicator.pk, "budget_spent"))
        for name, form_field in fields.items():
            self.fields[entry_name(indicator.pk, name)] = form_field
            stored = getattr(entry, name, "") if entry is not None else ""
            self.initial[entry_name(indicator.pk, name)] = _shown(stored)

    def _add_activity(self, row: ActivityLayout) -> None:
        code, update = row.activity.code, row.update
        fields: dict[str, forms.Field] = {
            "state": forms.ChoiceField(
                label=_("Status of activity %(code)s") % {"code": code},
                choices=_choices(ActivityState.choices),
                required=False,
            ),
            "percent_done": forms.IntegerField(
                label=_("Percent done of activity %(code)s") % {"code": code},
                required=False,
                min_value=0,
                max_value=100,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            ),
            "spent": _decimal(
                _("Money spent on activity %(code)s") % {"code": code},
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=2,
            ),
            "comment": _text(_("Comment on activity %(code)s") % {"code": code}, rows=2),
        }
        self.numbers.update(
            activity_name(row.activity.pk, name) for name in ("percent_done", "spent")
        )
        for name, form_field in fields.items():
            self.fields[activity_name(row.activity.pk, name)] = form_field
            stored = getattr(update, name, "") if update is not None else ""
            self.initial[activity_name(row.activity.pk, name)] = _shown(stored)

    def _bind_layout(self) -> None:
        """Hand each place in the layout its bound field, so the template needs no lookups."""
        for block in self.layout.blocks:
            for cell in [*block.grid_cells(), *block.comments]:
                cell.field = self[cell.name] if cell.name in self.fields else None
                cell.theirs = self.theirs.get(cell.name)
            block.entry_fields = {
                name: self[entry_name(block.indicator.pk, name)]
                for name in ENTRY_FIELDS
                if entry_name(block.indicator.pk, name) in self.fields
            }
        for line in self.layout.activities:
            line.fields = {
                name: self[activity_name(line.activity.pk, name)] for name in ACTIVITY_FIELDS
            }
        for name, text in self.theirs.items():
            if name in self.fields:
                self[name].theirs = text  # type: ignore[attr-defined]  # read by _field.html

    # What was loaded, and what this person changed --------------------------------------------

    def report_fields(self) -> list[str]:
        """The names of the fields holding the report (not the revision and the loaded state),
        in page order."""
        return [name for name in self.fields if name not in CONTROL_FIELDS]

    def shown_text(self) -> dict[str, str]:
        """Field name -> what the form shows when loaded (empty fields left out)."""
        return {
            name: text
            for name in self.report_fields()
            if (text := value_text(self.initial.get(name)))
        }

    def loaded_state(self) -> State | None:
        """What the page showed when it was loaded, parsed; None when the page did not say (an
        older page, a script) or said something no page writes."""
        try:
            texts = json.loads(self.data.get("loaded") or "null")
        except ValueError:
            return None
        if not isinstance(texts, dict) or not all(isinstance(t, str) for t in texts.values()):
            return None
        try:
            return {name: self._machine(name, texts.get(name, "")) for name in self.report_fields()}
        except (InvalidOperation, ValueError):
            return None

    def _machine(self, name: str, text: str) -> object:
        """A loaded field's text as its value: the page wrote it, plainly."""
        if not text.strip():
            return None
        return Decimal(text) if name in self.numbers else text

    def mine(self) -> State:
        """Field name -> what this person's save says; a field that could not be read says what
        was loaded (it is not changed)."""
        fallback = self.loaded_state() or self._stored_state()
        return {
            name: fallback.get(name) if name in self.errors else normal(self.cleaned_data.get(name))
            for name in self.report_fields()
        }

    def _stored_state(self) -> State:
        return {name: self._machine(name, text) for name, text in self.shown_text().items()}

    def changed_fields(self) -> set[str]:
        """The fields this person changed from what the page showed (all of them when the page
        did not say what it showed); a field that could not be read is one of them."""
        loaded = self.loaded_state()
        if loaded is None:
            return set(self.report_fields())
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name
            for name in self.report_fields()
            if name in self.errors or not same(cleaned.get(name), loaded.get(name))
        }

    # What the services take ------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in self.layout.activities:
            names = {name: activity_name(row.activity.pk, name) for name in ACTIVITY_FIELDS}
            filled = any(cleaned.get(names[name]) not in (None, "") for name in ACTIVITY_FIELDS)
            if filled and not cleaned.get(names["state"]):
                self.add_error(
                    names["state"],
                    _("Choose the status of activity %(code)s.") % {"code": row.activity.code},
                )
        return cleaned

    def can_save(self) -> bool:
        """Whether there is anything to save: the revision loaded must be readable."""
        return "revision" not in self.errors

    def service_kwargs(self) -> dict[str, Any]:
        """What `services.report_save` takes: everything the page shows (a field that could not
        be read as it was loaded), and what the page showed when loaded."""
        mine = self.mine()
        return {
            "revision": self.cleaned_data["revision"],
            "contact_person": mine["contact_person"] or "",
            "general_observations": mine["general_observations"] or "",
            "values": self._values(mine),
            "entries": [self._entry(block, mine) for block in self.layout.blocks],
            "activities": [
                update for row in self.layout.activities if (update := self._activity(row, mine))
            ],
            "loaded": self.loaded_state(),
            "keep_rule_breaks": True,
        }

    def _values(self, mine: State) -> list[ValueInput]:
        values = []
        for name, (indicator_id, period, breakdown) in self.cells.items():
            comment = "" if breakdown else mine[comment_name(indicator_id, period)]
            values.append(
                ValueInput(
                    indicator_id=indicator_id,
                    period=period,
                    breakdown=breakdown,
                    value=mine[name],  # type: ignore[arg-type]
                    comment=str(comment or ""),
                )
            )
        return values

    def _entry(self, block: BlockLayout, mine: State) -> EntryInput:
        pk = block.indicator.pk
        fields = {
            name: _blank(mine[entry_name(pk, name)], name == "budget_spent")
            for name in ENTRY_FIELDS
            if entry_name(pk, name) in self.fields
        }
        return EntryInput(indicator_id=pk, **fields)  # type: ignore[arg-type]

    def _activity(self, row: ActivityLayout, mine: State) -> ActivityInput | None:
        names = {name: activity_name(row.activity.pk, name) for name in ACTIVITY_FIELDS}
        fields = {
            name: _blank(mine[key], name in ("percent_done", "spent"))
            for name, key in names.items()
        }
        if not fields["state"]:
            return None  # nothing said about this activity yet
        if fields["percent_done"] is not None:
            fields["percent_done"] = int(fields["percent_done"])  # type: ignore[call-overload]
        return ActivityInput(activity_id=row.activity.pk, **fields)  # type: ignore[arg-type]

    # Showing what happened ---------------------------------------------------------------------

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal at the cell it concerns, else above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            name = key if key in self.fields else None
            if name is not None:
                self.service_error_fields.add(name)
            self.add_error(name, messages)
        self._describe_fields()

    def resumed(self, contents: ReportContents) -> "ReportForm":
        """The form again, on what is stored now: what this person changed as they typed it,
        everything else as stored now, and the page's loaded state and revision as of now (so
        saving again writes only what they changed)."""
        fresh = ReportForm(contents=contents)
        changed = self.changed_fields()
        data = QueryDict(mutable=True)
        for name in fresh.fields:
            typed = name in changed and name in self.data
            data[name] = self.data.get(name, "") if typed else str(fresh.initial.get(name, ""))
        form = ReportForm(data, contents=contents)
        form.is_valid()
        return form

    def show_conflict(self, message: str, theirs: State) -> None:
        """Say who saved in between and show their value beside each field both changed."""
        self.conflict = message
        self.theirs = {
            name: self.display(name, value_text(value)) for name, value in theirs.items()
        }
        self._bind_layout()

    def theirs_items(self) -> list[tuple[str, str, str]]:
        """(field id, label, their value) of each field both people changed, in page order."""
        return [
            (self[name].auto_id, str(self[name].label), self.theirs[name])
            for name in self.fields
            if name in self.theirs
        ]

    def display(self, name: str, text: str) -> str:
        """A field's text as a person reads it: a choice's label, "—" for nothing."""
        field = self.fields.get(name)
        if text and isinstance(field, forms.ChoiceField):
            text = str(dict(field.choices).get(text, text))  # type: ignore[arg-type]
        return text or "—"

    def differences(self, stored: State) -> State:
        """Field name -> what is stored, for each field where this person's save says
        otherwise."""
        mine = self.mine()
        return {
            name: stored.get(name)
            for name in self.report_fields()
            if not same(mine[name], stored.get(name))
        }

    def stored_state(self) -> State:
        """What the form showed when built (the stored report as of then)."""
        return self._stored_state()

    def label_of(self, name: str) -> str:
        return str(self.fields[name].label) if name in self.fields else name

    def error_items(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of every error at a field, in page order."""
        items = []
        for name in self.fields:
            if name not in self.errors or name == NON_FIELD_ERRORS:
                continue
            bound = self[name]
            label = "" if name in self.service_error_fields else str(bound.label)
            items += [(bound.auto_id, label, str(message)) for message in self.errors[name]]
        return items

    # Inline checks ----------------------------------------------------------------------------

    def block(self, indicator_id: str) -> BlockLayout | None:
        return next((b for b in self.layout.blocks if str(b.indicator.pk) == indicator_id), None)

    def check_block(
        self, layout: BlockLayout, history: list[tuple[str, Decimal]]
    ) -> list[tuple[str, str, str]]:
        """(field id, label, message) of what submitting would refuse in one indicator's grid,
        with the rules every way in uses, and nothing written."""
        self.is_valid()
        names = [cell.name for cell in [*layout.grid_cells(), *layout.comments]]
        problems = [
            (self[name].auto_id, str(self[name].label), str(message))
            for name in names
            for message in self.errors.get(name, [])
        ]
        if problems or layout.indicator.is_qualitative:
            return problems
        for problem in validation.check_cells(_rules(layout.block), self._cells(layout), history):
            name = value_key(layout.indicator.pk, problem.period, problem.breakdown)
            bound = self[name] if name in self.fields else None
            field_id = bound.auto_id if bound else f"indicator-{layout.indicator.pk}"
            problems.append((field_id, str(bound.label) if bound else "", problem.message))
        return problems

    def _cells(self, layout: BlockLayout) -> list[validation.Cell]:
        cells = []
        for name, (indicator_id, period, breakdown) in self.cells.items():
            value = self.cleaned_data.get(name)
            if indicator_id != layout.indicator.pk or value is None:
                continue
            comment = "" if breakdown else self.cleaned_data.get(comment_name(indicator_id, period))
            cells.append(validation.Cell(period, breakdown, value, (comment or "").strip()))
        return cells


def _rules(block: IndicatorBlock) -> validation.IndicatorRules:
    return validation.IndicatorRules(
        code=block.indicator.code,
        type=block.indicator.type,
        dimensions={dim.code: [cat.code for cat in cats] for dim, cats in block.dimensions},
    )


def _blank(value: object, numeric: bool) -> object:
    """An empty field as the services take it: None for a number, "" for text."""
    if value is None:
        return None if numeric else ""
    return value
