"""`tipmonitor minutes --meeting ID --format docx|pdf [--language xx] --output FILE`."""

import pytest
from django.core.management import CommandError, call_command

from tests.documents.coordination_data import SUMMARY
from tests.documents.files import docx_text

pytestmark = pytest.mark.django_db


def test_it_writes_the_minutes(coordination_world, tmp_path):
    output = tmp_path / "minutes.docx"
    call_command(
        "minutes", "--meeting", str(coordination_world["march"].pk), "--format", "docx",
        "--output", str(output),
    )  # fmt: skip
    _headings, text = docx_text(output.read_bytes())
    assert SUMMARY in text


def test_it_writes_a_pdf_in_armenian(coordination_world, tmp_path):
    output = tmp_path / "minutes-hy.pdf"
    call_command(
        "minutes", "--meeting", str(coordination_world["june"].pk), "--format", "PDF",
        "--language", "hy", "--output", str(output),
    )  # fmt: skip
    assert output.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("meeting", "extra", "message"),
    [
        ("999999", [], "--meeting: there is no meeting 999999."),
        ("abc", [], "is not a meeting's id"),
        (None, ["--format", "odt"], "--format:"),
        (None, ["--language", "fr"], "--language:"),
    ],
)
def test_it_refuses_bad_options_and_writes_nothing(
    coordination_world, tmp_path, meeting, extra, message
):
    output = tmp_path / "out.docx"
    # A later --format (or --language) overrides the first.
    arguments = ["--meeting", meeting or str(coordination_world["june"].pk), "--format", "docx"]
    arguments += [*extra, "--output", str(output)]
    with pytest.raises(CommandError) as refused:
        call_command("minutes", *arguments)
    assert message in str(refused.value)
    assert not output.exists()
