"""The store: cache hits and misses, damaged and concurrent entries, inputs, library opens."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from detainer_tui import export, paths, schema
from detainer_tui.errors import DetainerError, UnreadableReport
from detainer_tui.report import Diagnostic, Report
from detainer_tui.store import (
    CacheUnavailable,
    MissingInput,
    ReportCache,
    file_sha256,
    is_warning,
    iter_load,
    load,
    resolve_open,
)
from detainer_tui.store.cache import MANIFEST
from detainer_tui.store.exports import read_export
from detainer_tui.store.library import Library

START, END = dt.date(2017, 1, 28), dt.date(2017, 2, 3)


# -- fixtures -----------------------------------------------------------------------------
def fake_pdf(path: Path, content: str) -> Path:
    """A file the parser would reject, so loading it can only succeed from the cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"%PDF-1.4 not really a PDF: {content}".encode())
    return path


def build_report(path: Path, start: dt.date = START, end: dt.date = END) -> Report:
    """A report keyed by ``path``'s bytes, with the awkward values real reports contain."""
    sha = file_sha256(path)
    period = {
        schema.REPORT_START: [start] * 2,
        schema.REPORT_END: [end] * 2,
        schema.SHA256: [sha] * 2,
    }
    return Report(
        reports=pl.DataFrame(
            {
                schema.SOURCE_FILE: [path.name],
                schema.SHA256: [sha],
                schema.REPORT_START: [start],
                schema.REPORT_END: [end],
                schema.PAGES: [35],
                schema.DETAINERS_ISSUED_TOTAL: [3083],
                schema.DECLINED_COUNT: [2],
                schema.PARSER_VERSION_COL: [schema.PARSER_VERSION],
                schema.COMPLETE: [True],
            },
            schema=schema.REPORTS,
        ),
        rankings=pl.DataFrame(
            {
                **period,
                schema.RANK: [1, 2],
                schema.JURISDICTION: ["Clark County", "Doña Ana County"],
                schema.STATE: ["NV", "NM"],
                schema.DETAINERS_ISSUED: [51, 38],
            },
            schema=schema.RANKINGS,
        ),
        records=pl.DataFrame(
            {
                **period,
                schema.STATE: ["TX", "MD"],
                schema.JURISDICTION: ["Travis County", "Prince George's County"],
                schema.FACILITY: ["Travis County Jail", None],
                schema.CITIZENSHIP: ["Korea, South", "Congo, Democratic Republic of the"],
                schema.CRIMINAL_ACTIVITY: [
                    ["Assault", "Obstructing Judiciary, Congress, Legislature, Etc."],
                    [],
                ],
                schema.DETAINER_ISSUED: [dt.date(2010, 3, 9), dt.date(2017, 1, 30)],
                schema.DETAINER_DECLINED: [dt.date(2017, 2, 1), None],
                schema.SOURCE_PAGE: [3, 4],
            },
            schema=schema.RECORDS,
        ),
        policies=pl.DataFrame(
            {
                **period,
                schema.STATE: ["CA", "OR"],
                schema.JURISDICTION: ["Santa Clara County", "Oregon"],
                schema.POLICY_TYPE: ["Ordinance", "Law"],
                schema.POLICY: [
                    'Board Policy § 3.54 "shall not honor"; adopted 10/18/2011',
                    "ORS 181A.820",
                ],
                schema.SOURCE_PAGE: [20, 21],
            },
            schema=schema.POLICIES,
        ),
        diagnostics=[Diagnostic("row without a declined date", 4, "Section II")],
    )


def assert_same(actual: Report, expected: Report, *, ignore_source: bool = False) -> None:
    for name in schema.TABLES:
        left, right = actual.table(name), expected.table(name)
        if ignore_source and name == "reports":
            left, right = left.drop(schema.SOURCE_FILE), right.drop(schema.SOURCE_FILE)
        assert left.schema == right.schema, name
        assert left.equals(right), (name, left.to_dicts()[:3], right.to_dicts()[:3])


