"""A year of the inter-agency working group: five meetings held about every quarter (the last one
three weeks ago, its minutes still in draft) and the next one planned. Its story follows the
plan's reports: the data-sharing definitions disputed, the border teams without social workers,
the shelter full at weekends, lessons in schools behind plan, financial investigations without
an instruction, victims who never claim compensation. The Ministry of Education, the Ministry of
Foreign Affairs, the Academy of Justice and the hotline often miss meetings; their attendance
rate shows it."""

from .schema import (
    DONE,
    DROPPED,
    HELD,
    IN_PROGRESS,
    PLANNED,
    PUBLISHED,
    ActionData,
    ItemData,
    MeetingData,
    Update,
)

DOCUMENTS = "https://ncatp.ardenia.example/documents/"
ONLINE = "https://meet.ncatp.ardenia.example/working-group"

# The data is laid out as records for reading, so the formatter leaves it alone.
# fmt: off

WG_1 = MeetingData(
    "WG", -357, PUBLISHED, absent=("MOE",), excused=("MFA",),
    items=(
        ItemData(
            "Third-quarter reports: who reported and who did not", "NCATP-SEC", 20,
            summary="The Secretariat showed the submission overview: all but three agencies sent "
            "their third-quarter report through TIP Monitor, two of them late. The focal points "
            "trained in spring now send most reports without the Secretariat's help.",
            decisions="Agencies whose report is late are named in the Secretariat's quarterly "
            "note to the National Committee.",
            activities=("1.1.3",), indicators=("I-1.1",),
        ),
        ItemData(
            "GRETA's third-round recommendations: putting them in the tracker", "NCATP-SEC", 30,
            summary="The plan was written to answer GRETA's report, but nobody can say today "
            "which activity answers which recommendation, nor how far each has gone.",
            decisions="The Secretariat enters the recommendations in TIP Monitor and traces each "
            "to the activities that answer it; lead agencies check the tracing.",
            recommendations=("GRETA-3-22", "GRETA-3-31", "GRETA-3-74"),
            actions=(
                ActionData(
                    "Enter GRETA's third-round recommendations in the tracker and trace each to "
                    "the plan's activities", "NCATP-SEC", 30, user="coordinator",
                    recommendation="GRETA-3-22",
                    updates=(
                        Update(12, IN_PROGRESS, "Twenty recommendations entered; the tracing is "
                               "being checked with the lead agencies.", "coordinator"),
                        Update(26, DONE, "All recommendations of the third round are in the "
                               "tracker, each traced to the activities that answer it.",
                               "coordinator", DOCUMENTS + "greta-tracker"),
                    ),
                ),
            ),
        ),
        ItemData(
            "Common data definitions and the data-sharing protocol", "STAT", 30,
            summary="The Statistical Office presented draft definitions of a victim, a presumed "
            "victim, a case and a referral. The police count a case per investigation, the "
            "Prosecutor's Office per indictment, the shelter per person.",
            decisions="The definitions are revised with the police's and the prosecutors' "
            "comments and circulated before the next meeting.",
            activities=("1.3.1",), indicators=("I-1.5",), recommendations=("GRETA-3-31",),
            actions=(
                ActionData(
                    "Circulate the revised definitions of a victim, a case and a referral to all "
                    "holders of data", "STAT", 45, activity="1.3.1", indicator="I-1.5",
                    updates=(
                        Update(40, IN_PROGRESS, "By e-mail from the Statistical Office: the "
                               "definitions wait for the Prosecutor's Office's comments."),
                        Update(80, DONE, "Revised definitions sent to the eleven holders of "
                               "data.", link=DOCUMENTS + "data-definitions"),
                    ),
                ),
                ActionData(
                    "Send the police's comments on the draft data-sharing protocol",
                    "MOI-POLICE", 30, user="reporter", activity="1.3.1",
                    updates=(
                        Update(21, DONE, "Comments sent to the Statistical Office: the police "
                               "ask that a case be counted per criminal investigation, with the "
                               "number of victims in it.", "reporter"),
                    ),
                ),
            ),
        ),
        ItemData(
            "Hotline callers who do not speak Ardenian", "NGO-HOTLINE", 15,
            summary="Lifeline receives more calls from foreign seasonal workers; some callers "
            "could not be understood and hung up.",
            decisions="Lifeline looks into a second number for callers speaking English or "
            "Russian.",
            activities=("2.2.4",), indicators=("I-2.2",),
            actions=(
                ActionData(
                    "Set up a second hotline number for callers who speak English or Russian",
                    "NGO-HOTLINE", 60, activity="2.2.4",
                    updates=(
                        Update(40, IN_PROGRESS, "By telephone from Lifeline: a quote from the "
                               "telephone company is awaited."),
                        Update(84, DROPPED, "Dropped at the working group's meeting: IOM's "
                               "interpreting service now answers foreign callers on the "
                               "existing number."),
                    ),
                ),
            ),
        ),
    ),
)

