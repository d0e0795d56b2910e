"""Write the demo's sample workbook, `tipmonitor/sample/nap-sample.xlsx`.

The Republic of Ardenia does not exist. Its National Action Plan 2024–2026 is modelled on the
example strategy, action plan and monitoring plan in annexes 2–4 of ICMPD's *Practitioner's
Guide* (2021) and on the agencies named in the Armenian and Cambodian field reports: a national
committee with its secretariat, provincial committees and a district team below it, line
ministries, police, prosecutors, the labour inspectorate, an identification commission, NGOs
running a shelter, a hotline and legal aid, and an international organisation.

The plan is written below as plain data, one list per sheet, so that it can be reviewed here
rather than in a spreadsheet. The script is deterministic: running it again writes the same
cells (the test suite checks that the committed workbook matches). The workbook follows the
contract in docs/workbook.md.

Gaps left on purpose, so that the plan-quality page has something real to show:
- activity 2.1.4 has a funding source but no cost estimate yet;
- activity 2.3.2 has neither a cost estimate nor a funding source;
- indicator I-2.1 (public awareness) has no baseline: the first survey is one of the activities;
- key measure 5.2 has no indicator of its own (only its activity 5.2.2 has one).

Run:  python -m tipmonitor.sample.make_sample [OUTPUT.xlsx]
"""

import datetime
import sys
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tipmonitor.sample import SAMPLE_WORKBOOK

# The data is laid out as tables for reading, so the formatter leaves it alone.
# fmt: off

# --- Plan -------------------------------------------------------------------------------------

PLAN = [
    ("Code", "NAP-ARDENIA-2024-2026"),
    ("Title", "National Action Plan against Trafficking in Human Beings 2024–2026"),
    ("Country", "Republic of Ardenia"),
    ("Start", datetime.date(2024, 1, 1)),
    ("End", datetime.date(2026, 12, 31)),
    ("Currency", "EUR"),
    ("Status", "adopted"),
    ("Languages", "en; hy; ru"),
]

# --- Agencies ---------------------------------------------------------------------------------
# Code, Name, Short name, Type, Parent, Email. Addresses use the reserved .example domain, so a
# reminder sent from the demo can never reach anyone.

STATE, NGO, INTERNATIONAL = "State body", "NGO", "International organisation"

AGENCIES = [
    ("NCATP", "National Committee against Trafficking in Persons", "National Committee", STATE,
     "", "committee@ncatp.ardenia.example"),
    ("NCATP-SEC", "Secretariat of the National Committee against Trafficking in Persons",
     "Secretariat", STATE, "NCATP", "secretariat@ncatp.ardenia.example"),
    ("PCATP-VAL", "Valmora Provincial Committee against Trafficking in Persons", "Valmora PCATP",
     STATE, "NCATP", "pcatp@valmora.ardenia.example"),
    ("DCATP-TARSK", "Tarsk District Anti-Trafficking Team", "Tarsk district team", STATE,
     "PCATP-VAL", "antitrafficking@tarsk.valmora.ardenia.example"),
    ("PCATP-KES", "Kestria Provincial Committee against Trafficking in Persons", "Kestria PCATP",
     STATE, "NCATP", "pcatp@kestria.ardenia.example"),
    ("PCATP-LIN", "Lindor Provincial Committee against Trafficking in Persons", "Lindor PCATP",
     STATE, "NCATP", "pcatp@lindor.ardenia.example"),
    ("MOI", "Ministry of Internal Affairs", "Interior", STATE, "", "info@moi.ardenia.example"),
    ("MOI-POLICE", "National Police, Anti-Trafficking Unit", "Police ATU", STATE, "MOI",
     "atu@police.ardenia.example"),
    ("MOI-BORDER", "Border Police", "Border Police", STATE, "MOI",
     "operations@border.ardenia.example"),
    ("PGO", "Prosecutor General's Office", "Prosecutor's Office", STATE, "",
     "thb@prosecutor.ardenia.example"),
    ("MOJ", "Ministry of Justice", "Justice", STATE, "", "info@moj.ardenia.example"),
    ("JTI", "Academy of Justice (training institute for judges and prosecutors)",
     "Academy of Justice", STATE, "", "training@academy.ardenia.example"),
    ("LAB-INSP", "State Labour Inspectorate", "Labour Inspectorate", STATE, "",
     "inspections@labour.ardenia.example"),
    ("MOSA", "Ministry of Labour and Social Affairs", "Social Affairs", STATE, "",
     "antitrafficking@mosa.ardenia.example"),
    ("MOE", "Ministry of Education and Science", "Education", STATE, "",
     "info@moe.ardenia.example"),
    ("MFA", "Ministry of Foreign Affairs", "Foreign Affairs", STATE, "",
     "consular@mfa.ardenia.example"),
    ("STAT", "National Statistical Office", "Statistics", STATE, "", "data@stat.ardenia.example"),
    ("IDCOM", "Commission for the Identification of Victims of Trafficking",
     "Identification Commission", STATE, "", "commission@idcom.ardenia.example"),
    ("NGO-SHELTER", "Safe Harbour Foundation (shelter for victims of trafficking)",
     "Safe Harbour shelter", NGO, "", "office@safeharbour.example"),
    ("NGO-HOTLINE", "Lifeline Ardenia (national anti-trafficking hotline)", "Lifeline hotline",
     NGO, "", "hotline@lifeline.example"),
    ("NGO-LEGAL", "Ardenian Legal Aid Centre", "Legal Aid Centre", NGO, "",
     "cases@legalaid.example"),
    ("IOM", "International Organization for Migration, Mission in Ardenia", "IOM",
     INTERNATIONAL, "", "ardenia@iom.example"),
]

# --- Dimensions -------------------------------------------------------------------------------
# Dimension, Dimension name, Category, Category name. The first four repeat TIP Monitor's
# defaults so the workbook says on its own what each breakdown means; regions are Ardenia's.

