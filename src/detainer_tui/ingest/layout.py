"""What a DDOR looks like, as data: section headings, tables, and header wording.

A new edition that words a heading or a column header differently should need a one-line
change here and nowhere else.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from detainer_tui import schema

# A section begins on a line starting "Section I:" ... "Section IV:" (rest of the wording varies).
SECTION_HEADING = re.compile(
    r"^\s*section\s+(IV|III|II|I|[1-4])\s*[:.\u2013\u2014-]", re.IGNORECASE
)
SECTION_NUMERALS: dict[str, int] = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4
}  # fmt: skip
SECTION_NAMES: dict[int, str] = {1: "Section I", 2: "Section II", 3: "Section III", 4: "Section IV"}

# Text that identifies a document as a DDOR even before any section is found.
TITLE_MARKERS: tuple[str, ...] = ("declined detainer",)
# What a document says of itself before Section I when it is no ICE publication but a
# synthetic sample (test data, a reconstruction): the report is then marked so.
SYNTHETIC_MARKERS: tuple[str, ...] = ("not an ice publication", "synthetic sample")

# Footer lines that are page numbers: "7", "Page 7", "Page 7 of 35", "- 7 -", "7 / 35".
PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*)?[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$",
    re.IGNORECASE,
)


# What a column's values are, and so how they are read (``values.parse_value``).
STATE = "state"
DATE = "date"
COUNT = "count"
TEXT = "text"
OFFENCES = "offences"
PLACE = "place"  # "Clark, Nevada": a jurisdiction and its state in one cell


@dataclass(frozen=True)
class ColumnRole:
    """One column of a table: what it holds, how its header is worded, how its values read.

    ``kind`` is one of STATE, DATE, COUNT, PLACE (a value that must parse, or the row is not
    read), TEXT or OFFENCES (kept as printed). ``required``: an empty cell is worth a
    diagnostic. ``starts_row``: a value in this column is printed on a row's first line and
    never wraps (a date or count), so a line holding one begins a row. ``supplies``: the
    output columns a combined column fills (``County, State`` fills jurisdiction and state);
    a table read with it has no column of its own for those.
    """

    field: str
    wordings: tuple[str, ...]
    kind: str = TEXT
    required: bool = True
    starts_row: bool = False
    supplies: tuple[str, ...] = ()

    @property
    def outputs(self) -> tuple[str, ...]:
        """The output columns this column fills."""
        return self.supplies or (self.field,)


@dataclass(frozen=True, eq=False)
class TableSpec:
    """One of the report's tables: its section, columns and how a row is recognised."""

    name: str
    section: int
    columns: tuple[ColumnRole, ...]
    # Least number of recognised header cells for a line to count as this table's header.
    min_header_fields: int

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(column.field for column in self.columns)

    @property
    def outputs(self) -> tuple[str, ...]:
        """The table's output columns, in the order its columns first fill them."""
        return tuple(dict.fromkeys(name for column in self.columns for name in column.outputs))

    @property
    def headers(self) -> dict[str, tuple[str, ...]]:
        """Output column -> header wordings seen for it."""
        return {column.field: column.wordings for column in self.columns}

    @property
    def numeric_anchors(self) -> tuple[str, ...]:
        """Columns whose values begin a row (``ColumnRole.starts_row``)."""
        return tuple(column.field for column in self.columns if column.starts_row)

    def role(self, field: str) -> ColumnRole:
        """The column role for ``field``."""
        return next(column for column in self.columns if column.field == field)


RANKINGS = TableSpec(
    name="rankings",
    section=1,
    columns=(
        # ICE's press release printed Section I as "County, State" / "Issued Detainers", with
        # one cell per jurisdiction such as "Clark, Nevada".
        ColumnRole(
            "jurisdiction_state",
            ("County, State", "Jurisdiction, State", "County/State", "Jurisdiction/State"),
            kind=PLACE,
            supplies=(schema.JURISDICTION, schema.STATE),
        ),
        ColumnRole(schema.JURISDICTION, ("Jurisdiction", "County", "Non-Cooperative Jurisdiction")),
        ColumnRole(schema.STATE, ("State",), kind=STATE),
        ColumnRole(
            schema.DETAINERS_ISSUED,
            (
                "Detainers Issued",
                "Number of Detainers Issued",
                "# of Detainers Issued",
                "Total Detainers Issued",
                "No. of Detainers Issued",
                "Issued Detainers",
            ),
            kind=COUNT,
            starts_row=True,
        ),
    ),
    min_header_fields=3,
)

RECORDS = TableSpec(
    name="records",
    section=2,
    columns=(
        ColumnRole(schema.STATE, ("State",), kind=STATE),
        ColumnRole(schema.JURISDICTION, ("County", "Jurisdiction", "County/Jurisdiction")),
        ColumnRole(schema.FACILITY, ("Facility", "Detention Location", "Facility Name")),
        ColumnRole(schema.CITIZENSHIP, ("Citizenship", "Country of Citizenship")),
        ColumnRole(
            schema.CRIMINAL_ACTIVITY,
            ("Notable Criminal Activity", "Criminal Activity"),
            kind=OFFENCES,
            # No notable criminal activity is a normal, empty list, not a missing value.
            required=False,
        ),
        ColumnRole(
            schema.DETAINER_ISSUED,
            ("Detainer Issued", "Date Detainer Issued", "Issued Date", "Date Issued"),
            kind=DATE,
            starts_row=True,
        ),
        ColumnRole(
            schema.DETAINER_DECLINED,
            ("Detainer Declined", "Date Detainer Declined", "Declined Date", "Date Declined"),
            kind=DATE,
            starts_row=True,
        ),
    ),
    min_header_fields=5,
)

POLICIES = TableSpec(
    name="policies",
    section=3,
    columns=(
        ColumnRole(schema.STATE, ("State",), kind=STATE),
        ColumnRole(schema.JURISDICTION, ("Jurisdiction", "County/City", "City/County")),
        ColumnRole(schema.POLICY_TYPE, ("Policy Type", "Type")),
        ColumnRole(schema.POLICY, ("Policy", "Policy Description", "Description")),
    ),
    min_header_fields=3,
)

TABLE_SPECS: tuple[TableSpec, ...] = (RANKINGS, RECORDS, POLICIES)


@functools.lru_cache(maxsize=1 << 16)
def header_key(text: str) -> str:
    """Header wording normalised for comparison (case, spacing, slashes, trailing marks)."""
    text = re.sub(r"\s*/\s*", "/", text.casefold())
    text = re.sub(r"\s+", " ", text)
    return text.strip(" :*.")


@functools.lru_cache(maxsize=1 << 16)
def squashed_key(text: str) -> str:
    """Header wording without spaces or hyphens: how a word broken across the lines of a
    narrow header cell (``Stat`` / ``e``, ``Juris-`` / ``diction``) still reads."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", header_key(text))


@functools.cache
def header_lookup(spec: TableSpec) -> dict[str, str]:
    """Normalised header wording -> output column, for one table (squashed forms too)."""
    lookup = {}
    for column in spec.columns:
        for wording in column.wordings:
            lookup[header_key(wording)] = column.field
    for column in spec.columns:
        for wording in column.wordings:
            lookup.setdefault(squashed_key(wording), column.field)
    return lookup
