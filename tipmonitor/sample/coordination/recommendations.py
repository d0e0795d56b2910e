"""The international recommendations Ardenia's plan answers: GRETA's third-round evaluation
report and the US State Department's Trafficking in Persons report, both fictional, written in
their usual manner (GRETA "urges", "considers" or "invites" the authorities, by paragraph; the
TIP report lists its prioritized recommendations).

Each is traced to the plan activities that answer it (codes of the sample workbook) and to the
agencies responsible (by default the activities' lead agencies). Two are answered by no
activity, so the plan-quality check has something real to show: GRETA's call for an independent
national rapporteur, which the government noted, and the non-punishment of victims, which both
sources make and which the National Committee has asked the Ministry of Justice to draft. A few
statuses are confirmed by the coordinator with a comment; the others wait for confirmation, and
the tracker proposes one from the activities' reported statuses.
"""

import datetime
from dataclasses import dataclass

from coordination.models import GovernmentResponse, ImplementationStatus, Strength, Theme

GRETA_ROUND = "Third round"
GRETA_ISSUED = datetime.date(2023, 6, 16)
TIP_YEAR = "2025"
TIP_ISSUED = datetime.date(2025, 6, 24)

ACCEPTED, NOTED = GovernmentResponse.ACCEPTED, GovernmentResponse.NOTED
URGES, CONSIDERS, INVITES = Strength.URGES, Strength.CONSIDERS, Strength.INVITES
PREVENTION, PROTECTION = Theme.PREVENTION, Theme.PROTECTION
PROSECUTION, PARTNERSHIP = Theme.PROSECUTION, Theme.PARTNERSHIP


@dataclass(frozen=True)
class Confirmed:
    """The status the coordinator confirmed, `days_ago` days before the demo's today."""

    status: str
    comment: str
    days_ago: int


@dataclass(frozen=True)
class RecommendationData:
    code: str
    reference: str
    text: str
    theme: str
    area: str  # the plan's area code
    activities: tuple[str, ...]
    sdg: str = ""
    strength: str = ""
    response: str = ACCEPTED
    high_priority: bool = False
    agencies: tuple[str, ...] = ()  # besides the activities' lead agencies
    confirmed: Confirmed | None = None


# The data is laid out as records for reading, so the formatter leaves it alone.
# fmt: off

