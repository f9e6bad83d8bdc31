"""Re-open files written by ``detainer-tui export`` (Parquet, CSV or JSON of one table).

The table is recognised by its columns (extra columns are ignored). An export comes back as one
``Report`` per report period and source file (every row names the PDF it came from, in its
``sha256`` column), holding the exported table; the other three tables are empty.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import polars as pl

from detainer_tui import files, schema
from detainer_tui.errors import UnreadableReport
from detainer_tui.formats import GUARDED, LIST_SEPARATOR, UNGUARDED, format_from_suffix
from detainer_tui.report import Diagnostic, Report

# How ``export`` joins a list of offences into one CSV cell ("; "); split on the bare ";" and
# strip, since offence names never contain one.
CSV_LIST_SEPARATOR = LIST_SEPARATOR.strip()
DATE_FORMAT = "%Y-%m-%d"

# Turns one column as read from the file into the declared dtype (raising if it can't).
Caster = Callable[[pl.Series, pl.DataType], pl.Series]


def read_export(path: Path, fmt: str | None = None) -> list[Report]:
    """The reports in an export file, one per report period, in the order they appear.

    Raises ``UnreadableReport`` naming the file and, for a file of the wrong shape, the
    columns it lacks.
    """
    fmt = fmt or format_from_suffix(path)
    if fmt not in ("parquet", "csv", "json"):
        raise UnreadableReport(path, "not an export file (expected .parquet, .csv or .json)")
    # Read once: the rows and the identity hash then come from the same bytes, even if the
    # file is replaced or deleted meanwhile.
    try:
        data = files.read_regular(path)
    except OSError as exc:
        raise UnreadableReport(path, f"cannot read the file ({exc.strerror or exc})") from exc
    if fmt == "parquet":
        try:
            raw = pl.read_parquet(io.BytesIO(data))
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise UnreadableReport(
                path, f"not a readable Parquet file ({_first_line(exc)})"
            ) from exc
        table = _identify(path, raw.columns)
        frame = _cast_columns(path, raw, schema.TABLES[table], _cast_parquet)
    elif fmt == "csv":
        if data.strip() and not data.endswith((b"\n", b"\r")):
            # ``export`` ends every row with a line end: the last row was cut off.
            raise UnreadableReport(
                path, "the file is cut short: its last row is incomplete (an interrupted copy?)"
            )
        try:
            raw = pl.read_csv(io.BytesIO(data), infer_schema=False)
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise UnreadableReport(path, f"not a readable CSV file ({_first_line(exc)})") from exc
        table = _identify(path, raw.columns)
        raw = _unguard(raw, schema.TABLES[table])
        frame = _cast_columns(path, raw, schema.TABLES[table], _cast_csv)
    else:
        table, frame = _read_json(path, data)
    if frame.height == 0:
        raise UnreadableReport(path, f"the {table} export has no rows")
    return _split_reports(path, fmt, table, frame, hashlib.sha256(data).hexdigest())


# -- recognising the table ----------------------------------------------------------------
def _identify(path: Path, columns: list[str]) -> str:
    """The export table whose columns these are; the closest table's missing ones if none."""
    # Columns added to a table after a file was written are not required of it.
    present = set(columns) | {c for added in schema.ADDED_COLUMNS.values() for c in added}

    def fit(name: str) -> tuple[int, int]:
        wanted = set(schema.TABLES[name])
        return (len(wanted - present), -len(wanted & present))

    best = min(schema.TABLES, key=fit)
    missing = [column for column in schema.TABLES[best] if column not in present]
    if missing:
        raise UnreadableReport(
            path,
            f"not a detainer-tui export: closest is the {best} table, "
            f"which also needs column(s) {', '.join(missing)}",
        )
    return best


# -- CSV cells guarded against spreadsheets ---------------------------------------------
def _unguard(raw: pl.DataFrame, declared: pl.Schema) -> pl.DataFrame:
    """The text cells of a CSV export as they were before ``export`` guarded them.

    ``export`` puts a ``'`` before exactly the cells that match ``NEEDS_GUARD``, so one comes
    off exactly those that match ``GUARDED``. A file written with ``--raw-csv`` is recognised
    by a text cell that begins with a formula character (a guarded file has none) and is read
    as it is. (A raw file whose only such cells begin with ``'`` cannot be told from a guarded
    one, and loses that ``'``.)
    """
    text = [
        name
        for name, dtype in declared.items()
        if dtype in (pl.String, pl.List(pl.String)) and name in raw.columns
    ]
    if not text:
        return raw
    written_raw = raw.select(pl.any_horizontal(pl.col(text).str.contains(UNGUARDED).any())).item()
    if written_raw:
        return raw
    return raw.with_columns(
        pl.when(pl.col(name).str.contains(GUARDED))
        .then(pl.col(name).str.slice(1))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )


# -- typing the columns -------------------------------------------------------------------
def _cast_columns(path: Path, raw: pl.DataFrame, declared: pl.Schema, cast: Caster) -> pl.DataFrame:
    columns = []
    for name, dtype in declared.items():
        if name not in raw.columns:  # a column added since the file was written
            columns.append(pl.Series(name, [None] * raw.height, dtype=dtype))
            continue
        try:
            columns.append(cast(raw.get_column(name), dtype))
        except (pl.exceptions.PolarsError, TypeError, ValueError) as exc:
            raise UnreadableReport(path, _bad_column(name, dtype)) from exc
    return pl.DataFrame(columns)


