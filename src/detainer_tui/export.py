"""Write a table (or any filtered view of one) as CSV, JSON or Parquet."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import BinaryIO

import polars as pl

from detainer_tui.errors import DetainerError, UsageError

FORMATS = ("csv", "json", "parquet")

# Joins list cells (offences) in CSV, where a cell must be a single string.
LIST_SEPARATOR = "; "


def format_from_suffix(path: Path) -> str | None:
    """The export format a file name implies (``.csv``, ``.json``, ``.parquet``/``.pq``)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "pq":
        return "parquet"
    return suffix if suffix in FORMATS else None


def flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns joined with ``"; "`` so every cell is a plain value (for CSV)."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    if not lists:
        return frame
    return frame.with_columns(pl.col(name).list.join(LIST_SEPARATOR) for name in lists)


def write_frame(frame: pl.DataFrame, fmt: str, output: Path | None = None) -> None:
    """Write ``frame`` in ``fmt`` to ``output``, or to stdout when ``output`` is None.

    JSON is an array of row objects with ISO dates and lists as arrays. Parquet needs a file.
    Writing to a file goes through a temporary sibling and a rename, so an interrupted export
    never leaves a half-written file under the requested name.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if output is None:
        if fmt == "parquet":
            raise UsageError("Parquet is binary: give --output FILE to write it")
        # Serialise first, then write through Python's stdout, so a closed pipe surfaces
        # as BrokenPipeError (Polars' own writer reports it as an opaque OSError).
        buffer = io.BytesIO()
        _write(frame, fmt, buffer)
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return
    tmp = output.with_name(f".{output.name}.partial")
    try:
        with tmp.open("wb") as handle:
            _write(frame, fmt, handle)
        tmp.replace(output)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise DetainerError(f"{output}: cannot write ({error.strerror or error})") from error


def _write(frame: pl.DataFrame, fmt: str, handle: BinaryIO) -> None:
    if fmt == "csv":
        flatten_lists(frame).write_csv(handle)
    elif fmt == "json":
        frame.write_json(handle)
        handle.write(b"\n")
    else:
        frame.write_parquet(handle)
