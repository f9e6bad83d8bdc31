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

# Footer lines that are page numbers: "7", "Page 7", "Page 7 of 35", "- 7 -", "7 / 35".
PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*)?[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, eq=False)
class TableSpec:
    """One of the report's tables: its section, columns and how a row is recognised."""

    name: str
    section: int
    # Output column (a ``schema`` constant) -> header wordings seen for it.
    headers: dict[str, tuple[str, ...]]
    # Columns whose value is printed on a row's first line and never wraps (dates, counts).
    numeric_anchors: tuple[str, ...]
    # Least number of recognised header cells for a line to count as this table's header.
    min_header_fields: int

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.headers)


RANKINGS = TableSpec(
    name="rankings",
    section=1,
    headers={
        schema.JURISDICTION: ("Jurisdiction", "County", "Non-Cooperative Jurisdiction"),
        schema.STATE: ("State",),
        schema.DETAINERS_ISSUED: (
            "Detainers Issued",
            "Number of Detainers Issued",
            "# of Detainers Issued",
            "Total Detainers Issued",
            "No. of Detainers Issued",
        ),
    },
    numeric_anchors=(schema.DETAINERS_ISSUED,),
    min_header_fields=3,
)

RECORDS = TableSpec(
    name="records",
    section=2,
    headers={
        schema.STATE: ("State",),
        schema.JURISDICTION: ("County", "Jurisdiction", "County/Jurisdiction"),
        schema.FACILITY: ("Facility", "Detention Location", "Facility Name"),
        schema.CITIZENSHIP: ("Citizenship", "Country of Citizenship"),
        schema.CRIMINAL_ACTIVITY: ("Notable Criminal Activity", "Criminal Activity"),
        schema.DETAINER_ISSUED: (
            "Detainer Issued",
            "Date Detainer Issued",
            "Issued Date",
            "Date Issued",
        ),
        schema.DETAINER_DECLINED: (
            "Detainer Declined",
            "Date Detainer Declined",
            "Declined Date",
            "Date Declined",
        ),
    },
    numeric_anchors=(schema.DETAINER_ISSUED, schema.DETAINER_DECLINED),
    min_header_fields=5,
)

POLICIES = TableSpec(
    name="policies",
    section=3,
    headers={
        schema.STATE: ("State",),
        schema.JURISDICTION: ("Jurisdiction", "County/City", "City/County"),
        schema.POLICY_TYPE: ("Policy Type", "Type"),
        schema.POLICY: ("Policy", "Policy Description", "Description"),
    },
    numeric_anchors=(),
    min_header_fields=3,
)

TABLE_SPECS: tuple[TableSpec, ...] = (RANKINGS, RECORDS, POLICIES)


def header_key(text: str) -> str:
    """Header wording normalised for comparison (case, spacing, slashes, trailing marks)."""
    text = re.sub(r"\s*/\s*", "/", text.casefold())
    text = re.sub(r"\s+", " ", text)
    return text.strip(" :*.")


@functools.cache
def header_lookup(spec: TableSpec) -> dict[str, str]:
    """Normalised header wording -> output column, for one table."""
    return {
        header_key(wording): field for field, words in spec.headers.items() for wording in words
    }