def _cast_parquet(column: pl.Series, dtype: pl.DataType) -> pl.Series:
    if column.dtype == pl.String and dtype == pl.Date:
        return column.str.to_date(DATE_FORMAT)
    return column.cast(dtype, strict=True)


def _cast_csv(column: pl.Series, dtype: pl.DataType) -> pl.Series:
    if dtype == pl.Date:
        return column.str.to_date(DATE_FORMAT)
    if dtype == pl.Boolean:
        lowered = column.str.to_lowercase()
        if not lowered.drop_nulls().is_in(["true", "false"]).all():
            raise ValueError(f"{column.name}: not true or false")
        return (lowered == "true").alias(column.name)
    if dtype == pl.List(pl.String):
        # An empty cell is an empty list (no offences listed), not a missing value.
        split = column.fill_null("").str.split(CSV_LIST_SEPARATOR)
        return split.list.eval(pl.element().str.strip_chars()).list.eval(
            pl.element().filter(pl.element() != "")
        )
    return column.cast(dtype, strict=True)


def _read_json(path: Path, data: bytes) -> tuple[str, pl.DataFrame]:
    try:
        rows = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableReport(path, f"not a readable JSON file ({_first_line(exc)})") from exc
    except RecursionError as exc:
        raise UnreadableReport(path, "not a detainer-tui export: it is nested too deeply") from exc
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise UnreadableReport(path, "not a detainer-tui export: expected an array of row objects")
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    table = _identify(path, list(columns))
    declared = schema.TABLES[table]
    series = []
    for name, dtype in declared.items():
        values = [row.get(name) for row in rows]
        # Each value must already be of the column's kind: Polars would turn a string given
        # for a list into a list of its letters, and a float into a whole number.
        if not all(value is None or _fits(value, dtype) for value in values):
            raise UnreadableReport(path, _bad_column(name, dtype))
        try:
            if dtype == pl.Date:
                column = pl.Series(name, values, dtype=pl.String, strict=True).str.to_date(
                    DATE_FORMAT
                )
            else:
                column = pl.Series(name, values, dtype=dtype, strict=True)
        except (pl.exceptions.PolarsError, TypeError, ValueError, OverflowError) as exc:
            raise UnreadableReport(path, _bad_column(name, dtype)) from exc
        series.append(column)
    return table, pl.DataFrame(series)


_INT64 = range(-(2**63), 2**63)


def _fits(value: object, dtype: pl.DataType) -> bool:
    """Whether a JSON value is of the kind ``dtype`` holds (None aside)."""
    if dtype == pl.Int64:
        return isinstance(value, int) and not isinstance(value, bool) and value in _INT64
    if dtype == pl.Boolean:
        return isinstance(value, bool)
    if dtype in (pl.String, pl.Date):
        return isinstance(value, str)
    if dtype == pl.List(pl.String):
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return False


def _bad_column(name: str, dtype: pl.DataType) -> str:
    kind = {
        pl.Date: "dates (YYYY-MM-DD)",
        pl.Int64: "whole numbers",
        pl.String: "text",
        pl.Boolean: "true or false",
    }.get(dtype, "lists of text")
    return f"column {name} should hold {kind}"


# -- one report per period ----------------------------------------------------------------
def _split_reports(
    path: Path, fmt: str, table: str, frame: pl.DataFrame, file_hash: str
) -> list[Report]:
    note = Diagnostic(
        message=f"opened from a {fmt} export of the {table} table; the other tables are empty"
    )
    if table == "reports":
        # The reports table keeps each report's own hash, so every row is its own report.
        return [
            _report(table, frame.slice(i, 1), frame.slice(i, 1), note) for i in range(frame.height)
        ]
    # Rows name the file they came from; those of an export written before they did come
    # from the export itself, as far as can be told.
    frame = frame.with_columns(pl.col(schema.SHA256).fill_null(file_hash))
    reports = []
    for (start, end, source), part in frame.group_by(
        [schema.REPORT_START, schema.REPORT_END, schema.SHA256], maintain_order=True
    ):
        # One report per period and source file: two revisions of a period stay apart.
        identity = hashlib.sha256(
            f"{file_hash}:{table}:{start}:{end}:{source}".encode()
        ).hexdigest()
        summary = pl.DataFrame(
            {
                schema.SOURCE_FILE: [path.name],
                schema.SHA256: [identity],
                schema.REPORT_START: [start],
                schema.REPORT_END: [end],
                schema.PAGES: [None],
                schema.DETAINERS_ISSUED_TOTAL: [None],
                schema.DECLINED_COUNT: [part.height if table == "records" else None],
                schema.PARSER_VERSION_COL: [None],
                schema.COMPLETE: [None],
            },
            schema=schema.REPORTS,
        )
        reports.append(_report(table, summary, part, note))
    return reports


def _report(table: str, summary: pl.DataFrame, part: pl.DataFrame, note: Diagnostic) -> Report:
    frames = {name: schema.empty(declared) for name, declared in schema.TABLES.items()}
    frames["reports"] = summary
    frames[table] = part
    return Report(diagnostics=[note], **frames)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
