"""The privacy proof (issue 5, docs/cases.md): files with distinctive names and birth dates in
Latin, Armenian and Cyrillic script are imported through the upload page (CSV and XLSX), the
API and the command, a broken one is refused, the records are read through every page and
operation — and then no clear name, no normalised form of one and no full birth date can be
found anywhere: not in any column of any table of the database, not in the log records (SQL with
its parameters included), not in the audit, not in an error message or a page, not in a file
left behind."""

import io
import json
import logging
import os
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from cases.models import CaseAccess, CaseRecord
from jobs.models import Job, JobStatus
from tests.cases.conftest import HEADER, csv_file, xlsx_file
from tipmonitor.lib.pseudonyms import normalise_name

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cases.api_urls")]

PEOPLE = [
    # record id, first name, last name, birth date
    ("P1", "Zaruhi", "Ter-Petrosyan", "1987-10-29"),
    ("P2", "Վարդանուշ", "Մնացականյան", "2003-02-17"),
    ("P3", "Всеволод", "Ёлкин-Шереметьев", "1979-08-09"),
    ("P4", "Siranoush", "Mnatsakanian", "2003-02"),
]
BIRTH_DATES = ["1987-10-29", "29.10.1987", "19871029", "2003-02-17", "17.02.2003",
               "20030217", "1979-08-09", "09.08.1979", "19790809"]  # fmt: skip


def _clear_strings() -> list[str]:
    """Every name as written, every normalised name and name part of more than 4 letters,
    every full birth date in the usual spellings."""
    strings = set(BIRTH_DATES)
    for _record, first, last, _born in PEOPLE:
        strings |= {first, last, first.lower(), last.lower()}
        for text in (first, last, f"{first} {last}"):
            normal = normalise_name(text)
            strings.add(normal)
            strings |= {part for part in normal.split() if len(part) > 4}
    return sorted(strings)


def _rows(people) -> list[str]:
    return [
        f"{record},{first},{last},{born},F,ARM,,labour,2024-05-01,"
        for record, first, last, born in people
    ]


def _database_text() -> str:
    """Every value of every column of every table, as text."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def _files_written_since(start: float) -> list[Path]:
    """Files created or changed since `start` in the places an upload could be spilled to."""
    roots = {Path(tempfile.gettempdir()), Path(settings.VAR_DIR)}
    if getattr(settings, "MEDIA_ROOT", ""):
        roots.add(Path(settings.MEDIA_ROOT))
    found = []
    for root in roots:
        for directory, _dirs, files in os.walk(root):
            for name in files:
                path = Path(directory) / name
                try:
                    if path.stat().st_mtime >= start and path.stat().st_size < 50_000_000:
                        found.append(path)
                except OSError:
                    continue  # another process's file, gone meanwhile
    return found


def _import_everywhere(client, agency_a, agency_b, coordinator, source: Path) -> list[str]:
    """Import through the page (CSV, XLSX, a refused file), the API and the command; return
    the pages and answers the user saw."""
    seen = []
    page_csv = SimpleUploadedFile("police.csv", csv_file(*_rows(PEOPLE[:2])))
    seen.append(
        client.post("/cases/upload/", {"agency": agency_a.pk, "file": page_csv}, follow=True)
    )
    xlsx = xlsx_file(HEADER.split(","), *[row.split(",") for row in _rows(PEOPLE[2:3])])
    page_xlsx = SimpleUploadedFile("shelter.xlsx", xlsx)
    seen.append(
        client.post("/cases/upload/", {"agency": agency_b.pk, "file": page_xlsx}, follow=True)
    )
    broken = csv_file(*[row.replace("F,ARM", "Zaruhi,Mnatsakanian") for row in _rows(PEOPLE)])
    seen.append(
        client.post(
            "/cases/upload/", {"agency": agency_a.pk, "file": SimpleUploadedFile("b.csv", broken)}
        )
    )
    api_file = SimpleUploadedFile("api.csv", csv_file(*_rows(PEOPLE[3:])))
    seen.append(client.post("/api/v1/cases/import", {"agency": "NGO1", "file": api_file}))
    seen.append(
        client.post(
            "/api/v1/cases/import", {"agency": "NGO1", "file": SimpleUploadedFile("b.csv", broken)}
        )
    )
    out, err = io.StringIO(), io.StringIO()
    command = ["import_cases", "--agency", "POL", "--user", coordinator.username]
    call_command(*command, str(source), stdout=out, stderr=err)
    with pytest.raises(CommandError, match="rejected") as refused:
        call_command(*command, str(source.with_name("broken.csv")), stderr=err)
    answers = [response.content.decode() for response in seen]
    return [*answers, out.getvalue(), err.getvalue(), str(refused.value)]


def _read_everywhere(client) -> list[str]:
    record_pks = list(CaseRecord.objects.values_list("pk", flat=True))
    responses = [
        client.get("/cases/"),
        client.get("/cases/audit/"),
        client.get("/api/v1/cases/records"),
    ]
    for pk in record_pks:
        responses += [
            client.get(f"/cases/records/{pk}/"),
            client.get(f"/api/v1/cases/records/{pk}"),
        ]
    assert all(response.status_code == 200 for response in responses)
    return [response.content.decode() for response in responses]


def test_it_keeps_no_clear_name_or_birth_date_anywhere(
    client_of,
    coordinator,
    agency_a,
    agency_b,
    caplog,
    tmp_path,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    source = tmp_path / "input" / "police-again.csv"
    source.parent.mkdir()
    source.write_bytes(csv_file(*_rows(PEOPLE)))
    source.with_name("broken.csv").write_bytes(csv_file("P9,Zaruhi,Ter-Petrosyan,1987-10-32,,,,,,"))
    monkeypatch.setattr(
        connections["default"], "force_debug_cursor", True
    )  # log every SQL with parameters
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    client = client_of(coordinator)
    start = time.time() - 1

    # The linkage jobs the imports queue run too, so the queue's tables are searched full.
    with django_capture_on_commit_callbacks(execute=True):
        seen = _import_everywhere(client, agency_a, agency_b, coordinator, source)
    assert Job.objects.filter(subject="cases:linkage", status=JobStatus.DONE).exists()
    seen += _read_everywhere(client)

    # Police: P1-P4 (page, then the command); shelter: P3 (XLSX page), P4 (API).
    assert CaseRecord.objects.count() == 6
    assert CaseRecord.objects.exclude(key_name="").count() == 6
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "INSERT INTO" in logged  # the SQL, with its parameters, was captured
    audit = "\n".join(f"{entry.action} {entry.target}" for entry in CaseAccess.objects.all())
    haystacks = {
        "the database": _database_text(),
        "dumpdata": _dumpdata(),
        "the logs": logged,
        "the audit": audit,
        "pages, answers and errors": "\n".join(seen),
    }
    spilled = [path for path in _files_written_since(start) if tmp_path not in path.parents]
    for path in spilled:
        try:
            haystacks[str(path)] = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue  # a temporary file of another process, gone meanwhile
    leaks = [
        (clear, where)
        for clear in _clear_strings()
        for where, text in haystacks.items()
        if clear in text or json.dumps(clear)[1:-1] in text
    ]
    assert leaks == []
    # The proof is only worth something if the names were in the input and were refused there.
    assert "Ter-Petrosyan" in source.read_text()
    assert any("date_of_birth" in answer for answer in seen)


def _dumpdata() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()