DIMENSIONS = [
    ("sex", "Sex", "female", "Female"),
    ("sex", "Sex", "male", "Male"),
    ("sex", "Sex", "other", "Other / not known"),
    ("age_group", "Age group", "child", "Child (under 18)"),
    ("age_group", "Age group", "adult", "Adult (18 and over)"),
    ("nationality", "Nationality", "national", "Nationals"),
    ("nationality", "Nationality", "foreign", "Foreign nationals"),
    ("exploitation", "Form of exploitation", "sexual", "Sexual exploitation"),
    ("exploitation", "Form of exploitation", "labour", "Forced labour"),
    ("exploitation", "Form of exploitation", "begging", "Forced begging"),
    ("exploitation", "Form of exploitation", "forced_criminality", "Forced criminality"),
    ("exploitation", "Form of exploitation", "forced_marriage", "Forced marriage"),
    ("exploitation", "Form of exploitation", "servitude", "Domestic servitude"),
    ("exploitation", "Form of exploitation", "organ_removal", "Organ removal"),
    ("exploitation", "Form of exploitation", "other", "Other"),
    ("region", "Region", "capital", "Ardenia City (capital)"),
    ("region", "Region", "valmora", "Valmora province"),
    ("region", "Region", "kestria", "Kestria province"),
    ("region", "Region", "lindor", "Lindor province"),
]

# --- Areas and objectives ---------------------------------------------------------------------
# As in annex 3: each strategic area has one operational objective (OO1…OO5), broken down into
# key measures (1.1, 1.2, …) that carry the activities (1.1.1, …).

AREAS = [
    ("1", "Enabling framework"),
    ("2", "Prevention"),
    ("3", "Protection of victims and victim-witnesses"),
    ("4", "Investigation and prosecution"),
    ("5", "Partnership"),
]

# Code, Area, Parent, Name, Kind
OBJECTIVES = [
    ("OO1", "1", "", "Strengthen the coordination and partnership of all actors against "
     "trafficking, at national and local level, and the monitoring of the response", "objective"),
    ("1.1", "1", "OO1", "Co-operation and coordination of the institutions and organisations "
     "responsible for combating trafficking and protecting victims strengthened", "outcome"),
    ("1.2", "1", "OO1", "Provincial and district anti-trafficking committees operating and "
     "reporting", "outcome"),
    ("1.3", "1", "OO1", "Data on trafficking collected on common definitions, shared and "
     "published", "outcome"),
    ("OO2", "2", "", "Improve prevention activities and the participation of all state actors in "
     "their implementation", "objective"),
    ("2.1", "2", "OO2", "Knowledge of professionals who may come into contact with victims "
     "improved (identification, referral and protection)", "outcome"),
    ("2.2", "2", "OO2", "Awareness raised in all segments of society and demand for the services "
     "of victims reduced", "outcome"),
    ("2.3", "2", "OO2", "Labour exploitation prevented in high-risk sectors and in labour "
     "migration", "outcome"),
    ("OO3", "3", "", "Improve the identification of victims and the quality of protection and "
     "assistance in their social reintegration", "objective"),
    ("3.1", "3", "OO3", "Identification of victims and potential victims among vulnerable groups "
     "improved", "outcome"),
    ("3.2", "3", "OO3", "Shelter, assistance and reintegration available to every identified "
     "victim", "outcome"),
    ("3.3", "3", "OO3", "Victim-witnesses supported and protected throughout criminal "
     "proceedings", "outcome"),
    ("OO4", "4", "", "Strengthen the capacity of the authorities to prosecute trafficking, for "
     "more efficient criminal and financial investigations", "objective"),
    ("4.1", "4", "OO4", "A more proactive approach by police and prosecution to all forms of "
     "trafficking", "outcome"),
    ("4.2", "4", "OO4", "Capacity of the judiciary to prosecute effectively and to confiscate "
     "criminal proceeds strengthened", "outcome"),
    ("OO5", "5", "", "Strengthen strategic partnerships with other states, civil society and the "
     "private sector", "objective"),
    ("5.1", "5", "OO5", "Bilateral and regional co-operation against trafficking expanded",
     "outcome"),
    ("5.2", "5", "OO5", "Civil society and the private sector engaged in preventing labour "
     "exploitation", "outcome"),
]

# --- Activities -------------------------------------------------------------------------------
# Budgets in EUR. `funding` is "State budget", "None needed" or a donor's name; `budget` None
# means not yet estimated.

NONE_NEEDED, STATE_BUDGET = "None needed", "State budget"
EU, IOM_FUND, COE, UNICEF = (
    "European Union",
    "IOM Development Fund",
    "Council of Europe",
    "UNICEF",
)

