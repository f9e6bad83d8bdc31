"""The command line: exit statuses, messages and the export contract, as whole processes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from detainer_tui import schema


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "detainer_tui", *map(str, args)],
        capture_output=True,
        cwd=cwd,
        timeout=120,
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("detainer-tui ")


@pytest.mark.parametrize(
    "args",
    [
        ("export",),
        ("export", "x.pdf", "--format", "csv"),
        ("export", "x.pdf", "--table", "records"),
        ("export", "x.pdf", "--table", "nonsense", "--format", "csv"),
        ("export", "x.pdf", "--table", "records", "--format", "xlsx"),
    ],
)
def test_export_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_parquet_requires_output(sample_paths: list[Path]) -> None:
    result = run("export", sample_paths[0], "--table", "records", "--format", "parquet")
    assert result.returncode == 2
    assert b"--output" in result.stderr
    assert result.stdout == b""


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pdf"
    result = run("export", missing, "--table", "records", "--format", "csv")
    assert result.returncode in (1, 2)
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert "nowhere.pdf" in lines[0]


def test_export_csv_json_parquet_agree(sample_paths: list[Path], tmp_path: Path) -> None:
    sample = sample_paths[0]
    csv = run("export", sample, "--table", "records", "--format", "csv")
    assert csv.returncode == 0, csv.stderr
    as_json = run("export", sample, "--table", "records", "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    out = tmp_path / "records.parquet"
    parquet = run("export", sample, "--table", "records", "--format", "parquet", "-o", out)
    assert parquet.returncode == 0, parquet.stderr
    assert parquet.stdout == b""

    frame = pl.read_parquet(out)
    assert frame.schema == schema.RECORDS
    rows = json.loads(as_json.stdout)
    assert len(rows) == frame.height > 0
    # JSON: dates as YYYY-MM-DD, offences as an array.
    first = frame.row(0, named=True)
    assert rows[0][schema.DETAINER_DECLINED] == first[schema.DETAINER_DECLINED].isoformat()
    assert rows[0][schema.CRIMINAL_ACTIVITY] == first[schema.CRIMINAL_ACTIVITY]
    # CSV: offences joined with "; ".
    table = pl.read_csv(io.BytesIO(csv.stdout), infer_schema=False)
    assert table.columns == list(schema.RECORDS)
    joined = ["; ".join(offences) for offences in frame[schema.CRIMINAL_ACTIVITY].to_list()]
    assert table[schema.CRIMINAL_ACTIVITY].fill_null("").to_list() == joined


def test_several_inputs_are_concatenated(sample_paths: list[Path]) -> None:
    result = run("export", *sample_paths, "--table", "reports", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row[schema.SOURCE_FILE].rsplit("/", 1)[-1] for row in rows] == [
        path.name for path in sample_paths
    ]


def test_bad_input_does_not_stop_good_ones(sample_paths: list[Path], tmp_path: Path) -> None:
    bad = tmp_path / "error-page.pdf"
    bad.write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>")
    before = bad.read_bytes()
    result = run("export", bad, sample_paths[0], "--table", "reports", "--format", "json")
    assert result.returncode == 1
    stderr = result.stderr.decode().strip().splitlines()
    assert len(stderr) == 1 and "error-page.pdf" in stderr[0]
    assert "Traceback" not in result.stderr.decode()
    assert len(json.loads(result.stdout)) == 1
    assert bad.read_bytes() == before


def test_export_does_not_overwrite_on_failure(tmp_path: Path) -> None:
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    out = tmp_path / "out.csv"
    out.write_text("keep me")
    result = run("export", bad, "--table", "records", "--format", "csv", "-o", out)
    assert result.returncode == 1
    assert out.read_text() == "keep me"


def test_partly_unreadable_report_exports_with_notes(tmp_path: Path) -> None:
    from ddorgen.bad_inputs import make_bad_inputs

    partial = make_bad_inputs(tmp_path)["partial"]
    result = run("export", partial, "--table", "records", "--format", "json", "--no-cache")
    assert result.returncode == 0, result.stderr
    notes = result.stderr.decode().strip().splitlines()
    assert len(notes) == 2
    assert all(line.startswith(f"detainer-tui: note: {partial.name}: page ") for line in notes)
    assert len(json.loads(result.stdout)) == 22
