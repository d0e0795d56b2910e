"""What the formats share: one data value as DHIS2 names it, and the error of an unreadable file."""

from dataclasses import dataclass, field

MAX_VALUES = 1_000_000


class FormatError(Exception):
    """The file cannot be read as the format says: the message says where and why."""


@dataclass
class DataValue:
    """One value as DHIS2 exchanges it. `period` is a DHIS2 period code; a period the reader
    could not understand is kept as written, with `period_problem` saying why. `categories`
    holds ADX's category attributes (dimension code -> category code)."""

    data_element: str
    period: str
    org_unit: str
    value: str
    category_option_combo: str = ""
    attribute_option_combo: str = ""
    comment: str = ""
    last_updated: str = ""
    deleted: bool = False
    categories: dict[str, str] = field(default_factory=dict)
    period_problem: str = ""
    data_set: str = ""