ACTIVITIES: list[dict[str, Any]] = [
    {"code": "1.1.1", "objective": "1.1", "lead": "NCATP-SEC", "partners": ["NCATP"],
     "name": "Adopt the annual work plan of the National Committee against Trafficking in Persons",
     "start": "2024-Q1", "end": "2024-Q1", "budget": 0, "funding": NONE_NEEDED,
     "result": "Annual work plan of the National Committee adopted and published"},
    {"code": "1.1.2", "objective": "1.1", "lead": "NCATP-SEC",
     "partners": ["MOI", "MOSA", "PGO", "LAB-INSP", "NGO-SHELTER", "IOM"],
     "name": "Hold regular meetings of the National Committee's inter-agency working group",
     "start": "2024-Q1", "end": "2026-Q4", "budget": 6000, "funding": STATE_BUDGET,
     "result": "At least four meetings a year; minutes and action items circulated within two "
     "weeks"},
    {"code": "1.1.3", "objective": "1.1", "lead": "NCATP-SEC", "partners": ["STAT"],
     "name": "Introduce the NAP monitoring tool and train a reporting focal point in every "
     "implementing agency",
     "start": "2024-Q2", "end": "2024-Q4", "budget": 45000, "funding": EU,
     "result": "Monitoring tool in use; focal points of all implementing agencies trained"},
    {"code": "1.1.4", "objective": "1.1", "lead": "MOI-POLICE",
     "partners": ["NGO-SHELTER", "NGO-HOTLINE", "NGO-LEGAL"],
     "name": "Strengthen co-operation between the police and NGOs in combating trafficking",
     "start": "2024-Q1", "end": "2026-Q4", "budget": 0, "funding": NONE_NEEDED,
     "result": "Memorandum of co-operation signed; at least two joint meetings a year"},
    {"code": "1.2.1", "objective": "1.2", "lead": "NCATP-SEC",
     "partners": ["PCATP-VAL", "PCATP-KES", "PCATP-LIN"],
     "name": "Adopt terms of reference and a reporting calendar for the provincial committees",
     "start": "2024-Q1", "end": "2024-Q3", "budget": 12000, "funding": STATE_BUDGET,
     "result": "Terms of reference adopted by the three provincial committees"},
    {"code": "1.2.2", "objective": "1.2", "lead": "PCATP-VAL",
     "partners": ["PCATP-KES", "PCATP-LIN", "DCATP-TARSK"],
     "name": "Compile district reports into quarterly provincial reports to the Secretariat",
     "start": "2024-Q2", "end": "2026-Q4", "budget": 0, "funding": NONE_NEEDED,
     "result": "Quarterly reports of every province received by the Secretariat on time"},
    {"code": "1.3.1", "objective": "1.3", "lead": "STAT",
     "partners": ["MOI-POLICE", "PGO", "IDCOM", "NGO-SHELTER"],
     "name": "Agree common data definitions and a protocol for sharing pseudonymised data on "
     "victims and cases",
     "start": "2024-Q2", "end": "2025-Q1", "budget": 18000, "funding": EU,
     "result": "Data-sharing protocol signed by all holders of data on victims and cases"},
    {"code": "1.3.2", "objective": "1.3", "lead": "NCATP-SEC", "partners": ["STAT"],
     "name": "Publish an annual statistical report on trafficking in Ardenia",
     "start": "2025-Q1", "end": "2026-Q4", "budget": 9000, "funding": STATE_BUDGET,
     "result": "Annual reports for 2024 and 2025 published in English, Armenian and Russian"},
    {"code": "2.1.1", "objective": "2.1", "lead": "MOI", "partners": ["IOM"],
     "name": "Train officers of the migration and asylum service working with foreigners and "
     "asylum seekers on identifying victims of trafficking",
     "start": "2024-Q4", "end": "2025-Q4", "budget": 7500, "funding": IOM_FUND,
     "result": "Two trainings held; at least 40 officers trained"},
    {"code": "2.1.2", "objective": "2.1", "lead": "MOSA", "partners": ["NGO-SHELTER"],
     "name": "Train staff of centres for social work on early and arranged marriage, "
     "trafficking and forced begging",
     "start": "2024-Q3", "end": "2025-Q4", "budget": 16000, "funding": STATE_BUDGET,
     "result": "Eight trainings held; 160 social workers trained"},
    {"code": "2.1.3", "objective": "2.1", "lead": "LAB-INSP", "partners": ["IOM"],
     "name": "Train labour inspectors on the indicators of forced labour and on referral",
     "start": "2024-Q2", "end": "2025-Q2", "budget": 11000, "funding": EU,
     "result": "60 labour inspectors trained"},
    {"code": "2.1.4", "objective": "2.1", "lead": "MOI-POLICE", "partners": ["MOI"],
     "name": "Include a compulsory module on trafficking in the Police Academy curriculum",
     "start": "2025-Q1", "end": "2025-Q4", "budget": None, "funding": STATE_BUDGET,
     "result": "Module taught to every intake of police cadets"},
    {"code": "2.2.1", "objective": "2.2", "lead": "NCATP-SEC", "partners": ["MOE", "NGO-HOTLINE"],
     "name": "Produce a video on the risks of trafficking and ask public, commercial and "
     "non-profit broadcasters to show it",
     "start": "2024-Q3", "end": "2024-Q4", "budget": 14000, "funding": EU,
     "result": "Video produced and broadcast by at least three channels"},
    {"code": "2.2.2", "objective": "2.2", "lead": "NCATP-SEC", "partners": ["PGO", "MOI-POLICE"],
     "name": "Hold a meeting with media representatives on their role in combating trafficking",
     "start": "2024-Q2", "end": "2024-Q2", "budget": 0, "funding": NONE_NEEDED,
     "result": "Meeting held with editors and journalists of national and provincial media"},
    {"code": "2.2.3", "objective": "2.2", "lead": "MOE",
     "partners": ["NGO-HOTLINE", "PCATP-VAL", "PCATP-KES", "PCATP-LIN"],
     "name": "Hold awareness lessons on trafficking and safe migration in secondary schools",
     "start": "2024-Q3", "end": "2026-Q2", "budget": 24000, "funding": STATE_BUDGET,
     "result": "Lessons held in 300 schools in all provinces"},
    {"code": "2.2.4", "objective": "2.2", "lead": "NGO-HOTLINE", "partners": ["MOSA"],
     "name": "Run the national anti-trafficking hotline around the clock and publicise its "
     "number",
     "start": "2024-Q1", "end": "2026-Q4", "budget": 90000, "funding": STATE_BUDGET,
     "result": "Hotline answers 24 hours a day; its number is on every NAP material"},
    {"code": "2.2.5", "objective": "2.2", "lead": "STAT", "partners": ["NCATP-SEC"],
     "name": "Survey public knowledge of trafficking (first round 2024, second round 2026)",
     "start": "2024-Q2", "end": "2026-Q3", "budget": 30000, "funding": EU,
     "result": "Survey reports of 2024 and 2026 published"},
    {"code": "2.3.1", "objective": "2.3", "lead": "LAB-INSP",
     "partners": ["MOI-POLICE", "PCATP-KES"],
     "name": "Carry out targeted labour inspections in agriculture, construction and "
     "hospitality",
     "start": "2024-Q2", "end": "2026-Q4", "budget": 20000, "funding": STATE_BUDGET,
     "result": "At least 150 targeted inspections a year"},
    {"code": "2.3.2", "objective": "2.3", "lead": "MFA", "partners": ["IOM", "NGO-LEGAL"],
     "name": "Give pre-departure information on safe labour migration at consulates and "
     "migration centres",
     "start": "2025-Q1", "end": "2026-Q4", "budget": None, "funding": "",
     "result": "Information desks open in five consulates"},
    {"code": "3.1.1", "objective": "3.1", "lead": "IDCOM",
     "partners": ["MOI-POLICE", "NGO-SHELTER"],
     "name": "Train the members of the Identification Commission on the standard operating "
     "procedures and on interviewing victims",
     "start": "2024-Q2", "end": "2024-Q2", "budget": 8000, "funding": IOM_FUND,
     "result": "Training held for all members of the Identification Commission"},
    {"code": "3.1.2", "objective": "3.1", "lead": "IDCOM", "partners": [],
     "name": "Hold regular meetings of the Identification Commission to decide on referred "
     "cases",
     "start": "2024-Q1", "end": "2026-Q4", "budget": 0, "funding": NONE_NEEDED,
     "result": "Meetings and decisions recorded in the Commission's annual report"},
    {"code": "3.1.3", "objective": "3.1", "lead": "MOI-BORDER",
     "partners": ["MOI-POLICE", "NGO-SHELTER", "PCATP-VAL", "DCATP-TARSK", "PCATP-LIN"],
     "name": "Deploy joint mobile teams (border police, social worker, NGO) at border crossings "
     "and the port of Lindor",
     "start": "2024-Q3", "end": "2026-Q4", "budget": 36000, "funding": EU,
     "result": "Joint mobile teams visit every major border crossing each quarter"},
    {"code": "3.2.1", "objective": "3.2", "lead": "MOSA", "partners": ["NGO-SHELTER"],
     "name": "Fund shelter places for victims of trafficking through state-delegated services",
     "start": "2024-Q1", "end": "2026-Q4", "budget": 240000, "funding": STATE_BUDGET,
     "result": "24 shelter places funded every year"},
    {"code": "3.2.2", "objective": "3.2", "lead": "MOSA", "partners": ["NGO-SHELTER", "IOM"],
     "name": "Offer reintegration programmes with vocational training and job placement",
     "start": "2024-Q2", "end": "2026-Q4", "budget": 60000, "funding": EU,
     "result": "An individual reintegration plan for every victim leaving the shelter"},
    {"code": "3.2.3", "objective": "3.2", "lead": "MOSA", "partners": ["MOE", "NGO-SHELTER"],
     "name": "Adopt a referral procedure for child victims and children at risk",
     "start": "2025-Q1", "end": "2025-Q4", "budget": 5000, "funding": UNICEF,
     "result": "Referral procedure for children adopted by government decree"},
    {"code": "3.3.1", "objective": "3.3", "lead": "NGO-LEGAL", "partners": ["MOJ"],
     "name": "Provide free legal aid and court accompaniment to victims of trafficking",
     "start": "2024-Q1", "end": "2026-Q4", "budget": 45000, "funding": STATE_BUDGET,
     "result": "Every victim who is a party to proceedings is offered a lawyer"},
    {"code": "3.3.2", "objective": "3.3", "lead": "MOJ", "partners": ["PGO"],
     "name": "Equip child-friendly interview rooms in two courts",
     "start": "2025-Q1", "end": "2025-Q4", "budget": 28000, "funding": UNICEF,
     "result": "Two child-friendly interview rooms in use"},
    {"code": "4.1.1", "objective": "4.1", "lead": "PGO", "partners": ["MOI-POLICE"],
     "name": "Monitor the work of the joint operational team against trafficking",
     "start": "2024-Q1", "end": "2026-Q4", "budget": 0, "funding": NONE_NEEDED,
     "result": "Quarterly reports on the work of the operational team"},
    {"code": "4.1.2", "objective": "4.1", "lead": "MOI-POLICE", "partners": ["LAB-INSP",
     "PCATP-LIN"],
     "name": "Step up controls of venues of interest for sexual exploitation",
     "start": "2024-Q1", "end": "2026-Q4", "budget": 0, "funding": NONE_NEEDED,
     "result": "At least 40 venues controlled a year"},
    {"code": "4.1.3", "objective": "4.1", "lead": "MOI-POLICE", "partners": ["PGO"],
     "name": "Open a parallel financial investigation in every trafficking investigation",
     "start": "2024-Q3", "end": "2026-Q4", "budget": 15000, "funding": STATE_BUDGET,
     "result": "Financial investigation opened alongside every criminal investigation"},
    {"code": "4.2.1", "objective": "4.2", "lead": "JTI", "partners": ["PGO"],
     "name": "Hold a two-day training for judges and prosecutors on trafficking cases each year",
     "start": "2024-Q1", "end": "2026-Q1", "budget": 9000, "funding": COE,
     "result": "Three two-day trainings held on a specific training programme"},
    {"code": "4.2.2", "objective": "4.2", "lead": "JTI", "partners": ["PGO", "MOJ"],
     "name": "Develop and run an e-learning course for judges and prosecutors on trafficking "
     "and the protection of victims",
     "start": "2024-Q2", "end": "2025-Q2", "budget": 22000, "funding": EU,
     "result": "E-learning course available on the Academy's platform"},
    {"code": "5.1.1", "objective": "5.1", "lead": "MFA", "partners": ["MOI", "NCATP-SEC"],
     "name": "Negotiate and sign bilateral agreements against trafficking with two more states "
     "in the region",
     "start": "2024-Q1", "end": "2026-Q2", "budget": 10000, "funding": STATE_BUDGET,
     "result": "Two more bilateral agreements signed"},
    {"code": "5.1.2", "objective": "5.1", "lead": "PGO", "partners": ["MOI-POLICE", "MFA"],
     "name": "Set up joint investigation teams with neighbouring states",
     "start": "2025-Q1", "end": "2026-Q4", "budget": 0, "funding": NONE_NEEDED,
     "result": "At least two joint investigation teams set up"},
    {"code": "5.2.1", "objective": "5.2", "lead": "LAB-INSP", "partners": ["NCATP-SEC",
     "NGO-LEGAL"],
     "name": "Publish guidance for employers on preventing forced labour in supply chains",
     "start": "2025-Q2", "end": "2025-Q4", "budget": 6000, "funding": IOM_FUND,
     "result": "Guidance published and presented to the chambers of commerce"},
    {"code": "5.2.2", "objective": "5.2", "lead": "NCATP-SEC",
     "partners": ["NGO-SHELTER", "NGO-HOTLINE", "NGO-LEGAL"],
     "name": "Hold an annual civil society forum on the implementation of the NAP",
     "start": "2024-Q4", "end": "2026-Q4", "budget": 4500, "funding": STATE_BUDGET,
     "result": "Three forums held; their recommendations answered by the National Committee"},
]

