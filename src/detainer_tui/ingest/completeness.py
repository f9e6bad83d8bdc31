"""Whether a report was read in full: the checks that turn silent losses into diagnostics.

Each check looks for a way rows can go missing without any row looking wrong: pages that
carry no text (scans) or could not be interpreted, content streams cut short, printed page
numbers with a gap or a total ("of N") the file does not reach, fewer rows than lines that
look like rows, and a Section II row count or Section I figures the report itself
contradicts.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from detainer_tui.ingest.layout import PAGE_NUMBER
from detainer_tui.ingest.lines import Line

_PAGE_OF = re.compile(r"(\d{1,4})\s*(?:(?:of|/)\s*(\d{1,4}))?\s*[-\u2013\u2014]?\s*$", re.I)


@dataclass(frozen=True)
class Numbering:
    """What the printed page numbers say about missing pages."""

    # (physical page before the gap, printed number there, printed number after)
    gaps: list[tuple[int, int, int]]
    stated_total: int | None  # "Page 3 of 35": 35, when the pages agree on one


def printed_numbers(raw_lines: list[list[Line]]) -> dict[int, tuple[int, int | None]]:
    """Physical page -> (printed page number, printed total or None), from each page's last
    lines (or first, for numbers printed at the top)."""
    found: dict[int, tuple[int, int | None]] = {}
    for lines in raw_lines:
        for line in [*lines[-2:][::-1], *lines[:2]]:
            if not PAGE_NUMBER.match(line.text):
                continue
            match = _PAGE_OF.search(line.text.strip())
            if match:
                total = int(match.group(2)) if match.group(2) else None
                found[line.page] = (int(match.group(1)), total)
                break
    return found


def numbering(raw_lines: list[list[Line]], page_count: int) -> Numbering | None:
    """Gaps in the printed page numbers, and the printed total; None when fewer than half the
    pages carry a number (then they say nothing reliable)."""
    found = printed_numbers(raw_lines)
    if len(found) < max(2, page_count // 2):
        return None
    gaps = []
    ordered = sorted(found.items())
    for (page_a, (printed_a, _)), (page_b, (printed_b, _)) in itertools.pairwise(ordered):
        if printed_b - printed_a > page_b - page_a:
            gaps.append((page_a, printed_a, printed_b))
    totals = {total for _, total in found.values() if total is not None}
    return Numbering(gaps, totals.pop() if len(totals) == 1 else None)


@dataclass(frozen=True)
class Contradiction:
    """What a table holds against what the report's text states about it: ``partial`` when
    the table holds less, ``rows`` the rows missing when that can be counted."""

    message: str
    rows: int | None
    partial: bool


def listed_figures(
    stated: tuple[int | None, int | None], counts: list[int], accounted: int, page: int
) -> Contradiction | None:
    """Section I's rows against what its text states of them (``values.parse_listed_figures``:
    detainers issued to the listed jurisdictions, how many they are), on ``page``.

    ``accounted`` rows are already known to be missing (rows not read for a cause of their
    own). Fewer rows, or counts adding up to less, than stated is a partial read; more is
    only worth saying.
    """
    detainers, jurisdictions = stated
    if detainers is None and jurisdictions is None:
        return None
    rows, total = len(counts), sum(counts)
    said = (
        f"{detainers:,} detainers to {jurisdictions:,} jurisdictions"
        if detainers is not None and jurisdictions is not None
        else f"{detainers:,} detainers to the listed jurisdictions"
        if detainers is not None
        else f"{jurisdictions:,} listed jurisdictions"
    )
    table = f"{rows:,} row{'' if rows == 1 else 's'}"
    if detainers is not None:
        table += f" adding up to {total:,}"
    said = f"the text on page {page} states {said}; the table has {table}"
    missing = jurisdictions - rows - accounted if jurisdictions is not None else 0
    if missing > 0:
        lost = f"{missing:,} row{'' if missing == 1 else 's'} not read"
        return Contradiction(f"{lost} ({said})", missing, partial=True)
    if accounted:
        # Rows already missing for a cause of their own explain a total that falls short.
        return None
    if detainers is not None and total < detainers:
        return Contradiction(f"detainers issued not all read ({said})", None, partial=True)
    if (jurisdictions is not None and rows > jurisdictions) or (
        detainers is not None and total > detainers
    ):
        return Contradiction(said, None, partial=False)
    return None
