"""The codes of case records' categories (docs/cases.md), after HTCDS 2.0 and CTDC, with their
labels, and the words an agency's file may use for them in English, Armenian or Russian.

A file carries codes; screens show the labels. Multi-selects (forms of exploitation, means of
control, services) are lists of these codes.
"""

from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from cases.models import ReferralStage, Sex, TraffickingStatus

EXPLOITATION = {
    "sexual": _("Sexual exploitation"),
    "labour": _("Forced labour"),
    "begging": _("Forced begging"),
    "forced_criminality": _("Forced criminality"),
    "forced_marriage": _("Forced marriage"),
    "servitude": _("Domestic servitude"),
    "organ_removal": _("Removal of organs"),
    "other": _("Other form of exploitation"),
}

# HTCDS 2.0 "meansOfControl".
MEANS_OF_CONTROL = {
    "debt_bondage": _("Debt bondage"),
    "takes_earnings": _("Takes earnings"),
    "restricts_financial_access": _("Restricts access to money"),
    "threats": _("Threats"),
    "psychological_abuse": _("Psychological abuse"),
    "physical_abuse": _("Physical abuse"),
    "sexual_abuse": _("Sexual abuse"),
    "false_promises": _("False promises"),
    "psychoactive_substances": _("Psychoactive substances"),
    "restricts_movement": _("Restricts movement"),
    "restricts_medical_care": _("Restricts medical care"),
    "excessive_working_hours": _("Excessive working hours"),
    "threat_of_law_enforcement": _("Threat of law enforcement"),
    "withholds_necessities": _("Withholds necessities"),
    "withholds_documents": _("Withholds documents"),
    "other": _("Other means of control"),
}

# HTCDS 2.0 "recruiterRelationship".
RECRUITER_RELATIONSHIP = {
    "intimate_partner": _("Intimate partner"),
    "family": _("Family member"),
    "friend": _("Friend or acquaintance"),
    "employer": _("Employer or agent"),
    "stranger": _("Stranger"),
    "other": _("Other relationship"),
    "unknown": _("Unknown"),
}

SERVICES = {
    "shelter": _("Shelter"),
    "medical": _("Medical care"),
    "psychological": _("Psychological support"),
    "legal": _("Legal aid"),
    "financial": _("Financial support"),
    "education": _("Education or vocational training"),
    "employment": _("Employment support"),
    "repatriation": _("Return or repatriation"),
    "reintegration": _("Reintegration support"),
    "other": _("Other service"),
}

# Words (case-folded) an agency writes for sex, in the three languages of the interface.
SEX_WORDS = {
    Sex.FEMALE: ("f", "female", "woman", "girl", "ж", "жен", "женский", "женщина", "девочка",
                 "իգական", "կին", "աղջիկ"),
    Sex.MALE: ("m", "male", "man", "boy", "м", "муж", "мужской", "мужчина", "мальчик",
               "արական", "տղամարդ", "տղա"),
    Sex.OTHER: ("x", "other", "другой", "иной", "այլ"),
}  # fmt: skip

STATUS_WORDS = {
    TraffickingStatus.PRESUMED: ("presumed", "presumed victim", "предполагаемая жертва"),
    TraffickingStatus.IDENTIFIED: ("identified", "identified victim", "идентифицированная жертва"),
    TraffickingStatus.NOT_VICTIM: ("not_victim", "not a victim", "не жертва"),
}

BOOLEAN_WORDS = {
    True: ("yes", "y", "true", "1", "да", "այո"),
    False: ("no", "n", "false", "0", "нет", "ոչ"),
}

REFERRAL_STAGES = {stage.value: stage.label for stage in ReferralStage}

COUNTRIES_FILE = Path(__file__).parent / "data" / "iso3166_alpha3.txt"


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes, and ICAO's codes for stateless persons and refugees."""
    lines = COUNTRIES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(code for line in lines if not line.startswith("#") for code in line.split())


def word_lookup(words: dict) -> dict[str, object]:
    """{word: code} for a table of code -> words."""
    return {word.casefold(): code for code, spellings in words.items() for word in spellings}
