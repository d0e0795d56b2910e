"""Cell text we write and read back: formula-injection escaping and header matching.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
some spreadsheet programs (CSV/formula injection), so we write it with a leading apostrophe.
Import removes one leading apostrophe from any text; text that itself starts with an apostrophe
is therefore escaped too, which makes `unescape_cell(escape_cell(text)) == text` for all text.
"""

from functools import lru_cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape_cell(text: str) -> str:
    """`text` as it must be written to a cell so that no program evaluates it."""
    if text.startswith((*FORMULA_PREFIXES, ESCAPE)):
        return ESCAPE + text
    return text


def unescape_cell(text: str) -> str:
    """The inverse of `escape_cell`: one leading apostrophe removed."""
    return text.removeprefix(ESCAPE)


def strip_illegal(text: str) -> str:
    """XLSX cannot hold most control characters (openpyxl refuses them); drop them on export."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def normalise_header(text: object) -> str:
    """A sheet name or column header as we compare it: trimmed, inner spaces collapsed,
    case-folded. `None` (an empty header cell) becomes ""."""
    if text is None:
        return ""
    return _normalise(str(text))


@lru_cache(maxsize=4096)  # the same few headers and codes are compared for every row
def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()
