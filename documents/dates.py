"""Dates as the documents print them, in the active language (the builders'
`translation.override`).

Django has no date formats for Armenian: its fallback prints "Նոյ․ 12, 2026" (the English order)
and, as a short date, "11/12/2026" (month first, which an Armenian reader takes for the 11th of
December). The documents print Armenian dates the way Armenian official papers do, day first:
"12.11.2026". English and Russian keep Django's formats ("Nov. 12, 2026", "12 ноября 2026 г.").
"""

import datetime

from django.utils import formats
from django.utils.translation import get_language

# Languages whose dates the documents print in a format of their own, not Django's.
_OWN_FORMATS = {"hy": "d.m.Y"}


def document_date(day: datetime.date) -> str:
    """`day` as a document in the active language prints it."""
    language = (get_language() or "en").split("-")[0]
    own = _OWN_FORMATS.get(language)
    if own is not None:
        return formats.date_format(day, own)
    return formats.date_format(day, "DATE_FORMAT", use_l10n=True)


def end_sentence(text: str) -> str:
    """`text` without the doubled full stop of a sentence that ends on a date which itself
    ends with one ("… 29 августа 2026 г.." in Russian)."""
    return text[:-1] if text.endswith("..") else text