WG_2 = MeetingData(
    "WG", -273, PUBLISHED, absent=("MOE", "JTI"), excused=("NGO-HOTLINE",),
    review="The second hotline number is dropped: IOM's interpreting service answers foreign "
    "callers on the existing number at no cost to Lifeline.",
    items=(
        ItemData(
            "Annual monitoring report: the draft for the National Committee", "NCATP-SEC", 40,
            summary="The Secretariat presented the draft report generated from TIP Monitor. Most "
            "indicators have data; the police's and the Prosecutor's Office's figures on "
            "convictions differ.",
            decisions="The working group endorses the draft, subject to the Prosecutor's "
            "Office's corrected figures, and sends it to the National Committee.",
            activities=("1.3.2",), indicators=("I-4.2",),
            actions=(
                ActionData(
                    "Send corrected conviction figures for the annual monitoring report", "PGO",
                    10, indicator="I-4.2",
                    updates=(
                        Update(6, DONE, "By e-mail from the Prosecutor's Office: figures "
                               "corrected; the difference came from judgments appealed."),
                    ),
                ),
            ),
        ),
        ItemData(
            "Joint mobile teams at the border crossings", "MOI-BORDER", 25,
            summary="Two of the four crossings have no social worker in the team, so visits "
            "there are made by the police alone and no presumed victim was referred from them.",
            decisions="The Ministry of Labour and Social Affairs seconds social workers; the "
            "Border Police reports its visits by crossing.",
            activities=("3.1.3",), indicators=("I-3.6",), recommendations=("GRETA-3-74",),
            actions=(
                ActionData(
                    "Second a social worker to the joint mobile teams at the two crossings "
                    "without one", "MOSA", 60, activity="3.1.3", indicator="I-3.6",
                    recommendation="GRETA-3-74",
                    updates=(
                        Update(55, IN_PROGRESS, "By e-mail from the Ministry: a vacancy notice "
                               "is published in Tarsk."),
                        Update(118, DONE, "A social worker of the Tarsk centre joined the team "
                               "at the northern crossing; the second post is covered from "
                               "Valmora."),
                    ),
                ),
            ),
        ),
        ItemData(
            "E-learning course for judges and prosecutors: the repeated procurement", "JTI", 15,
            summary="The first procurement of the e-learning platform received no valid bid and "
            "was repeated; the Academy of Justice was absent and sent a note.",
            activities=("4.2.2",), indicators=("I-4.8",), recommendations=("GRETA-3-118",),
            actions=(
                ActionData(
                    "Report the outcome of the repeated procurement of the e-learning platform",
                    "JTI", 45, activity="4.2.2",
                    updates=(
                        Update(38, DONE, "By e-mail from the Academy: contract signed with the "
                               "second bidder; the course opens next quarter."),
                    ),
                ),
            ),
        ),
        ItemData(
            "Shelter occupancy over the winter", "NGO-SHELTER", 15,
            summary="Safe Harbour was full for six weeks; two victims waited in a hotel.",
            decisions="The shelter's occupancy is shared every month so that the Ministry can "
            "fund extra places in time.",
            activities=("3.2.1",), indicators=("I-3.8",),
            actions=(
                ActionData(
                    "Send the Secretariat and the Ministry the shelter's occupancy at the end of "
                    "every month", "NGO-SHELTER", 30, user="ngo-reporter", indicator="I-3.8",
                    updates=(
                        Update(28, DONE, "The monthly occupancy sheet is shared and will come "
                               "with each monthly report from now on.", "ngo-reporter"),
                    ),
                ),
            ),
        ),
    ),
)

