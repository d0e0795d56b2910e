"""The agency's progress report as a web form, and the coordinator's return-with-comment form.

The report form is built from what the report holds (`selectors.report_contents`): one input per
value cell (a grid of the indicator's periods × its total and each category of each of its
dimensions), annex 5's fields per indicator, and a row per activity the agency leads. It only
parses what was typed (numbers, choices); the services check the rules (non-negative counts,
totals matching breakdowns, outliers) and their refusals are shown at the cell they concern.

The layout (`ReportLayout`) is shared by the form and the read-only page, so both show the same
grid in the same order.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BoundField
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from plans.forms import AccessibleFormMixin
from plans.models import Dimension
from reporting import validation
from reporting.models import ActivityState, Assessment, Rating
from reporting.selectors import IndicatorBlock, ReportContents, ValueCell
from reporting.services import ActivityInput, EntryInput, ValueInput
from reporting.validation import activity_key, entry_key, format_breakdown, value_key

NUMBER_ERROR = _("Enter a number, like 120 or 12.5.")
ENTRY_FIELDS = [
    "narrative",
    "rating",
    "outputs_achieved",
    "activities_implemented",
    "budget_spent",
    "donors",
    "assessment",
    "comment",
]
ACTIVITY_FIELDS = ["state", "percent_done", "spent", "comment"]


# Fields are named by the keys the services use for their errors, so that a refusal lands at
# the cell it concerns without any translation between the two.
value_name = value_key
entry_name = entry_key
activity_name = activity_key


def comment_name(indicator_id: int, period: str) -> str:
    """The comment on a total (an outlier needs one), beside the total's value."""
    return f"comment:{indicator_id}:{period}"


# The layout -----------------------------------------------------------------------------------


@dataclass
class GridCell:
    name: str
    period: str
    stored: ValueCell | None
    field: BoundField | None = None
    # After a conflict: what is stored now, when it differs from what this person typed.
    theirs: str | None = None


@dataclass
class GridRow:
    label: str
    breakdown: str
    cells: list[GridCell]


@dataclass
class GridGroup:
    """The total (dimension None) or the categories of one dimension."""

    dimension: Dimension | None
    rows: list[GridRow]


@dataclass
class BlockLayout:
    block: IndicatorBlock
    groups: list[GridGroup]
    comments: list[GridCell]
    # Cells stored with a key the grid does not show (several dimensions at once, from a bulk
    # import): listed read-only so nothing stored is hidden.
    extra_cells: list[ValueCell]
    entry_fields: dict[str, BoundField] = field(default_factory=dict)

    @property
    def indicator(self) -> Any:
        return self.block.indicator


@dataclass
class ActivityLayout:
    activity: Any
    update: Any
    fields: dict[str, BoundField] = field(default_factory=dict)


@dataclass
class ReportLayout:
    blocks: list[BlockLayout]
    activities: list[ActivityLayout]


def _breakdowns(block: IndicatorBlock) -> list[tuple[Dimension | None, str, str]]:
    """(dimension, breakdown key, row label) of the grid's rows: the total, then one row per
    category of each dimension."""
    rows: list[tuple[Dimension | None, str, str]] = [(None, "", str(_("Total")))]
    for dimension, categories in block.dimensions:
        rows += [
            (dimension, format_breakdown({dimension.code: cat.code}), cat.name)
            for cat in categories
        ]
    return rows


def _block_layout(block: IndicatorBlock) -> BlockLayout:
    stored = {(cell.period, cell.breakdown): cell for cell in block.cells}
    groups: list[GridGroup] = []
    shown: set[tuple[str, str]] = set()
    for dimension, breakdown, label in _breakdowns(block):
        if not groups or groups[-1].dimension != dimension:
            groups.append(GridGroup(dimension, []))
        cells = [
            GridCell(
                value_name(block.indicator.pk, period, breakdown),
                period,
                stored.get((period, breakdown)),
            )
            for period in block.periods
        ]
        shown.update((period, breakdown) for period in block.periods)
        groups[-1].rows.append(GridRow(label, breakdown, cells))
    comments = [
        GridCell(comment_name(block.indicator.pk, period), period, stored.get((period, "")))
        for period in block.periods
    ]
    extra = [cell for key, cell in stored.items() if key not in shown and cell.value is not None]
    return BlockLayout(block, groups, comments, extra)


def report_layout(contents: ReportContents) -> ReportLayout:
    return ReportLayout(
        blocks=[_block_layout(block) for block in contents.indicators],
        activities=[ActivityLayout(activity, update) for activity, update in contents.activities],
    )


# The report form ------------------------------------------------------------------------------


def _decimal(label: str, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        error_messages={"invalid": NUMBER_ERROR},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
        **kwargs,
    )


