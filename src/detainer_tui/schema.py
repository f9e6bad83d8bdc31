"""The four report tables: column names and declared Polars dtypes.

These names are the public contract of ``detainer-tui export``. Every other module refers to
columns through the constants below, so a column name is spelled out only here.

The table schemas (``REPORTS`` … ``EXPORTS``) are built, and Polars imported, when first asked
for: the process that reads a PDF's pages needs the column names, not Polars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

# Bumped whenever parsing output may change; part of the cache key.
PARSER_VERSION = "7"

# -- column names -------------------------------------------------------------------------
SOURCE_FILE = "source_file"
SHA256 = "sha256"
REPORT_START = "report_start"
REPORT_END = "report_end"
PAGES = "pages"
DETAINERS_ISSUED_TOTAL = "detainers_issued_total"
DECLINED_COUNT = "declined_count"
PARSER_VERSION_COL = "parser_version"
# False when the parser could not read everything the report prints (see its diagnostics).
COMPLETE = "complete"

RANK = "rank"
JURISDICTION = "jurisdiction"
STATE = "state"
DETAINERS_ISSUED = "detainers_issued"

FACILITY = "facility"
CITIZENSHIP = "citizenship"
CRIMINAL_ACTIVITY = "criminal_activity"
DETAINER_ISSUED = "detainer_issued"
DETAINER_DECLINED = "detainer_declined"
SOURCE_PAGE = "source_page"

# The 5-digit Census code of the county a jurisdiction names (``dataset.fips``); not read
# from the PDF but worked out from its jurisdiction and state, in every export.
COUNTY_FIPS = "county_fips"

POLICY_TYPE = "policy_type"
POLICY = "policy"

# Diagnostics are not an export table of the contract but travel with a report (and its cache).
PAGE = "page"
SECTION = "section"
MESSAGE = "message"
AFFECTED_PAGES = "affected_pages"
ROWS_NOT_READ = "rows_not_read"
PARTIAL = "partial"
# True for a diagnostic that names a root cause (a page missing, damaged, cut short or copied).
CAUSE = "cause"

# -- table schemas ------------------------------------------------------------------------
REPORTS: pl.Schema
RANKINGS: pl.Schema
RECORDS: pl.Schema
POLICIES: pl.Schema
DIAGNOSTICS: pl.Schema
TABLES: dict[str, pl.Schema]
"""Export tables by name, in the order the CLI lists them."""
EXPORTS: dict[str, pl.Schema]
"""The export tables: the tables a report is read into, plus ``county_fips`` after the
jurisdiction (worked out, not read)."""

# Columns of an export table that files written before they existed may lack; read as null
# (a section table's ``sha256``, the file its rows came from: the export's own hash instead).
ADDED_COLUMNS: dict[str, frozenset[str]] = {
    "reports": frozenset({COMPLETE}),
    "rankings": frozenset({SHA256}),
    "records": frozenset({SHA256}),
    "policies": frozenset({SHA256}),
}

_SCHEMAS = ("REPORTS", "RANKINGS", "RECORDS", "POLICIES", "DIAGNOSTICS", "TABLES", "EXPORTS")


def __getattr__(name: str) -> Any:
    if name not in _SCHEMAS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals().update(_schemas())
    return globals()[name]


def _schemas() -> dict[str, Any]:
    """The table schemas, by name."""
    import polars as pl

    REPORTS = pl.Schema(
        {
            SOURCE_FILE: pl.String,
            SHA256: pl.String,
            REPORT_START: pl.Date,
            REPORT_END: pl.Date,
            PAGES: pl.Int64,
            DETAINERS_ISSUED_TOTAL: pl.Int64,
            DECLINED_COUNT: pl.Int64,
            PARSER_VERSION_COL: pl.String,
            COMPLETE: pl.Boolean,
        }
    )

    RANKINGS = pl.Schema(
        {
            REPORT_START: pl.Date,
            REPORT_END: pl.Date,
            RANK: pl.Int64,
            JURISDICTION: pl.String,
            STATE: pl.String,
            DETAINERS_ISSUED: pl.Int64,
            SHA256: pl.String,
        }
    )

    RECORDS = pl.Schema(
        {
            REPORT_START: pl.Date,
            REPORT_END: pl.Date,
            STATE: pl.String,
            JURISDICTION: pl.String,
            FACILITY: pl.String,
            CITIZENSHIP: pl.String,
            CRIMINAL_ACTIVITY: pl.List(pl.String),
            DETAINER_ISSUED: pl.Date,
            DETAINER_DECLINED: pl.Date,
            SOURCE_PAGE: pl.Int64,
            SHA256: pl.String,
        }
    )

    POLICIES = pl.Schema(
        {
            REPORT_START: pl.Date,
            REPORT_END: pl.Date,
            STATE: pl.String,
            JURISDICTION: pl.String,
            POLICY_TYPE: pl.String,
            POLICY: pl.String,
            SOURCE_PAGE: pl.Int64,
            SHA256: pl.String,
        }
    )

    DIAGNOSTICS = pl.Schema(
        {
            SHA256: pl.String,
            PAGE: pl.Int64,
            SECTION: pl.String,
            MESSAGE: pl.String,
            AFFECTED_PAGES: pl.List(pl.Int64),
            ROWS_NOT_READ: pl.Int64,
            PARTIAL: pl.Boolean,
            CAUSE: pl.Boolean,
        }
    )

    TABLES = {
        "reports": REPORTS,
        "rankings": RANKINGS,
        "records": RECORDS,
        "policies": POLICIES,
    }

    def with_fips(table: pl.Schema) -> pl.Schema:
        columns = list(table.items())
        at = [name for name, _ in columns].index(JURISDICTION) + 1
        columns.insert(at, (COUNTY_FIPS, pl.String))
        return pl.Schema(columns)

    EXPORTS = {
        "reports": REPORTS,
        "rankings": with_fips(RANKINGS),
        "records": with_fips(RECORDS),
        "policies": with_fips(POLICIES),
    }

    return {name: value for name, value in locals().items() if name in _SCHEMAS}


def empty(schema: pl.Schema) -> pl.DataFrame:
    """An empty frame with the given schema."""
    import polars as pl

    return pl.DataFrame(schema=schema)


def conform(frame: pl.DataFrame, schema: pl.Schema) -> pl.DataFrame:
    """Select and cast ``frame`` to exactly ``schema`` (column order and dtypes)."""
    import polars as pl

    return frame.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])
