"""`tipmonitor pseudonymise-cases --key-file FILE IN OUT`: the agency's file comes out with
names and birth dates replaced by keys made with the shared key, imports as it is, keeps
every other column, and is refused whole (nothing written) when it has an error."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from cases.models import CaseRecord
from cases.services import cases_import
from tests.cases.conftest import HEADER, ROWS_A, csv_file, xlsx_file
from tipmonitor.lib.pseudonyms import GRAM_FIELDS, KEY_FIELDS, derive_gram_keys, derive_keys

SHARED_KEY = "the key the agencies share, not the server"


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "linkage.key"
    path.write_text(SHARED_KEY + "\n")
    return path


def _run(key_file, source, target):
    out, err = io.StringIO(), io.StringIO()
    call_command("pseudonymise_cases", "--key-file", str(key_file), str(source), str(target),
                 stdout=out, stderr=err)  # fmt: skip
    return out.getvalue(), err.getvalue()


def test_it_replaces_names_and_birth_dates_by_keys(tmp_path, key_file):
    source, target = tmp_path / "police.csv", tmp_path / "police-keys.csv"
    source.write_bytes(csv_file(*ROWS_A))

    _run(key_file, source, target)

    text = target.read_text(encoding="utf-8-sig")
    header, first, *_rest = text.splitlines()
    assert header.split(",") == [
        "record_id", "sex", "nationality", "region", "exploitation", "identified_on", "status",
        *KEY_FIELDS, *GRAM_FIELDS, "birth_date_precision", "age_at_exploitation",
    ]  # fmt: skip
    keys = derive_keys(
        first_name="Анна", last_name="Хачатрян", date_of_birth="1990-03-05", secret=SHARED_KEY
    )
    grams = derive_gram_keys(first_name="Анна", last_name="Хачатрян", secret=SHARED_KEY)
    # Quoted: a cell holding ";" would be split by Excel in a ";" locale.
    assert '"labour;sexual"' in first
    assert next(csv.reader([first])) == [
        "A1", "F", "ARM", "Yerevan", "labour;sexual", "2024-05-01", "identified",
        *keys.values(), *(" ".join(grams[name]) for name in GRAM_FIELDS), "day", "34",
    ]  # fmt: skip
    for clear in ("Анна", "Хачатрян", "1990-03-05", "Ashot", "Grigoryan", "1985"):
        assert clear not in text


@pytest.mark.django_db
def test_it_writes_a_file_the_server_imports_with_the_agencies_keys(
    tmp_path, key_file, agency_a, case_officer_a
):
    source, target = tmp_path / "police.xlsx", tmp_path / "out.xlsx"
    source.write_bytes(xlsx_file(HEADER.split(","), ["A1", "Анна", "Хачатрян", "1990-03", "F"]))

    _run(key_file, source, target)
    cases_import(agency=agency_a, file=target, filename=target.name, user=case_officer_a)

    record = CaseRecord.objects.get()
    keys = derive_keys(
        first_name="Anna", last_name="Khachatryan", date_of_birth="1990-03", secret=SHARED_KEY
    )
    assert record.key_name == keys["key_name"]
    assert record.key_birth_month == keys["key_birth_month"]
    assert record.birth_date_precision == "month"
    sheet = load_workbook(target, read_only=True).worksheets[0]
    assert "Анна" not in str(list(sheet.values))


def test_it_refuses_a_file_with_errors_and_writes_nothing(tmp_path, key_file):
    source, target = tmp_path / "police.csv", tmp_path / "out.csv"
    source.write_bytes(csv_file("A1,Anna,Smith,1990-02-30,Q,,,,,", ",Bob,,,,,,,,"))

    with pytest.raises(CommandError, match="3 errors") as refused:
        _run(key_file, source, target)

    assert not target.exists()
    assert "Anna" not in str(refused.value)


@pytest.mark.parametrize(
    ("key", "suffix", "message"),
    [("short", ".csv", "at least"), (SHARED_KEY, ".xlsx", "same suffix")],
)
def test_it_refuses_a_weak_key_and_a_changed_format(tmp_path, key, suffix, message):
    key_file = tmp_path / "key"
    key_file.write_text(key)
    source = tmp_path / "police.csv"
    source.write_bytes(csv_file(*ROWS_A))

    with pytest.raises(CommandError, match=message):
        _run(key_file, source, tmp_path / f"out{suffix}")


def test_it_refuses_a_file_already_pseudonymised(tmp_path, key_file):
    source, target = tmp_path / "keys.csv", tmp_path / "again.csv"
    source.write_bytes(csv_file("A1,", header="record_id,key_name"))

    with pytest.raises(CommandError, match="1 error"):
        _run(key_file, source, target)
