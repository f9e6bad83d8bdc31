"""Write a table (or any filtered view of one) as CSV, JSON or Parquet."""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

import polars as pl

from detainer_tui.errors import DetainerError, UsageError
from detainer_tui.formats import FORMATS, FORMULA_GUARD, LIST_SEPARATOR, NEEDS_GUARD


def flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns joined with ``"; "`` so every cell is a plain value (for CSV)."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    if not lists:
        return frame
    return frame.with_columns(pl.col(name).list.join(LIST_SEPARATOR) for name in lists)


def guard_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells a spreadsheet would run as formulas, led by ``'`` so it shows them as text.

    A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets one
    ``'`` before it, and so does one beginning with ``'`` characters and then one of those
    (so that reading the export back, which takes one ``'`` off exactly those, gives back
    every cell as it was). Only text columns change: dates and numbers are never formulas.
    """
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return frame
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(NEEDS_GUARD))
        .then(pl.lit(FORMULA_GUARD) + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )


def write_frame(
    frame: pl.DataFrame, fmt: str, output: Path | None = None, *, raw_csv: bool = False
) -> None:
    """Write ``frame`` in ``fmt`` to ``output``, or to stdout when ``output`` is None.

    JSON is an array of row objects with ISO dates and lists as arrays. Parquet needs a file.
    CSV has list cells joined with ``; `` and, unless ``raw_csv``, cells that spreadsheets
    would run as formulas guarded (``guard_formulas``). Writing to a file goes through a
    temporary sibling and a rename, so an interrupted export never leaves a half-written file
    under the requested name.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if output is None:
        if fmt == "parquet":
            raise UsageError("Parquet is binary: give --output FILE to write it")
        # Serialise first, then write through Python's stdout, so a closed pipe surfaces
        # as BrokenPipeError (Polars' own writer reports it as an opaque OSError).
        buffer = io.BytesIO()
        _write(frame, fmt, buffer, raw_csv=raw_csv)
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return
    if output.name in ("", ".", "..") or output.is_dir():
        raise UsageError(f"{output}: is a folder; give a file name")
    try:
        # A fresh, unguessable name: never clobbers (or, on failure, deletes) a user's file.
        handle, temp_name = tempfile.mkstemp(
            dir=output.parent, prefix=f".{output.name}.", suffix=".partial"
        )
    except OSError as error:
        raise DetainerError(f"{output}: cannot write ({error.strerror or error})") from error
    tmp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            _write(frame, fmt, out, raw_csv=raw_csv)
        # mkstemp makes the file private (0600); give it the mode a plain open() would have.
        os.chmod(tmp, _file_mode(output))
        tmp.replace(output)
    except OSError as error:
        raise DetainerError(f"{output}: cannot write ({error.strerror or error})") from error
    finally:
        # Gone already after a successful rename; otherwise drop the half-written file.
        tmp.unlink(missing_ok=True)


def _file_mode(output: Path) -> int:
    """The mode for the written file: the replaced file's, else what the umask allows."""
    try:
        return stat.S_IMODE(output.stat().st_mode)
    except OSError:
        pass
    return 0o666 & ~_umask()


def _umask() -> int:
    # Read without changing it where the system allows: setting it (os.umask) is process-wide,
    # and an export may run in a worker thread while other files are being created.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write(frame: pl.DataFrame, fmt: str, handle: BinaryIO, *, raw_csv: bool = False) -> None:
    if fmt == "csv":
        flat = flatten_lists(frame)
        (flat if raw_csv else guard_formulas(flat)).write_csv(handle)
    elif fmt == "json":
        frame.write_json(handle)
        handle.write(b"\n")
    else:
        frame.write_parquet(handle)
