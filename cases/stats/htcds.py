"""HTCDS 2.0, the Human Trafficking Case Data Standard (IOM, `UNMigration/HTCDS`): its field
list and picklist values, and a check of an export against them (docs/disclosure.md,
"k-anonymised export").

The fields below are copied from the standard's field list (`Field_Standards`, the column "Field
Name including Prefix", its type and "Value Names (if picklist)"), as kept beside the project in
`shared/reference/htcds-2.0-fields.tsv`; nothing reads that file at run time. Each field is
(kind, values): a picklist's values, or COUNTRY / LANGUAGE for the fields the standard codes
with ISO 3166 / ISO 639; a multi-select picklist's cell holds its values separated by `;`.

The k-anonymised export also carries three columns of the CTDC global dataset (built on HTCDS
2.0) that the standard has no field for: the year of registration, the age band and the
majority status. They are named apart (CTDC_COLUMNS) so the check refuses anything else and the
export command says which columns are outside the standard.
"""

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence

from django.utils.translation import gettext

from tipmonitor.lib.countries import is_place_code, is_subdivision_code

TEXT, NUMBER, DATE, CHECKBOX, PICK, MULTI = "text", "number", "date", "checkbox", "pick", "multi"
COUNTRY = ("ISO 3166",)
LANGUAGE = ("ISO 639",)
MULTI_SEPARATOR = ";"

FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "org_Name": (TEXT, ()),
    "org_ShippingCity": (TEXT, ()),
    "org_ShippingCountry": (PICK, COUNTRY),
    "org_ShippingState": (TEXT, ()),
    "org_ShippingStreet": (TEXT, ()),
    "org_ShippingPostalCode": (TEXT, ()),
    "org_ShippingLongitude": (TEXT, ()),
    "org_ShippingLatitude": (TEXT, ()),
    "org_Phone": (TEXT, ()),
    "org_Type": (
        PICK,
        (
            "NGO",
            "LawEnforcement",
            "HealthServiceOrganisation",
            "CentralGovernmentOrganisation",
            "LocalGovernmentOrganisation",
            "ImmigrationService",
            "LegalService",
            "CorporateBusiness",
            "SchoolOrCollege",
        ),
    ),
    "prs_Salutation": (TEXT, ()),
    "prs_FirstName": (TEXT, ()),
    "prs_MiddleName": (TEXT, ()),
    "prs_SecondName": (TEXT, ()),
    "prs_Birthdate": (DATE, ()),
    "prs_Gender": (
        PICK,
        (
            "Feminine",
            "Masculine",
            "TransgenderFeminine",
            "TransgenderMasculine",
            "NonConforming",
            "NonSpecifiedUnknown",
        ),
    ),
    "prs_Deceased": (CHECKBOX, ()),
    "prs_MaritalStatus": (
        PICK,
        ("Single", "Married", "Widowed", "Divorced", "Separated", "RegisteredPartnership"),
    ),
    "prs_NumberOfChildren": (NUMBER, ()),
    "prs_PrimaryLanguage": (PICK, LANGUAGE),
    "prs_SecondaryLanguage": (PICK, LANGUAGE),
    "prs_HighestLevelOfEducation": (
        PICK,
        (
            "EarlyChildhoodEducation",
            "PrimaryEducation",
            "LowerSecondaryEducation",
            "UpperSecondaryEducation",
            "PostSecondaryNonTertiaryEducation",
            "ShortCycleTertiaryEducation",
            "BachelorsOrEquivalentLevel",
            "MastersOrEquivalentLevel",
            "DoctoralOrEquivalentLevel",
        ),
    ),
    "prs_Citizenship": (MULTI, COUNTRY),
    "prs_IdentityNumber": (TEXT, ()),
    "prs_Title": (TEXT, ()),
    "prs_Email": (TEXT, ()),
    "prs_HomePhone": (TEXT, ()),
    "prs_MobilePhone": (TEXT, ()),
    "prs_MailingCity": (TEXT, ()),
    "prs_MailingCountry": (PICK, COUNTRY),
    "prs_MailingState": (TEXT, ()),
    "prs_MailingStreet": (TEXT, ()),
    "prs_MailingPostalCode": (TEXT, ()),
    "prs_MailingLongitude": (NUMBER, ()),
    "prs_MailingLatitude": (NUMBER, ()),
    "vic_AgreementToManagePersonalData": (CHECKBOX, ()),
    "vic_TraffickingStatus": (
        PICK,
        ("PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", "NotAVictimOfTrafficking"),
    ),
    "vic_TraffickingStatusDecisionMakingOrg": (
        PICK,
        ("Police", "NGO", "CourtOrProsecution", "NonPoliceGovernmentalOrganization", "Other"),
    ),
    "vic_RelationshipToTrafficker": (PICK, ("Familial", "Acquainted", "Unaquainted")),
    "vic_AgeWhenTrafficked": (NUMBER, ()),
    "vic_RecruitmentWebsitesAndApps": (
        MULTI,
        (
            "Facebook",
            "Instagram",
            "WhatsApp",
            "Telegram",
            "FacebookMessenger",
            "Viber",
            "SnapChat",
            "Line",
            "4Sale",
            "WeChat",
            "QQ",
            "QZone",
            "TikTok",
            "Twitter",
            "Other",
        ),
    ),
    "vic_MethodOfRecruitment": (
        MULTI,
        (
            "AtAPlaceOfBusiness",
            "AtAnEducationalInstitution",
            "AtWork",
            "ThroughOnlineSocialNetworks",
            "ThroughAnOnlineAdvertisement",
            "ThroughATelevisionAdvert",
            "ThroughANewspaperAdvert",
            "ThroughFamilyOrFamilyEvents",
            "ThroughFriendsOrSocialEvents",
            "Other",
        ),
    ),
    "vic_LocationOfRecruitment": (TEXT, ()),
    "vic_MethodsOfControl": (
        MULTI,
        (
            "PhysicalThreats",
            "ThreatsLawEnforcement",
            "ThreatensChildrenFamily",
            "DebtBondage",
            "FalsePromises",
            "PhysicalAbuse",
            "SexualAbuse",
            "TakesEarnings",
            "RestrictsFinancialAccess",
            "RestrictsMedicalCare",
            "WithholdsNecessities",
            "PsychologicalAbuse",
            "PsychoactiveSubstance",
            "ExcessiveWorkingHours",
            "WithholdsDocuments",
            "Other",
        ),
    ),
    "vic_TypeOfExploitation": (
        MULTI,
        (
            "ForcedLabour",
            "SexualExploitation",
            "ChildLabour",
            "ForcedMarriage",
            "Servitude",
            "ForcedMilitaryByNonStateActors",
            "OrganRemoval",
            "ForcedBegging",
            "ForcedAdoption",
            "Surrogacy",
            "Other",
        ),
    ),
    "vic_ForcedLabourIndustry": (
        PICK,
        (
            "A_AgricultureForestryAndFishing",
            "B_MiningAndQuarrying",
            "C_Manufacturing",
            "D_ElectricityGasSteamAndAirConditioningSupply",
            "E_WaterSupplySewerageWasteManagement",
            "F_Construction",
            "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
            "H_TransportationAndStorage",
            "I_AccommodationAndFoodServiceActivities",
            "J_InformationAndCommunication",
            "K_FinancialAndInsuranceActivities",
            "L_RealEstateActivities",
            "M_ProfessionalScientificAndTechnicalActivities",
            "N_AdministrativeAndSupportServiceActivities",
            "O_PublicAdministrationAndDefence",
            "P_Education",
            "Q_HumanHealthAndSocialWorkActivities",
            "R_ArtsEntertainmentAndRecreation",
            "S_OtherServiceActivities",
            "T_ActivitiesOfHouseholdsAsEmployers",
            "U_ActivitiesOfExtraterritorialOrganizations",
        ),
    ),
    "vic_TypeOfSexExploitation": (
        MULTI,
        ("Prostitution", "Pornography", "RemoteInteractiveServices", "PrivateSexualServices"),
    ),
    "vic_LocationOfExploitation": (TEXT, ()),
    "vic_ExploitationWebsitesAndApps": (
        MULTI,
        (
            "Facebook",
            "Instagram",
            "WhatsApp",
            "Telegram",
            "FacebookMessenger",
            "Viber",
            "SnapChat",
            "Line",
            "4Sale",
            "WeChat",
            "QQ",
            "QZone",
            "TikTok",
            "Twitter",
            "Other",
        ),
    ),
    "vic_Vulnerabilities": (
        MULTI,
        (
            "Addiction",
            "SocialGroup",
            "Discrimination",
            "Poverty",
            "DisabilityAndPhysicalHealth",
            "MentalHealth",
            "Migration",
            "Homelessness",
            "AbuseSocialMedia",
            "AbusePhysical",
            "Education",
            "WorkEnvironment",
        ),
    ),
    "vic_DetailsOfVulnerabilities": (TEXT, ()),
    "per_RoleInProcess": (
        MULTI,
        (
            "TravellingPartner",
            "Transporter",
            "RecruiterOrIntermediary",
            "BrokerTravelAgent",
            "TransferredIndividual",
            "HarbouredIndividual",
            "SoldIndividual",
            "BoughtIndividual",
            "ReceivedIndividual",
            "ControlledIndividual",
            "Smuggler",
            "Abuser",
            "Kidnapper",
            "Exploiter",
            "Other",
        ),
    ),
    "per_RoleDetails": (TEXT, ()),
    "cas_Status": (PICK, ("Active", "FollowUp", "Closed", "ClosedReferred")),
    "cas_ReasonForCaseClosure": (TEXT, ()),
    "cas_CaseOwner": (TEXT, ()),
    "cas_ReferringOrganisation": (TEXT, ()),
    "cas_IncomingReferralDate": (DATE, ()),
    "cas_ReferringPrimaryCaseWorker": (TEXT, ()),
    "cas_ReasonForIncomingReferral": (
        PICK,
        ("AdditionalServicesRequired", "MigrationOrChangeOfLocation", "Other"),
    ),
    "cas_IncomingReferralDetails": (TEXT, ()),
    "cas_ReferredOrganisation": (TEXT, ()),
    "cas_ReferredPrimaryCaseWorker": (TEXT, ()),
    "cas_ReasonForOutgoingReferral": (
        PICK,
        ("AdditionalServicesRequired", "MigrationOrChangeOfLocation", "Other"),
    ),
    "cas_OutgoingReferralDate": (DATE, ()),
    "cas_OutgoingReferralDetails": (TEXT, ()),
    "cco_CaseComment": (TEXT, ()),
    "hte_Longitude": (TEXT, ()),
    "hte_Latitude": (TEXT, ()),
    "hte_City": (TEXT, ()),
    "hte_Country": (TEXT, ()),
    "hte_State": (TEXT, ()),
    "hte_Street": (TEXT, ()),
    "hte_PostalCode": (TEXT, ()),
    "hte_Date": (DATE, ()),
    "hte_Type": (PICK, ("Recruitment", "Transit", "Exploitation")),
    "hte_Description": (TEXT, ()),
    "spl_Objectives": (TEXT, ()),
    "spl_ActionPlan": (TEXT, ()),
    "spl_PlannedEndDate": (DATE, ()),
    "spl_ActualEndDate": (DATE, ()),
    "spl_Type": (
        PICK,
        (
            "Education",
            "Financial",
            "Health",
            "LabourExploitationRehabilitation",
            "Legal",
            "Livelihood",
            "RightsBasedTraining",
            "SexualExploitationRehabilitation",
            "SocialCare",
        ),
    ),
    "con_Consent": (CHECKBOX, ()),
}

