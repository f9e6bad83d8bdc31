"""A row in full, field by field: what the detail view shows for a record, a policy or a report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from detainer_tui import schema
from detainer_tui.dataset.cells import counted
from detainer_tui.dataset.columns import (
    COMPLETE,
    DAYS,
    FILE,
    FLAG,
    LABELS,
    PERIOD,
    READ,
    REPORT,
    SAMPLE,
)
from detainer_tui.dataset.corrections import Correction
from detainer_tui.dataset.days import CORRECTED_FLAG, FLAG_SEPARATOR, DaysStats
from detainer_tui.dataset.periods import period_label
from detainer_tui.dataset.policy_links import LinkedPolicy
from detainer_tui.dataset.table import Drill, Table
from detainer_tui.text import printable


@dataclass(frozen=True)
class Detail:
    """The fields of one row, each as a (label, printable value) pair."""

    title: str
    fields: tuple[tuple[str, str], ...]
    record: bool = False
    """A declined-detainer record: the view says whether a policy applies to it."""
    policy: Drill | None = None
    """The policies that apply to the record, when an open report lists one."""
    policy_count: int = 0
    """How many policy makers' policies apply to the record."""
    records: Drill | None = None
    """The records behind the row (a ranking row ICE corrected), which Enter opens."""
    records_note: str = ""
    """Why ``records`` may be empty, said when they are opened."""


def _fields(pairs: Iterable[tuple[str, Any]]) -> tuple[tuple[str, str], ...]:
    return tuple((label, printable("" if value is None else str(value))) for label, value in pairs)


def record_detail(
    row: dict[str, Any],
    policy: Drill | None,
    linked: Sequence[LinkedPolicy] = (),
    corrections: Sequence[Correction] = (),
    stats: DaysStats | None = None,
) -> Detail:
    """A Records row in full: every policy that applies to it (``linked``; ``policy`` finds
    them in the Policies table), ICE's correction if one covers it (``corrections``), and the
    days statistics of the records shown around it (``stats``)."""
    fields: list[tuple[str, Any]] = [
        (LABELS[schema.STATE], row.get(schema.STATE)),
        (LABELS[schema.JURISDICTION], row.get(schema.JURISDICTION)),
        (LABELS[schema.FACILITY], row.get(schema.FACILITY)),
        (LABELS[schema.CITIZENSHIP], row.get(schema.CITIZENSHIP)),
        ("Notable criminal activity", row.get(schema.CRIMINAL_ACTIVITY)),
        ("Detainer issued", row.get(schema.DETAINER_ISSUED)),
        ("Detainer declined", row.get(schema.DETAINER_DECLINED)),
        ("Days to decline", _days(row.get(DAYS))),
    ]
    if stats is not None:
        fields.append(("Days, records shown", stats.line()))
    problems = [f for f in (row.get(FLAG) or "").split(FLAG_SEPARATOR) if f and f != CORRECTED_FLAG]
    if problems:
        fields.append(("Data problem", f"declined {' and '.join(problems)}"))
    fields.extend(correction_fields(corrections))
    fields.extend(("State-wide policy" if p.statewide else "Policy", p.describe()) for p in linked)
    if not linked:
        fields.append(("Policy", "none listed, nor a state-wide one"))
    fields.extend(
        [
            (LABELS[REPORT], row.get(REPORT)),
            ("Source page", row.get(schema.SOURCE_PAGE)),
        ]
    )
    return Detail(
        "Declined detainer",
        _fields(fields),
        record=True,
        policy=policy,
        policy_count=len(linked),
    )


def correction_fields(corrections: Sequence[Correction]) -> list[tuple[str, str]]:
    """ICE's correction of a row, and where it was said, as detail fields."""
    fields: list[tuple[str, str]] = []
    for correction in corrections:
        fields.append(("ICE's correction", correction.text))
        fields.append(("Correction source", correction.source))
    return fields


def _days(days: int | None) -> str | None:
    if days is None:
        return None
    return "1 day" if days == 1 else f"{counted(days)} days"


def table_row_detail(table: Table, row: dict[str, Any], title: str) -> Detail:
    """Any table's row in full: each shown column under its heading."""
    return Detail(title, _fields((table.label(c), row.get(c)) for c in table.columns))


def policy_heading(row: dict[str, Any]) -> str:
    """``Travis County, TX · Policy · Jan 28 – Feb 3, 2017 · page 30``."""
    place = ", ".join(v for v in (row.get(schema.JURISDICTION), row.get(schema.STATE)) if v)
    parts = [place or "(no jurisdiction)"]
    if row.get(schema.POLICY_TYPE):
        parts.append(row[schema.POLICY_TYPE])
    if row.get(REPORT):
        parts.append(row[REPORT])
    if row.get(schema.SOURCE_PAGE) is not None:
        parts.append(f"page {row[schema.SOURCE_PAGE]}")
    return printable(" · ".join(parts))


def policy_detail(row: dict[str, Any]) -> Detail:
    """A Policies row in full: where it applies, and its text."""
    return Detail(policy_heading(row), _fields([(LABELS[schema.POLICY], row.get(schema.POLICY))]))


def report_detail(
    row: dict[str, Any],
    info: dict[str, Any],
    read_status: Sequence[str],
    diagnostics: Sequence[str],
    unmatched: Sequence[str] = (),
    corrections: Sequence[Correction] = (),
) -> Detail:
    """A Reports row in full: ``info`` is the report's summary row, ``read_status`` what it
    lacks (empty when read in full), then every diagnostic, ICE's corrections of it and the
    places ``unmatched`` to a county code."""
    fields: list[tuple[str, Any]] = [
        (LABELS[READ], "; ".join(read_status) if read_status else COMPLETE),
        (LABELS[schema.SOURCE_FILE], info[schema.SOURCE_FILE]),
        (LABELS[PERIOD], period_label(info[schema.REPORT_START], info[schema.REPORT_END])),
        (LABELS[schema.PAGES], info[schema.PAGES]),
        (LABELS[schema.DETAINERS_ISSUED_TOTAL], info[schema.DETAINERS_ISSUED_TOTAL]),
        (LABELS[schema.DECLINED_COUNT], info[schema.DECLINED_COUNT]),
        (LABELS[schema.SHA256], info[schema.SHA256]),
        (LABELS[schema.PARSER_VERSION_COL], info[schema.PARSER_VERSION_COL]),
    ]
    if row.get(SAMPLE):
        fields.insert(
            0,
            (LABELS[SAMPLE], "synthetic: the PDF says it is not an ICE publication"),
        )
    fields.extend((f"Diagnostic {n}", d) for n, d in enumerate(diagnostics, start=1))
    if not diagnostics:
        fields.append(("Diagnostics", "none"))
    for correction in corrections:
        fields.append((f"ICE's correction, {correction.place}", correction.text))
        fields.append(("Correction source", correction.source))
    fields.append((NO_COUNTY_CODE, "; ".join(unmatched) if unmatched else "none"))
    return Detail(printable(row.get(FILE) or "Report"), _fields(fields))


NO_COUNTY_CODE = "No county code"
"""The report detail's line listing the places that matched no county FIPS code."""


def correction_detail(
    place: str, corrections: Sequence[Correction], records: Drill | None
) -> Detail:
    """ICE's corrections of a ranking row (``place``), in full, and the ``records`` behind
    the row."""
    return Detail(
        f"{place}: corrected by ICE",
        _fields(correction_fields(corrections)),
        records=records,
    )