# --- Indicators -------------------------------------------------------------------------------
# Left out of an entry means the contract's default: level output, type number, direction
# increase, frequency quarterly. `parent` is an objective or an activity code.

SEX_AGE = ["sex", "age_group"]
VICTIMS = ["sex", "age_group", "exploitation", "nationality", "region"]

INDICATORS: list[dict[str, Any]] = [
    # 1 Enabling framework
    {"code": "I-1.1", "parent": "OO1", "level": "outcome", "type": "percentage", "unit": "%",
     "name": "Share of NAP activities on which their lead agency reported in the quarter",
     "baseline": 45, "baseline_year": 2023,
     "source": "Secretariat's monitoring report 2023", "midterm": 75, "end": 95,
     "milestones": {2024: 60, 2025: 75, 2026: 95}, "responsible": ["NCATP-SEC"],
     "verification": "TIP Monitor reporting overview"},
    {"code": "I-1.2", "parent": "1.1", "level": "outcome", "unit": "meetings a year",
     "name": "Meetings of the inter-agency working group held",
     "baseline": 2, "baseline_year": 2023, "source": "Minutes of the working group",
     "midterm": 4, "end": 4, "responsible": ["NCATP-SEC"], "verification": "Meeting minutes"},
    {"code": "I-1.3", "parent": "1.2", "level": "outcome", "unit": "provinces",
     "name": "Provincial committees submitting their quarterly report on time",
     "baseline": 1, "baseline_year": 2023, "source": "Secretariat's register of reports",
     "midterm": 3, "end": 3, "responsible": ["NCATP-SEC"], "disaggregation": ["region"],
     "verification": "TIP Monitor reporting overview"},
    {"code": "I-1.4", "parent": "1.2", "level": "outcome", "type": "percentage", "unit": "%",
     "name": "Share of NAP objectives implemented through activities of local government with "
     "local civil society organisations",
     "baseline": 0, "baseline_year": 2023, "source": "Evaluation of the NAP 2021–2023",
     "midterm": 5, "end": 10, "frequency": "annual",
     "responsible": ["PCATP-VAL", "PCATP-KES", "PCATP-LIN"], "disaggregation": ["region"],
     "verification": "Provincial committees' annual reports"},
    {"code": "I-1.5", "parent": "1.3", "level": "outcome", "unit": "agencies",
     "name": "Agencies sharing data under the data-sharing protocol",
     "baseline": 0, "baseline_year": 2023, "source": "National Statistical Office",
     "midterm": 6, "end": 10, "frequency": "annual", "responsible": ["STAT"],
     "verification": "Signed protocol and data transfer log"},
    # 2 Prevention
    {"code": "I-2.1", "headline": True,
     "parent": "OO2", "level": "impact", "type": "percentage", "unit": "%",
     "name": "Share of the general public aware of the risks and forms of trafficking",
     "baseline": None, "baseline_year": None,
     "source": "No survey yet; first round planned for 2024 (activity 2.2.5)",
     "midterm": 40, "end": 50, "frequency": "annual", "responsible": ["STAT"],
     "disaggregation": ["sex", "age_group", "region"],
     "verification": "National public awareness survey"},
    {"code": "I-2.2", "parent": "OO2", "level": "outcome", "unit": "calls",
     "name": "Calls to the national anti-trafficking hotline",
     "baseline": 1240, "baseline_year": 2023, "source": "Hotline call log 2023",
     "midterm": 1300, "end": 1365, "milestones": {2024: 1270, 2025: 1300, 2026: 1365},
     "responsible": ["NGO-HOTLINE"], "disaggregation": ["sex", "age_group", "region"],
     "verification": "Hotline call log"},
    {"code": "I-2.3", "parent": "2.1", "level": "outcome", "unit": "persons",
     "name": "Professionals trained on identifying and referring victims (police, border, "
     "social, labour, health and education staff)",
     "baseline": 140, "baseline_year": 2023, "source": "Secretariat's monitoring report 2023",
     "midterm": 400, "end": 650, "milestones": {2024: 250, 2025: 400, 2026: 650},
     "frequency": "semiannual", "responsible": ["NCATP-SEC", "MOI", "MOSA", "LAB-INSP"],
     "disaggregation": ["sex", "region"], "verification": "Attendance lists of all trainings"},
    {"code": "I-2.4", "parent": "2.1.1", "unit": "trainings",
     "name": "Trainings on identifying victims held for migration and asylum officers",
     "baseline": 0, "baseline_year": 2023, "source": "Ministry of Internal Affairs",
     "midterm": 1, "end": 2, "frequency": "annual", "responsible": ["MOI"],
     "verification": "Training reports and attendance lists"},
    {"code": "I-2.5", "parent": "2.1.2", "unit": "persons",
     "name": "Social workers trained on early and arranged marriage, trafficking and forced "
     "begging",
     "baseline": 0, "baseline_year": 2023, "source": "Ministry of Labour and Social Affairs",
     "midterm": 80, "end": 160, "responsible": ["MOSA"], "disaggregation": ["sex", "region"],
     "verification": "Attendance lists"},
    {"code": "I-2.6", "parent": "2.1.3", "unit": "persons",
     "name": "Labour inspectors trained on the indicators of forced labour",
     "baseline": 12, "baseline_year": 2023, "source": "State Labour Inspectorate",
     "midterm": 40, "end": 60, "frequency": "semiannual", "responsible": ["LAB-INSP"],
     "disaggregation": ["sex"], "verification": "Attendance lists"},
    {"code": "I-2.7", "parent": "2.2", "level": "outcome", "unit": "schools",
     "name": "Secondary schools where awareness lessons on trafficking were held",
     "baseline": 85, "baseline_year": 2023, "source": "Ministry of Education and Science",
     "midterm": 200, "end": 300, "frequency": "semiannual", "responsible": ["MOE"],
     "disaggregation": ["region"], "verification": "School reports"},
    {"code": "I-2.8", "parent": "2.2.3", "unit": "pupils",
     "name": "Pupils reached by awareness lessons",
     "baseline": 4100, "baseline_year": 2023, "source": "Ministry of Education and Science",
     "midterm": 10000, "end": 15000, "frequency": "semiannual", "responsible": ["MOE"],
     "disaggregation": ["sex", "region"], "verification": "School reports"},
    {"code": "I-2.9", "parent": "2.3", "level": "outcome", "unit": "inspections a year",
     "name": "Targeted labour inspections in high-risk sectors",
     "baseline": 62, "baseline_year": 2023, "source": "Labour Inspectorate annual report 2023",
     "midterm": 150, "end": 150, "milestones": {2024: 120, 2025: 150, 2026: 150},
     "responsible": ["LAB-INSP"], "disaggregation": ["region"],
     "verification": "Inspection register"},
    {"code": "I-2.10", "parent": "2.3", "level": "outcome", "unit": "cases",
     "name": "Cases of suspected forced labour referred by the labour inspectorate to the police",
     "baseline": 3, "baseline_year": 2023, "source": "Labour Inspectorate annual report 2023",
     "midterm": 8, "end": 12, "responsible": ["LAB-INSP", "MOI-POLICE"],
     "disaggregation": ["region"], "verification": "Referral forms"},
    # 3 Protection
    {"code": "I-3.1", "headline": True, "parent": "OO3", "level": "impact", "unit": "persons",
     "name": "Persons formally identified as victims of trafficking",
     "baseline": 48, "baseline_year": 2023,
     "source": "Identification Commission annual report 2023", "midterm": 60, "end": 75,
     "milestones": {2024: 52, 2025: 60, 2026: 75}, "responsible": ["IDCOM"],
     "disaggregation": VICTIMS, "verification": "Decisions of the Identification Commission"},
    {"code": "I-3.2", "headline": True, "parent": "OO3", "level": "outcome", "type": "qualitative",
     "frequency": "annual",
     "name": "A system for the formal identification of victims is in place and applied",
     "baseline": "Identification Commission set up in 2022; no written procedures, decisions "
     "take up to three months",
     "baseline_year": 2023, "source": "Evaluation of the NAP 2021–2023",
     "midterm": "Standard operating procedures adopted and applied in 100% of cases",
     "end": "Commission functional and deciding within 30 days in all provinces",
     "responsible": ["IDCOM"], "verification": "Commission's annual report"},
    {"code": "I-3.3", "headline": True, "parent": "3.1", "level": "outcome", "unit": "persons",
     "name": "Presumed victims referred to the Identification Commission",
     "baseline": 71, "baseline_year": 2023, "source": "Identification Commission register",
     "midterm": 85, "end": 100,
     "responsible": ["MOI-POLICE", "LAB-INSP", "NGO-SHELTER", "NGO-HOTLINE"],
     "disaggregation": VICTIMS, "verification": "Referral forms"},
    {"code": "I-3.4", "parent": "3.1", "level": "outcome", "direction": "decrease",
     "unit": "days",
     "name": "Average days from referral to the Identification Commission's decision",
     "baseline": 64, "baseline_year": 2023, "source": "Identification Commission register",
     "midterm": 40, "end": 30, "milestones": {2024: 50, 2025: 40, 2026: 30},
     "responsible": ["IDCOM"], "verification": "Identification Commission register"},
    {"code": "I-3.5", "parent": "3.1.1", "unit": "persons",
     "name": "Members of the Identification Commission trained on the standard operating "
     "procedures",
     "baseline": 0, "baseline_year": 2023, "source": "Identification Commission",
     "midterm": 9, "end": 9, "frequency": "annual", "responsible": ["IDCOM"],
     "verification": "Attendance lists"},
    {"code": "I-3.6", "parent": "3.1.3", "unit": "visits",
     "name": "Visits of joint mobile teams to border crossings and ports",
     "baseline": 0, "baseline_year": 2023, "source": "Border Police", "midterm": 24,
     "end": 48, "responsible": ["MOI-BORDER"], "disaggregation": ["region"],
     "verification": "Mobile team visit reports"},
    {"code": "I-3.7", "headline": True,
     "parent": "3.2", "level": "outcome", "type": "percentage", "unit": "%",
     "name": "Share of identified victims who accepted assistance and received it",
     "baseline": 81, "baseline_year": 2023, "source": "Ministry of Labour and Social Affairs",
     "midterm": 90, "end": 95, "responsible": ["MOSA", "NGO-SHELTER"],
     "disaggregation": SEX_AGE, "verification": "Case files of service providers"},
    {"code": "I-3.8", "parent": "3.2.1", "unit": "places",
     "name": "Shelter places funded for victims of trafficking",
     "baseline": 16, "baseline_year": 2023, "source": "State-delegated service contracts",
     "midterm": 24, "end": 24, "frequency": "semiannual",
     "responsible": ["MOSA", "NGO-SHELTER"], "disaggregation": ["region"],
     "verification": "Service contracts"},
    {"code": "I-3.9", "parent": "3.2", "level": "outcome", "direction": "decrease",
     "unit": "days",
     "name": "Average days from identification to shelter placement",
     "baseline": 9, "baseline_year": 2023, "source": "Safe Harbour Foundation case files",
     "midterm": 5, "end": 3, "responsible": ["NGO-SHELTER"],
     "verification": "Shelter admission register"},
    {"code": "I-3.10", "parent": "3.2.2", "unit": "persons",
     "name": "Victims who completed a reintegration programme",
     "baseline": 14, "baseline_year": 2023, "source": "Ministry of Labour and Social Affairs",
     "midterm": 25, "end": 35, "frequency": "semiannual",
     "responsible": ["MOSA", "NGO-SHELTER", "IOM"],
     "disaggregation": ["sex", "age_group", "exploitation"],
     "verification": "Reintegration plans and case files"},
    {"code": "I-3.11", "parent": "3.3", "level": "outcome", "unit": "persons",
     "name": "Victims who received free legal aid in criminal proceedings",
     "baseline": 22, "baseline_year": 2023, "source": "Ardenian Legal Aid Centre",
     "midterm": 35, "end": 45, "responsible": ["NGO-LEGAL"], "disaggregation": SEX_AGE,
     "verification": "Legal aid case register"},
    {"code": "I-3.12", "parent": "3.3", "level": "outcome", "unit": "persons",
     "name": "Victims awarded compensation by a court",
     "baseline": 2, "baseline_year": 2023, "source": "Court statistics, Ministry of Justice",
     "midterm": 5, "end": 8, "frequency": "annual", "responsible": ["PGO", "NGO-LEGAL"],
     "disaggregation": ["sex"], "verification": "Court judgments"},
    {"code": "I-3.13", "parent": "3.3.2", "unit": "courts",
     "name": "Courts with a child-friendly interview room in use",
     "baseline": 0, "baseline_year": 2023, "source": "Ministry of Justice",
     "midterm": 1, "end": 2, "frequency": "annual", "responsible": ["MOJ"],
     "verification": "Ministry of Justice inspection report"},
    # 4 Investigation and prosecution
    {"code": "I-4.1", "parent": "OO4", "level": "outcome", "unit": "charges",
     "name": "Criminal charges filed for trafficking in human beings",
     "baseline": 31, "baseline_year": 2023, "source": "Police crime statistics 2023",
     "midterm": 34, "end": 37, "milestones": {2024: 32, 2025: 34, 2026: 37},
     "responsible": ["MOI-POLICE"], "disaggregation": ["exploitation", "region"],
     "verification": "Police crime statistics"},
    {"code": "I-4.2", "headline": True, "parent": "OO4", "level": "impact", "unit": "persons",
     "name": "Persons convicted of trafficking by a final judgment",
     "baseline": 9, "baseline_year": 2023, "source": "Court statistics, Ministry of Justice",
     "midterm": 12, "end": 15, "frequency": "semiannual", "responsible": ["PGO", "MOJ"],
     "disaggregation": ["sex", "nationality", "exploitation"],
     "verification": "Court statistics"},
    {"code": "I-4.3", "parent": "4.1", "level": "outcome", "unit": "investigations",
     "name": "Trafficking investigations opened",
     "baseline": 38, "baseline_year": 2023, "source": "Police crime statistics 2023",
     "midterm": 45, "end": 50, "responsible": ["MOI-POLICE"],
     "disaggregation": ["exploitation", "region"], "verification": "Police case register"},
    {"code": "I-4.4", "parent": "4.1.3", "unit": "investigations",
     "name": "Financial investigations conducted alongside criminal investigations of "
     "trafficking",
     "baseline": 0, "baseline_year": 2023, "source": "Prosecutor General's Office",
     "midterm": 5, "end": 10, "responsible": ["MOI-POLICE", "PGO"],
     "verification": "Prosecution case files"},
    {"code": "I-4.5", "parent": "4.1.2", "unit": "venues",
     "name": "Venues of interest controlled for sexual exploitation",
     "baseline": 25, "baseline_year": 2023, "source": "Police operational reports",
     "midterm": 40, "end": 40, "responsible": ["MOI-POLICE"], "disaggregation": ["region"],
     "verification": "Police operational reports"},
    {"code": "I-4.6", "parent": "4.2", "level": "outcome", "direction": "decrease",
     "unit": "months",
     "name": "Average months from indictment to first-instance judgment in trafficking cases",
     "baseline": 19, "baseline_year": 2023, "source": "Court statistics, Ministry of Justice",
     "midterm": 15, "end": 12, "frequency": "annual", "responsible": ["MOJ", "PGO"],
     "verification": "Court case management system"},
    {"code": "I-4.7", "parent": "4.2.1", "unit": "persons",
     "name": "Judges and prosecutors trained on trafficking cases",
     "baseline": 18, "baseline_year": 2023, "source": "Academy of Justice", "midterm": 60,
     "end": 90, "frequency": "semiannual", "responsible": ["JTI"], "disaggregation": ["sex"],
     "verification": "Attendance lists"},
    {"code": "I-4.8", "parent": "4.2.2", "unit": "persons",
     "name": "Judges and prosecutors who completed the e-learning course",
     "baseline": 0, "baseline_year": 2023, "source": "Academy of Justice", "midterm": 40,
     "end": 100, "frequency": "semiannual", "responsible": ["JTI"],
     "verification": "E-learning platform records"},
    # 5 Partnership
    {"code": "I-5.1", "parent": "OO5", "level": "outcome", "type": "qualitative",
     "frequency": "annual",
     "name": "Bilateral agreements on co-operation against trafficking signed with states in the "
     "region",
     "baseline": "Agreements in force with three states in the region", "baseline_year": 2023,
     "source": "Ministry of Foreign Affairs",
     "midterm": "One more bilateral agreement signed and being implemented",
     "end": "Two more bilateral agreements signed and being implemented",
     "responsible": ["MFA"], "verification": "Official gazette; treaty register"},
    {"code": "I-5.2", "parent": "5.1", "level": "outcome", "unit": "teams",
     "name": "Joint investigation teams set up with neighbouring states",
     "baseline": 0, "baseline_year": 2023, "source": "Prosecutor General's Office",
     "midterm": 1, "end": 2, "frequency": "annual", "responsible": ["PGO"],
     "verification": "Joint investigation team agreements"},
    {"code": "I-5.3", "parent": "5.2.2", "unit": "organisations",
     "name": "Civil society organisations taking part in the annual NAP forum",
     "baseline": 6, "baseline_year": 2023, "source": "Secretariat's forum report 2023",
     "midterm": 10, "end": 12, "frequency": "annual", "responsible": ["NCATP-SEC"],
     "verification": "Forum attendance list"},
]

