"""Whether a report was read in full: the checks that turn silent losses into diagnostics.

Each check looks for a way rows can go missing without any row looking wrong: pages that
carry no text (scans) or could not be interpreted, content streams cut short, printed page
numbers with a gap or a total ("of N") the file does not reach, fewer rows than lines that
look like rows, and a Section II row count the report itself contradicts.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from detainer_tui.ingest.layout import PAGE_NUMBER
from detainer_tui.ingest.pdf import PageData
from detainer_tui.ingest.tables import Line

_PAGE_OF = re.compile(r"(\d{1,4})\s*(?:(?:of|/)\s*(\d{1,4}))?\s*[-\u2013\u2014]?\s*$", re.I)


@dataclass(frozen=True)
class PageProblem:
    """A page whose rows, if it had any, could not be read; ``cause`` completes
    "pages 5–6 ...", e.g. "have no text layer"."""

    page: int
    cause: str


def page_problems(pages: list[PageData], lines_per_page: list[list[Line]]) -> list[PageProblem]:
    """Pages that could not be read, or were read only in part, and why.

    ``lines_per_page`` are the page's lines without running headers and page numbers: a page
    left with nothing but those shows no content at all.
    """
    problems = []
    for page, lines in zip(pages, lines_per_page, strict=True):
        if page.error:
            problems.append(PageProblem(page.number, "could not be read"))
        elif page.damage:
            problems.append(PageProblem(page.number, f"are damaged: {page.damage}"))
        elif not page.words and page.images:
            problems.append(PageProblem(page.number, "have no text layer"))
        elif not lines:
            problems.append(PageProblem(page.number, "have no text"))
    return problems


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
