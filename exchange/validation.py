"""The one home of the rules of DHIS2 identifiers and of mapped breakdowns: the mapping page,
the models and the imports all call these (docs/exchange.md, "Mappings").

A DHIS2 object is named by its uid (11 characters: a letter, then letters or digits) or by its
code (at most 50 characters). We accept a code of letters, digits, `_`, `-` and `.` only, so
that one is never mistaken for text with spaces, separators or a formula.
"""

import re
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reporting.validation import format_breakdown, parse_breakdown

UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,50}$")
MAX_LENGTH = 50


def identifier_problem(text: str) -> str | None:
    """Why `text` is not a DHIS2 uid or code, or None."""
    if UID.fullmatch(text) or CODE.fullmatch(text):
        return None
    return _(
        "“%(text)s” is neither a DHIS2 uid (11 characters: a letter, then letters or digits) "
        "nor a code (at most 50 letters, digits, _, - or .)."
    ) % {"text": text[:80]}


def validate_identifier(text: str) -> None:
    """The model fields' validator: ValidationError with `identifier_problem`."""
    if text and (problem := identifier_problem(text)):
        raise ValidationError(problem, code="identifier")


def clean_breakdown(text: str, dimensions: Mapping[str, Sequence[str]]) -> str:
    """`text` ("sex=female;age_group=child", or empty for the total) as the canonical key the
    values are stored under; `dimensions` is dimension code -> its category codes. Raises
    ValueError saying what is wrong."""
    pairs = parse_breakdown(text)
    for dimension, category in pairs.items():
        if dimension not in dimensions:
            raise ValueError(_("No dimension “%(code)s”.") % {"code": dimension})
        if category not in dimensions[dimension]:
            raise ValueError(
                _("Dimension “%(dimension)s” has no category “%(category)s”.")
                % {"dimension": dimension, "category": category}
            )
    return format_breakdown(pairs)