# fmt: on

# --- Writing the workbook ---------------------------------------------------------------------

HEADERS = {
    "Plan": ["Field", "Value"],
    "Agencies": ["Code", "Name", "Short name", "Type", "Parent", "Email"],
    "Dimensions": ["Dimension", "Dimension name", "Category", "Category name"],
    "Areas": ["Code", "Name"],
    "Objectives": ["Code", "Area", "Parent", "Name", "Kind"],
    "Activities": [
        "Code", "Objective", "Name", "Lead agency", "Partner agencies", "Start", "End",
        "Result indicator", "Budget", "Funding source",
    ],
    "Indicators": [
        "Code", "Parent", "Name", "Level", "Type", "Direction", "Unit", "Baseline",
        "Baseline year", "Baseline source", "Mid-term target", "End target", "Milestones",
        "Frequency", "Responsible agencies", "Means of verification", "Disaggregation",
        "Aggregation over time", "Aggregation across agencies", "Headline",
    ],
}  # fmt: skip

ABOUT = [
    ("About this workbook",),
    ("The Republic of Ardenia, its provinces, agencies and figures are fictional.",),
    ("This is TIP Monitor's demo plan, loaded by `tipmonitor load-demo` (make demo).",),
    ("It is generated by tipmonitor/sample/make_sample.py: edit the script, not this file.",),
    ("The sheets follow docs/workbook.md; TIP Monitor ignores this sheet.",),
]


