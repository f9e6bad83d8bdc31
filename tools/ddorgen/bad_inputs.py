"""Files a user might open that are not DDORs in good shape, for the parser's error tests.

``make_bad_inputs(directory)`` writes them all. The one valid-but-damaged report,
``partial.pdf``, is described exactly by ``partial_report(directory)``: its Section II prints
``PARTIAL_ROWS`` rows, of which two cannot be read:

* one row's "detainer issued" cell reads ``13/45/2017`` (no such date), and
* one row's "detainer declined" cell is empty (a required value is missing).

A parser should skip exactly those two rows, keep every other row (the expected tables of
``partial_report`` list them, with ``declined_count`` counting kept rows only), and report one
diagnostic per skipped row naming Section II and the page the row is on.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ddorgen.expected import expected_tables
from ddorgen.model import Layout
from ddorgen.render import render
from ddorgen.variants import small_report

PARTIAL_ROWS = 24
BAD_DATE_ROW = 5
MISSING_CELL_ROW = 17


@dataclass(frozen=True)
class SkippedRow:
    """A Section II row a parser cannot read, and why."""

    index: int
    page: int
    section: str
    reason: str


@dataclass(frozen=True)
class PartialReport:
    """The damaged report, the tables a parser should still return, and the rows to skip."""

    path: Path
    expected: dict[str, pl.DataFrame]
    skipped: tuple[SkippedRow, ...]


def partial_report(directory: str | Path) -> PartialReport:
    """Render ``partial.pdf`` into ``directory`` and describe what a parser should report."""
    spec = small_report(
        7,
        Layout(ruling="grid", font_size=8.0),
        records=PARTIAL_ROWS,
        policies=2,
    )
    spec = replace(
        spec,
        unreadable_cells={
            (BAD_DATE_ROW, "issued"): "13/45/2017",
            (MISSING_CELL_ROW, "declined"): "",
        },
    )
    path = Path(directory) / "partial.pdf"
    rendered = render(spec, path)
    skipped = (
        SkippedRow(BAD_DATE_ROW, rendered.record_pages[BAD_DATE_ROW], "II",
                   "impossible date 13/45/2017 in the detainer issued column"),
        SkippedRow(MISSING_CELL_ROW, rendered.record_pages[MISSING_CELL_ROW], "II",
                   "empty detainer declined cell"),
    )  # fmt: skip
    return PartialReport(path, expected_tables(spec, rendered), skipped)


def _canvas(path: Path, **options: object) -> Canvas:
    return Canvas(str(path), pagesize=letter, invariant=1, **options)  # type: ignore[arg-type]


def _encrypted(path: Path) -> None:
    canvas = _canvas(path, encrypt="open-sesame")
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawCentredString(306, 720, "Weekly Declined Detainer Outcome Report")
    canvas.setFont("Helvetica", 10)
    canvas.drawCentredString(306, 700, "For Recorded Declined Detainers Jan. 28 – Feb. 3, 2017")
    canvas.drawCentredString(306, 680, "SYNTHETIC SAMPLE — not an ICE publication")
    canvas.save()


def _scan(path: Path) -> None:
    """Two pages with no text layer: an image of 'text', then vector strokes only."""
    rng = random.Random(9)
    image = Image.new("L", (850, 1100), 255)
    draw = ImageDraw.Draw(image)
    y = 80
    while y < 1020:
        x = 70
        while x < 760:
            word = rng.randint(20, 90)
            draw.rectangle((x, y, min(x + word, 780), y + 11), fill=rng.randint(20, 90))
            x += word + 12
        y += 24
    canvas = _canvas(path)
    canvas.drawImage(ImageReader(image), 0, 0, width=612, height=792)
    canvas.showPage()
    canvas.setLineWidth(0.6)
    for row in range(40):
        y = 740 - row * 16
        canvas.line(60, y, 60 + rng.randint(200, 490), y)
    canvas.save()


def _memo(path: Path) -> None:
    canvas = _canvas(path)
    canvas.setTitle("Facilities memo")
    y = 720.0
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(72, y, "MEMORANDUM")
    canvas.setFont("Helvetica", 10)
    for line in (
        "To: All staff",
        "From: Facilities",
        f"Date: {dt.date(2017, 3, 14):%B %d, %Y}",
        "Re: Parking garage resurfacing",
    ):
        y -= 16
        canvas.drawString(72, y, line)
    paragraphs = (
        "The east parking garage will be closed for resurfacing from Monday through Friday "
        "next week. Please use the overflow lot on Fifth Street during this period.",
        "Vehicles left in the garage after 6 p.m. on Sunday will be relocated at the owner's "
        "expense. Accessible spaces remain available at the main entrance.",
        "Questions may be directed to the facilities desk at extension 4410.",
    )
    for paragraph in paragraphs:
        y -= 10
        for line in simpleSplit(paragraph, "Helvetica", 10, 468):
            y -= 14
            canvas.drawString(72, y, line)
    canvas.save()


def make_bad_inputs(directory: str | Path) -> dict[str, Path]:
    """Write every bad input into ``directory``; return them by name.

    Names: ``empty``, ``truncated``, ``html``, ``random``, ``encrypted``, ``scan``,
    ``not_ddor`` and ``partial`` (see the module docstring for what a parser should report).
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: folder / f"{name}.pdf" for name in (
        "empty", "truncated", "html", "random", "encrypted", "scan", "not_ddor")}  # fmt: skip
    files["empty"].write_bytes(b"")
    whole = partial_report(folder).path.read_bytes()
    files["truncated"].write_bytes(whole[: len(whole) * 2 // 5])
    files["html"].write_text(
        "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n"
        "<body><h1>Service Unavailable</h1><p>The server is temporarily unable to service "
        "your request. Please try again later.</p></body></html>\n",
        encoding="utf-8",
    )
    files["random"].write_bytes(random.Random(4096).randbytes(4096))
    _encrypted(files["encrypted"])
    _scan(files["scan"])
    _memo(files["not_ddor"])
    files["partial"] = folder / "partial.pdf"
    return files