# CTDC global dataset columns without an HTCDS 2.0 field, and their values.
CTDC_COLUMNS: dict[str, tuple[str, ...] | None] = {
    "yearOfRegistration": None,  # a year, YYYY
    "ageBroad": ("0_11", "12_17", "18_24", "25_34", "35_44", "45_plus", "unknown"),
    "majorityStatus": ("minor", "adult", "unknown"),
}
_YEAR = re.compile(r"\d{4}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _country(code: str) -> bool:
    return is_place_code(code) and not is_subdivision_code(code)


def _value_ok(kind: str, values: tuple[str, ...], text: str) -> bool:
    if kind in (PICK, MULTI):
        parts = text.split(MULTI_SEPARATOR) if kind == MULTI else [text]
        if values == COUNTRY:
            return all(_country(part) for part in parts)
        if values == LANGUAGE:
            return all(re.fullmatch(r"[a-z]{2,3}", part) for part in parts)
        return all(part in values for part in parts)
    if kind == NUMBER:
        return bool(_NUMBER.fullmatch(text))
    if kind == DATE:
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return False
        return True
    if kind == CHECKBOX:
        return text in ("true", "false")
    return True


def _ctdc_ok(name: str, text: str) -> bool:
    allowed = CTDC_COLUMNS[name]
    return bool(_YEAR.fullmatch(text)) if allowed is None else text in allowed


def problems(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> list[str]:
    """What in an export is not HTCDS 2.0 (nor one of the CTDC columns): every column not in
    the standard, and each column's values that are not among its values (said once per column
    and value, with the first row it is in). Empty cells are always allowed: a field not known
    or withheld. Empty: the export conforms."""
    found = [
        gettext("Column %(name)s is not an HTCDS 2.0 field.") % {"name": name}
        for name in columns
        if name not in FIELDS and name not in CTDC_COLUMNS
    ]
    said: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=1):
        for name in columns:
            text = row.get(name, "")
            if not text or (name, text) in said:
                continue
            if name in FIELDS:
                good = _value_ok(*FIELDS[name], text)
            else:
                good = name not in CTDC_COLUMNS or _ctdc_ok(name, text)
            if not good:
                said.add((name, text))
                found.append(
                    gettext("Row %(row)d, column %(name)s: a value not in HTCDS 2.0.")
                    % {"row": number, "name": name}
                )
    return found


def outside_standard(columns: Sequence[str]) -> list[str]:
    """The CTDC columns of an export, which HTCDS 2.0 has no field for."""
    return [name for name in columns if name in CTDC_COLUMNS]