WG_3 = MeetingData(
    "WG", -189, PUBLISHED, absent=("NGO-HOTLINE",), excused=("MFA",),
    items=(
        ItemData(
            "The new US TIP report: its recommendations and the country input", "NCATP-SEC", 25,
            summary="The report keeps Ardenia in the same tier. Its prioritized recommendations "
            "overlap with GRETA's on shelters, identification and prosecutions.",
            decisions="The TIP report's recommendations go into the tracker; each agency drafts "
            "its part of the country input from what it reported.",
            recommendations=("TIP-2025-1", "TIP-2025-2", "TIP-2025-3"),
            actions=(
                ActionData(
                    "Enter the US TIP report's recommendations in the tracker and send each "
                    "agency its part of the country input", "NCATP-SEC", 30, user="coordinator",
                    recommendation="TIP-2025-1",
                    updates=(
                        Update(18, DONE, "Ten recommendations entered and traced; agencies "
                               "have their parts.", "coordinator"),
                    ),
                ),
            ),
        ),
        ItemData(
            "Parallel financial investigations", "MOI-POLICE", 30,
            summary="The police opened a financial investigation in fewer than half of the "
            "trafficking investigations; investigators have no instruction on when and how.",
            decisions="The police draft an instruction with the Prosecutor's Office and present "
            "it to the working group.",
            activities=("4.1.3",), indicators=("I-4.4",),
            recommendations=("GRETA-3-112", "GRETA-3-101"),
            actions=(
                ActionData(
                    "Present the draft instruction on parallel financial investigations, with "
                    "the number opened this year", "MOI-POLICE", 75, user="reporter",
                    activity="4.1.3", indicator="I-4.4", recommendation="GRETA-3-112",
                    updates=(
                        Update(30, IN_PROGRESS, "The draft instruction is with the Prosecutor's "
                               "Office for comments.", "reporter"),
                        Update(90, IN_PROGRESS, "The Prosecutor's Office asked for a chapter on "
                               "freezing assets; we will present the draft when it is agreed.",
                               "reporter"),
                    ),
                ),
            ),
        ),
        ItemData(
            "Referral procedure for child victims", "MOSA", 20,
            summary="Not started: UNICEF's funding agreement is not signed yet.",
            activities=("3.2.3",), recommendations=("GRETA-3-92",),
            actions=(
                ActionData(
                    "Sign the funding agreement with UNICEF for the child referral procedure",
                    "MOSA", 45, activity="3.2.3", recommendation="GRETA-3-92",
                    updates=(
                        Update(44, IN_PROGRESS, "By e-mail from the Ministry: UNICEF's legal "
                               "review is still under way."),
                        Update(71, DONE, "Agreement signed; the drafting group meets next "
                               "month."),
                    ),
                ),
            ),
        ),
        ItemData(
            "Employers' guidance on forced labour cancelled", "LAB-INSP", 15,
            summary="The project that funded the guidance ended early; the Inspectorate "
            "reported activity 5.2.1 cancelled.",
            decisions="The Inspectorate looks for other funding before the working group "
            "decides whether the guidance moves to the next plan.",
            activities=("5.2.1",), recommendations=("GRETA-3-61",),
            actions=(
                ActionData(
                    "Propose how the employers' guidance on forced labour can still be funded",
                    "LAB-INSP", 60, activity="5.2.1", recommendation="GRETA-3-61",
                    updates=(
                        Update(52, DONE, "By e-mail from the Inspectorate: no funding within "
                               "this plan; the guidance is proposed for the next plan and the "
                               "chambers of commerce were told."),
                    ),
                ),
            ),
        ),
    ),
)

WG_4 = MeetingData(
    "WG", -105, PUBLISHED, absent=("MOE", "NGO-HOTLINE"), excused=("JTI",),
    items=(
        ItemData(
            "Time from identification to a shelter place", "NGO-SHELTER", 30,
            summary="Victims identified on a Friday wait until Monday for the Ministry's "
            "placement decision; the average wait is above the plan's target.",
            decisions="The shelter and the Ministry propose a procedure for night and weekend "
            "placements; the police name a focal point.",
            activities=("3.2.1",), indicators=("I-3.9", "I-3.8"),
            recommendations=("GRETA-3-86", "TIP-2025-3"),
            actions=(
                ActionData(
                    "Propose, with the Ministry, a procedure for placing victims identified at "
                    "night and at weekends", "NGO-SHELTER", 60, user="ngo-reporter",
                    activity="3.2.1", indicator="I-3.9",
                    updates=(
                        Update(20, IN_PROGRESS, "Draft sent to the Ministry.", "ngo-reporter"),
                        Update(49, DONE, "Procedure proposed: the shelter takes a victim at "
                               "night on the police's call; the Ministry confirms the next "
                               "working day.", "ngo-reporter", DOCUMENTS + "night-placements"),
                    ),
                ),
                ActionData(
                    "Answer the shelter's proposal on night and weekend placements", "MOSA", 90,
                    activity="3.2.1",
                    updates=(
                        Update(70, IN_PROGRESS, "By e-mail from the Ministry: the legal "
                               "department is reviewing the proposal."),
                    ),
                ),
                ActionData(
                    "Name a police focal point for the shelter's night placements",
                    "MOI-POLICE", 30, user="reporter", activity="3.2.1",
                    updates=(
                        Update(12, DONE, "The duty officer of the Anti-Trafficking Unit is the "
                               "focal point; the number is given to the shelter.", "reporter"),
                    ),
                ),
            ),
        ),
        ItemData(
            "Awareness lessons in schools behind plan", "MOE", 20,
            summary="The Ministry of Education was absent; the Secretariat presented its "
            "report: lessons were held in fewer schools than planned because the teachers' "
            "training was postponed.",
            decisions="The Ministry is asked in writing for a new date.",
            activities=("2.2.3",), indicators=("I-2.7", "I-2.8"),
            recommendations=("GRETA-3-48",),
            actions=(
                ActionData(
                    "Agree a new date for the teachers' training so that the awareness lessons "
                    "resume in every province", "MOE", 45, activity="2.2.3", indicator="I-2.8",
                ),
            ),
        ),
        ItemData(
            "GRETA's recommendations: the statuses the tracker proposes", "NCATP-SEC", 25,
            summary="The tracker proposes each recommendation's status from its activities' "
            "reports. The Labour Inspectorate and the Border Police disagreed with two "
            "proposals.",
            decisions="The Secretariat confirms the statuses with the agencies' comments.",
            recommendations=("GRETA-3-22", "GRETA-3-53", "GRETA-3-74", "GRETA-3-118"),
            actions=(
                ActionData(
                    "Confirm the implementation status of GRETA's recommendations with the "
                    "agencies' comments", "NCATP-SEC", 30, user="coordinator",
                    recommendation="GRETA-3-22",
                    updates=(
                        Update(10, DONE, "Statuses of seven recommendations confirmed.",
                               "coordinator"),
                    ),
                ),
            ),
        ),
    ),
)