def _choices(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class ReportForm(AccessibleFormMixin, forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    contact_person = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    general_observations = forms.CharField(
        label=_("General observations"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, data: Any = None, *, contents: ReportContents) -> None:
        self.contents = contents
        self.layout = report_layout(contents)
        # The names of the fields of each kind, with what the services need to know about them.
        self.cells: dict[str, tuple[int, str, str]] = {}
        self.conflict = ""
        self.saved_not_submitted = False
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
        self._describe_fields()
        self._bind_layout()

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
        self.initial[cell.name] = _plain(cell.stored.value if cell.stored else None)
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
        for name, form_field in fields.items():
            self.fields[entry_name(indicator.pk, name)] = form_field
            stored = getattr(entry, name, "") if entry is not None else ""
            self.initial[entry_name(indicator.pk, name)] = _plain(stored)

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
        for name, form_field in fields.items():
            self.fields[activity_name(row.activity.pk, name)] = form_field
            stored = getattr(update, name, "") if update is not None else ""
            self.initial[activity_name(row.activity.pk, name)] = _plain(stored)

    def _bind_layout(self) -> None:
        """Hand each place in the layout its bound field, so the template needs no lookups."""
        for block in self.layout.blocks:
            for group in block.groups:
                for row in group.rows:
                    for cell in row.cells:
                        cell.field = self[cell.name] if cell.name in self.fields else None
            for cell in block.comments:
                cell.field = self[cell.name] if cell.name in self.fields else None
            block.entry_fields = {
                name: self[entry_name(block.indicator.pk, name)]
                for name in ENTRY_FIELDS
                if entry_name(block.indicator.pk, name) in self.fields
            }
        for line in self.layout.activities:
            line.fields = {
                name: self[activity_name(line.activity.pk, name)] for name in ACTIVITY_FIELDS
            }

    # Validation and what the services take -----------------------------------------------------

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

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "revision": data["revision"],
            "contact_person": data["contact_person"],
            "general_observations": data["general_observations"],
            "values": self._values(),
            "entries": [self._entry(block) for block in self.layout.blocks],
            "activities": [
                update for row in self.layout.activities if (update := self._activity(row))
            ],
        }

    def _values(self) -> list[ValueInput]:
        values = []
        for name, (indicator_id, period, breakdown) in self.cells.items():
            comment = "" if breakdown else self.cleaned_data[comment_name(indicator_id, period)]
            values.append(
                ValueInput(
                    indicator_id=indicator_id,
                    period=period,
                    breakdown=breakdown,
                    value=self.cleaned_data[name],
                    comment=comment,
                )
            )
        return values

    def _entry(self, block: BlockLayout) -> EntryInput:
        pk = block.indicator.pk
        fields = {
            name: self.cleaned_data[entry_name(pk, name)]
            for name in ENTRY_FIELDS
            if entry_name(pk, name) in self.fields
        }
        return EntryInput(indicator_id=pk, **fields)

    def _activity(self, row: ActivityLayout) -> ActivityInput | None:
        fields = {
            name: self.cleaned_data[activity_name(row.activity.pk, name)]
            for name in ACTIVITY_FIELDS
        }
        if not fields["state"]:
            return None  # nothing said about this activity yet
        return ActivityInput(activity_id=row.activity.pk, **fields)

    # Inline checks ----------------------------------------------------------------------------

    def block(self, indicator_id: str) -> BlockLayout | None:
        return next((b for b in self.layout.blocks if str(b.indicator.pk) == indicator_id), None)

    def check_block(
        self, layout: BlockLayout, history: list[tuple[str, Decimal]]
    ) -> list[tuple[str, str, str]]:
        """(field id, label, message) of what saving would refuse in one indicator's grid,
        with the rules every way in uses, and nothing written."""
        self.is_valid()
        names = [cell.name for group in layout.groups for row in group.rows for cell in row.cells]
        names += [cell.name for cell in layout.comments]
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

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal at the cell it concerns, else above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            name = self.field_for_service_key(key)
            if name is not None:
                self.service_error_fields.add(name)
            self.add_error(name, messages)
        self._describe_fields()

    def field_for_service_key(self, key: str) -> str | None:
        return key if key in self.fields else None

    def mark_conflict(self, message: str, revision: int) -> None:
        """Keep what was typed, say who saved in between, show their value beside each cell
        where it differs, and let the next save start from their revision."""
        self.conflict = message
        self.with_revision(revision)
        for block in self.layout.blocks:
            for group in block.groups:
                for row in group.rows:
                    for cell in row.cells:
                        stored = _plain(cell.stored.value) if cell.stored else ""
                        if str(stored) != self.data.get(cell.name, "").strip():
                            cell.theirs = str(stored) or "—"

    def with_revision(self, revision: int) -> None:
        """Carry the stored revision on: after a conflict the person saves again knowingly,
        and after a save that could not be submitted the next click starts from it."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data["revision"] = str(revision)
        self.data = data

    def error_items(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of every error at a field, in page order."""
        items = []
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS or name not in self.fields:
                continue
            bound = self[name]
            label = "" if name in self.service_error_fields else str(bound.label)
            items += [(bound.auto_id, label, str(message)) for message in errors]
        return items


def _rules(block: IndicatorBlock) -> validation.IndicatorRules:
    return validation.IndicatorRules(
        code=block.indicator.code,
        type=block.indicator.type,
        dimensions={dim.code: [cat.code for cat in cats] for dim, cats in block.dimensions},
    )


def _text(label: str, *, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows, "cols": 40})
    )


def _plain(value: Any) -> Any:
    """A stored decimal without trailing zeros (12, not 12.0000), as the person typed it."""
    if isinstance(value, Decimal):
        normal = value.normalize()
        return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal
    return "" if value is None else value


class ReturnForm(AccessibleFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("What must the agency correct?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what the agency must correct before returning it.")},
    )