def reports_of(items: list) -> list[Report]:
    return [item for item in items if isinstance(item, Report)]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` unwritable for this process, even when running as root."""
    folder.chmod(0o555)
    immutable = False
    try:
        probe = folder / ".probe"
        try:
            probe.write_bytes(b"")
        except OSError:
            pass
        else:
            # Root ignores permission bits; the immutable attribute binds root too.
            probe.unlink()
            immutable = (
                subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
            )
            if not immutable:
                pytest.skip("cannot make a folder read-only here")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


# -- the cache itself ---------------------------------------------------------------------
def test_cache_round_trip_keeps_every_frame_and_diagnostic(tmp_path: Path) -> None:
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    cache = ReportCache()
    entry = cache.put(report)
    assert entry.parent == paths.report_cache_dir()
    assert sorted(p.name for p in entry.iterdir()) == [
        "diagnostics.arrow",
        MANIFEST,
        "policies.arrow",
        "rankings.arrow",
        "records.arrow",
        "reports.arrow",
    ]
    back = cache.get(report.sha256)
    assert back is not None
    assert_same(back, report)
    assert back.diagnostics == report.diagnostics


def test_cache_lives_under_the_platform_cache_dir(tmp_path: Path) -> None:
    ReportCache().put(build_report(fake_pdf(tmp_path / "a.pdf", "a")))
    cache_home = Path(os.environ["XDG_CACHE_HOME"])
    assert list(cache_home.glob("detainer-tui/reports/*/manifest.json"))


def test_cache_hit_after_rename(tmp_path: Path) -> None:
    original = fake_pdf(tmp_path / "week-1.pdf", "a")
    report = build_report(original)
    ReportCache().put(report)
    (tmp_path / "elsewhere").mkdir()
    renamed = original.rename(tmp_path / "elsewhere" / "renamed.pdf")

    items = list(iter_load(resolve_open([renamed])))

    # The bytes are not a PDF: a parse would fail, so a report can only come from the cache.
    [loaded] = items
    assert isinstance(loaded, Report)
    assert_same(loaded, report, ignore_source=True)
    assert loaded.source_file == renamed.name


def test_parser_version_change_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    ReportCache().put(report)
    assert ReportCache().get(report.sha256) is not None
    monkeypatch.setattr(schema, "PARSER_VERSION", "2-test")
    newer = ReportCache()
    assert newer.get(report.sha256) is None
    # Old entries stay until cleared, counted as stale.
    assert newer.info().entries == 1
    assert newer.info().stale_entries == 1


def test_truncated_cache_file_is_discarded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    cache = ReportCache()
    entry = cache.put(report)
    records = entry / "records.arrow"
    records.write_bytes(records.read_bytes()[: records.stat().st_size // 2])

    with caplog.at_level(logging.INFO, logger="detainer_tui.store.cache"):
        assert cache.get(report.sha256) is None
    assert "damaged cache entry" in caplog.text
    assert not entry.exists()

    cache.put(report)
    rebuilt = cache.get(report.sha256)
    assert rebuilt is not None
    assert_same(rebuilt, report)


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: (entry / MANIFEST).write_text("{not json"),
        lambda entry: (entry / MANIFEST).unlink(),
        lambda entry: (entry / "policies.arrow").unlink(),
        lambda entry: (entry / "rankings.arrow").write_bytes(b"ARROW1" + b"\0" * 64 + b"ARROW1"),
    ],
    ids=["bad-manifest", "no-manifest", "missing-file", "garbage-arrow"],
)
def test_damaged_entry_is_a_miss_not_an_error(tmp_path: Path, damage) -> None:
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    cache = ReportCache()
    damage(cache.put(report))
    assert cache.get(report.sha256) is None
    assert not cache.entry_dir(report.sha256).exists()


def test_an_entry_of_an_earlier_format_is_a_miss_and_is_rebuilt(tmp_path: Path) -> None:
    """An entry the explorer wrote before the cache held Arrow IPC (format 1: Parquet, under
    the same folder name) is parsed again, not read as damaged data."""
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    cache = ReportCache()
    entry = cache.put(report)
    manifest = json.loads((entry / MANIFEST).read_text())
    listed = {}
    for name in ("reports", "rankings", "records", "policies", "diagnostics"):
        frame = pl.read_ipc(entry / f"{name}.arrow", memory_map=False)
        (entry / f"{name}.arrow").unlink()
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        (entry / f"{name}.parquet").write_bytes(buffer.getvalue())
        listed[f"{name}.parquet"] = {
            "bytes": len(buffer.getvalue()),
            "sha256": hashlib.sha256(buffer.getvalue()).hexdigest(),
        }
    (entry / MANIFEST).write_text(json.dumps({**manifest, "format": 1, "files": listed}))

    assert cache.info().stale_entries == 1  # listed as never to be read again
    assert cache.get(report.sha256) is None
    assert not entry.exists()
    cache.put(report)
    assert cache.info().stale_entries == 0
    again = cache.get(report.sha256)
    assert again is not None
    assert_same(again, report)
    assert (entry / "records.arrow").read_bytes()[:6] == b"ARROW1"


def test_same_size_corruption_is_detected(tmp_path: Path) -> None:
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    cache = ReportCache()
    records = cache.put(report) / "records.arrow"
    data = bytearray(records.read_bytes())
    data[len(data) // 2] ^= 0xFF
    records.write_bytes(bytes(data))
    assert cache.get(report.sha256) is None


_WRITER = """
import sys, time
from pathlib import Path
from detainer_tui.store.cache import ReportCache
staging, sha, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
report = ReportCache(root=staging).get(sha)
while not go.exists():
    time.sleep(0.001)
ReportCache().put(report)
"""


def test_two_processes_writing_the_same_entry(tmp_path: Path) -> None:
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    staging = tmp_path / "staging"
    ReportCache(root=staging).put(report)
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(staging), report.sha256, str(go)],
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    go.touch()
    for writer in writers:
        _out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err.decode()

    cache = ReportCache()
    assert [p.name for p in cache.root.iterdir()] == [cache.entry_dir(report.sha256).name]
    back = cache.get(report.sha256)
    assert back is not None
    assert_same(back, report)


def test_read_only_cache_still_serves_hits(tmp_path: Path) -> None:
    pdf = fake_pdf(tmp_path / "a.pdf", "a")
    report = build_report(pdf)
    cache = ReportCache()
    cache.put(report)
    with read_only(cache.root):
        [loaded] = list(iter_load(resolve_open([pdf])))
        assert isinstance(loaded, Report)
        assert_same(loaded, report)
        with pytest.raises(OSError):
            cache.put(build_report(fake_pdf(tmp_path / "b.pdf", "b")))


def test_cache_info_and_clear(tmp_path: Path) -> None:
    cache = ReportCache()
    assert cache.info().entries == 0
    for name in ("a", "b", "c"):
        cache.put(build_report(fake_pdf(tmp_path / f"{name}.pdf", name)))
    info = cache.info()
    assert (info.location, info.entries) == (paths.report_cache_dir(), 3)
    assert info.size_bytes > 0
    removed, freed = cache.clear()
    assert (removed, freed) == (3, info.size_bytes)
    assert cache.info().entries == 0


# -- opening: what, in which order, and what is said about it -----------------------------
def test_missing_path_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(MissingInput) as caught:
        resolve_open([tmp_path / "nope.pdf"])
    assert str(caught.value) == f"{tmp_path / 'nope.pdf'}: no such file or folder"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(MissingInput, match="contains no PDF files"):
        resolve_open([empty])


def test_folder_opens_its_pdfs_recursively_in_a_stable_order(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    for name in ("b.pdf", "a/z.PDF", "a/b/c.pdf", "c.pdf", "notes.txt", "a.csv.bak"):
        fake_pdf(folder / name, name)
    request = resolve_open([folder])
    assert [i.path.relative_to(folder).as_posix() for i in request.inputs] == [
        "a/b/c.pdf",
        "a/z.PDF",
        "b.pdf",
        "c.pdf",
    ]
    assert request.origin == "4 files"
    # The same file named twice is one input.
    again = resolve_open([folder / "b.pdf", folder, folder / "b.pdf"])
    assert len(again.inputs) == 4


def test_same_bytes_twice_load_once(tmp_path: Path) -> None:
    first = fake_pdf(tmp_path / "a.pdf", "same")
    copy = fake_pdf(tmp_path / "copy of a.pdf", "same")
    ReportCache().put(build_report(first))
    result = load(resolve_open([first, copy]))
    assert result.problems == []
    [report] = result.reports
    assert any(str(copy) in d.message for d in report.diagnostics)
    assert len(Library.load()) == 1


def test_same_period_different_files_are_flagged_as_revisions(tmp_path: Path) -> None:
    first = fake_pdf(tmp_path / "a.pdf", "first printing")
    second = fake_pdf(tmp_path / "b.pdf", "corrected printing")
    other_week = fake_pdf(tmp_path / "c.pdf", "next week")
    cache = ReportCache()
    cache.put(build_report(first))
    cache.put(build_report(second))
    cache.put(build_report(other_week, dt.date(2017, 2, 4), dt.date(2017, 2, 10)))

    reports = load(resolve_open([first, second, other_week])).reports
    assert len(reports) == 3
    by_file = {r.source_file: r for r in reports}
    assert any(
        "b.pdf" in d.message and "revision" in d.message for d in by_file["a.pdf"].diagnostics
    )
    assert any(
        "a.pdf" in d.message and "revision" in d.message for d in by_file["b.pdf"].diagnostics
    )
    assert not any("revision" in d.message for d in by_file["c.pdf"].diagnostics)
    library = Library.load()
    assert len(library) == 3
    assert sorted(len(v) for v in library.revisions().values()) == [1, 1]


def test_progress_reaches_one(tmp_path: Path) -> None:
    pdfs = [fake_pdf(tmp_path / f"{n}.pdf", n) for n in "abc"]
    for pdf in pdfs:
        ReportCache().put(build_report(pdf))
    seen: list[tuple[float, str]] = []
    load(resolve_open(pdfs), progress=lambda fraction, message: seen.append((fraction, message)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in fractions)


def test_remember_false_leaves_the_library_alone(tmp_path: Path) -> None:
    pdf = fake_pdf(tmp_path / "a.pdf", "a")
    ReportCache().put(build_report(pdf))
    assert len(load(resolve_open([pdf], remember=False)).reports) == 1
    assert not paths.library_file().exists()


def test_no_paths_opens_the_library(tmp_path: Path) -> None:
    pdfs = [fake_pdf(tmp_path / f"{n}.pdf", n) for n in "ab"]
    for pdf in pdfs:
        ReportCache().put(build_report(pdf))
    load(resolve_open(pdfs))
    request = resolve_open([])
    assert request.origin == "library (2 reports)"
    assert [i.path for i in request.inputs] == pdfs
    assert len(load(request).reports) == 2


def test_no_paths_and_empty_library_opens_the_samples() -> None:
    samples = sorted(paths.sample_reports_dir().rglob("*.pdf"))
    if not samples:
        pytest.skip("no bundled samples in this checkout")
    request = resolve_open([])
    assert request.samples
    assert request.origin == "bundled samples (library empty)"
    assert [i.path for i in request.inputs] == samples
    assert not request.remember


# -- library files that moved or changed --------------------------------------------------
def test_moved_library_file_loads_from_the_cache(tmp_path: Path) -> None:
    pdf = fake_pdf(tmp_path / "a.pdf", "a")
    report = build_report(pdf)
    ReportCache().put(report)
    load(resolve_open([pdf]))
    pdf.unlink()

    result = load(resolve_open([]))
    assert result.problems == []
    [loaded] = result.reports
    assert_same(loaded, report)
    assert any("moved or deleted" in d.message for d in loaded.diagnostics)
    # Still in the library, at its old path, waiting to be found again.
    assert [e.path for e in Library.load()] == [pdf]


def test_moved_library_file_not_in_cache_is_reported_not_dropped(tmp_path: Path) -> None:
    pdf = fake_pdf(tmp_path / "a.pdf", "a")
    ReportCache().put(build_report(pdf))
    load(resolve_open([pdf]))
    pdf.unlink()
    ReportCache().clear()

    result = load(resolve_open([]))
    assert result.reports == []
    [problem] = result.problems
    assert isinstance(problem, UnreadableReport)
    assert str(pdf) in str(problem) and "moved" in str(problem)
    assert len(Library.load()) == 1


def test_moved_file_opened_at_its_new_place_updates_the_library(tmp_path: Path) -> None:
    pdf = fake_pdf(tmp_path / "a.pdf", "a")
    ReportCache().put(build_report(pdf))
    load(resolve_open([pdf]))
    moved = pdf.rename(tmp_path / "b.pdf")
    load(resolve_open([moved]))
    [entry] = Library.load()
    assert entry.path == moved


def test_changed_library_file_is_read_again(tmp_path: Path) -> None:
    pdf = fake_pdf(tmp_path / "a.pdf", "first")
    ReportCache().put(build_report(pdf))
    load(resolve_open([pdf]))
    fake_pdf(pdf, "second")
    # The new content is already cached, so this needs no parser; the parse-path test
    # below covers a real re-parse.
    changed = build_report(pdf, dt.date(2017, 2, 4), dt.date(2017, 2, 10))
    ReportCache().put(changed)

    [loaded] = load(resolve_open([])).reports
    assert_same(loaded, changed)
    assert any("changed since it was added" in d.message for d in loaded.diagnostics)
    [entry] = Library.load()
    assert (entry.sha256, entry.report_start) == (changed.sha256, dt.date(2017, 2, 4))


# -- re-opening exports -------------------------------------------------------------------
def _export_as(frame: pl.DataFrame, path: Path) -> None:
    export.write_frame(frame, path.suffix[1:], path)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
@pytest.mark.parametrize("table", list(schema.TABLES))
def test_export_reopens_as_the_same_table(tmp_path: Path, table: str, fmt: str) -> None:
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    path = tmp_path / f"{table}.{fmt}"
    _export_as(report.table(table), path)

    [reopened] = load(resolve_open([path])).reports
    frame = reopened.table(table)
    assert frame.schema == report.table(table).schema
    assert frame.equals(report.table(table))
    assert not paths.library_file().exists()  # exports are not library entries


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
def test_samples_expected_tables_survive_the_cache_and_every_export(
    sample_paths: list[Path], tmp_path: Path, fmt: str
) -> None:
    from ddorgen import load_expected

    assert sample_paths
    for pdf in sample_paths:
        report = Report(**load_expected(pdf))
        cache = ReportCache()
        cache.put(report)
        cached = cache.get(report.sha256)
        assert cached is not None
        assert_same(cached, report)
        for table in schema.TABLES:
            path = tmp_path / f"{pdf.stem}-{table}.{fmt}"
            _export_as(report.table(table), path)
            [reopened] = read_export(path)
            assert reopened.table(table).equals(report.table(table)), (pdf.name, table)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
def test_export_of_several_reports_comes_back_one_per_period(tmp_path: Path, fmt: str) -> None:
    week1 = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    week2 = build_report(
        fake_pdf(tmp_path / "b.pdf", "b"), dt.date(2017, 2, 4), dt.date(2017, 2, 10)
    )
    path = tmp_path / f"records.{fmt}"
    _export_as(pl.concat([week1.records, week2.records]), path)

    reports = read_export(path)
    assert [r.records.equals(w.records) for r, w in zip(reports, (week1, week2), strict=True)] == [
        True,
        True,
    ]
    assert len({r.sha256 for r in reports}) == 2


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
def test_export_of_the_wrong_shape_lists_missing_columns(tmp_path: Path, fmt: str) -> None:
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    path = tmp_path / f"partial.{fmt}"
    _export_as(report.records.drop(schema.FACILITY, schema.SOURCE_PAGE), path)
    result = load(resolve_open([path]))
    [problem] = result.problems
    assert str(problem).startswith(f"{path}: ")
    assert f"{schema.FACILITY}, {schema.SOURCE_PAGE}" in str(problem)


def test_export_with_bad_values_names_the_column(tmp_path: Path) -> None:
    path = tmp_path / "rankings.csv"
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    frame = report.rankings.with_columns(pl.lit("many").alias(schema.DETAINERS_ISSUED))
    frame.write_csv(path)
    with pytest.raises(UnreadableReport, match=schema.DETAINERS_ISSUED):
        read_export(path)


def test_unreadable_export_does_not_stop_the_others(tmp_path: Path) -> None:
    good = fake_pdf(tmp_path / "a.pdf", "a")
    ReportCache().put(build_report(good))
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 truncated")
    result = load(resolve_open([broken, good]))
    assert len(result.reports) == 1
    [problem] = result.problems
    assert isinstance(problem, DetainerError) and str(problem).startswith(str(broken))


# -- with the real parser -----------------------------------------------------------------
# Small reports drawn by the generator: each parses in a fraction of a second, so the tests
# below can go through the parser as often as they need to.
@pytest.fixture(scope="module")
def small_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two small, different DDOR PDFs."""
    from ddorgen.variants import render, variant_specs

    folder = tmp_path_factory.mktemp("small")
    specs = [(name, spec) for name, spec in variant_specs() if spec.records][:2]
    return [Path(render(spec, folder / f"{name}.pdf", "reportlab").path) for name, spec in specs]


@pytest.fixture(scope="module")
def parsed(
    small_pdfs: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Report, Path]:
    """The first small PDF parsed once for this module: (pdf, report, its cache entry).

    Parsed without touching any user folder (no cache, no library); the entry is written to a
    private cache root that tests copy into their own cache to start warm.
    """
    pdf = small_pdfs[0]
    [report] = load(resolve_open([pdf], use_cache=False, remember=False)).reports
    entry = ReportCache(root=tmp_path_factory.mktemp("parsed")).put(report)
    return pdf, report, entry


def warm_cache(entry: Path) -> Path:
    """Copy a parsed entry into this test's cache; returns the copy."""
    target = paths.report_cache_dir() / entry.name
    shutil.copytree(entry, target)
    return target


def test_cold_parse_writes_the_cache_and_the_cached_open_is_identical(
    small_pdfs: list[Path],
) -> None:
    pdf = small_pdfs[0]
    [cold] = load(resolve_open([pdf])).reports
    assert ReportCache().contains(cold.sha256)
    assert [e.sha256 for e in Library.load()] == [cold.sha256]
    [warm] = load(resolve_open([pdf])).reports
    assert_same(warm, cold)
    assert warm.diagnostics == cold.diagnostics


def test_truncated_entry_is_rebuilt_with_identical_output(parsed) -> None:
    pdf, report, entry = parsed
    records = warm_cache(entry) / "records.arrow"
    records.write_bytes(records.read_bytes()[: records.stat().st_size // 2])
    result = load(resolve_open([pdf]))
    assert result.problems == []
    [again] = result.reports
    assert_same(again, report)
    assert again.diagnostics == report.diagnostics
    rebuilt = ReportCache().get(report.sha256)
    assert rebuilt is not None
    assert_same(rebuilt, report)


def test_parser_version_change_parses_again(parsed, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf, report, entry = parsed
    warm_cache(entry)
    monkeypatch.setattr(schema, "PARSER_VERSION", "2-test")
    [again] = load(resolve_open([pdf])).reports
    assert ReportCache().info().entries == 2
    assert ReportCache().contains(again.sha256)
    for name in ("rankings", "records", "policies"):
        assert again.table(name).equals(report.table(name))


def test_real_pdf_renamed_is_a_cache_hit(parsed, tmp_path: Path) -> None:
    pdf, report, entry = parsed
    warm_cache(entry)
    renamed = tmp_path / "renamed.pdf"
    shutil.copyfile(pdf, renamed)
    [warm] = load(resolve_open([renamed])).reports
    assert_same(warm, report, ignore_source=True)
    assert warm.source_file == renamed.name


def test_read_only_cache_parses_with_one_warning(small_pdfs: list[Path]) -> None:
    root = paths.report_cache_dir()
    root.mkdir(parents=True)
    with read_only(root):
        items = list(iter_load(resolve_open(small_pdfs)))
    warnings = [i for i in items if isinstance(i, DetainerError)]
    assert len(reports_of(items)) == 2
    assert len(warnings) == 1 and isinstance(warnings[0], CacheUnavailable)
    assert is_warning(warnings[0])


def test_no_cache_neither_reads_nor_writes_the_cache(parsed) -> None:
    pdf, report, entry = parsed
    copy = warm_cache(entry)
    # A damaged entry would be discarded if the cache were read; --no-cache must not look.
    (copy / "records.arrow").write_bytes(b"")
    [again] = load(resolve_open([pdf], use_cache=False)).reports
    assert_same(again, report)
    assert (copy / "records.arrow").read_bytes() == b""
    assert [p.name for p in paths.report_cache_dir().iterdir()] == [entry.name]


def test_changed_library_file_is_parsed_again(
    parsed, small_pdfs: list[Path], tmp_path: Path
) -> None:
    pdf, report, entry = parsed
    warm_cache(entry)
    replacement = small_pdfs[1]
    copy = tmp_path / "report.pdf"
    shutil.copyfile(pdf, copy)
    load(resolve_open([copy]))
    shutil.copyfile(replacement, copy)
    [again] = load(resolve_open([])).reports
    assert again.sha256 == file_sha256(replacement)
    assert again.sha256 != report.sha256
    assert any("changed since it was added" in d.message for d in again.diagnostics)
    assert ReportCache().contains(again.sha256)


def test_unreadable_pdf_does_not_stop_the_others(parsed, tmp_path: Path) -> None:
    pdf, _report, entry = parsed
    warm_cache(entry)
    html = tmp_path / "download.pdf"
    html.write_text("<html><body>404</body></html>")
    result = load(resolve_open([html, pdf]))
    assert len(result.reports) == 1
    [problem] = result.problems
    assert isinstance(problem, UnreadableReport) and problem.path == html


def test_cached_reports_arrive_before_any_parse(parsed, small_pdfs: list[Path]) -> None:
    pdf, _report, entry = parsed
    warm_cache(entry)
    cold = small_pdfs[1]
    events: list[str] = []
    for item in iter_load(
        resolve_open([cold, pdf]), progress=lambda _f, message: events.append(message)
    ):
        assert isinstance(item, Report)
        events.append(f"yield {item.source_file}")
    first_parse = next(i for i, e in enumerate(events) if "page" in e)
    assert events.index(f"yield {pdf.name}") < first_parse
    assert events.index(f"yield {cold.name}") > first_parse


@pytest.mark.parametrize(
    ("name", "reason"),
    [("x" * 300 + ".pdf", "File name too long"), ("~no-such-user-ddor/x.pdf", "home directory")],
)
def test_unopenable_path_is_a_one_line_error(name: str, reason: str) -> None:
    with pytest.raises(MissingInput) as caught:
        resolve_open([Path(name)])
    message = str(caught.value)
    assert message.startswith(f"{name}: cannot be opened (") and reason in message
    assert "\n" not in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root may search any folder")
def test_folder_that_cannot_be_searched_is_a_one_line_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        with pytest.raises(MissingInput, match="cannot be opened \\(Permission denied\\)"):
            resolve_open([locked / "a.pdf"])
    finally:
        locked.chmod(0o700)


def test_export_hash_comes_from_the_bytes_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = build_report(fake_pdf(tmp_path / "a.pdf", "a"))
    path = tmp_path / "records.csv"
    _export_as(report.records, path)
    expected = read_export(path)[0].sha256
    real_read_csv = pl.read_csv

    def read_then_vanish(*args: object, **kwargs: object) -> pl.DataFrame:
        # The file disappears just after it was read (another program moved it).
        frame = real_read_csv(*args, **kwargs)
        path.unlink(missing_ok=True)
        return frame

    monkeypatch.setattr(pl, "read_csv", read_then_vanish)
    [reopened] = read_export(path)
    assert reopened.sha256 == expected
