"""The export formats and the facts every reader and writer of them shares.

Kept apart from ``export.py`` (the writer) so that what only needs to know the formats (the
store re-opening an export, the dataset joining offences as a CSV cell does, the export dialog)
does not depend on the code that writes files.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = ("csv", "json", "parquet")
"""The formats ``export`` writes, in the order they are offered."""

FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "parquet": "Parquet"}
"""Each format as people write it."""

SUFFIXES = {"csv": ".csv", "json": ".json", "parquet": ".parquet"}
"""The suffix a file of each format is given."""

LIST_SEPARATOR = "; "
"""Joins list cells (offences) where a cell must be one string (CSV, the explorer), as the
reports themselves print them."""


def format_from_suffix(path: Path) -> str | None:
    """The export format a file name implies (``.csv``, ``.json``, ``.parquet``/``.pq``)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "pq":
        return "parquet"
    return suffix if suffix in FORMATS else None
