"""The parser reads each character's text and box exactly as pdfminer's layout objects hold
them (``LTChar``, which pdfplumber's ``page.chars`` come from), without building those
objects: on hand-made pages whose text is turned, slanted, mirrored, squeezed, raised or
written vertically, and on the first page of every real-producer fixture."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from ddorgen.hostile import one_page, stream
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfinterp import PDFPageInterpreter

from detainer_tui.ingest.pdf import _PageReader

FIXTURES = Path(__file__).parent / "fixtures" / "real"

# A CID font written top to bottom (Identity-V), with vertical metrics of its own (W2).
VERTICAL = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-V"
    b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
    b" /DW 1000 /W2 [1 [-900 500 880]] /FontDescriptor << /Type /FontDescriptor"
    b" /FontName /Test /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900"
    b" /Descent -200 /CapHeight 700 /StemV 80 >> >>] >>"
)
FONTS = b"<< /Font << /F1 4 0 R /V " + VERTICAL + b" >> >>"
"""Helvetica as /F1 (``one_page`` supplies it), the vertical font as /V."""


TEXT = [
    b"BT /F1 9 Tf 20 280 Td (Cook County) Tj ET",  # upright
    b"BT /F1 11 Tf 0.866 0.5 -0.5 0.866 40 200 Tm (Travis TX) Tj ET",  # turned 30 degrees
    b"BT /F1 8 Tf 0 1 -1 0 250 20 Tm (Landscape) Tj ET",  # turned a quarter
    b"BT /F1 10 Tf 1 0 0.3 1 20 150 Tm (Slanted) Tj ET",  # slanted
    b"BT /F1 10 Tf -1 0 0 1 200 120 Tm (Mirrored) Tj ET",  # mirrored
    b"BT /F1 12 Tf 50 Tz 3 Ts 1.5 Tc 20 100 Td (Squeezed, raised) Tj ET",  # scaled, rise, spacing
    b"q 2 0 0 2 10 10 cm BT /F1 6 Tf 5 20 Td (Doubled) Tj ET Q",  # through the page matrix
    b"BT /V 12 Tf 100 250 Td <000100020003> Tj ET",  # vertical writing
    b"BT /V 10 Tf 0.8 0.6 -0.6 0.8 150 60 Tm <0001> Tj ET",  # vertical and turned
]


WRITTEN = [
    "Cook County",
    "Travis TX",
    "Landscape",
    "Slanted",
    "Mirrored",
    "Squeezed, raised",
    "Doubled",
    "(cid:1)(cid:2)(cid:3)",  # no ToUnicode map: pdfminer's placeholder text
    "(cid:1)",
]


def layout_chars(page: pdfplumber.page.Page) -> list[tuple[str, float, float, float, float]]:
    """Every character of ``page`` as pdfminer's layout objects hold it, in drawing order."""
    found = []
    stack = [iter(page.layout)]
    while stack:
        for obj in stack[-1]:
            if isinstance(obj, LTChar):
                found.append((obj.get_text(), *obj.bbox))
            elif isinstance(obj, LTContainer):
                stack.append(iter(obj))
                break
        else:
            stack.pop()
    return found


def reader_chars(pdf: pdfplumber.PDF, page: pdfplumber.page.Page) -> list[tuple]:
    reader = _PageReader(pdf, page.page_number)
    PDFPageInterpreter(pdf.rsrcmgr, reader).process_page(page.page_obj)
    return reader.chars


def test_turned_slanted_mirrored_squeezed_and_vertical_text_reads_as_pdfminer_places_it(
    tmp_path: Path,
):
    path = tmp_path / "matrices.pdf"
    path.write_bytes(one_page(stream(b"\n".join(TEXT)), resources=FONTS))
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        expected = layout_chars(page)
        assert "".join(text for text, *_ in expected) == "".join(WRITTEN)
        assert reader_chars(pdf, page) == expected


@pytest.mark.parametrize("pdf_path", sorted(FIXTURES.glob("*.pdf")), ids=lambda p: p.stem)
def test_real_producer_characters_read_as_pdfminer_places_them(pdf_path: Path):
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        expected = layout_chars(page)
        assert len(expected) > 100
        assert reader_chars(pdf, page) == expected
