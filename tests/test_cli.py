"""The command line: exit statuses, messages and the export contract.

Most tests call the command's ``main`` in the test process (``call``), which is all of the
command but Python's start-up; those about the process as a whole (``python -m detainer_tui``
from start to exit, what it imports) start one (``run``).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from detainer_tui import schema
from detainer_tui.cli import main


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """``detainer-tui ARGS`` as a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "detainer_tui", *map(str, args)],
        capture_output=True,
        cwd=cwd,
        timeout=120,
    )


def call(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """``detainer-tui ARGS`` through ``main`` in this process, in ``cwd``: its exit status,
    and the bytes it wrote to stdout and stderr, as ``run`` returns them."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    with (
        contextlib.chdir(cwd or os.getcwd()),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        status = main([str(arg) for arg in args])
    stdout.flush()
    stderr.flush()
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


def test_the_explorer_outside_a_terminal_says_so_and_stops() -> None:
    # `ssh HOST detainer-tui` (no -t): the explorer drew into a pipe and, once the
    # connection had ended, went on reading the end of its input, using a whole core.
    result = subprocess.run(
        [sys.executable, "-m", "detainer_tui"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("detainer-tui: the explorer needs a terminal")
    assert "ssh -t HOST detainer-tui" in lines[0]


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("detainer-tui ")


def test_help_and_version_answer_without_loading_polars_or_textual() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from detainer_tui.cli import main\n"
        "for flag in ('--help', '--version'):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        assert main([flag]) == 0\n"
        "print(sorted({'polars', 'textual', 'pdfplumber'} & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == "[]"


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_help_fits_the_terminal_and_lists_every_command(
    columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = call("--help")
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert max(len(line) for line in lines) <= columns
    side_by_side = "  export PATH... --table T [--format F] [--output FILE]  write a table as CSV"
    assert any(line.startswith(side_by_side) for line in lines) == (columns >= 100)
    for command in ("export PATH...", "debug PDF", "cache info", "library list", "triage export"):
        assert any(line.startswith(f"  {command}") for line in lines), command
    assert "manage the remembered reports" in result.stdout.decode()


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
    result = call(*args)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_a_usage_error_is_answered_before_polars_loads() -> None:
    # ``export`` with its table named but no input: argparse refuses it, and nothing heavy
    # was imported to get there.
    probe = (
        "import sys\n"
        "from detainer_tui.cli import main\n"
        "status = main(['export', '--table', 'records', '--format', 'csv'])\n"
        "print(status, 'polars' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=120)
    assert result.stdout.decode().split() == ["2", "False"], result.stderr


def test_the_command_line_knows_every_table() -> None:
    from detainer_tui import formats

    assert tuple(schema.TABLES) == formats.TABLE_NAMES


def test_parquet_requires_output(sample_paths: list[Path]) -> None:
    result = call("export", sample_paths[0], "--table", "records", "--format", "parquet")
    assert result.returncode == 2
    assert b"--output" in result.stderr
    assert result.stdout == b""


def test_the_format_is_the_one_the_output_name_ends_in(
    sample_paths: list[Path], tmp_path: Path, seeded_cache: Path
) -> None:
    for name, read in (("r.csv", pl.read_csv), ("r.json", pl.read_json), ("r.pq", pl.read_parquet)):
        out = tmp_path / name
        result = call("export", sample_paths[0], "--table", "rankings", "-o", out)
        assert result.returncode == 0, result.stderr
        assert read(out).height > 0
    # --format wins over the name, which then need not say a format.
    out = tmp_path / "rankings.txt"
    result = call("export", sample_paths[0], "--table", "rankings", "--format", "csv", "-o", out)
    assert result.returncode == 0, result.stderr
    assert pl.read_csv(out).height > 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("-o", "rankings.txt"), b"rankings.txt: its name does not say a format; give --format"),
        ((), b"give --format csv, json or parquet"),
    ],
)
def test_an_export_with_no_format_to_go_by_says_what_to_give(
    sample_paths: list[Path], tmp_path: Path, args: tuple[str, ...], says: bytes
) -> None:
    for command in (("export", sample_paths[0], "--table", "rankings"), ("triage", "export")):
        result = call(*command, *args, cwd=tmp_path)
        assert result.returncode == 2
        assert says in result.stderr and len(result.stderr.splitlines()) == 1
        assert result.stdout == b"" and not (tmp_path / "rankings.txt").exists()


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pdf"
    result = run("export", missing, "--table", "records", "--format", "csv")
    # An input that cannot be read is a failure (1), not a usage error (2).
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        f"detainer-tui: error: {missing}: no such file or folder"
    ]
    assert result.stdout == b""


# Exports of the samples read them from a cache seeded with their parsed tables: these tests
# are about the command and the formats; parsing is tested on its own.
def test_export_csv_json_parquet_agree(
    sample_paths: list[Path], tmp_path: Path, seeded_cache: Path
) -> None:
    sample = sample_paths[0]
    csv = call("export", sample, "--table", "records", "--format", "csv")
    assert csv.returncode == 0, csv.stderr
    as_json = call("export", sample, "--table", "records", "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    out = tmp_path / "records.parquet"
    parquet = call("export", sample, "--table", "records", "--format", "parquet", "-o", out)
    assert parquet.returncode == 0, parquet.stderr
    assert parquet.stdout == b""

    frame = pl.read_parquet(out)
    assert frame.schema == schema.EXPORTS["records"]
    rows = json.loads(as_json.stdout)
    assert len(rows) == frame.height > 0
    # JSON: dates as YYYY-MM-DD, offences as an array.
    first = frame.row(0, named=True)
    assert rows[0][schema.DETAINER_DECLINED] == first[schema.DETAINER_DECLINED].isoformat()
    assert rows[0][schema.CRIMINAL_ACTIVITY] == first[schema.CRIMINAL_ACTIVITY]
    # CSV: offences joined with "; ".
    table = pl.read_csv(io.BytesIO(csv.stdout), infer_schema=False)
    assert table.columns == list(schema.EXPORTS["records"])
    joined = ["; ".join(offences) for offences in frame[schema.CRIMINAL_ACTIVITY].to_list()]
    assert table[schema.CRIMINAL_ACTIVITY].fill_null("").to_list() == joined


def test_several_inputs_are_concatenated(sample_paths: list[Path], seeded_cache: Path) -> None:
    result = call("export", *sample_paths, "--table", "reports", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row[schema.SOURCE_FILE].rsplit("/", 1)[-1] for row in rows] == [
        path.name for path in sample_paths
    ]


def test_export_orders_rows_by_period_then_file_whatever_the_order_given(
    sample_paths: list[Path], seeded_cache: Path
) -> None:
    # The loader yields reports as they come (cached first, then parsed); the export sorts.
    outputs = []
    for paths in (sample_paths[::-1], sample_paths):
        result = call("export", *paths, "--table", "records", "--format", "csv")
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    starts = pl.read_csv(io.BytesIO(outputs[0])).get_column(schema.REPORT_START).to_list()
    assert starts == sorted(starts)


def test_bad_input_does_not_stop_good_ones(
    sample_paths: list[Path], tmp_path: Path, seeded_cache: Path
) -> None:
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
    result = call("export", bad, "--table", "records", "--format", "csv", "-o", out)
    assert result.returncode == 1
    assert out.read_text() == "keep me"


def test_partly_unreadable_report_is_not_exported_unless_partial(tmp_path: Path) -> None:
    from ddorgen.bad_inputs import make_bad_inputs

    partial = make_bad_inputs(tmp_path)["partial"]
    args = ("export", partial, "--table", "records", "--format", "json", "--no-cache")
    refused = call(*args)
    assert refused.returncode == 1
    assert refused.stdout == b""
    lines = refused.stderr.decode().strip().splitlines()
    # One line per cause (an unreadable date, an empty date), then the refusal.
    assert len(lines) == 3
    assert all(line.startswith(f"detainer-tui: warning: {partial.name}: Section II: 1 row not read")
               for line in lines[:2])  # fmt: skip
    assert "read only in part; not exported" in lines[2]

    result = call(*args, "--partial")
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().strip().splitlines() == lines[:2]
    assert len(json.loads(result.stdout)) == 22


def test_export_refuses_to_overwrite_an_input(sample_paths: list[Path], tmp_path: Path) -> None:
    pdf = tmp_path / "in.pdf"
    pdf.write_bytes(sample_paths[0].read_bytes())
    before = pdf.read_bytes()
    result = call("export", pdf, "--table", "records", "--format", "csv", "-o", pdf)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        f"detainer-tui: {pdf}: is one of the inputs; give another output file"
    )
    # Also when the input was found inside a folder, and named by another route (a symlink).
    (tmp_path / "link.pdf").symlink_to(pdf)
    result = call(
        "export", ".", "--table", "records", "--format", "csv", "-o", "link.pdf", cwd=tmp_path
    )
    assert result.returncode == 2
    assert b"is one of the inputs" in result.stderr
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.pdf", "link.pdf"]


def test_export_to_a_folder_is_a_one_line_error(sample_paths: list[Path], tmp_path: Path) -> None:
    for output in (".", str(tmp_path)):
        result = call(
            "export", sample_paths[0], "--table", "reports", "--format", "csv", "-o", output,
            cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 2
        assert result.stderr.decode().strip() == (
            f"detainer-tui: {output}: is a folder; give a file name"
        )
    assert list(tmp_path.iterdir()) == []


def test_write_frame_never_touches_a_file_named_like_its_temporary(tmp_path: Path) -> None:
    from detainer_tui.export import write_frame

    out = tmp_path / "out.csv"
    lookalike = tmp_path / ".out.csv.partial"
    lookalike.write_text("the user's own file")
    write_frame(pl.DataFrame({"a": [1]}), "csv", out)
    assert out.read_text() == "a\n1\n"
    # A failed write (nested lists have no CSV form) removes only its own temporary file.
    with pytest.raises(pl.exceptions.PolarsError):
        write_frame(pl.DataFrame({"a": [[[1]]]}), "csv", out)
    assert out.read_text() == "a\n1\n"
    assert lookalike.read_text() == "the user's own file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.csv.partial", "out.csv"]


def test_written_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    from detainer_tui.export import write_frame

    mask = os.umask(0o022)
    os.umask(mask)
    out = tmp_path / "out.json"
    write_frame(pl.DataFrame({"a": [1]}), "json", out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize("name", ["x" * 300 + ".pdf", "~no-such-user-ddor/x.pdf"])
def test_unopenable_path_is_one_line(tmp_path: Path, name: str) -> None:
    result = call("export", name, "--table", "records", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"detainer-tui: error: {name}: cannot be opened (")


def test_sample_generator_help_writes_nothing(tmp_path: Path) -> None:
    from ddorgen.__main__ import main as generate

    stdout = io.StringIO()
    with (
        contextlib.chdir(tmp_path),
        contextlib.redirect_stdout(stdout),
        pytest.raises(SystemExit) as exited,
    ):
        generate(["--help"])
    assert exited.value.code == 0
    assert "OUTPUT_DIR" in stdout.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_triage_export_writes_every_mark_and_note(tmp_path: Path) -> None:
    from detainer_tui.store.triage import RowRef, TriageStore

    store = TriageStore.open()
    values = {"state": "TX", "jurisdiction": "=Travis County"}
    ref = RowRef("k1", "records", {"n": 1}, values, "ddor.pdf", "2017-01-28", "2017-02-03", "ab")
    store.set_mark(ref, True)
    store.set_note(ref, "ask")
    store.set_note(RowRef("k2", "policies", {"n": 2}, {"policy": "text"}), "only a note")
    store.close()
    result = call("triage", "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["table"], r["marked"], r["note"]) for r in rows] == [
        ("records", True, "ask"),
        ("policies", False, "only a note"),
    ]
    first = rows[0]
    assert (first["source_file"], first["report_start"], first["sha256"]) == (
        "ddor.pdf",
        "2017-01-28",
        "ab",
    )
    assert first["jurisdiction"] == "=Travis County" and first["marked_by"]
    csv_text = call("triage", "export", "--format", "csv").stdout.decode()
    assert "'=Travis County" in csv_text  # guarded, as every CSV export is
    output = tmp_path / "marks.parquet"
    assert call("triage", "export", "--format", "parquet", "--output", output).returncode == 0
    assert pl.read_parquet(output).height == 2
    assert call("triage", "export", "--format", "parquet").returncode == 2
