"""Ardenia's plan header, agencies, disaggregation dimensions, strategic areas and objectives,
as the sample workbook's Plan, Agencies, Dimensions, Areas and Objectives sheets hold them."""

import datetime

# The data is laid out as tables for reading, so the formatter leaves it alone.
# fmt: off

# --- Plan -------------------------------------------------------------------------------------

PLAN = [
    ("Code", "NAP-ARDENIA-2024-2026"),
    ("Title", "National Action Plan against Trafficking in Human Beings 2024–2026"),
    ("Title (hy)", "Մարդկանց թրաֆիքինգի դեմ պայքարի ազգային գործողությունների ծրագիր 2024–2026"),
    ("Title (ru)", "Национальный план действий по борьбе с торговлей людьми на 2024–2026 годы"),
    ("Country", "Republic of Ardenia"),
    ("Start", datetime.date(2024, 1, 1)),
    ("End", datetime.date(2026, 12, 31)),
    ("Currency", "EUR"),
    ("Status", "adopted"),
    ("Languages", "en; hy; ru"),
    ("Paper size", "a4"),
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

# Code, Name, Name (hy), Name (ru): shown to those who use TIP Monitor in Armenian or Russian.
AREAS = [
    ("1", "Enabling framework", "Իրավական և ինստիտուցիոնալ շրջանակ",
     "Правовая и институциональная основа"),
    ("2", "Prevention", "Կանխարգելում", "Профилактика"),
    ("3", "Protection of victims and victim-witnesses", "Զոհերի և զոհ-վկաների պաշտպանություն",
     "Защита жертв и жертв-свидетелей"),
    ("4", "Investigation and prosecution", "Քննություն և քրեական հետապնդում",
     "Расследование и уголовное преследование"),
    ("5", "Partnership", "Գործընկերություն", "Партнёрство"),
]  # fmt: skip

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

# fmt: on
