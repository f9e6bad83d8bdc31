"""Printed text of cells and headers, shared by both renderers so they print the same words.

Only *what* is printed lives here; *where* and *how* (metrics, wrapping, rules) belongs to each
renderer, which keeps the two renderers' geometry independent.
"""

from __future__ import annotations

import datetime as dt

from ddorgen.model import RECORD_FIELDS, Layout, Ranking, ReportSpec

STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip

SYNTHETIC_NOTICE = "SYNTHETIC SAMPLE — not an ICE publication"


def state_text(code: str, layout: Layout, row_index: int) -> str:
    """The state as printed: code, full name, or (``mixed``) full name on every third row."""
    if layout.state_style == "name" or (layout.state_style == "mixed" and row_index % 3 == 1):
        return STATE_NAMES[code]
    return code


def date_text(value: dt.date, layout: Layout) -> str:
    """A date in the layout's style."""
    if layout.date_style == "MM/DD/YYYY":
        return f"{value.month:02d}/{value.day:02d}/{value.year}"
    return f"{value.month}/{value.day}/{value.year}"


def header_lines(text: str, layout: Layout) -> list[str]:
    """Header text, split onto two lines at the middle space when the layout asks for it."""
    words = text.split(" ")
    if not layout.two_line_headers or len(words) < 2:
        return [text]
    cut = (len(words) + 1) // 2
    return [" ".join(words[:cut]), " ".join(words[cut:])]


def headers(spec: ReportSpec, table: str) -> list[str]:
    """Header texts of ``table`` in column order."""
    return [spec.layout.header(table, key) for key in spec.layout.fields(table)]


def ranking_cells(spec: ReportSpec) -> list[list[str]]:
    """Printed Section I cells (jurisdiction and state in one cell with ``combined_place``)."""
    rows = []
    for i, r in enumerate(spec.rankings):
        state = state_text(r.state, spec.layout, i)
        cells = {"jurisdiction": r.jurisdiction, "state": state, "count": f"{r.count:,}"}
        cells["place"] = f"{r.jurisdiction}, {state}"
        rows.append([cells[key] for key in spec.layout.fields("rankings")])
    return rows


NUMBER_WORDS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
)  # fmt: skip


def listed_sentence(rankings: tuple[Ranking, ...] | list[Ranking]) -> str:
    """Section I's sentence on the listed jurisdictions, worded as in the first edition
    ("157 to these ten jurisdictions during the reporting period")."""
    total = sum(r.count for r in rankings)
    count = len(rankings)
    number = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else f"{count:,}"
    return (
        f"Of those, ICE issued {total:,} to these {number} jurisdictions during the reporting "
        "period."
    )


def section_i_text(spec: ReportSpec) -> str:
    """Section I's prose before its table: the national total, then any listed figures."""
    return f"{spec.total_sentence} {spec.listed_sentence}".strip()


def record_cells(spec: ReportSpec) -> list[list[str]]:
    """Printed Section II cells, with any deliberately unreadable cells substituted."""
    rows = []
    for i, r in enumerate(spec.records):
        cells = {
            "state": state_text(r.state, spec.layout, i),
            "jurisdiction": r.jurisdiction,
            "facility": r.facility,
            "citizenship": r.citizenship,
            "offences": "; ".join(r.offences),
            "issued": date_text(r.issued, spec.layout),
            "declined": date_text(r.declined, spec.layout),
        }
        for (index, key), text in spec.unreadable_cells.items():
            if index == i:
                cells[key] = text
        rows.append([cells[key] for key in RECORD_FIELDS])
    return rows


def policy_cells(spec: ReportSpec) -> list[list[str]]:
    """Printed Section III cells."""
    return [
        [state_text(p.state, spec.layout, i), p.jurisdiction, p.policy_type, p.policy]
        for i, p in enumerate(spec.policies)
    ]