WG_5 = MeetingData(
    "WG", -21, HELD, link=ONLINE, absent=("MOE",), excused=("MFA", "JTI"),
    items=(
        ItemData(
            "Third-quarter reports: three agencies missing", "NCATP-SEC", 15,
            summary="Lifeline, the Ministry of Education and the Academy of Justice have not "
            "sent their third-quarter report.",
            decisions="The three send their reports within a week.",
            activities=("1.1.3",), indicators=("I-1.1",),
            actions=(
                ActionData(
                    "Send the third-quarter report", "NGO-HOTLINE", 7, indicator="I-2.2",
                ),
                ActionData(
                    "Send the third-quarter report", "JTI", 7, indicator="I-4.7",
                    updates=(
                        Update(10, IN_PROGRESS, "By e-mail from the Academy: the report waits "
                               "for the rector's signature."),
                    ),
                ),
            ),
        ),
        ItemData(
            "Compensation for victims", "NGO-LEGAL", 30,
            summary="Courts awarded compensation in two cases this year; in most cases the "
            "victim never filed a claim, often because nobody told them they could.",
            decisions="The police give the Legal Aid Centre the cases without a claim; the "
            "Prosecutor's Office presents the court practice at the next meeting.",
            activities=("3.3.1",), indicators=("I-3.12",),
            recommendations=("GRETA-3-101", "TIP-2025-9"),
            actions=(
                ActionData(
                    "Send the Legal Aid Centre the cases of the last two years in which the "
                    "victim did not claim compensation", "MOI-POLICE", 45, user="reporter",
                    indicator="I-3.12", recommendation="GRETA-3-101",
                    updates=(
                        Update(14, IN_PROGRESS, "Last year's cases listed; this year's are being "
                               "checked with the investigators.", "reporter"),
                    ),
                ),
                ActionData(
                    "Present the court decisions on compensation in trafficking cases of the "
                    "last two years", "PGO", 60, indicator="I-3.12", recommendation="TIP-2025-9",
                ),
            ),
        ),
        ItemData(
            "Next year's work plan of the National Committee", "NCATP-SEC", 20,
            summary="Draft priorities: the non-punishment amendment, shelter places for men, the "
            "second awareness survey.",
            decisions="The Secretariat circulates the draft for comments before the next "
            "meeting.",
            activities=("1.1.1", "1.1.2"),
            actions=(
                ActionData(
                    "Circulate the draft work plan of the National Committee for next year",
                    "NCATP-SEC", 35, user="coordinator", activity="1.1.2",
                ),
            ),
        ),
    ),
)

WG_6 = MeetingData(
    "WG", 38, PLANNED, link=ONLINE,
    items=(
        ItemData("Next year's work plan of the National Committee: comments", "NCATP-SEC", 30,
                 activities=("1.1.1",)),
        ItemData("Court decisions on compensation in trafficking cases", "PGO", 20,
                 indicators=("I-3.12",), recommendations=("GRETA-3-101", "TIP-2025-9")),
        ItemData("The civil society forum: what it asked of the National Committee",
                 "NGO-LEGAL", 20, activities=("5.2.2",), indicators=("I-5.3",)),
    ),
)

# fmt: on

WORKING_GROUP = (WG_1, WG_2, WG_3, WG_4, WG_5, WG_6)