def _joined(items: list[str]) -> str:
    return "; ".join(items)


def activity_row(activity: dict[str, Any]) -> list[Any]:
    return [
        activity["code"],
        activity["objective"],
        activity["name"],
        activity["lead"],
        _joined(activity["partners"]),
        activity["start"],
        activity["end"],
        activity["result"],
        activity["budget"],
        activity["funding"],
    ]


def indicator_row(indicator: dict[str, Any]) -> list[Any]:
    milestones = indicator.get("milestones", {})
    return [
        indicator["code"],
        indicator["parent"],
        indicator["name"],
        indicator.get("level", "output"),
        indicator.get("type", "number"),
        indicator.get("direction", "increase"),
        indicator.get("unit", ""),
        indicator["baseline"],
        indicator["baseline_year"],
        indicator["source"],
        indicator["midterm"],
        indicator["end"],
        _joined([f"{year}: {target}" for year, target in milestones.items()]),
        indicator.get("frequency", "quarterly"),
        _joined(indicator["responsible"]),
        indicator["verification"],
        _joined(indicator.get("disaggregation", [])),
        indicator.get("time_aggregation", ""),
        indicator.get("agency_aggregation", ""),
        "yes" if indicator.get("headline") else "no",
    ]


def sheet_rows() -> dict[str, list[list[Any]]]:
    """Every sheet's data rows, in the order the sheets are written."""
    return {
        "Plan": [list(row) for row in PLAN],
        "Agencies": [list(row) for row in AGENCIES],
        "Dimensions": [list(row) for row in DIMENSIONS],
        "Areas": [list(row) for row in AREAS],
        "Objectives": [list(row) for row in OBJECTIVES],
        "Activities": [activity_row(activity) for activity in ACTIVITIES],
        "Indicators": [indicator_row(indicator) for indicator in INDICATORS],
    }


def _add_sheet(workbook: Workbook, title: str, rows: list[list[Any]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(HEADERS[title])
    for row in rows:
        # Empty strings become empty cells, as a person would leave them in a spreadsheet.
        sheet.append([None if value == "" else value for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, header in enumerate(HEADERS[title], start=1):
        longest = max([len(header)] + [len(str(row[index - 1] or "")) for row in rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest, 8) + 2, 60)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"


def build_workbook() -> Workbook:
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = "About"
    for line in ABOUT:
        about.append(line)
    about["A1"].font = Font(bold=True)
    about.column_dimensions["A"].width = 90
    for title, rows in sheet_rows().items():
        _add_sheet(workbook, title, rows)
    # A fixed creation date keeps the file's metadata as reproducible as its cells.
    workbook.properties.creator = "tipmonitor/sample/make_sample.py"
    workbook.properties.created = datetime.datetime(2024, 1, 1)
    return workbook


def write(path: Path = SAMPLE_WORKBOOK) -> Path:
    build_workbook().save(path)
    return path


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = write(Path(args[0]) if args else SAMPLE_WORKBOOK)
    print(f"Wrote {path}")


if __name__ == "__main__":
    main()
