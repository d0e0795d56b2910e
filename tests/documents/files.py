"""Reading generated files back in tests without LibreOffice or poppler: python-docx for DOCX,
and the PDF's own objects (WeasyPrint compresses them into streams; zlib opens them)."""

import io
import re
import zlib

import docx


def pdf_objects(data: bytes) -> bytes:
    """The PDF with every compressed stream opened, to search for objects in."""
    chunks = [data]
    # Up to "endstream" with the line end before it: a stream whose data ends with a 0x0D byte
    # lost that byte to an optional "\r" in the pattern, and its page objects went uncounted.
    # A decompressor ignores what follows the end of the zlib data (the line end).
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            chunks.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            continue  # a picture or font stream that is not zlib data
    return b"\n".join(chunks)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf_objects(data)))


def pdf_title(data: bytes) -> str:
    match = re.search(rb"/Title\s*\(((?:[^()\\]|\\.)*)\)", pdf_objects(data))
    return match.group(1).decode("latin-1") if match else ""


def docx_text(data: bytes) -> tuple[list[str], str]:
    """The headings, and all the text (paragraphs and table cells), of a DOCX."""
    document = docx.Document(io.BytesIO(data))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style and (p.style.name or "").startswith("Heading")
    ]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return headings, "\n".join([p.text for p in document.paragraphs] + cells)
