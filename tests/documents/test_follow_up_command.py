"""`tipmonitor follow-up-report --source greta [--cycle …] --format docx|pdf --output FILE`."""

import pytest
from django.core.management import CommandError, call_command

from tests.documents.coordination_data import GRETA_TEXT
from tests.documents.files import docx_text

pytestmark = pytest.mark.django_db


def test_it_writes_the_report(greta, tmp_path):
    output = tmp_path / "greta.docx"
    call_command(
        "follow_up_report", "--plan", greta.code, "--source", "greta", "--cycle", "Third round",
        "--format", "docx", "--language", "en", "--as-of", "2026-01-15", "--output", str(output),
    )  # fmt: skip
    _headings, text = docx_text(output.read_bytes())
    assert GRETA_TEXT in text
    assert "GRETA invites" not in text  # the second round's


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--source", "greta", "--format", "rtf"], "--format:"),
        (["--source", "nobody", "--format", "pdf"], "--source:"),
        (["--source", "greta", "--cycle", "Ninth", "--format", "pdf"], "--cycle:"),
        (["--source", "greta", "--format", "pdf", "--as-of", "soon"], "--as-of:"),
    ],
)
def test_it_refuses_bad_options(greta, tmp_path, arguments, message):
    output = tmp_path / "out.pdf"
    with pytest.raises(CommandError) as refused:
        call_command("follow_up_report", *arguments, "--output", str(output))
    assert message in str(refused.value)
    assert not output.exists()
