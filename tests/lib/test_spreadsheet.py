import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from reporting.datavalues import error_text as datavalues_error_text
from reporting.datavalues import values_parse
from reporting.services import ValuesInvalid
from tipmonitor.lib.spreadsheet import (
    UnreadableWorkbookError,
    check_xlsx_container,
    csv_records,
    escape_cell,
    normalise_header,
    read_only_workbook,
    strip_illegal,
    unescape_cell,
)


@pytest.mark.parametrize("text", ["=1+1", "+31 20", "-5", "@SUM(A1)", "\tx", "\rx", "'quoted"])
def test_it_escapes_text_a_spreadsheet_could_run(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "plain", "1.1.2", "a=b", " =x"])
def test_it_leaves_harmless_text_alone(text):
    assert escape_cell(text) == text


def test_it_removes_one_apostrophe_on_read():
    assert unescape_cell("''x") == "'x"
    assert unescape_cell("x'") == "x'"


@given(st.text())
def test_it_round_trips_every_text(text):
    escaped = escape_cell(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unescape_cell(escaped) == text


def test_it_drops_characters_xlsx_cannot_hold():
    assert strip_illegal("a\x00b\x07c\nd") == "abc\nd"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  Lead   Agency ", "lead agency"), ("CODE", "code"), (None, ""), (2024, "2024")],
)
def test_it_normalises_headers(raw, expected):
    assert normalise_header(raw) == expected


@given(st.text())
def test_it_normalises_headers_idempotently(text):
    once = normalise_header(text)
    assert normalise_header(once) == once


# Reading CSV: one record a line (issue 10 #8) ---------------------------------------------

STRAY = b'id,name\n1,Anna\n2,Lilit\n3,"Maria\n4,Gohar\n5,"Nune"\n'


def test_it_refuses_a_csv_whose_quoted_cell_spans_lines_naming_the_row():
    with pytest.raises(UnreadableWorkbookError, match="row 4:") as refused:
        csv_records(STRAY)
    assert "Maria" not in str(refused.value)


def test_it_refuses_a_quote_left_open_at_the_end():
    with pytest.raises(UnreadableWorkbookError, match="row 3:"):
        csv_records(b'id,name\n1,Anna\n2,"Lilit\n')


def test_it_reads_quoted_separators_on_one_line():
    data = b'id;name\r\n1;"Anna; ""Ani"""\r\n\r\n2;Lilit\r\n'
    assert csv_records(data) == [["id", "name"], ["1", 'Anna; "Ani"'], [], ["2", "Lilit"]]


@pytest.mark.django_db
def test_it_refuses_a_values_upload_with_a_stray_quote():
    """The values upload (reporting.datavalues) reads CSV through the same reader."""
    data = (
        b"indicator,period,agency,value,comment\nI1,2025-Q1,POL,3,ok\n"
        b'I1,2025-Q2,POL,4,"oops\nI1,2025-Q3,POL,5,\nI1,2025-Q4,POL,6,"x"\n'
    )
    with pytest.raises(ValuesInvalid) as refused:
        values_parse(data=data, name="values.csv")
    (message,) = [datavalues_error_text(*error) for error in refused.value.errors]
    assert "row 3:" in message


# Reading XLSX: no cell or shared strings beyond their bounds (issue 10 #9) ----------------


def _workbook(shared: list[str], sheet_cells: str = "") -> bytes:
    """A minimal workbook built by hand: openpyxl would refuse to write what an attacker
    writes. `shared` are its shared strings; A1.. refer to them."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    cells = "".join(f'<c r="A{i + 1}" t="s"><v>{i}</v></c>' for i in range(len(shared)))
    items = "".join(f"<si><t>{text}</t></si>" for text in shared)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlform'
            'ats-package.relationships+xml"/><Default Extension="xml" ContentType="applicatio'
            'n/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxm'
            'lformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/w'
            'orksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" Content'
            'Type="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+x'
            'ml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/pack'
            'age/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlform'
            'ats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml'
            '"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet name="S" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/pack'
            f'age/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="'
            f'worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Targe'
            't="sharedStrings.xml"/></Relationships>'
        ),
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst {ns}>{items}</sst>',
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0"?><worksheet {ns}><sheetData><row r="1">{cells}{sheet_cells}'
            "</row></sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def _check(data: bytes) -> None:
    check_xlsx_container(data, max_bytes=None, max_unpacked=10 << 20)


def test_it_reads_a_workbook_within_the_bounds(settings):
    settings.WORKBOOK_MAX_CELL_CHARS = 100
    _check(_workbook(["record", "x" * 100]))
    book = Workbook()
    book.active.append(["record", "x" * 100, 12.5])
    out = io.BytesIO()
    book.save(out)
    _check(out.getvalue())
    with read_only_workbook(out.getvalue()) as read:
        assert list(read.worksheets[0].iter_rows(values_only=True)) == [("record", "x" * 100, 12.5)]


def test_it_refuses_one_huge_shared_string_while_streaming(settings):
    """One cell of a million characters compresses to a few kilobytes: refused after the
    bound, before openpyxl reads the shared strings into memory."""
    settings.WORKBOOK_MAX_CELL_CHARS = 1000
    data = _workbook(["ok", "A" * 1_000_000])
    assert len(data) < 10_000
    with pytest.raises(UnreadableWorkbookError, match="more than 1000 characters"):
        _check(data)


def test_it_refuses_shared_strings_longer_together_than_the_bound(settings):
    settings.WORKBOOK_MAX_SHARED_CHARS = 5000
    with pytest.raises(UnreadableWorkbookError, match="longer than 5000 characters"):
        _check(_workbook([f"{i:04d}" * 25 for i in range(60)]))  # 60 cells of 100


def test_it_refuses_a_huge_inline_cell_in_a_sheet(settings):
    settings.WORKBOOK_MAX_CELL_CHARS = 1000
    inline = '<c r="B1" t="inlineStr"><is><t>' + "B" * 5000 + "</t></is></c>"
    with pytest.raises(UnreadableWorkbookError, match="more than 1000 characters"):
        _check(_workbook(["ok"], inline))


def test_it_refuses_a_part_that_declares_a_dtd():
    data = _workbook(["ok"])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            text = source.read(info)
            if info.filename == "xl/sharedStrings.xml":
                text = text.replace(b"<sst", b'<!DOCTYPE sst [<!ENTITY a "aaaa">]><sst', 1)
            target.writestr(info.filename, text)
    with pytest.raises(UnreadableWorkbookError, match="DTD"):
        _check(out.getvalue())
