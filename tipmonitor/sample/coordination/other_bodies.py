"""The year's meetings of the other bodies: the National Committee twice (it adopts the annual
report in winter and hears the mid-year review), each thematic subgroup preparing the working
group's protection and labour items, and the Valmora provincial committee (its last minutes
approved, not yet published)."""

import datetime

from .schema import (
    APPROVED,
    DONE,
    IN_PROGRESS,
    PUBLISHED,
    ActionData,
    ItemData,
    MeetingData,
    Update,
)

DOCUMENTS = "https://ncatp.ardenia.example/documents/"
VALMORA = "Valmora Governor's Office, Valmora, hall 2"

# The data is laid out as records for reading, so the formatter leaves it alone.
# fmt: off

COUNCIL_1 = MeetingData(
    "COUNCIL", -330, PUBLISHED, excused=("MOE",),
    place="Government House, Ardenia City, Cabinet room",
    items=(
        ItemData(
            "Annual monitoring report on the National Action Plan", "NCATP-SEC", 30,
            summary="The Committee examined the report prepared by the working group: most "
            "activities on schedule; identification and shelter placements slower than planned.",
            decisions="The report is adopted and published in English, Armenian and Russian.",
            activities=("1.3.2",),
            actions=(
                ActionData(
                    "Publish the annual monitoring report in English, Armenian and Russian",
                    "NCATP-SEC", 45, user="coordinator", activity="1.3.2",
                    updates=(
                        Update(30, DONE, "Published on the Committee's site in the three "
                               "languages.", "coordinator", DOCUMENTS + "annual-report"),
                    ),
                ),
            ),
        ),
        ItemData(
            "Bilateral agreements with neighbouring states", "MFA", 20,
            summary="Most victims identified abroad were exploited in the two neighbouring "
            "states, with which Ardenia has no agreement on trafficking.",
            decisions="The Ministry of Foreign Affairs opens negotiations with both.",
            activities=("5.1.1",), indicators=("I-5.1",), recommendations=("GRETA-3-129",),
            actions=(
                ActionData(
                    "Open negotiations of an agreement against trafficking with the two "
                    "neighbouring states", "MFA", 120, activity="5.1.1",
                    recommendation="GRETA-3-129",
                    updates=(
                        Update(100, IN_PROGRESS, "By e-mail from the Ministry: the first state "
                               "has accepted; the second has not answered."),
                        Update(150, DONE, "Negotiations opened with both states; the first "
                               "round was held in the second state's capital."),
                    ),
                ),
            ),
        ),
    ),
)

COUNCIL_2 = MeetingData(
    "COUNCIL", -150, PUBLISHED, absent=("MFA",),
    place="Government House, Ardenia City, Cabinet room",
    items=(
        ItemData(
            "GRETA and the TIP report: what the plan does not answer", "NCATP-SEC", 30,
            summary="Two recommendations are answered by no activity of the plan: the "
            "non-punishment of victims and an independent national rapporteur.",
            decisions="The Ministry of Justice drafts a non-punishment amendment; an "
            "independent rapporteur is considered for the next plan.",
            recommendations=("GRETA-3-107", "TIP-2025-5", "GRETA-3-27"),
            actions=(
                ActionData(
                    "Draft an amendment to the Criminal Code on the non-punishment of victims",
                    "MOJ", 90, recommendation="GRETA-3-107",
                    updates=(
                        Update(60, IN_PROGRESS, "By e-mail from the Ministry: draft discussed "
                               "with the Prosecutor's Office; public consultation planned."),
                    ),
                ),
            ),
        ),
        ItemData(
            "Joint mobile teams: next year's funding", "MOI", 15,
            summary="The teams' travel is paid from a project that ends this year.",
            decisions="The Ministry of Internal Affairs provides for it in its budget request.",
            activities=("3.1.3",), indicators=("I-3.6",),
            actions=(
                ActionData(
                    "Provide for the joint mobile teams' travel in next year's budget", "MOI",
                    180, activity="3.1.3",
                    updates=(
                        Update(100, IN_PROGRESS, "By e-mail from the Ministry: included in the "
                               "budget request; the Government decides in December."),
                    ),
                ),
            ),
        ),
    ),
)

VICTIMS_1 = MeetingData(
    "SG-VICTIMS", -240, PUBLISHED, absent=("NGO-HOTLINE",),
    place="Ministry of Labour and Social Affairs, Ardenia City, room 5",
    starts=datetime.time(14, 0), ends=datetime.time(16, 0),
    items=(
        ItemData(
            "Waiting time for the Identification Commission's decision", "IDCOM", 30,
            summary="Referrals wait more than a month when the Commission's monthly session "
            "is cancelled.",
            decisions="The Commission holds an extra session when referrals pile up.",
            activities=("3.1.2",), indicators=("I-3.4",), recommendations=("GRETA-3-79",),
            actions=(
                ActionData(
                    "Hold an extra session whenever more than five referrals have waited over "
                    "30 days", "IDCOM", 30, activity="3.1.2", indicator="I-3.4",
                    updates=(
                        Update(25, DONE, "By e-mail from the Commission: rule adopted; the "
                               "first extra session decided seven referrals."),
                    ),
                ),
            ),
        ),
        ItemData(
            "Referrals from the hotline", "NGO-HOTLINE", 20,
            summary="The hotline was absent; the police said its referrals now come with the "
            "caller's consent recorded.",
            indicators=("I-3.3",),
        ),
    ),
)

