"""A report read only in part is never passed off as complete.

Each case damages a real PDF (a committed real-producer fixture, or a report drawn by the
generator) the way files get damaged, and checks the report says so: ``complete`` is false
and one diagnostic per section and cause names the pages and, when the report lets it be
counted, the rows not read.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from ddorgen.model import Layout
from ddorgen.text import listed_sentence
from ddorgen.variants import RANKINGS, render, small_report
from realpdf import damage

from detainer_tui import schema
from detainer_tui.cli import main
from detainer_tui.ingest import parse_report
from detainer_tui.report import Report

FIXTURES = Path(__file__).parent / "fixtures" / "real"
# Writer, "Page N of 4" footers, Section II on pages 1-3, its count stated (40 rows).
WRITER = FIXTURES / "writer-carlito-centred-unruled-landscape.pdf"
# Chromium, no page numbers, Section II on pages 1-3, its count stated (48 rows).
CHROMIUM = FIXTURES / "chromium-carlito.pdf"


def partial_in(report: Report, section: str) -> list[str]:
    """The partial-read diagnostics of ``section``, as printed."""
    assert not report.complete
    assert report.reports.item(0, schema.COMPLETE) is False
    return [str(d) for d in report.diagnostics if d.partial and d.section == section]


@pytest.fixture(scope="module")
def intact() -> Report:
    return parse_report(WRITER)


def test_the_undamaged_copy_is_complete(intact: Report) -> None:
    assert intact.complete and intact.diagnostics == []
    assert intact.records.height == 40


def test_a_page_with_no_text_inside_section_two(tmp_path: Path, intact: Report) -> None:
    report = parse_report(damage.blank_page(WRITER, tmp_path / "blank.pdf", 2))
    lost = intact.records.height - report.records.height
    assert lost > 0
    assert partial_in(report, "Section II") == [
        f"page 2 of 4 is empty: Section II's table is incomplete ({lost} rows not read)"
    ]


def test_a_page_dropped_from_the_page_tree(tmp_path: Path, intact: Report) -> None:
    report = parse_report(damage.drop_page(WRITER, tmp_path / "dropped.pdf", 2))
    lost = intact.records.height - report.records.height
    assert partial_in(report, "Section II") == [
        f"page 2 of 4 is missing: Section II's table is incomplete ({lost} rows not read)"
    ]
    assert "report: the pages are numbered 'of 4' but the file has 3" in map(
        str, report.diagnostics
    )


def test_the_last_page_dropped_shows_in_the_page_count(tmp_path: Path) -> None:
    report = parse_report(damage.drop_page(WRITER, tmp_path / "short.pdf", 4))
    # The cause is said once, root cause first: the last page is missing.
    assert [str(d) for d in report.diagnostics if d.cause] == [
        "page 4 of 4 is missing: Section III's table may be incomplete"
    ]
    assert "report: the pages are numbered 'of 4' but the file has 3" in map(
        str, report.diagnostics
    )
    assert not report.complete


@pytest.mark.parametrize(
    ("damaged", "cause"),
    [
        (damage.truncate_stream, "page 2 of 4 is cut short: Section II's table is incomplete"),
        (
            damage.flip_bytes,
            "page 2 of 4 is damaged (a content stream is corrupt): Section II's table is "
            "incomplete",
        ),
    ],
)
def test_a_damaged_content_stream(tmp_path: Path, intact: Report, damaged, cause: str) -> None:
    report = parse_report(damaged(WRITER, tmp_path / "damaged.pdf", 2))
    lines = partial_in(report, "Section II")
    assert any(line.startswith(cause) for line in lines), lines
    # Every row the copy lost is accounted for by the diagnostics.
    missing = sum(d.rows or 0 for d in report.diagnostics if d.section == "Section II")
    assert report.records.height + missing == intact.records.height


def test_a_row_count_that_disagrees_with_the_report(tmp_path: Path) -> None:
    # Without page numbers, only the count Section II states shows a page is gone.
    report = parse_report(damage.drop_page(CHROMIUM, tmp_path / "dropped.pdf", 2))
    lost = 48 - report.records.height
    assert partial_in(report, "Section II") == [
        f"Section II: {lost} rows not read (the text on page 1 states 48 declined detainers; "
        f"the table has {report.records.height} rows)"
    ]


def test_fewer_rows_than_lines_that_begin_one(tmp_path: Path) -> None:
    # An unruled table whose row has its dates printed in the wrong column: the line begins a
    # row, but no row is read from it (its cells run into the row above).
    spec = small_report(41, Layout(ruling="none"), records=12, policies=2)
    spec = replace(
        spec,
        unreadable_cells={
            (5, "issued"): "",
            (5, "declined"): "",
            (5, "state"): "",
            (5, "offences"): "1/2/2016 2/1/2017",
        },
    )
    report = parse_report(render(spec, tmp_path / "shifted.pdf").path)
    (line,) = partial_in(report, "Section II")
    assert line.startswith("Section II: 1 row not read (12 lines begin a row but 11 rows")


def test_export_refuses_a_scanned_report_unless_partial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scanned = FIXTURES / "writer-liberation-serif-scanned.pdf"
    out = tmp_path / "records.json"
    # The second export reads the first one's cache entry: the partial read stays partial.
    common = ["export", str(scanned), "--format", "json"]
    assert main([*common, "--table", "records", "-o", str(out)]) == 1
    assert not out.exists()
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        f"detainer-tui: warning: {scanned.name}: pages 2–3 of 6 have no text layer (scanned "
        "images?): Section II's table is incomplete (58 rows not read)"
    )
    assert "read only in part; not exported" in lines[1]

    out = tmp_path / "reports.json"
    assert main([*common, "--table", "reports", "--partial", "-o", str(out)]) == 0
    assert capsys.readouterr().err.splitlines() == lines[:1]
    (row,) = json.loads(out.read_text())
    assert row[schema.COMPLETE] is False
    assert row[schema.DECLINED_COUNT] == 56


def test_a_partial_read_stays_partial_through_the_cache(tmp_path: Path) -> None:
    from detainer_tui.store.cache import ReportCache

    report = parse_report(FIXTURES / "writer-liberation-serif-scanned.pdf")
    cache = ReportCache(tmp_path / "cache")
    cache.put(report)
    again = cache.get(report.sha256)
    assert again is not None
    assert not again.complete
    assert again.diagnostics == report.diagnostics
    assert again.section_status() == report.section_status()


# Section I's text states what the listed jurisdictions got ("157 to these ten
# jurisdictions"): its table printed with a row fewer, a smaller count, or a row more.
_LISTED = listed_sentence(RANKINGS)  # 1,279 detainers to four jurisdictions
_SMALLER = (*RANKINGS[:3], replace(RANKINGS[3], count=5))


@pytest.mark.parametrize(
    ("rankings", "sentence", "expected", "partial"),
    [
        (
            RANKINGS[:3],
            _LISTED,
            "Section I: 1 row not read (the text on page 1 states 1,279 detainers to 4 "
            "jurisdictions; the table has 3 rows adding up to 1,270)",
            True,
        ),
        (
            _SMALLER,
            _LISTED,
            "Section I: detainers issued not all read (the text on page 1 states 1,279 "
            "detainers to 4 jurisdictions; the table has 4 rows adding up to 1,275)",
            True,
        ),
        (
            RANKINGS,
            listed_sentence(RANKINGS[:3]),
            "Section I: the text on page 1 states 1,270 detainers to 3 jurisdictions; the "
            "table has 4 rows adding up to 1,279",
            False,
        ),
    ],
    ids=["a-row-fewer", "a-smaller-count", "a-row-more"],
)
def test_section_one_against_the_figures_its_text_states(
    tmp_path: Path, rankings: tuple, sentence: str, expected: str, partial: bool
) -> None:
    spec = small_report(42, Layout(combined_place=True), records=3, policies=1)
    spec = replace(spec, rankings=rankings, listed_sentence=sentence)
    report = parse_report(render(spec, tmp_path / "section-one.pdf").path)
    assert report.rankings.height == len(rankings)
    (diagnostic,) = report.diagnostics
    assert (str(diagnostic), diagnostic.partial, report.complete) == (
        expected,
        partial,
        not partial,
    )
    assert (diagnostic.section, diagnostic.pages) == ("Section I", (1,))
    (status,) = [s for s in report.section_status() if s.section == "Section I"]
    if partial:
        assert status.rows_expected == (4 if len(rankings) == 3 else None)
        assert status.pages == (1,)


@pytest.mark.parametrize(
    ("rankings", "sentence"),
    [(RANKINGS, _LISTED), (RANKINGS[:3], "")],
    ids=["figures-met", "no-figures-stated"],
)
def test_section_one_without_a_contradiction_is_complete(
    tmp_path: Path, rankings: tuple, sentence: str
) -> None:
    # Rows adding up to what the text states, or a text that states nothing of them (a
    # table of three rows then has nothing to be checked against).
    spec = small_report(42, Layout(combined_place=True), records=3, policies=1)
    spec = replace(spec, rankings=rankings, listed_sentence=sentence)
    report = parse_report(render(spec, tmp_path / "section-one.pdf").path)
    assert report.rankings.height == len(rankings)
    assert report.diagnostics == []
    assert report.complete
