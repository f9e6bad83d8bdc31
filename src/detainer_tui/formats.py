"""The export formats and the facts every reader and writer of them shares.

Kept apart from ``export.py`` (the writer) so that what only needs to know the formats (the
store re-opening an export, the dataset joining offences as a CSV cell does, the export dialog)
does not depend on the code that writes files.
"""

from __future__ import annotations

import re
from pathlib import Path

TABLE_NAMES = ("reports", "rankings", "records", "policies")
"""The tables a report is read into, in the order they are listed (``schema.TABLES`` holds
their columns; named here too so that checking a command line needs no Polars)."""

FORMATS = ("csv", "json", "parquet")
"""The formats ``export`` writes, in the order they are offered."""

FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "parquet": "Parquet"}
"""Each format as people write it."""

SUFFIXES = {"csv": ".csv", "json": ".json", "parquet": ".parquet"}
"""The suffix a file of each format is given."""

LIST_SEPARATOR = "; "
"""Joins list cells (offences) where a cell must be one string (CSV, the explorer), as the
reports themselves print them."""


FORMULA_LEADS = "=+-@\t\r"
"""A CSV cell beginning with one of these is run as a formula by spreadsheets
(``=HYPERLINK(...)``, ``+1``, ``@SUM(...)``), whatever the text means."""

FORMULA_GUARD = "'"
"""Put before such a cell in a CSV export, so that a spreadsheet shows it as text."""

_LEADS = "[" + re.escape(FORMULA_LEADS) + "]"
NEEDS_GUARD = f"^{FORMULA_GUARD}*{_LEADS}"
"""Text cells that are guarded when written: those beginning with a formula character, and
(so that reading back is never in doubt) those beginning with guards and then one."""
GUARDED = f"^{FORMULA_GUARD}+{_LEADS}"
"""Text cells of a guarded export that had a guard put before them (exactly one comes off)."""
UNGUARDED = f"^{_LEADS}"
"""A text cell like this in a CSV export shows it was written raw (``--raw-csv``)."""


def format_from_suffix(path: Path) -> str | None:
    """The export format a file name implies (``.csv``, ``.json``, ``.parquet``/``.pq``)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "pq":
        return "parquet"
    return suffix if suffix in FORMATS else None
