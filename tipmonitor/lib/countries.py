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


# The UN M49 regions ("Standard country or area codes for statistical use", UN Statistics
# Division, https://unstats.un.org/unsd/methodology/m49/) of the countries and areas of ISO
# 3166-1, by alpha-3 code, written out by hand: neither pycountry nor any package installed
# carries M49's regional grouping. Taiwan (not listed by M49 on its own) is in Asia; Antarctica
# (ATA) is in no region. tests/tipmonitor/test_countries_m49.py checks that every other
# country pycountry knows is in exactly one region.
def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


M49_REGIONS: dict[str, frozenset[str]] = {
    "africa": _codes(
        # Northern Africa
        "DZA EGY LBY MAR SDN TUN ESH "
        # Eastern Africa
        "IOT BDI COM DJI ERI ETH ATF KEN MDG MWI MUS MYT MOZ REU RWA SYC SOM SSD UGA TZA ZMB ZWE "
        # Middle Africa
        "AGO CMR CAF TCD COG COD GNQ GAB STP "
        # Southern Africa
        "BWA SWZ LSO NAM ZAF "
        # Western Africa
        "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SHN SEN SLE TGO"
    ),
    "americas": _codes(
        # Caribbean
        "AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR PRI BLM KNA "
        "LCA MAF VCT SXM TTO TCA VIR "
        # Central America
        "BLZ CRI SLV GTM HND MEX NIC PAN "
        # South America
        "ARG BOL BVT BRA CHL COL ECU FLK GUF GUY PRY PER SGS SUR URY VEN "
        # Northern America
        "BMU CAN GRL SPM USA"
    ),
    "asia": _codes(
        # Central Asia
        "KAZ KGZ TJK TKM UZB "
        # Eastern Asia
        "CHN HKG MAC PRK JPN MNG KOR TWN "
        # South-eastern Asia
        "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM "
        # Southern Asia
        "AFG BGD BTN IND IRN MDV NPL PAK LKA "
        # Western Asia
        "ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN QAT SAU PSE SYR TUR ARE YEM"
    ),
    "europe": _codes(
        # Eastern Europe
        "BLR BGR CZE HUN POL MDA ROU RUS SVK UKR "
        # Northern Europe
        "ALA DNK EST FRO FIN GGY ISL IRL IMN JEY LVA LTU NOR SJM SWE GBR "
        # Southern Europe
        "ALB AND BIH HRV GIB GRC VAT ITA MLT MNE MKD PRT SMR SRB SVN ESP "
        # Western Europe
        "AUT BEL FRA DEU LIE LUX MCO NLD CHE"
    ),
    "oceania": _codes(
        # Australia and New Zealand
        "AUS CXR CCK HMD NZL NFK "
        # Melanesia
        "FJI NCL PNG SLB VUT "
        # Micronesia
        "GUM KIR MHL FSM NRU MNP PLW UMI "
        # Polynesia
        "ASM COK PYF NIU PCN WSM TKL TON TUV WLF"
    ),
}
_M49_OF = {code: region for region, codes in M49_REGIONS.items() for code in codes}


def m49_region(code: str) -> str | None:
    """The UN M49 region (`africa`, `americas`, `asia`, `europe`, `oceania`) of the country
    `code` (ISO 3166-1 alpha-3, any case); None for a code in no region or unknown."""
    return _M49_OF.get(code.strip().upper())
