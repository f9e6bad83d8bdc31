"""``detainer-tui cache ...`` and ``detainer-tui library ...``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl
import pytest

from detainer_tui import paths, schema
from detainer_tui.cli import main
from detainer_tui.manage import human_size
from detainer_tui.report import Report
from detainer_tui.store import ReportCache, file_sha256, load, resolve_open
from detainer_tui.store.library import Library

WEEK1 = (dt.date(2017, 1, 28), dt.date(2017, 2, 3))


def cached_pdf(path: Path, content: str, period: tuple[dt.date, dt.date] = WEEK1) -> Path:
    """A file whose report is in the cache (the bytes are not a PDF, so no parse happens)."""
    path.write_bytes(f"%PDF-1.4 {content}".encode())
    reports = pl.DataFrame(
        {
            schema.SOURCE_FILE: [path.name],
            schema.SHA256: [file_sha256(path)],
            schema.REPORT_START: [period[0]],
            schema.REPORT_END: [period[1]],
        }
    ).with_columns(
        pl.lit(None).alias(name)
        for name in schema.REPORTS
        if name not in (schema.SOURCE_FILE, schema.SHA256, schema.REPORT_START, schema.REPORT_END)
    )
    frames = {name: schema.empty(declared) for name, declared in schema.TABLES.items()}
    frames["reports"] = schema.conform(reports, schema.REPORTS)
    ReportCache().put(Report(**frames))
    return path


def test_cache_info_and_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert f"location: {paths.report_cache_dir()}" in out
    assert "entries:  0" in out

    for name in "ab":
        cached_pdf(tmp_path / f"{name}.pdf", name)
    size = ReportCache().info().size_bytes
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert "entries:  2\n" in out
    assert f"size:     {human_size(size)}" in out

    assert main(["cache", "clear"]) == 0
    assert capsys.readouterr().out.startswith(f"removed 2 entries ({human_size(size)}) from ")
    assert ReportCache().info().entries == 0


def test_library_list_shows_status_and_revisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["library", "list"]) == 0
    assert "the library is empty" in capsys.readouterr().out

    ok = cached_pdf(tmp_path / "ok.pdf", "ok")
    moved = cached_pdf(tmp_path / "moved.pdf", "moved", (dt.date(2017, 2, 4), dt.date(2017, 2, 10)))
    changed = cached_pdf(tmp_path / "changed.pdf", "changed")
    load(resolve_open([ok, moved, changed]))
    moved.unlink()
    changed.write_bytes(b"%PDF-1.4 something else")

    assert main(["library", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "PERIOD", "ADDED", "PATH"]
    rows = {line.split()[0]: line for line in lines[1:4]}
    assert rows["1"].split()[1] == "ok" and rows["1"].endswith(str(ok))
    assert rows["2"].split()[1] == "moved"
    assert rows["3"].split()[1] == "changed"
    assert "2017-01-28 – 2017-02-03" in rows["1"]
    assert "#1 is a revision of #3 (same period, different file)" in lines
    assert "#3 is a revision of #1 (same period, different file)" in lines


def test_library_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdfs = [cached_pdf(tmp_path / f"{name}.pdf", name) for name in "ab"]
    load(resolve_open(pdfs))
    assert main(["library", "remove", "1"]) == 0
    assert capsys.readouterr().out == f"removed #1 {pdfs[0]}\n"
    assert [e.path for e in Library.load()] == [pdfs[1]]

    assert main(["library", "remove", "9"]) == 1
    assert "9: no such entry in the library" in capsys.readouterr().err
    assert len(Library.load()) == 1


def test_library_add_from_the_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    pdfs = [cached_pdf(folder / f"{name}.pdf", name) for name in "ab"]
    assert main(["library", "add", str(folder)]) == 0
    period = "2017-01-28 – 2017-02-03"
    assert (
        capsys.readouterr().out == f"added #1 {pdfs[0]} ({period})\nadded #2 {pdfs[1]} ({period})\n"
    )
    assert [e.path for e in Library.load()] == pdfs


def test_library_add_refuses_exports_and_missing_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "records.csv"
    export.write_text("x\n1\n")
    assert main(["library", "add", str(export)]) == 1
    assert "an export, not a PDF; not added" in capsys.readouterr().err
    assert main(["library", "add", str(tmp_path / "nope.pdf")]) == 1
    assert "nope.pdf: no such file or folder" in capsys.readouterr().err
    assert len(Library.load()) == 0


@pytest.mark.parametrize(
    "argv", [["cache"], ["cache", "wipe"], ["library"], ["library", "add"], ["library", "remove"]]
)
def test_usage_mistakes_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_damaged_library_is_set_aside_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    paths.library_file().parent.mkdir(parents=True)
    paths.library_file().write_text("not json")
    assert main(["library", "list"]) == 0
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith("detainer-tui: warning: ") and "the library file was damaged" in line
    assert captured.out.startswith("the library is empty")


def test_human_size() -> None:
    assert [human_size(n) for n in (0, 1023, 1024, 1536 * 1024, 3 * 1024**3)] == [
        "0 B",
        "1023 B",
        "1.0 KB",
        "1.5 MB",
        "3.0 GB",
    ]


def test_library_add_fails_when_nothing_can_be_remembered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = cached_pdf(tmp_path / "a.pdf", "a")
    # A regular file where the data folder should be: the library cannot be written.
    blocker = Path(paths.data_dir())
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("")
    assert main(["library", "add", str(pdf)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("detainer-tui: error: ") and "cannot save the library" in line


def test_library_messages_carry_the_usual_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "records.csv"
    export.write_text("x\n1\n")
    assert main(["library", "add", str(export)]) == 1
    assert capsys.readouterr().err == (
        f"detainer-tui: error: {export}: an export, not a PDF; not added\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root may delete from any folder")
def test_cache_clear_failure_carries_the_usual_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cached_pdf(tmp_path / "a.pdf", "a")
    root = ReportCache().root
    root.chmod(0o500)
    try:
        assert main(["cache", "clear"]) == 1
    finally:
        root.chmod(0o700)
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"detainer-tui: error: {root}: cannot clear the cache (")
