"""Column widths of the documents' tables, so that no word is broken inside a cell ("Complet-ed",
"Baselin-e"): every column at least as wide as its longest word, measured in the font the
documents print in, and the rest of the line shared by how much text each column holds (the
way a browser lays out a table, but decided once, so that DOCX and PDF agree and the PDF keeps
its fast fixed layout). When even the longest words do not fit side by side (many columns in a
long language), the table's type is made smaller rather than a word broken.

Both renderers call `column_sizing` with their own type sizes and cell padding.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

# DejaVu Sans (documents/pictures.py's FONT): where Debian and most Linux systems keep it.
_FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
]
_FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
# A character's width in em when the font file is missing or lacks it: DejaVu's widest
# letters, so a column is rather too wide than a word broken.
_FALLBACK_EM = 0.72
# A word in a cell longer than this share of the line (a web address) may still be broken.
_CELL_WORD_CAP = 0.3
# Smallest type relative to the stylesheet's, before long words are let break after all.
_SMALLEST = 0.7
# The least share of the line the column of names gets, so that names do not stand one word
# a line.
_WIDE_SHARE = 0.25
# A header may take this many lines before its column asks for more room than its cells.
_HEADER_LINES = 3
# Words break at spaces only (a line may not break after a hyphen before a digit, "I-1.1").
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True)
class Sizing:
    # Each column's share of the table's width; they add up to 1.
    widths: list[float]
    # The table's type size relative to the stylesheet's (1, or less to fit long words).
    scale: float


@cache
def _advances(bold: bool) -> dict[int, float] | None:
    """Character -> its advance width in em, from the font file; None if it is not found."""
    for folder in _FONT_DIRS:
        path = folder / _FONT_FILES[bold]
        if path.is_file():
            font = TTFont(str(path), lazy=True)
            per_em = font["head"].unitsPerEm
            metrics = font["hmtx"]
            return {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    return None


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of `text` on one line, in points, at `size` points."""
    advances = _advances(bold) or {}
    return size * sum(advances.get(ord(char), _FALLBACK_EM) for char in text)


def _longest_word(text: str, size: float, bold: bool) -> float:
    return max((text_width(word, size, bold=bold) for word in _WORDS.findall(text)), default=0.0)


def _longest_line(text: str, size: float, bold: bool) -> float:
    return max((text_width(line, size, bold=bold) for line in text.split("\n")), default=0.0)


def column_sizing(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: float,
    header_size: float,
    cell_size: float,
    padding: float,
    wide: int = -1,
) -> Sizing:
    """The widths of a table `width` points wide whose header (bold, `header_size` points)
    and cells (`cell_size` points) have `padding` points of margins and borders per cell;
    the column `wide` (of names, -1 for none) gets at least a quarter of the line."""
    count = len(columns)
    if not count:
        return Sizing([], 1.0)
    words, lines = _measure(columns, rows, width, header_size, cell_size)
    room = width - count * padding
    least = _WIDE_SHARE * room if 0 <= wide < count else 0.0
    others = sum(word for i, word in enumerate(words) if i != wide)
    scale = 1.0
    if others + (max(words[wide], least) if least else 0.0) > room:
        # Smaller type rather than a broken word (or a column of names one word wide).
        total = others + (words[wide] if least else 0.0)
        fits = min(room / total, (room - least) / others if others else 1.0)
        scale = max(min(fits, 1.0), _SMALLEST)
        words, lines = [w * scale for w in words], [line * scale for line in lines]
        others *= scale
    widths = list(words)
    if least:
        widths[wide] = max(words[wide], min(least, room - others))
    extra = room - sum(widths)
    if extra <= 0:
        return Sizing(_shares([w + padding for w in widths]), scale)
    wishes = [max(min(line, room) - w, 0.0) for w, line in zip(widths, lines, strict=True)]
    wished = sum(wishes)
    if wished > extra:
        widths = [w + extra * wish / wished for w, wish in zip(widths, wishes, strict=True)]
    else:
        # Every text fits on one line: what is left goes to each column by its width.
        widths = [w + wish for w, wish in zip(widths, wishes, strict=True)]
        widths = [w + (extra - wished) * w / sum(widths) for w in widths]
    return Sizing(_shares([w + padding for w in widths]), scale)


def _measure(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: float,
    header_size: float,
    cell_size: float,
) -> tuple[list[float], list[float]]:
    """Each column's longest word, and the width it would like (its longest line of text;
    a header counts as taking up to three lines), in points."""
    cap = width * _CELL_WORD_CAP
    words = [_longest_word(column, header_size, True) for column in columns]
    lines = [_longest_line(column, header_size, True) / _HEADER_LINES for column in columns]
    for row in rows:
        for i, value in enumerate(row[: len(columns)]):
            words[i] = max(words[i], min(_longest_word(value, cell_size, False), cap))
            lines[i] = max(lines[i], _longest_line(value, cell_size, False))
    return words, lines


def _shares(widths: list[float]) -> list[float]:
    total = sum(widths)
    return [w / total for w in widths]
