"""`cases_import`: an agency's CSV or XLSX file of case records, clear or pseudonymised, stored
whole or not at all, every error by row and column, updated by record id on re-import, keys
derived at once, refused to users of other agencies, to the agencies' reporters and approvers
and to viewers."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cases.importing import CasesInvalid, error_text
from cases.models import CaseAccess, CaseRecord, DatePrecision, LinkageRun
from cases.services import cases_import
from jobs.models import Job
from tests.cases.conftest import HEADER, ROWS_A, csv_file, xlsx_file
from tipmonitor.lib.pseudonyms import GRAM_FIELDS, KEY_FIELDS, derive_gram_keys, derive_keys

pytestmark = pytest.mark.django_db


def _import(agency, user, data: bytes, name="cases.csv"):
    return cases_import(agency=agency, file=data, filename=name, user=user)


def _errors(agency, user, data: bytes, name="cases.csv") -> list[tuple[int, str, str]]:
    with pytest.raises(CasesInvalid) as refused:
        _import(agency, user, data, name)
    return refused.value.errors


def test_it_stores_the_categories_of_every_row(agency_a, case_officer_a):
    result = _import(agency_a, case_officer_a, csv_file(*ROWS_A))

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    first = CaseRecord.objects.get(record_id="A1")
    assert first.agency == agency_a
    assert (first.sex, first.nationality, first.region) == ("F", "ARM", "Yerevan")
    assert first.exploitation == ["labour", "sexual"]
    assert first.identified_on == datetime.date(2024, 5, 1)
    assert first.status == "identified"
    assert first.birth_date_precision == DatePrecision.DAY
    assert first.imported_by == case_officer_a
    empty = CaseRecord.objects.get(record_id="A3")
    assert empty.status == "presumed"
    assert empty.birth_date_precision == DatePrecision.UNKNOWN
    assert not any(getattr(empty, name) for name in KEY_FIELDS)


def test_it_stores_the_keys_of_names_and_birth_dates(agency_a, case_officer_a, settings):
    _import(agency_a, case_officer_a, csv_file(*ROWS_A))

    record = CaseRecord.objects.get(record_id="A1")
    expected = derive_keys(
        first_name="Анна",
        last_name="Хачатрян",
        date_of_birth="1990-03-05",
        secret=settings.LINKAGE_KEY,
    )
    assert {name: getattr(record, name) for name in KEY_FIELDS} == expected
    year_only = CaseRecord.objects.get(record_id="A2")
    assert year_only.key_birth_year
    assert not year_only.key_birth_month
    assert year_only.birth_date_precision == DatePrecision.YEAR


def test_it_stores_the_bigram_keys_of_each_name_part(agency_a, case_officer_a, settings):
    _import(agency_a, case_officer_a, csv_file(*ROWS_A))

    record = CaseRecord.objects.get(record_id="A1")
    expected = derive_gram_keys(
        first_name="Анна", last_name="Хачатрян", secret=settings.LINKAGE_KEY
    )
    assert {name: getattr(record, name) for name in GRAM_FIELDS} == expected
    assert record.key_first_grams
    assert CaseRecord.objects.get(record_id="A3").key_last_grams == []


def test_it_computes_the_age_unless_given(agency_a, case_officer_a):
    _import(
        agency_a,
        case_officer_a,
        csv_file(
            "A1,,,2000-06-15,,,,,2018-06-14,",
            "A2,,,2000-06-15,,,,,2018-06-15,",
            "A3,,,2000,,,,,2018-06-30,",
            "A4,,,2000-06-15,,,,,,",
            "A5,,,2000-06-15,,,,,2018-06-15,,16",
            header=HEADER + ",age_at_exploitation",
        ),
    )

    ages = dict(CaseRecord.objects.values_list("record_id", "age_at_exploitation"))
    assert ages == {"A1": 17, "A2": 18, "A3": 17, "A4": None, "A5": 16}


def test_it_reads_xlsx_with_dates_typed_as_dates_and_headers_in_any_case(agency_a, case_officer_a):
    born, identified = datetime.datetime(1990, 3, 5), datetime.date(2024, 5, 1)
    data = xlsx_file(
        ["Record_ID", "First_Name", "LAST_NAME", "Date_of_Birth", "Sex", "Identified_On"],
        ["X1", "Աննա", "Խաչատրյան", born, "իգական", identified],
        [1002, None, None, 1991, "мужчина", None],
    )

    _import(agency_a, case_officer_a, data, "cases.xlsx")

    first = CaseRecord.objects.get(record_id="X1")
    assert first.sex == "F"
    assert first.age_at_exploitation == 34
    assert CaseRecord.objects.get(record_id="1002").birth_date_precision == DatePrecision.YEAR


def test_it_links_scripts_and_spellings_to_equal_keys(
    agency_a, agency_b, case_officer_a, case_officer_b
):
    _import(agency_a, case_officer_a, csv_file("A1,Анна,Хачатрян,1990-03-05,,,,,,"))
    _import(agency_b, case_officer_b, csv_file("B1,Anna,Khachatryan,1990-05-03,,,,,,"))

    one, other = CaseRecord.objects.order_by("record_id")
    assert one.key_name == other.key_name
    assert one.key_birth_date != other.key_birth_date
    assert one.key_birth_date_swapped == other.key_birth_date


def test_it_reads_multi_selects_and_the_htcds_fields(agency_a, case_officer_a):
    header = (
        "record_id,means_of_control,services,referral_stage,recruiter_relationship,"
        "consent_to_share,country_of_exploitation,status_decided_by"
    )
    row = "A1,threats; debt_bondage;threats,shelter;legal,assisted,family,да,tur,Commission"

    _import(agency_a, case_officer_a, csv_file(row, header=header))

    record = CaseRecord.objects.get()
    assert record.means_of_control == ["threats", "debt_bondage"]
    assert record.services == ["shelter", "legal"]
    assert (record.referral_stage, record.recruiter_relationship) == ("assisted", "family")
    assert record.consent_to_share is True
    assert record.country_of_exploitation == "TUR"
    assert record.status_decided_by == "Commission"


def test_it_refuses_the_whole_file_naming_every_row_and_column(agency_a, case_officer_a):
    data = csv_file(
        "A1,Anna,Smith,1990-02-30,Q,ZZZ,,labour;dancing,2024-13-01,maybe",
        ",Bob,Smith,,,,,,,",
        "A3,Carl,Smith,05.03.1990,M,ARM,,,,",
        "A3,Dora,Smith,,F,,,,,",
    )

    errors = _errors(agency_a, case_officer_a, data)

    assert [(row, column) for row, column, _message in errors] == [
        (2, "date_of_birth"),
        (2, "exploitation"),
        (2, "identified_on"),
        (2, "nationality"),
        (2, "sex"),
        (2, "status"),
        (3, "record_id"),
        (4, "date_of_birth"),
        (5, "record_id"),
    ]
    assert not CaseRecord.objects.exists()
    assert not CaseAccess.objects.exists()


def test_it_never_repeats_a_cell_in_an_error(agency_a, case_officer_a):
    data = csv_file("A1,Zaruhi,Melkonyan,1990-02-30,Melkonyan,Zaruhi,,Zaruhi,Zaruhi,Zaruhi")

    errors = [error_text(*error) for error in _errors(agency_a, case_officer_a, data)]

    assert len(errors) == 6
    assert not any("Zaruhi" in error or "Melkonyan" in error or "1990" in error for error in errors)


def test_it_names_unknown_headers_by_position_not_by_text(agency_a, case_officer_a):
    # A file without a header row: its first record is read as the header.
    data = csv_file("A2,Lilit,Sargsyan", header="A1,Lilit,Sargsyan")

    errors = _errors(agency_a, case_officer_a, data)

    assert (1, "record_id", "the column is missing.") in errors
    assert {column for _row, column, _message in errors} == {"A", "B", "C", "record_id"}
    assert "Lilit" not in str(errors)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "cases.csv", "empty"),
        (b"record_id\n\n\n", "cases.csv", "no records"),
        (b"record_id,sex,SEX\nA1,F,F\n", "cases.csv", "twice"),
        (b"\xff\xfe\x00r", "cases.csv", "UTF-8"),
        (b"record_id\nA1\n", "cases.txt", "neither"),
        (b"PK\x03\x04 broken", "cases.xlsx", "XLSX"),
        (b"record_id,first_name,key_name\nA1,,\n", "cases.csv", "either names"),
    ],
)
def test_it_refuses_files_it_cannot_read(agency_a, case_officer_a, data, name, message):
    errors = _errors(agency_a, case_officer_a, data, name)

    assert any(message in error for *_where, error in errors)


def test_it_updates_by_record_id_on_reimport(agency_a, case_officer_a, coordinator):
    _import(agency_a, case_officer_a, csv_file(*ROWS_A))
    first = CaseRecord.objects.get(record_id="A1")

    result = _import(
        agency_a,
        coordinator,
        csv_file(
            "A1,Анна,Хачатрян,1990-03-05,F,ARM,Yerevan,labour;sexual,2024-05-01,identified",
            "A2,Ashot,Grigoryan,1985-04,M,ARM,Shirak,labour,2025-02-10,identified",
            "A4,,,,X,,,,,",
        ),
    )

    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert CaseRecord.objects.count() == 4
    assert CaseRecord.objects.get(record_id="A1").pk == first.pk
    changed = CaseRecord.objects.get(record_id="A2")
    assert changed.status == "identified"
    assert changed.key_birth_month
    assert changed.imported_by == coordinator


def test_it_accepts_a_pseudonymised_file(agency_a, case_officer_a):
    keys = derive_keys(first_name="Anna", last_name="K", date_of_birth="1990", secret="elsewhere")
    header = "record_id,sex," + ",".join(KEY_FIELDS) + ",birth_date_precision"
    row = "P1,F," + ",".join(keys[name].upper() for name in KEY_FIELDS) + ",year"

    _import(agency_a, case_officer_a, csv_file(row, header=header))

    record = CaseRecord.objects.get()
    assert {name: getattr(record, name) for name in KEY_FIELDS} == keys
    assert record.birth_date_precision == DatePrecision.YEAR


def test_it_refuses_keys_that_are_not_digests(agency_a, case_officer_a):
    header = "record_id,key_name,key_birth_year,birth_date_precision"

    errors = _errors(
        agency_a, case_officer_a, csv_file("P1,Anna Khachatryan,1990,days", header=header)
    )

    assert [(row, column) for row, column, _m in errors] == [
        (2, "birth_date_precision"),
        (2, "key_birth_year"),
        (2, "key_name"),
    ]
    assert "Anna" not in str(errors)


def test_it_refuses_other_agencies_and_roles_without_case_access(
    agency_a,
    agency_b,
    case_officer_b,
    reporter_a,
    approver_a,
    viewer,
    administrator,
    case_officer_a,
):
    data = csv_file(*ROWS_A)
    for user in (case_officer_b, reporter_a, approver_a, viewer, administrator):
        with pytest.raises(PermissionDenied):
            _import(agency_a, user, data)
    assert not CaseRecord.objects.exists()
    assert not CaseAccess.objects.exists()

    _import(agency_a, case_officer_a, data)
    assert CaseRecord.objects.filter(agency=agency_a).count() == 3


def test_it_audits_the_import(agency_a, case_officer_a):
    _import(agency_a, case_officer_a, csv_file(*ROWS_A))

    entry = CaseAccess.objects.get()
    assert (entry.user, entry.action, entry.target, entry.records) == (
        case_officer_a,
        "import",
        "POL",
        3,
    )


def test_it_queues_the_linkage_job_after_the_commit(
    agency_a, case_officer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        result = _import(agency_a, case_officer_a, csv_file(*ROWS_A))

    job = result.linkage_job
    assert (job.function, job.kwargs) == ("cases.jobs.link_new", {"agency_code": "POL"})
    assert (job.subject, job.requested_by, job.status) == (
        "cases:linkage",
        case_officer_a,
        "queued",
    )
    assert len(queued) == 1  # run by the worker once the import is committed


def test_it_stores_keys_as_64_hex_characters(agency_a, case_officer_a):
    _import(agency_a, case_officer_a, csv_file(*ROWS_A))

    for record in CaseRecord.objects.all():
        for name in KEY_FIELDS:
            assert re.fullmatch(r"(?:[0-9a-f]{64})?", getattr(record, name))


@pytest.mark.django_db(transaction=True)
def test_it_links_after_the_transaction_that_imports_several_files(agency_a, agency_b, coordinator):
    with transaction.atomic():
        first = _import(agency_a, coordinator, csv_file(*ROWS_A))
        second = _import(agency_b, coordinator, csv_file(*ROWS_A))
        assert not LinkageRun.objects.exists()  # not before the records are committed

    statuses = Job.objects.filter(pk__in=[first.linkage_job.pk, second.linkage_job.pk])
    assert set(statuses.values_list("status", flat=True)) == {"done"}
    assert not CaseRecord.objects.filter(person__isnull=True).exists()


def test_it_queues_nothing_when_the_file_is_refused(agency_a, case_officer_a):
    _errors(agency_a, case_officer_a, csv_file("A1,Anna,,1990-02-30,,,,,,"))

    assert not Job.objects.exists()


def test_it_refuses_a_file_whose_stray_quote_would_swallow_rows(agency_a, case_officer_a):
    """Issue 10 #8: `"Maria` in the third record opened a quoted cell that ran to the next
    quote, and the import answered "created 2": rows 3 to 5 were one name, hashed away."""
    rows = (
        "C1,Anna,Petrosyan,1990-01-01,F,ARM,,,2025-01-01,presumed",
        "C2,Lilit,Sargsyan,1991-02-02,F,ARM,,,2025-01-02,presumed",
        'C3,"Maria,Hakobyan,1992-03-03,F,ARM,,,2025-01-03,presumed',
        "C4,Gohar,Avetisyan,1993-04-04,F,ARM,,,2025-01-04,presumed",
        'C5,Nune,"Ghazaryan",1994-05-05,F,ARM,,,2025-01-05,presumed',
    )
    errors = _errors(agency_a, case_officer_a, csv_file(*rows))

    assert len(errors) == 1
    assert "row 4:" in error_text(*errors[0])  # the header is row 1: "Maria is on row 4
    assert "Maria" not in str(errors)
    assert not CaseRecord.objects.exists()