GRETA: tuple[RecommendationData, ...] = (
    RecommendationData(
        "GRETA-3-22", "para. 22",
        "GRETA urges the Ardenian authorities to ensure that the National Committee and its "
        "working group meet regularly and that the implementation of the National Action Plan is "
        "monitored against measurable indicators, with the results made public.",
        PARTNERSHIP, "1", ("1.1.2", "1.1.3"), "16.2", URGES, high_priority=True,
        confirmed=Confirmed(
            ImplementationStatus.LARGELY,
            "The working group met five times in the last twelve months and every agency reports "
            "through TIP Monitor; the progress report is not yet published.",
            95,
        ),
    ),
    RecommendationData(
        "GRETA-3-27", "para. 27",
        "GRETA considers that the authorities should set up an independent National Rapporteur "
        "or designate another independent mechanism to monitor the anti-trafficking activities "
        "of state institutions.",
        PARTNERSHIP, "1", (), "16.2", CONSIDERS, response=NOTED, agencies=("NCATP",),
    ),
    RecommendationData(
        "GRETA-3-31", "para. 31",
        "GRETA urges the authorities to develop a comprehensive and coherent statistical system "
        "on trafficking, with common definitions shared by all data holders, disaggregated by "
        "sex, age, form of exploitation and country of origin, and respecting data protection.",
        PARTNERSHIP, "1", ("1.3.1", "1.3.2"), "16.2, 17.18", URGES, high_priority=True,
        confirmed=Confirmed(
            ImplementationStatus.PARTLY,
            "The common definitions are agreed; two data holders have not signed the protocol.",
            95,
        ),
    ),
    RecommendationData(
        "GRETA-3-38", "para. 38",
        "GRETA invites the authorities to carry out research on trafficking for labour "
        "exploitation in agriculture, construction and hospitality.",
        PREVENTION, "2", ("2.3.1",), "8.7", INVITES, agencies=("IOM",),
    ),
    RecommendationData(
        "GRETA-3-45", "para. 45",
        "GRETA urges the authorities to step up awareness-raising among the general public about "
        "all forms of trafficking, and to evaluate the impact of the campaigns.",
        PREVENTION, "2", ("2.2.1", "2.2.5"), "5.2, 8.7", URGES,
    ),
    RecommendationData(
        "GRETA-3-48", "para. 48",
        "GRETA considers that the authorities should include trafficking and safe migration in "
        "the curricula of secondary schools.",
        PREVENTION, "2", ("2.2.3",), "16.2", CONSIDERS,
    ),
    RecommendationData(
        "GRETA-3-53", "para. 53",
        "GRETA urges the authorities to strengthen the mandate and capacity of the State Labour "
        "Inspectorate to detect forced labour, including in agriculture, construction and "
        "hospitality, and to refer suspected cases to the police.",
        PREVENTION, "2", ("2.1.3", "2.3.1"), "8.7", URGES, high_priority=True,
        confirmed=Confirmed(
            ImplementationStatus.LARGELY,
            "Sixty inspectors trained; targeted inspections above the yearly target. The "
            "inspectorate still needs the owner's consent to enter private farms.",
            95,
        ),
    ),
    RecommendationData(
        "GRETA-3-57", "para. 57",
        "GRETA urges the authorities to strengthen the licensing and monitoring of recruitment "
        "agencies and to give people going to work abroad information on their rights before "
        "they leave.",
        PREVENTION, "2", ("2.3.2",), "8.7, 10.7", URGES,
    ),
    RecommendationData(
        "GRETA-3-61", "para. 61",
        "GRETA considers that the authorities should work with the private sector and trade "
        "unions to prevent trafficking and forced labour in supply chains.",
        PARTNERSHIP, "5", ("5.2.1",), "8.7", CONSIDERS, agencies=("NCATP-SEC",),
        confirmed=Confirmed(
            ImplementationStatus.NOT_STARTED,
            "The employers' guidance was cancelled when its project ended early; it moves to "
            "the next plan.",
            95,
        ),
    ),
    RecommendationData(
        "GRETA-3-66", "para. 66",
        "GRETA invites the authorities to take measures to discourage the demand for the "
        "services of victims of trafficking, in co-operation with the media.",
        PREVENTION, "2", ("2.2.1", "2.2.2"), "5.2", INVITES,
    ),
    RecommendationData(
        "GRETA-3-74", "para. 74",
        "GRETA urges the authorities to improve the proactive identification of victims among "
        "migrants, asylum seekers and children, by training front-line staff and by joint teams "
        "at the borders.",
        PROTECTION, "3", ("2.1.1", "2.1.2", "3.1.3"), "5.2, 8.7, 16.2", URGES,
        high_priority=True,
        confirmed=Confirmed(
            ImplementationStatus.PARTLY,
            "The trainings were held, but the joint mobile teams cover two of the four crossings.",
            95,
        ),
    ),
    RecommendationData(
        "GRETA-3-79", "para. 79",
        "GRETA urges the authorities to ensure that the formal identification of victims does "
        "not depend on their co-operation in criminal proceedings and that the Identification "
        "Commission decides without delay.",
        PROTECTION, "3", ("3.1.1", "3.1.2"), "5.2", URGES,
    ),
    RecommendationData(
        "GRETA-3-86", "para. 86",
        "GRETA urges the authorities to ensure that enough shelter places and assistance are "
        "available to all victims, men included, and that NGO-run services are funded "
        "sustainably.",
        PROTECTION, "3", ("3.2.1", "3.2.2"), "5.2, 8.7", URGES, high_priority=True,
    ),
    RecommendationData(
        "GRETA-3-92", "para. 92",
        "GRETA urges the authorities to set up a referral mechanism specific to child victims "
        "and children at risk, with a guardian appointed without delay.",
        PROTECTION, "3", ("3.2.3",), "16.2", URGES, high_priority=True,
    ),
    RecommendationData(
        "GRETA-3-101", "para. 101",
        "GRETA urges the authorities to guarantee victims effective access to compensation, "
        "including by confiscating traffickers' assets and by free legal aid.",
        PROTECTION, "3", ("3.3.1", "4.1.3"), "16.3", URGES, high_priority=True,
    ),
    RecommendationData(
        "GRETA-3-107", "para. 107",
        "GRETA considers that the authorities should adopt a provision on the non-punishment of "
        "victims for their involvement in unlawful activities they were compelled to commit.",
        PROTECTION, "4", (), "16.3", CONSIDERS, agencies=("MOJ",),
    ),
    RecommendationData(
        "GRETA-3-112", "para. 112",
        "GRETA urges the authorities to investigate and prosecute trafficking offences "
        "proactively, with a financial investigation in every case, and to ensure that they "
        "lead to effective, proportionate and dissuasive sanctions.",
        PROSECUTION, "4", ("4.1.1", "4.1.3"), "16.4", URGES, high_priority=True,
        agencies=("PGO",),
    ),
    RecommendationData(
        "GRETA-3-118", "para. 118",
        "GRETA urges the authorities to train judges and prosecutors on trafficking, on the "
        "rights of victims and on the use of expert evidence.",
        PROSECUTION, "4", ("4.2.1", "4.2.2"), "16.3", URGES,
        confirmed=Confirmed(
            ImplementationStatus.LARGELY,
            "Two trainings held and the e-learning course running; the third training is due.",
            95,
        ),
    ),
    RecommendationData(
        "GRETA-3-123", "para. 123",
        "GRETA considers that the authorities should make fuller use of special investigation "
        "techniques and of joint investigation teams with other states.",
        PROSECUTION, "5", ("5.1.2",), "16.4", CONSIDERS,
    ),
    RecommendationData(
        "GRETA-3-129", "para. 129",
        "GRETA invites the authorities to extend international co-operation, including bilateral "
        "agreements with the main countries of destination.",
        PARTNERSHIP, "5", ("5.1.1",), "17.16", INVITES,
    ),
    RecommendationData(
        "GRETA-3-134", "para. 134",
        "GRETA urges the authorities to protect victims and witnesses during and after court "
        "proceedings, and to interview child victims in child-friendly rooms.",
        PROTECTION, "3", ("3.3.1", "3.3.2"), "16.2, 16.3", URGES,
    ),
)

