"""Damaged state is rebuilt or set aside with one line, never left broken: cache entries whose
manifest is not one, an entry folder replaced by a file, cache folders this user may not read,
library files that are not libraries; ``library list`` stays linear and ``library add`` on a
damaged library says so once.

Permissions do not bind root, so where they matter the commands run as another user
(``as_user``): as ``nobody`` when the tests run as root, as the user running them otherwise.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ddorgen.model import Layout
from ddorgen.render import render
from ddorgen.variants import small_report

from detainer_tui import paths
from detainer_tui.cli import main
from detainer_tui.report import Report
from detainer_tui.store import ReportCache, iter_load, resolve_open
from detainer_tui.store.cache import MANIFEST
from detainer_tui.store.library import Library, LibraryRecovered

NOBODY = 65534
LAZY_IMPORTS = (
    "concurrent.futures.process",
    "multiprocessing.connection",
    "multiprocessing.popen_fork",
    "detainer_tui.export",
    "detainer_tui.ingest",
    "detainer_tui.manage",
)
XDG = ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")


@pytest.fixture(scope="module")
def smalls(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Report]]:
    """Two small reports of different weeks and their tables (parsed once for the module)."""
    from detainer_tui.ingest import parse_report

    folder = tmp_path_factory.mktemp("small")
    made = []
    for seed, start in ((5, dt.date(2017, 3, 4)), (6, dt.date(2017, 3, 11))):
        end = start + dt.timedelta(days=6)
        period = f"{start:%b}. {start.day} – {end:%b}. {end.day}, {end.year}"
        spec = small_report(
            seed, Layout(ruling="grid"), start=start, end=end, period_text=period, records=6,
            policies=1,
        )  # fmt: skip
        pdf = Path(render(spec, folder / f"small-{seed}.pdf").path)
        made.append((pdf, parse_report(pdf)))
    return made


@pytest.fixture
def small(smalls: list[tuple[Path, Report]]) -> tuple[Path, Report]:
    """A small report and its tables."""
    return smalls[0]


def export_csv(pdf: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, list[str]]:
    """``export PDF --table records --format csv``: (status, stdout, stderr lines)."""
    status = main(["export", str(pdf), "--table", "records", "--format", "csv"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err.splitlines()


def records_csv(report: Report) -> str:
    """The records as ``export`` writes them (with their county codes)."""
    from detainer_tui.dataset import with_county_fips
    from detainer_tui.export import flatten_lists

    return flatten_lists(with_county_fips(report.records)).write_csv()


# -- cache entries ----------------------------------------------------------------------
DAMAGED_MANIFESTS = {
    "a list": b"[]",
    "a string": b'"x"',
    "deeply nested": b"[" * 200_000 + b"]" * 200_000,
    "not UTF-8": b"\xff\xfe\x00{",
    "files of the wrong shape": b'{"format": 1, "files": [1, 2]}',
    "a number too large": b'{"format": 1e400}',
}


@pytest.mark.parametrize("damage", list(DAMAGED_MANIFESTS))
def test_damaged_manifest_is_a_miss(damage: str, small: tuple[Path, Report]) -> None:
    _pdf, report = small
    cache = ReportCache()
    entry = cache.put(report)
    (entry / MANIFEST).write_bytes(DAMAGED_MANIFESTS[damage])
    assert cache.get(report.sha256) is None
    assert not entry.exists()  # discarded, ready to be written again


def test_damaged_manifest_is_rebuilt_by_the_next_export(
    small: tuple[Path, Report], capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, report = small
    entry = ReportCache().put(report)
    (entry / MANIFEST).write_text("[]")
    assert export_csv(pdf, capsys) == (0, records_csv(report), [])
    assert ReportCache().get(report.sha256) is not None
    assert json.loads((entry / MANIFEST).read_text())["sha256"] == report.sha256


def test_manifest_replaced_by_a_folder_is_a_miss(small: tuple[Path, Report]) -> None:
    _pdf, report = small
    entry = ReportCache().put(report)
    (entry / MANIFEST).unlink()
    (entry / MANIFEST).mkdir()
    assert ReportCache().get(report.sha256) is None


def test_entry_folder_replaced_by_a_file_is_rebuilt_without_a_warning(
    small: tuple[Path, Report],
) -> None:
    pdf, report = small
    cache = ReportCache()
    entry = cache.put(report)
    shutil.rmtree(entry)
    entry.write_text("not a folder")
    items = list(iter_load(resolve_open([pdf], remember=False)))
    assert [type(item) for item in items] == [Report]
    assert entry.is_dir() and cache.get(report.sha256) is not None


def test_damaged_entry_does_not_stop_the_explorer_loading_the_others(
    smalls: list[tuple[Path, Report]],
) -> None:
    """The explorer loads through ``iter_load``: every report still arrives."""
    cache = ReportCache()
    entries = [cache.put(report) for _pdf, report in smalls]
    (entries[0] / MANIFEST).write_text('{"format": 1, "sha256": [], "files": "x"}')
    items = list(iter_load(resolve_open([pdf for pdf, _report in smalls])))
    assert sorted(item.sha256 for item in items) == sorted(r.sha256 for _pdf, r in smalls)


# -- folders this user may not read -----------------------------------------------------
@pytest.fixture
def as_user(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Callable]]:
    """(folder, become): XDG folders in ``folder`` owned by an unprivileged user, and a
    context manager that runs its block as that user (as ``nobody`` when this is root)."""
    base = Path(tempfile.mkdtemp(prefix="detainer-tui-test-"))
    root = os.geteuid() == 0
    try:
        base.chmod(0o755)
        for var in XDG:
            (base / var).mkdir()
            monkeypatch.setenv(var, str(base / var))
        if root:
            for item in [base, *base.iterdir()]:
                os.chown(item, NOBODY, NOBODY)

        @contextlib.contextmanager
        def become() -> Iterator[None]:
            if not root:
                yield
                return
            # Python itself may be installed where that user cannot read (under /root):
            # what the commands import on first use is imported now.
            for module in LAZY_IMPORTS:
                importlib.import_module(module)
            groups = os.getgroups()
            os.setgroups([])
            os.setegid(NOBODY)
            os.seteuid(NOBODY)
            try:
                yield
            finally:
                os.seteuid(0)
                os.setegid(0)
                os.setgroups(groups)

        yield base, become
    finally:
        for folder, _dirs, _files in os.walk(base):
            with contextlib.suppress(OSError):
                os.chmod(folder, 0o755)
        shutil.rmtree(base, ignore_errors=True)


def _cache_made_private_by_another_user(cache: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs another user to own the cache folder")
    cache.mkdir(parents=True)
    os.chown(cache, 0, 0)
    cache.chmod(0o700)


@pytest.mark.parametrize("damage", ["reports folder 0000", "reports folder 0444", "other owner"])
def test_cache_folder_that_cannot_be_read_costs_one_warning(
    damage: str,
    as_user: tuple[Path, Callable],
    small: tuple[Path, Report],
    capsys: pytest.CaptureFixture[str],
) -> None:
    base, become = as_user
    pdf = base / "report.pdf"
    shutil.copy(small[0], pdf)
    reports = paths.report_cache_dir()
    if damage == "other owner":
        _cache_made_private_by_another_user(reports.parent)
    with become():
        if damage != "other owner":
            reports.mkdir(parents=True)
            reports.chmod(0o000 if damage.endswith("0000") else 0o444)
        status, out, err = export_csv(pdf, capsys)
        assert (status, out) == (0, records_csv(small[1])), err
        [line] = err
        assert line.startswith(f"detainer-tui: warning: {reports}: cache not writable")
        assert main(["cache", "info"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"location: {reports}\n")
    assert captured.err.splitlines() == [
        f"detainer-tui: warning: {reports}: the cache cannot be read or written (Permission denied)"
    ]


# -- the library file -------------------------------------------------------------------
def _library(reports: list[dict]) -> bytes:
    return json.dumps({"format": 1, "reports": reports}).encode()


GOOD_ENTRY = {
    "id": 1,
    "path": "/reports/ddor-2017-01-28.pdf",
    "sha256": "a" * 64,
    "period_start": "2017-01-28",
    "period_end": "2017-02-03",
    "added": "2017-03-20T10:00:00+00:00",
}
DAMAGED_LIBRARIES = {
    "invalid UTF-8": b'{"format": 1, "reports": []}\xff\xfe',
    "a UTF-16 BOM before nonsense": "\ufeffnot a library".encode("utf-16-le"),
    "a number too large for an id": _library([GOOD_ENTRY]).replace(b'"id": 1', b'"id": 1e400'),
    "Infinity": _library([GOOD_ENTRY]).replace(b'"id": 1', b'"id": Infinity'),
    "a path holding NUL": _library([{**GOOD_ENTRY, "path": "/a\u0000b.pdf"}]),
    "a path no system can name": _library([GOOD_ENTRY]).replace(b".pdf", b"\\ud800.pdf"),
    "deep nesting": b'{"format": 1, "reports": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
}


@pytest.mark.parametrize("damage", list(DAMAGED_LIBRARIES))
def test_damaged_library_is_set_aside_and_the_explorer_opens_the_samples(damage: str) -> None:
    file = paths.library_file()
    file.parent.mkdir(parents=True)
    file.write_bytes(DAMAGED_LIBRARIES[damage])
    request = resolve_open([])
    assert request.samples  # the explorer starts, on the samples
    [notice] = request.notices
    assert isinstance(notice, LibraryRecovered) and notice.warning
    assert "\n" not in str(notice) and str(notice).startswith(f"{file}: the library file was")
    [aside] = file.parent.glob("library.json.damaged-*")
    assert aside.read_bytes() == DAMAGED_LIBRARIES[damage]  # nothing of the user's lost
    assert aside.name in str(notice)
    assert Library.load().notice is None  # set aside once, not on every run


def test_library_in_utf16_is_read_not_refused() -> None:
    file = paths.library_file()
    file.parent.mkdir(parents=True)
    file.write_bytes(_library([GOOD_ENTRY]).decode().encode("utf-16"))
    library = Library.load()
    assert library.notice is None and [e.id for e in library] == [1]


def test_library_add_on_a_damaged_library_says_so_once(
    small: tuple[Path, Report], capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, report = small
    ReportCache().put(report)
    file = paths.library_file()
    file.parent.mkdir(parents=True)
    file.write_bytes(b"\xff not json")
    assert main(["library", "add", str(pdf)]) == 0
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith("detainer-tui: warning: ") and "was damaged" in line
    assert captured.out.startswith("added #1 ")


def test_library_add_when_a_damaged_library_cannot_be_moved_aside_says_so_once(
    as_user: tuple[Path, Callable],
    small: tuple[Path, Report],
    capsys: pytest.CaptureFixture[str],
) -> None:
    base, become = as_user
    pdf = base / "report.pdf"
    shutil.copy(small[0], pdf)
    file = paths.library_file()
    with become():
        file.parent.mkdir(parents=True)
        file.write_bytes(b"not json")
        ReportCache().put(small[1])
        file.parent.chmod(0o555)  # the damaged file cannot be moved aside
        assert main(["library", "add", str(pdf)]) == 1
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert "the library file is damaged" in line and "cannot be moved aside" in line
    assert file.read_bytes() == b"not json"


def test_library_list_of_twenty_thousand_entries(capsys: pytest.CaptureFixture[str]) -> None:
    """Every entry listed once, and the revisions among them found (linear time: see
    ``benchmarks/library.py`` for the figures)."""
    entries = [
        {**GOOD_ENTRY, "id": n, "path": f"/gone/{n}.pdf", "sha256": f"{n:064x}"}
        for n in range(1, 20_001)
    ]
    for entry in entries:  # a week per pair of entries: each pair are revisions
        start = dt.date(1900, 1, 1) + dt.timedelta(weeks=(entry["id"] - 1) // 2)
        entry["period_start"] = start.isoformat()
        entry["period_end"] = (start + dt.timedelta(days=6)).isoformat()
    file = paths.library_file()
    file.parent.mkdir(parents=True)
    file.write_bytes(_library(entries))
    assert main(["library", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len([line for line in lines if line.endswith(".pdf")]) == 20_000
    notes = [line for line in lines if "is a revision of" in line]
    assert notes[:2] == [
        "#1 is a revision of #2 (same period, different file)",
        "#2 is a revision of #1 (same period, different file)",
    ]
    assert len(notes) == 20_000  # every entry has its pair
