"""The recommendations workbook's sheet and columns."""

from plans.models import name_languages
from plans.workbook.validate.schema import name_column
from tipmonitor.lib.spreadsheet import normalise_header

SHEET = "Recommendations"

# In the order export writes them; * marks a required column. The text in other languages goes
# after "Text" (`Text (hy)`, `Text (ru)`), as the plan workbook does names.
COLUMNS: list[str] = [
    "Code*", "Source*", "Round or year", "Reference", "Text*", "Date", "Wording", "Theme",
    "Plan area", "Response", "SDG targets", "High priority", "Activities", "Agencies",
    "Status", "Status comment",
]  # fmt: skip

# Column -> the Recommendation field its rules speak of (coordination.services.recommendations).
FIELD_COLUMNS: dict[str, str] = {
    "code": "Code",
    "source": "Source",
    "cycle": "Round or year",
    "reference": "Reference",
    "text": "Text",
    "issued_on": "Date",
    "strength": "Wording",
    "theme": "Theme",
    "area": "Plan area",
    "response": "Response",
    "sdg_targets": "SDG targets",
    "high_priority": "High priority",
    "activities": "Activities",
    "agencies": "Agencies",
    "status": "Status",
    "status_comment": "Status comment",
}


def titles() -> list[str]:
    return [title.rstrip("*") for title in COLUMNS]


def text_titles(languages: list[str] | None = None) -> list[str]:
    """`Text (hy)`, `Text (ru)`: the text in the languages beyond the base."""
    found = name_languages() if languages is None else languages
    return [name_column("Text", code) for code in found]


def ordered_titles(languages: list[str]) -> list[str]:
    """The columns export writes: the text in `languages` right after the text."""
    found = titles()
    at = found.index("Text") + 1
    return [*found[:at], *text_titles(languages), *found[at:]] if languages else found


def wanted_headers() -> dict[str, list[str]]:
    """What the reader keeps: normalised sheet name -> normalised headers."""
    headers = [*titles(), *text_titles()]
    return {normalise_header(SHEET): [normalise_header(title) for title in headers]}
