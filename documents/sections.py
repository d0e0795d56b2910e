"""The narrative sections of each document, with the prompts of the guide's annex 6 a coordinator
answers in them. Numbers never go here: they come from the data (documents/selectors.py).

A section is stored under its key (`NarrativeDraft.section`); each strategic area has one more,
"area:<area code>", for the description of the change achieved in it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentKind
from plans.models import StrategicArea

AREA_PREFIX = "area:"


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise | str
    prompt: Promise | str


INTRODUCTION = Section(
    "introduction",
    _("Introduction"),
    _(
        "Who reports on what (institution, contact person), who the report goes to, and anything "
        "the reader should know about how it was prepared."
    ),
)
DEVELOPMENTS = Section(
    "developments",
    _("Observations of developments in the area of trafficking in persons"),
    _(
        "Nature and scale of the problem and developments; developments in the modus operandi of "
        "perpetrators; developments in the profile of victims (important for prevention)."
    ),
)
POLICY = Section(
    "policy",
    _("The national anti-trafficking policies and legal framework"),
    _("Changes in policies and the legal framework."),
)
COMPLIANCE = Section(
    "compliance",
    _("Compliance with the international legal standards"),
    _(
        "Status of and changes in the legal framework relating to compliance with the "
        "international legal standards."
    ),
)
GENERAL_OBSERVATIONS = Section(
    "general_observations",
    _("General observations"),
    _(
        "How the implementation has been proceeding, general assessment; institutional "
        "arrangements for implementation; challenges identified; review or evaluation planned "
        "(or a short summary of its findings if in progress)."
    ),
)
OVERALL_RESULTS = Section(
    "overall_results",
    _("Overall results and achievements"),
    _(
        "The overall results of the implementation in relation to the goals and outcomes: the "
        "changes the plan aspired to that can be attributed to its activities."
    ),
)
OBSERVATIONS = Section(
    "observations",
    _("Observations, comments"),
    _("Any observations or comments relating to the implementation of the plan."),
)
LESSONS = Section(
    "lessons",
    _("Lessons learned"),
    _(
        "Lessons learned in the reporting period that will cater for a different approach in "
        "the next one."
    ),
)
NEXT_STEPS = Section(
    "next_steps",
    _("Next steps / way forward"),
    _(
        "How the anti-trafficking response plans to proceed in the next reporting period: "
        "institutional changes, changes in focus, new developments, follow-up on a review or "
        "evaluation."
    ),
)
COORDINATION = Section(
    "coordination",
    _("Coordination"),
    _(
        "How the coordination bodies steered the plan in the year: the main decisions, what the "
        "actions passed achieved, and where attendance or follow-up fell short (the meetings, "
        "attendance and actions are added from the minutes)."
    ),
)
HIDDEN_VICTIMS = Section(
    "hidden_victims",
    _("Hidden victims"),
    _(
        "Printed only when the report includes the published estimate of hidden victims: what "
        "the estimate means for the plan, and how the lists were chosen (the estimate, the "
        "lists, their overlaps and the caveats are added from the published estimate)."
    ),
)

# Before the areas, and after them, in the order the document prints them.
_BEFORE_AREAS = {
    DocumentKind.ANNUAL: [
        INTRODUCTION,
        DEVELOPMENTS,
        POLICY,
        COMPLIANCE,
        GENERAL_OBSERVATIONS,
        OVERALL_RESULTS,
    ],
    DocumentKind.QUARTERLY: [GENERAL_OBSERVATIONS],
}
_AFTER_AREAS = {
    DocumentKind.ANNUAL: [OBSERVATIONS, LESSONS, NEXT_STEPS, COORDINATION, HIDDEN_VICTIMS],
    DocumentKind.QUARTERLY: [NEXT_STEPS],
}


def area_key(area: StrategicArea) -> str:
    return f"{AREA_PREFIX}{area.code}"


def area_section(area: StrategicArea) -> Section:
    return Section(
        area_key(area),
        str(area),
        _(
            "Achievements: the change achieved in this area, taking into account the data "
            "collected (the figures are added from the reports)."
        ),
    )


def sections_for(kind: str, areas: list[StrategicArea]) -> list[Section]:
    """Every narrative section of a document of `kind`, in print order."""
    return [
        *_BEFORE_AREAS[DocumentKind(kind)],
        *(area_section(area) for area in areas),
        *_AFTER_AREAS[DocumentKind(kind)],
    ]
