"""The forms of the hidden-victims pages (cases/views/estimates.py): requesting an estimate, and
publishing or unpublishing one.

Only the shape of what is typed is checked here (a number is a number); what makes a request
right — 3 to 8 lists, names unique, no agency in two lists, a method the estimation knows — is
`cases.estimation.services.estimate_request`'s (through `histories.validate_lists`), whose
refusals the view puts back beside the fields they concern (`EstimateForm.add_request_errors`).
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.estimation.histories import NAME_LENGTH, ListSpec
from plans.forms import AccessibleFormMixin

# Rows of lists on the form; blank ones are ignored (the estimation takes 3 to 8 lists).
LIST_ROWS = 8
# Rows shown open; the others wait under "More lists" unless filled.
OPEN_ROWS = 3
METHODS = [
    ("auto", _("Automatic: BIC up to 5 lists, stepwise from 6")),
    ("bic", _("BIC over all hierarchical models")),
    ("stepwise", _("Stepwise, adding interactions of two lists")),
]


def name_field(index: int) -> str:
    return f"list_{index}_name"


def agencies_field(index: int) -> str:
    return f"list_{index}_agencies"


class EstimateForm(AccessibleFormMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        help_text=_("Persons first identified in this year, presumed or identified."),
    )
    method = forms.ChoiceField(label=_("How the model is chosen"), choices=METHODS, initial="auto")
    max_order = forms.IntegerField(
        label=_("Highest interaction order"),
        required=False,
        help_text=_(
            "How many lists an interaction may join (2: pairs of lists). Empty: the method's own."
        ),
    )
    bootstrap = forms.IntegerField(
        label=_("Bootstrap samples"),
        initial=1000,
        # xgettext:no-python-format (the % is a percent sign, nothing is formatted)
        help_text=_("For the 95 % interval; each sample repeats the choice of the model."),
    )
    seed = forms.IntegerField(
        label=_("Random seed"),
        initial=1,
        help_text=_("The same seed gives the same interval again."),
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        agencies: Sequence[Agency],
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        # Refusals about the lists as a whole (how many), shown above the rows.
        self.list_errors: list[str] = []
        choices = [(agency.code, agency.name) for agency in agencies]
        for index in range(1, LIST_ROWS + 1):
            self.fields[name_field(index)] = forms.CharField(
                label=_("Name of list %(number)s") % {"number": index},
                max_length=NAME_LENGTH,
                required=False,
            )
            self.fields[agencies_field(index)] = forms.MultipleChoiceField(
                label=_("Agencies of list %(number)s") % {"number": index},
                choices=choices,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": min(6, max(len(choices), 2))}),
            )
        self._describe_fields()

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        """The list rows as the template draws them: number, name field, agencies field."""
        return [
            (index, self[name_field(index)], self[agencies_field(index)])
            for index in range(1, LIST_ROWS + 1)
        ]

    def open_rows(self) -> int:
        """How many rows to show open: the first three, and every row filled."""
        filled = [
            index for index, name, agencies in self.rows() if name.value() or agencies.value()
        ]
        return max([OPEN_ROWS, *filled])

    def _filled(self) -> list[tuple[int, ListSpec]]:
        data = self.cleaned_data
        rows = []
        for index in range(1, LIST_ROWS + 1):
            name = (data.get(name_field(index)) or "").strip()
            codes = tuple(data.get(agencies_field(index)) or ())
            if name or codes:
                rows.append((index, ListSpec(name=name, agencies=codes)))
        return rows

    def specs(self) -> list[ListSpec]:
        """The lists typed, in their order; blank rows left out."""
        return [spec for _index, spec in self._filled()]

    def request_kwargs(self) -> dict[str, Any]:
        """What `estimate_request` takes besides the user."""
        data = self.cleaned_data
        return {
            "year": data["year"],
            "lists": self.specs(),
            "method": data["method"],
            "max_order": data.get("max_order"),
            "bootstrap": data["bootstrap"],
            "seed": data["seed"],
        }

    def add_request_errors(self, error: ValidationError) -> None:
        """The estimation's refusal beside the field it concerns: a field's own by its name; a
        list's beside that list's row (the row whose name the message quotes, or the unnamed
        row it numbers); what concerns the lists as a whole above them (`list_errors`)."""
        errors = error.error_dict if hasattr(error, "error_dict") else {"lists": error.error_list}
        for key, found in errors.items():
            if key in self.fields:
                self.add_error(key, found)
                continue
            for item in found:
                for message in item.messages:
                    self._add_list_error(message)

    def _add_list_error(self, message: str) -> None:
        filled = self._filled()
        index = _row_of(message, filled)
        if index is None:
            # An agency in two lists: beside the agencies of the later one.
            sharing = [
                i for i, spec in filled if any(_names(code, message) for code in spec.agencies)
            ]
            if len(sharing) > 1:
                self.add_error(agencies_field(sharing[-1]), message)
            else:
                self.list_errors.append(message)
            return
        spec = dict(filled)[index]
        named = any(_names(code, message) for code in spec.agencies)
        about_agencies = bool(spec.name) and (not spec.agencies or named)
        self.add_error(agencies_field(index) if about_agencies else name_field(index), message)


def _names(code: str, message: str) -> bool:
    """Whether `message` names the agency `code`."""
    return re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", message) is not None


def _row_of(message: str, filled: list[tuple[int, ListSpec]]) -> int | None:
    """The form's row a message of `validate_lists` is about: the one list whose name it quotes,
    or, for a list without a name, the one it numbers (the lists are numbered as given, blank
    rows left out); None when it is about several or none."""
    quoted = [index for index, spec in filled if spec.name and f"“{spec.name}”" in message]
    if len(quoted) == 1:
        return quoted[0]
    if quoted:
        return None
    numbers = set(re.findall(r"\d+", message))
    unnamed = [
        index
        for position, (index, spec) in enumerate(filled, start=1)
        if not spec.name and str(position) in numbers
    ]
    return unnamed[0] if len(unnamed) == 1 else None


class ConfirmForm(forms.Form):
    """Publishing or unpublishing is asked twice: the button and this box."""

    confirm = forms.BooleanField(required=True)