VICTIMS_2 = MeetingData(
    "SG-VICTIMS", -75, PUBLISHED, excused=("IDCOM",),
    place="Ministry of Labour and Social Affairs, Ardenia City, room 5",
    items=(
        ItemData(
            "Victims' rights in criminal proceedings", "NGO-LEGAL", 30,
            summary="Foreign victims rarely know they may have a lawyer and claim "
            "compensation.",
            decisions="The Legal Aid Centre prepares a leaflet in the victims' languages.",
            activities=("3.3.1",), indicators=("I-3.11",), recommendations=("GRETA-3-134",),
            actions=(
                ActionData(
                    "Prepare a leaflet on victims' rights in criminal proceedings in five "
                    "languages", "NGO-LEGAL", 90, activity="3.3.1",
                    recommendation="GRETA-3-134",
                    updates=(
                        Update(40, IN_PROGRESS, "By e-mail from the Centre: texts ready; the "
                               "Russian and English translations done, three more under way."),
                    ),
                ),
            ),
        ),
        ItemData(
            "Night and weekend placements: the shelter's proposal", "NGO-SHELTER", 20,
            summary="The subgroup discussed the procedure the shelter proposed; the Ministry "
            "will answer in the working group.",
            activities=("3.2.1",), indicators=("I-3.9",),
        ),
    ),
)

LABOUR_1 = MeetingData(
    "SG-LABOUR", -200, PUBLISHED, excused=("MFA",),
    place="State Labour Inspectorate, Ardenia City, meeting room",
    items=(
        ItemData(
            "Inspections in the harvest season", "LAB-INSP", 30,
            summary="Seasonal workers on farms are the group most at risk; inspectors cannot "
            "question workers without an interpreter or the police.",
            decisions="The Inspectorate shares its plan with the police, who join the "
            "inspections in agriculture.",
            activities=("2.3.1",), indicators=("I-2.9", "I-2.10"),
            recommendations=("GRETA-3-53", "TIP-2025-6"),
            actions=(
                ActionData(
                    "Share the inspection plan for the harvest season with the police",
                    "LAB-INSP", 20, activity="2.3.1",
                    updates=(
                        Update(15, DONE, "By e-mail from the Inspectorate: plan shared with the "
                               "Anti-Trafficking Unit."),
                    ),
                ),
                ActionData(
                    "Take part in at least ten of the inspections in agriculture", "MOI-POLICE",
                    90, user="reporter", activity="2.3.1", indicator="I-2.10",
                    recommendation="TIP-2025-6",
                    updates=(
                        Update(60, IN_PROGRESS, "Officers joined six inspections so far.",
                               "reporter"),
                        Update(110, DONE, "Twelve joint inspections; two cases referred for "
                               "investigation.", "reporter"),
                    ),
                ),
            ),
        ),
        ItemData(
            "Pre-departure information for labour migrants", "MFA", 20,
            summary="The consulates' information desks are not funded yet.",
            activities=("2.3.2",), recommendations=("GRETA-3-57",),
        ),
    ),
)

VALMORA_1 = MeetingData(
    "PC-VALMORA", -260, PUBLISHED, place=VALMORA,
    items=(
        ItemData(
            "The Tarsk district's reports", "DCATP-TARSK", 20,
            summary="The district's reports reach the Secretariat after the provincial report, "
            "so the province's figures leave Tarsk out.",
            decisions="Tarsk reports through the provincial committee by the tenth day after "
            "the quarter.",
            activities=("1.2.2",), indicators=("I-1.3",),
            actions=(
                ActionData(
                    "Send the district's quarterly report through the provincial committee by "
                    "the tenth day after the quarter", "DCATP-TARSK", 30, activity="1.2.2",
                    updates=(
                        Update(30, DONE, "By e-mail from the provincial committee: the Tarsk "
                               "report of the quarter arrived on the eighth."),
                    ),
                ),
            ),
        ),
        ItemData(
            "The joint mobile team at the Valmora crossing", "MOI-BORDER", 20,
            summary="The team visits the crossing every week; no social worker yet.",
            activities=("3.1.3",), indicators=("I-3.6",),
        ),
    ),
)

VALMORA_2 = MeetingData(
    "PC-VALMORA", -55, APPROVED, place=VALMORA, absent=("MOI-BORDER",),
    items=(
        ItemData(
            "Awareness lessons in Valmora's schools", "PCATP-VAL", 20,
            summary="Half of the province's secondary schools had no lesson this year.",
            decisions="The provincial committee arranges the missed lessons with the schools.",
            activities=("2.2.3",), indicators=("I-2.7",),
            actions=(
                ActionData(
                    "Arrange with the schools of Valmora the awareness lessons missed this year",
                    "PCATP-VAL", 70, activity="2.2.3", indicator="I-2.7",
                ),
            ),
        ),
    ),
)

# fmt: on

OTHER_BODIES = (
    COUNCIL_1,
    COUNCIL_2,
    VICTIMS_1,
    VICTIMS_2,
    LABOUR_1,
    VALMORA_1,
    VALMORA_2,
)
