"""Names of countries and of their regions (ISO 3166-1 and 3166-2) in the user's language.

Case records and the plans' breakdowns carry ISO codes (`LKA`, `AM-ER`, `AE-DU`); people read
names. The names and their translations come from pycountry, which packages the Debian
iso-codes tables and their gettext catalogs, so they follow the standard as it changes rather
than a table written by hand. Where a catalog has no translation (pycountry ships no Armenian
catalog of regions), the English name is shown, and the code itself when the code is unknown.
"""

import gettext
import re
from functools import cache

import pycountry
from django.utils.translation import get_language

ENGLISH = "en"
_SUBDIVISION_RE = re.compile(r"^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$")
_COUNTRY_RE = re.compile(r"^[A-Za-z]{2,3}$")


def country_name(code: str, lang: str | None = None) -> str:
    """The country `code` (alpha-2 `LK` or alpha-3 `LKA`, any case) names, in `lang` (the
    active language by default); English when there is no translation; `code` when unknown."""
    english = _country_english(code.strip().upper())
    if english is None:
        return code
    return _translate("iso3166-1", english, lang)


def subdivision_name(code: str, lang: str | None = None) -> str:
    """The region `code` (ISO 3166-2, `AE-DU`) names, in `lang`; English, else `code`."""
    english = _subdivision_english(code.strip().upper())
    if english is None:
        return code
    return _translate("iso3166-2", english, lang)


def place_name(code: str, lang: str | None = None) -> str:
    """A country's or a region's name, whichever `code` is; `code` itself when it is neither."""
    if is_subdivision_code(code):
        return subdivision_name(code, lang)
    return country_name(code, lang) if _COUNTRY_RE.match(code.strip()) else code


def translated_place_name(code: str, lang: str | None = None) -> str | None:
    """The name of the country or region `code` in `lang` only when that language's catalog
    has it (English always does); None for an unknown code or a missing translation."""
    code = code.strip().upper()
    domain = "iso3166-2" if is_subdivision_code(code) else "iso3166-1"
    english = _subdivision_english(code) if domain == "iso3166-2" else _country_english(code)
    if english is None:
        return None
    language = _language(lang)
    if language == ENGLISH:
        return english
    translated = _catalog(domain, language).gettext(english)
    return translated if translated != english or _has_catalog(domain, language) else None


def is_subdivision_code(code: str) -> bool:
    """Whether `code` is written like an ISO 3166-2 code (`AM-ER`); it may still be unknown."""
    return bool(_SUBDIVISION_RE.match(code.strip()))


def is_place_code(code: str) -> bool:
    """Whether `code` is a known country (alpha-2 or alpha-3) or region code, as written: codes
    are upper case, so `am` (a category's own code) is not taken for Armenia."""
    if code != code.upper() or not code:
        return False
    if is_subdivision_code(code):
        return _subdivision_english(code) is not None
    return bool(_COUNTRY_RE.match(code)) and _country_english(code) is not None


@cache
def _country_english(code: str) -> str | None:
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
    else:
        return None
    return country.name if country is not None else None


@cache
def _subdivision_english(code: str) -> str | None:
    if not is_subdivision_code(code):
        return None
    subdivision = pycountry.subdivisions.get(code=code)
    return subdivision.name if subdivision is not None else None


def _language(lang: str | None) -> str:
    return (lang or get_language() or ENGLISH).split("-")[0].lower()


def _translate(domain: str, english: str, lang: str | None) -> str:
    language = _language(lang)
    if language == ENGLISH:
        return english
    return _catalog(domain, language).gettext(english)


@cache
def _catalog(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


@cache
def _has_catalog(domain: str, language: str) -> bool:
    return type(_catalog(domain, language)) is not gettext.NullTranslations


def is_currency_code(code: str) -> bool:
    """Whether `code` is a current ISO 4217 currency code (`EUR`, `AMD`), as written: capitals."""
    return (
        bool(re.fullmatch(r"[A-Z]{3}", code)) and pycountry.currencies.get(alpha_3=code) is not None
    )
