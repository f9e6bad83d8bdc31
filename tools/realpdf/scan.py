"""A fixture with pages inside Section II replaced by pictures of themselves (no text layer).

This is what a report looks like when some pages went through a scanner: the page still
shows its rows, but nothing can be read from it without OCR.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from ddorgen.expected import expected_tables, write_expected
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from realpdf import pages
from realpdf.fixtures import fixtures, make, rendered, without_rows

SOURCE = "writer-liberation-serif"
NAME = "writer-liberation-serif-scanned"


def image_page(pdf: Path, number: int, width: float, height: float) -> bytes:
    """A one-page PDF holding a greyscale picture of page ``number`` of ``pdf``."""
    with tempfile.TemporaryDirectory() as scratch:
        stem = Path(scratch) / "page"
        subprocess.run(
            ["pdftoppm", "-r", "60", "-gray", "-jpeg", "-jpegopt", "quality=40", "-singlefile",
             "-f", str(number), "-l", str(number), str(pdf), str(stem)],
            check=True,
        )  # fmt: skip
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=(width, height), invariant=1)
        canvas.drawImage(str(stem) + ".jpg", 0, 0, width, height)
        canvas.showPage()
        canvas.save()
        return out.getvalue()


def make_scanned(folder: Path) -> Path:
    """The Writer fixture with its second and third Section II pages scanned."""
    fixture = next(f for f in fixtures() if f.name == SOURCE)
    original = folder / f"{SOURCE}.pdf"
    if not original.exists():
        make(fixture, folder)
    where = rendered(fixture.spec, original)
    # Two pages that hold nothing but Section II rows (not its first or last page).
    section_pages = sorted(set(where.record_pages))
    scanned = set(section_pages[1:-1][:2])
    if len(scanned) < 2:
        raise ValueError(f"{SOURCE}: Section II needs at least four pages to scan two inside it")
    reader = PdfReader(original)
    out = PdfWriter(clone_from=reader)
    for number in sorted(scanned):
        box = reader.pages[number - 1].mediabox
        picture = PdfReader(io.BytesIO(image_page(original, number, box.width, box.height)))
        out.insert_page(picture.pages[0], number - 1)
        out.remove_page(number)
    target = folder / f"{NAME}.pdf"
    with target.open("wb") as handle:
        out.write(handle)
    write_scanned_expected(folder)
    return target


def write_scanned_expected(folder: Path) -> None:
    """Expected tables of the scanned fixture: the rows of the pages left with text, but the
    last one before a scanned page."""
    fixture = next(f for f in fixtures() if f.name == SOURCE)
    where = rendered(fixture.spec, folder / f"{SOURCE}.pdf")
    target = folder / f"{NAME}.pdf"
    scanned = {n for n, text in enumerate(pages.page_texts(target), start=1) if not text.strip()}
    lost = {i for i, page in enumerate(where.record_pages) if page in scanned}
    # The last row begun on the (full) page before a scanned one may go on over the page
    # break: the parser leaves it out, and counts it among the rows not read.
    for number in scanned:
        before = [i for i, page in enumerate(where.record_pages) if page == number - 1]
        if before and number - 1 not in scanned:
            lost.add(before[-1])
    result = replace(where, path=str(target))
    write_expected(target, expected_tables(without_rows(fixture.spec, lost), result))
