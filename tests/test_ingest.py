"""Parsing DDOR PDFs: the bundled samples and every layout variant, with both renderers."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import polars as pl
import pytest
from ddorgen import load_expected
from ddorgen.bad_inputs import partial_report
from ddorgen.expected import expected_tables
from ddorgen.variants import render, variant_specs
from polars.testing import assert_frame_equal

from detainer_tui import schema
from detainer_tui.ingest import parse_report, pdf
from detainer_tui.report import Report

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "sample_reports").glob("*.pdf"))
VARIANTS = dict(variant_specs())
ENGINES = ("reportlab", "fpdf")


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small report of several pages: quick to parse as often as a test needs."""
    name, spec = max(VARIANTS.items(), key=lambda item: len(item[1].records))
    return Path(render(spec, tmp_path_factory.mktemp("small") / f"{name}.pdf", "reportlab").path)


@pytest.fixture(scope="module")
def small_read(small_pdf: Path) -> tuple[Report, list[tuple[int, int]]]:
    """``small_pdf`` as read in this process (its path given as text), and the progress it
    reported: shared by the tests that check a read against it. Read it, never change it."""
    calls: list[tuple[int, int]] = []
    report = parse_report(str(small_pdf), progress=lambda done, total: calls.append((done, total)))
    return report, calls


def assert_report_equal(report: Report, expected: dict[str, pl.DataFrame]) -> None:
    """Every table equal to the expected one, cell for cell."""
    for name in schema.TABLES:
        assert_frame_equal(report.table(name), expected[name], check_exact=True)


def test_samples_exist() -> None:
    assert len(SAMPLES) >= 3


# Both tests below read the samples through ``parse_sample``, which parses each once per test
# process: one group keeps them in one process (``make test`` runs ``--dist loadgroup``).
@pytest.mark.xdist_group("sample-parses")
@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_parses_to_expected_tables(path: Path, parse_sample) -> None:
    report = parse_sample(path)
    assert_report_equal(report, load_expected(path))
    assert report.diagnostics == []
    assert report.synthetic  # its first page says it is not an ICE publication


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_parses_to_expected_tables(name: str, engine: str, tmp_path: Path) -> None:
    spec = VARIANTS[name]
    rendered = render(spec, tmp_path / f"{name}.pdf", engine)
    report = parse_report(rendered.path)
    assert_report_equal(report, expected_tables(spec, rendered))
    if spec.records:
        assert report.diagnostics == []
    else:
        assert [(d.section, d.message) for d in report.diagnostics] == [
            ("Section II", "the table has no rows")
        ]


def test_partly_unreadable_report_loads_with_diagnostics(tmp_path: Path) -> None:
    partial = partial_report(tmp_path)
    report = parse_report(partial.path)
    assert_report_equal(report, partial.expected)
    # One diagnostic per cause (an unreadable date, an empty date), each naming its rows' pages.
    assert len(report.diagnostics) == len(partial.skipped)
    for diagnostic, skipped in zip(report.diagnostics, partial.skipped, strict=True):
        assert diagnostic.section == f"Section {skipped.section}"
        assert diagnostic.pages == (skipped.page,)
        assert diagnostic.message.startswith("1 row not read")
        assert diagnostic.partial and diagnostic.rows == 1
    assert "13/45/2017" in report.diagnostics[0].message
    assert not report.complete
    assert report.reports.item(0, schema.COMPLETE) is False


def test_report_row_identifies_the_file(small_pdf: Path, small_read) -> None:
    path = small_pdf
    report, _ = small_read
    assert report.source_file == path.name
    assert report.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    row = report.reports.row(0, named=True)
    assert row[schema.PARSER_VERSION_COL] == schema.PARSER_VERSION
    assert row[schema.DECLINED_COUNT] == report.records.height


@pytest.mark.xdist_group("sample-parses")
def test_tied_counts_share_a_rank_and_the_next_rank_skips(parse_sample) -> None:
    report = parse_sample(SAMPLES[0])  # the first edition
    # The first edition's Section I, as printed: two ties, each followed by a skipped rank.
    assert report.rankings[schema.DETAINERS_ISSUED].to_list() == [51, 38, 13, 12, 12, 9, 7, 5, 5, 5]
    assert report.rankings[schema.RANK].to_list() == [1, 2, 3, 4, 4, 6, 7, 8, 8, 8]


def test_progress_counts_every_page_in_order(small_read) -> None:
    report, calls = small_read
    pages = report.reports.item(0, schema.PAGES)
    assert calls[0] == (0, pages)
    assert calls[-1] == (pages, pages)
    assert all(total == pages for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def _assert_same(a: Report, b: Report) -> None:
    for name in schema.TABLES:
        assert_frame_equal(a.table(name), b.table(name))
    assert a.diagnostics == b.diagnostics


def test_parallel_and_in_process_reading_agree(
    small_pdf: Path, small_read, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "workers_for", lambda pages: 2)
    parallel = parse_report(small_pdf)
    _assert_same(small_read[0], parallel)


def test_pages_a_worker_fails_to_deliver_are_read_in_process(
    small_pdf: Path, small_read, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_pdf
    expected, _ = small_read

    def broken(indices: object) -> list[pdf.PageData]:
        raise RuntimeError("worker lost")

    monkeypatch.setattr(pdf, "workers_for", lambda pages: 2)
    monkeypatch.setattr(pdf, "_worker_read", broken)
    _assert_same(parse_report(path), expected)


def test_parsing_from_a_background_thread(small_pdf: Path, small_read) -> None:
    """The explorer parses in a thread: no forking there, progress on that thread."""
    path = small_pdf
    expected, _ = small_read
    threads: set[str] = set()
    workers: list[int] = []
    reports: list[Report] = []

    def progress(done: int, total: int) -> None:
        threads.add(threading.current_thread().name)

    def work() -> None:
        workers.append(pdf.workers_for(100))
        reports.append(parse_report(path, progress=progress))

    thread = threading.Thread(target=work, name="loader")
    thread.start()
    thread.join()
    assert workers == [1]
    assert threads == {"loader"}
    _assert_same(reports[0], expected)
