"""Reports made by real producers (LibreOffice Writer and Calc, headless chromium) read exactly.

The PDFs and their expected tables are committed under ``tests/fixtures/real`` (made by
``tools/realpdf``); each reproduces what office software and browsers do to a table: header
words broken across lines in a narrow State column, ligature characters, vertically centred
or bottom-aligned cells beside wrapped ones, lines broken after a hyphen, justified text,
letter spacing, shaded rows, Section I printed as one ``County, State`` cell per jurisdiction.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ddorgen.expected import load_expected
from polars.testing import assert_frame_equal

from detainer_tui import schema
from detainer_tui.ingest import parse_report

FIXTURES = Path(__file__).parent / "fixtures" / "real"
COMPLETE = sorted(p for p in FIXTURES.glob("*.pdf") if not p.stem.endswith("-scanned"))


@pytest.mark.parametrize("pdf", COMPLETE, ids=lambda p: p.stem)
def test_real_producer_report_reads_exactly(pdf: Path) -> None:
    report = parse_report(pdf)
    expected = load_expected(pdf)
    for table in schema.TABLES:
        assert_frame_equal(report.table(table), expected[table], check_exact=True)
    assert report.diagnostics == []
    assert report.complete
    assert report.synthetic  # LibreOffice and the browser print the generator's notice too


def test_fixtures_exhibit_what_they_are_for() -> None:
    """The fixtures hold the layouts they are named for (so a passing test means something)."""
    import pdfplumber

    def words(name: str, page: int) -> list[str]:
        with pdfplumber.open(FIXTURES / f"{name}.pdf", pages=[page]) as pdf:
            found = pdf.pages[0].extract_words(expand_ligatures=False, x_tolerance=1.5)
            return [w["text"] for w in found]

    assert any("\ufb00" in w or "\ufb01" in w for w in words("chromium-carlito", 1))  # ﬀ ﬁ
    assert {"Stat", "e"} <= set(words("calc-carlito-centred", 2))  # "State" broken in two
    assert any(w.endswith("-") and w[-2].isalnum() for w in words("writer-liberation-serif", 6))
    # "County, State" cells, one wrapping inside its state's name ("New" / "Mexico").
    with pdfplumber.open(FIXTURES / "chromium-liberation-serif-county-state-unruled.pdf") as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    assert {"County, State Issued Detainers", "Doña Ana County, New 33", "Mexico"} <= set(lines)


def test_scanned_pages_inside_section_two_make_a_partial_read() -> None:
    pdf = FIXTURES / "writer-liberation-serif-scanned.pdf"
    report = parse_report(pdf)
    expected = load_expected(pdf)
    for table in schema.TABLES:
        assert_frame_equal(report.table(table), expected[table], check_exact=True)
    assert not report.complete
    assert report.reports.item(0, schema.COMPLETE) is False
    (diagnostic,) = report.diagnostics
    lost = 114 - report.records.height
    assert str(diagnostic) == (
        f"pages 2–3 of 6 have no text layer (scanned images?): Section II's table is "
        f"incomplete ({lost} rows not read)"
    )
    status = {s.section: s for s in report.section_status()}
    assert status["Section II"].rows_expected == 114
    assert status["Section II"].pages == (2, 3)
    assert status["Section I"].rows_expected == status["Section I"].rows_read
