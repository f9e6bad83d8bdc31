"""Data model of a synthetic DDOR: what it says (``ReportSpec``) and how it looks (``Layout``).

Rows carry the *true* values (state codes, ``datetime.date`` objects, offences as a list); how
they are printed is decided by the layout, so the expected tables never depend on rendering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Ruling = Literal["grid", "rows", "none"]
Orientation = Literal["portrait", "landscape"]
StateStyle = Literal["code", "name", "mixed"]
DateStyle = Literal["M/D/YYYY", "MM/DD/YYYY"]
Engine = Literal["reportlab", "fpdf"]
VAlign = Literal["top", "middle", "bottom"]
Fills = Literal["none", "zebra"]

# Field keys of the three tables, in printed column order.
RANKING_FIELDS = ("jurisdiction", "state", "count")
# Section I with jurisdiction and state in one column ("County, State": "Clark County, NV").
COMBINED_RANKING_FIELDS = ("place", "count")
RECORD_FIELDS = (
    "state",
    "jurisdiction",
    "facility",
    "citizenship",
    "offences",
    "issued",
    "declined",
)
POLICY_FIELDS = ("state", "jurisdiction", "policy_type", "policy")

# Header wording seen in published editions, per table and field (see ddor-format.md).
HEADER_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "rankings": {
        "jurisdiction": ("Jurisdiction", "County", "Non-Cooperative Jurisdiction"),
        "state": ("State",),
        "count": (
            "Detainers Issued",
            "Number of Detainers Issued",
            "# of Detainers Issued",
            "Total Detainers Issued",
            "Issued Detainers",
        ),
        # ICE's press release for the first edition: "County, State" / "Issued Detainers".
        "place": ("County, State",),
    },
    "records": {
        "state": ("State",),
        "jurisdiction": ("County", "Jurisdiction", "County/Jurisdiction"),
        "facility": ("Facility", "Detention Location", "Facility Name"),
        "citizenship": ("Citizenship", "Country of Citizenship"),
        "offences": ("Notable Criminal Activity", "Criminal Activity"),
        "issued": ("Detainer Issued", "Date Detainer Issued", "Issued Date", "Date Issued"),
        "declined": (
            "Detainer Declined",
            "Date Detainer Declined",
            "Declined Date",
            "Date Declined",
        ),
    },
    "policies": {
        "state": ("State",),
        "jurisdiction": ("Jurisdiction", "County/City", "City/County"),
        "policy_type": ("Policy Type", "Type"),
        "policy": ("Policy", "Policy Description", "Description"),
    },
}

STANDARD_FONTS = ("Helvetica", "Times-Roman", "Courier")


@dataclass(frozen=True)
class Layout:
    """How a report is drawn. Every option is supported by both renderers."""

    ruling: Ruling = "grid"
    orientation: Orientation = "portrait"
    repeat_headers: bool = True
    # Header text per table and field; values must come from HEADER_SYNONYMS.
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    # Break every multi-word header onto two lines (``Detainer`` / ``Issued``).
    two_line_headers: bool = False
    state_style: StateStyle = "code"
    date_style: DateStyle = "M/D/YYYY"
    font: str = "Helvetica"
    font_size: float = 8.0
    # Relative column widths per table (normalised to the usable page width), one per
    # printed column: two for Section I with ``combined_place``.
    widths: dict[str, tuple[float, ...]] = field(default_factory=dict)
    padding: float = 3.0
    line_spacing: float = 1.2
    # A row with at least this many lines may split across a page break; shorter rows move
    # to the next page whole.
    min_split_lines: int = 3
    # Draw the summary bullets with a glyph ("•") or as plain indented text.
    bullet_glyph: bool = True
    # Print Section I's jurisdiction and state in one column (``County, State``), each cell
    # the jurisdiction, a comma and its state in ``state_style`` (``Clark County, Nevada``).
    combined_place: bool = False
    # The options below are drawn by the reportlab renderer only (the random-layout mode,
    # ``ddorgen.fuzz``, uses that renderer); their defaults draw exactly as before.
    # Vertical alignment of table cells within their row.
    valign: VAlign = "top"
    # Rectangles filled behind table rows: none, or every other row (zebra striping).
    fills: Fills = "none"
    # Extra space after every character, in points (PDF character spacing, Tc).
    char_space: float = 0.0
    # Draw table text one glyph at a time, each at its own position.
    glyph_by_glyph: bool = False
    # Draw the first word of every text cell in the bold face, a point larger (cells that mix
    # fonts and sizes).
    mixed_fonts: bool = False
    # Page margins in points: sides, top, bottom.
    margins: tuple[float, float, float] = (45.0, 40.0, 48.0)
    # Break a header word too wide for its column inside the word, as spreadsheets do.
    break_header_words: bool = False

    def header(self, table: str, key: str) -> str:
        """The header text for ``key`` in ``table`` (first synonym unless chosen)."""
        return self.headers.get(table, {}).get(key, HEADER_SYNONYMS[table][key][0])

    def fields(self, table: str) -> tuple[str, ...]:
        """The field keys of ``table``'s printed columns, in order."""
        if table == "rankings":
            return COMBINED_RANKING_FIELDS if self.combined_place else RANKING_FIELDS
        return {"records": RECORD_FIELDS, "policies": POLICY_FIELDS}[table]


@dataclass(frozen=True)
class Ranking:
    """A Section I row: detainers issued to one non-cooperative jurisdiction."""

    jurisdiction: str
    state: str
    count: int


@dataclass(frozen=True)
class Record:
    """A Section II row: one declined detainer (no personal data)."""

    state: str
    jurisdiction: str
    facility: str
    citizenship: str
    offences: tuple[str, ...]
    issued: dt.date
    declined: dt.date


@dataclass(frozen=True)
class Policy:
    """A Section III row: a jurisdiction's policy limiting cooperation."""

    state: str
    jurisdiction: str
    policy_type: str
    policy: str
    # "county", "city", "state" or "agency"; describes the sample, not printed.
    jurisdiction_kind: str = "county"


@dataclass(frozen=True)
class ReportSpec:
    """Everything one synthetic report says, plus how it is laid out."""

    start: dt.date
    end: dt.date
    period_text: str
    detainers_issued_total: int
    total_sentence: str
    rankings: tuple[Ranking, ...]
    records: tuple[Record, ...]
    policies: tuple[Policy, ...]
    scope_paragraphs: tuple[str, ...]
    title_lines: tuple[str, ...]
    # The summary's bullet list, one entry per section (text begins "Section I:" etc.).
    summary_paragraph: str
    summary_bullets: tuple[str, ...]
    # Real section headings (each begins "Section I:" ... "Section IV:").
    headings: tuple[str, str, str, str]
    running_header: str | None
    page_numbers: bool
    layout: Layout
    engine: Engine = "reportlab"
    # Printed text replacing a Section II cell: (row index, field) -> text. A row with an
    # entry here is deliberately unreadable and absent from the expected tables.
    unreadable_cells: dict[tuple[int, str], str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    # Section I's sentence on the jurisdictions it lists, printed after ``total_sentence``
    # (``text.listed_sentence`` words it from the rankings as the first edition did: "157 to
    # these ten jurisdictions during the reporting period"); empty: no such sentence.
    listed_sentence: str = ""


@dataclass(frozen=True)
class Rendered:
    """What a renderer actually produced."""

    path: str
    pages: int
    # 1-based page on which each Section II / III row starts.
    record_pages: tuple[int, ...]
    policy_pages: tuple[int, ...]
    # Indices of rows that continue onto the next page.
    split_records: tuple[int, ...]
    split_policies: tuple[int, ...]
    engine: Engine
