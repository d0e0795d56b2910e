"""`tipmonitor import-cases --agency CODE FILE`: imports as the upload does, prints every error
and changes nothing on a refused file, refuses users who may not import for the agency."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import CaseAccess, CaseRecord
from jobs.models import Job
from tests.cases.conftest import ROWS_A, csv_file

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_cases", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_for_the_agency_as_the_coordinator(tmp_path, agency_a, coordinator):
    path = tmp_path / "police.csv"
    path.write_bytes(csv_file(*ROWS_A))

    out, _err = _run("--agency", "POL", str(path))

    assert "3 new" in out
    assert CaseRecord.objects.filter(agency=agency_a).count() == 3
    assert CaseAccess.objects.get().user == coordinator
    job = Job.objects.get()
    # No commit in this test: the worker has not run it yet.
    assert f"Linkage of the records: job {job.pk} (Queued)." in out


@pytest.mark.django_db(transaction=True)
def test_it_says_when_the_linkage_is_done(tmp_path, agency_a, coordinator):
    """With the immediate backend (no worker), as in the test suite, the job has run by the
    time the import has committed."""
    path = tmp_path / "police.csv"
    path.write_bytes(csv_file(*ROWS_A))

    out, _err = _run("--agency", "POL", str(path))

    job = Job.objects.get()
    assert job.status == "done"
    assert f"Linkage of the records: job {job.pk} (Done)." in out


def test_it_prints_every_error_and_changes_nothing(tmp_path, agency_a, coordinator):
    path = tmp_path / "police.csv"
    path.write_bytes(csv_file("A1,Anna,,1990-02-30,,,,,,", ",,,,F,,,,,"))

    with pytest.raises(CommandError, match="2 errors"):
        _run("--agency", "POL", str(path))

    assert not CaseRecord.objects.exists()


def test_it_shows_the_errors_on_stderr(tmp_path, agency_a, coordinator, capsys):
    path = tmp_path / "police.csv"
    path.write_bytes(csv_file("A1,Anna,,1990-02-30,,,,,,"))
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_cases", "--agency", "POL", str(path), stderr=err)

    assert "row 2, column 'date_of_birth'" in err.getvalue()
    assert "Anna" not in err.getvalue()


def test_it_refuses_a_user_of_another_agency_and_unknown_agencies(
    tmp_path, agency_a, agency_b, case_officer_b, reporter_a, approver_a, viewer
):
    path = tmp_path / "police.csv"
    path.write_bytes(csv_file(*ROWS_A))

    for username in ("case_officer_b", "reporter_a", "approver_a", "viewer"):
        with pytest.raises(CommandError, match="may not import"):
            _run("--agency", "POL", "--user", username, str(path))
    with pytest.raises(CommandError, match="no agency"):
        _run("--agency", "NOPE", "--user", "case_officer_b", str(path))
    assert not CaseRecord.objects.exists()


def test_it_imports_as_the_agencys_case_officer(tmp_path, agency_a, case_officer_a):
    path = tmp_path / "police.csv"
    path.write_bytes(csv_file(*ROWS_A))

    _run("--agency", "POL", "--user", "case_officer_a", str(path))

    assert CaseRecord.objects.filter(imported_by=case_officer_a).count() == 3


def test_it_refuses_malformed_bigram_keys_in_a_pseudonymised_file(tmp_path, agency_a, coordinator):
    path = tmp_path / "police-keys.csv"
    good, bad = "0a1b2c3d 4e5f6a7b", "0a1b2c3d Narine"  # a name pasted into the column
    path.write_text(
        f"record_id,sex,key_first_grams,key_last_grams\nA1,F,{good},{bad}\n", encoding="utf-8"
    )
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 error"):
        call_command("import_cases", "--agency", "POL", str(path), stderr=err)

    assert "row 2, column 'key_last_grams'" in err.getvalue()
    assert "Narine" not in err.getvalue()
    assert not CaseRecord.objects.exists()