TIP: tuple[RecommendationData, ...] = (
    RecommendationData(
        "TIP-2025-1", "Prioritized recommendations, 1",
        "Vigorously investigate and prosecute trafficking crimes, including labor trafficking, "
        "and seek adequate penalties for convicted traffickers, which should involve "
        "significant prison terms.",
        PROSECUTION, "4", ("4.1.1", "4.1.2"), "16.4", high_priority=True, agencies=("PGO",),
    ),
    RecommendationData(
        "TIP-2025-2", "Prioritized recommendations, 2",
        "Increase proactive identification of victims among migrants, asylum-seekers and "
        "children in street situations, and refer them to care.",
        PROTECTION, "3", ("2.1.1", "3.1.3"), "8.7, 16.2", high_priority=True,
    ),
    RecommendationData(
        "TIP-2025-3", "Prioritized recommendations, 3",
        "Increase funding for NGO-run shelters and make specialized assistance available to "
        "male victims.",
        PROTECTION, "3", ("3.2.1",), "5.2, 8.7", high_priority=True,
        confirmed=Confirmed(
            ImplementationStatus.PARTLY,
            "Twenty-four places funded this year; none of them is for men.",
            40,
        ),
    ),
    RecommendationData(
        "TIP-2025-4", "Prioritized recommendations, 4",
        "Train judges and prosecutors on victim-centered, trauma-informed approaches, including "
        "the interviewing of child victims.",
        PROSECUTION, "4", ("4.2.1", "4.2.2", "3.3.2"), "16.3",
    ),
    RecommendationData(
        "TIP-2025-5", "Prioritized recommendations, 5",
        "Adopt formal procedures that ensure victims are not penalized for unlawful acts "
        "traffickers compelled them to commit.",
        PROTECTION, "4", (), "16.3", agencies=("MOJ", "PGO"),
    ),
    RecommendationData(
        "TIP-2025-6", "Prioritized recommendations, 6",
        "Strengthen the labor inspectorate's authority to conduct unannounced inspections in all "
        "sectors and to identify forced labor.",
        PREVENTION, "2", ("2.1.3", "2.3.1"), "8.7", high_priority=True,
    ),
    RecommendationData(
        "TIP-2025-7", "Prioritized recommendations, 7",
        "Regulate and monitor labor recruitment agencies and eliminate recruitment fees charged "
        "to workers.",
        PREVENTION, "2", ("2.3.2",), "8.7, 10.7", response=NOTED,
    ),
    RecommendationData(
        "TIP-2025-8", "Prioritized recommendations, 8",
        "Improve data collection on investigations, prosecutions, convictions and victims "
        "identified, and publish it.",
        PARTNERSHIP, "1", ("1.3.1", "1.3.2"), "16.2, 17.18",
    ),
    RecommendationData(
        "TIP-2025-9", "Prioritized recommendations, 9",
        "Ensure victims receive restitution and compensation, including by informing them of "
        "their right to seek it.",
        PROTECTION, "3", ("3.3.1",), "16.3",
        confirmed=Confirmed(
            ImplementationStatus.PARTLY,
            "Legal aid is offered to every victim in proceedings; courts awarded compensation in "
            "few cases.",
            40,
        ),
    ),
    RecommendationData(
        "TIP-2025-10", "Prioritized recommendations, 10",
        "Expand awareness campaigns on labor trafficking in rural areas and in schools.",
        PREVENTION, "2", ("2.2.3", "2.2.1"), "8.7",
    ),
)

# fmt: on
