"""Whether every page of a report is there once and whole: the root causes of a partial read.

A bad download, a broken merge or a damaged disk leaves a report whose pages are missing,
empty, cut short or repeated. What is left may parse cleanly, so each page is checked for
the signs such damage leaves:

- a page the printed numbering skips ("printed page 8, then 10"), or fewer pages than "of N";
- a page that is a copy of another (the same content stream, or the same lines of text): it
  is set aside before the tables are read, so that no row counts twice;
- a content stream that is cut short (``streams``), or a page that draws nothing;
- a page with no page number at its foot where the other pages have one;
- a page inside a section whose text ends far above where the other pages' rows end, although
  the next page's first row would have fitted in the space left, or although its own last row
  goes on to the next page (a row split over a page break fills the page it begins on);
- a page whose last row has text but none of its values (a date, a count): a row cut after
  its first cells (lines too far below the row above to be its wrapped text begin one);
- rows lacking wrapped text that rows above them on the page have (a spreadsheet draws the
  wrapped cells in a second pass), rows lacking text on a page where no cell wraps while
  the table's other pages have wrapped cells (the second pass lost whole), and rows lacking
  their state (no row is printed without one);
- a table header with no row under it, well above the foot of its page.

Rows read from a page found cut short or damaged are left out of the tables and counted:
what is left of a cut page may end in a row whose last cells are cut off, and a value from a
corrupt stream may be garbled while looking like a good one.

Each problem becomes one diagnostic, written root cause first ("page 9 of 12 is missing:
Section III's table may be incomplete") and marked ``cause``: the command line prints these,
and leaves their consequences (a section not found, words in no cell) to ``--verbose`` and
the Reports pane.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from detainer_tui.ingest import completeness, layout, refusals
from detainer_tui.ingest.columns import Builder, rows_text
from detainer_tui.ingest.layout import PAGE_NUMBER, SECTION_NAMES, TABLE_SPECS
from detainer_tui.ingest.lines import Line
from detainer_tui.ingest.pdf import PageData
from detainer_tui.report import page_span

# Plural and singular of what is wrong with pages.
_VERBS = {
    "could not be read": "could not be read",
    "are damaged": "is damaged",
    "are cut short": "is cut short",
    "have no text layer": "has no text layer",
    "are empty": "is empty",
    "have no text": "has no text",
    "are missing": "is missing",
    "have text that cannot be decoded": "has text that cannot be decoded",
}
LEAVES_ROWS_OUT = ("are damaged", "are cut short", "have text that cannot be decoded")
"""Problems whose pages' rows are left out of the tables (counted in the diagnostic)."""
CONTINUATION_LOST = ("are damaged", "have text that cannot be decoded", "could not be read",
                     "have no text layer", "are empty", "have no text")  # fmt: skip
"""Problems that take with them the end of a row begun on the page before: that row is left
out too (its last lines may be missing, and it would look whole)."""

DUPLICATE_LEAST_LINES = 3
"""Lines of text (page furniture aside) a page must have to be taken for a copy of another."""


@dataclass(frozen=True)
class Problem:
    """One page that is not whole: ``what`` completes "pages 5–6 ...", ``why`` says how it
    was seen (or None)."""

    page: int
    what: str
    why: str | None = None


@dataclass
class Copies:
    """Pages that repeat an earlier page, and printed page numbers given twice."""

    of: dict[int, int] = field(default_factory=dict)  # copy's page -> the page it repeats
    renumbered: dict[int, tuple[int, int]] = field(default_factory=dict)  # page -> (printed, other)


def _text_key(lines: list[Line]) -> tuple[str, ...]:
    return tuple(line.text for line in lines if not PAGE_NUMBER.match(line.text))


def copies(pages: list[PageData], raw: list[list[Line]]) -> Copies:
    """Pages that are copies of an earlier one: the same decoded content, or the same lines
    of text (page numbers aside), on a page with text enough to tell; and pages whose printed
    number another page already carries."""
    found = Copies()
    by_digest: dict[str, int] = {}
    by_text: dict[tuple[str, ...], int] = {}
    for page, lines in zip(pages, raw, strict=True):
        key = _text_key(lines)
        if len(key) < DUPLICATE_LEAST_LINES:
            continue
        original = by_digest.get(page.digest) if page.digest else None
        if original is None:
            original = by_text.get(key)
        if original is not None:
            found.of[page.number] = original
            continue
        if page.digest:
            by_digest[page.digest] = page.number
        by_text[key] = page.number
    kept = [lines for page, lines in zip(pages, raw, strict=True) if page.number not in found.of]
    numbering = completeness.numbering(kept, len(kept))
    if numbering is not None:
        seen: dict[int, int] = {}
        for page, (printed, _) in sorted(completeness.printed_numbers(kept).items()):
            if printed in seen:
                found.renumbered[page] = (printed, seen[printed])
            seen.setdefault(printed, page)
    return found


def _bottom_number(lines: list[Line]) -> bool:
    """Whether the page's last lines carry its printed number."""
    return any(PAGE_NUMBER.match(line.text) for line in lines[-2:])


@dataclass
class TableView:
    """What the checks need of one table section's read: where its rows begin (page, top of
    the line its values start on) and its headers (page, bottom)."""

    section: int
    row_starts: list[tuple[int, float]]
    headers: list[tuple[int, float]]
    lacking: list[frozenset[str]] = field(default_factory=list)
    """Per row (as ``row_starts``): the text cells a row must have that it lacks."""
    wrapped: list[frozenset[str]] = field(default_factory=list)
    """Per row: its cells whose text wraps onto several lines."""
    continued: frozenset[int] = frozenset()
    """Pages whose first lines go on with the row begun on the page before."""
    valueless: frozenset[int] = frozenset()
    """Pages whose last row begun there has text but none of the values that begin a row
    (a date, a count): a row cut off after its first cells."""


def page_problems(
    pages: list[PageData],
    raw: list[list[Line]],
    per_page: list[list[Line]],
    starts: dict[int, int],
    tables: list[TableView],
) -> list[Problem]:
    """Pages that could not be read, or were read only in part, and why.

    ``raw`` are each page's lines as printed, ``per_page`` without running headers and page
    numbers (a page left with nothing but those shows no content at all); ``starts`` the page
    each section begins on; ``tables`` where each table's rows and headers are.
    """
    problems: dict[int, Problem] = {}
    undecodable = set(refusals.undecodable_pages(pages))
    for page, lines in zip(pages, per_page, strict=True):
        if page.error:
            problems[page.number] = Problem(page.number, "could not be read")
        elif page.damage:
            cut = "cut short" in page.damage or page.damage.startswith("its content ends")
            why = None if "cut short" in page.damage else page.damage
            what = "are cut short" if cut else "are damaged"
            problems[page.number] = Problem(page.number, what, why)
        elif not page.words and page.images:
            problems[page.number] = Problem(page.number, "have no text layer")
        elif page.empty or not page.words:
            problems[page.number] = Problem(page.number, "are empty")
        elif not lines:
            problems[page.number] = Problem(page.number, "have no text")
        elif page.number in undecodable:
            problems[page.number] = Problem(
                page.number, "have text that cannot be decoded", "a font has no Unicode mapping"
            )
    whole = [(p, r, q) for p, r, q in zip(pages, raw, per_page, strict=True) if q and not p.error]
    # A page number missing at the foot of a page where the other pages have one.
    numbered = [page.number for page, lines, _ in whole if _bottom_number(lines)]
    if len(numbered) >= 2 and len(numbered) >= 0.75 * (len(whole) - 1):
        for page, _, _ in whole:
            if page.number > 1 and page.number not in numbered and page.number not in problems:
                problems[page.number] = Problem(
                    page.number, "are cut short", "its page number is missing"
                )
    cut_rows = {
        page: "its last row has text but none of its values"
        for table in tables
        for page in table.valueless
    }
    found = {**_emptied_rows(tables), **cut_rows, **_short_pages(whole, starts, tables)}
    for number, why in found.items():
        problems.setdefault(number, Problem(number, "are cut short", why))
    return sorted(problems.values(), key=lambda p: p.page)


_EMPTIED = "its last rows lack the wrapped text that the rows above them have"
_GOES_ON_SHORT = "its last row goes on to the next page, but its text ends lines above the others'"


_PLACES = frozenset(
    role.field
    for spec in TABLE_SPECS
    for role in spec.columns
    if role.kind in (layout.STATE, layout.PLACE)
)
"""Cells no row of a report is printed without: its state (or county and state)."""


def _named(fields: Collection[str]) -> str:
    """Output columns as words: ``facility or state``."""
    return " or ".join(sorted(name.replace("_", " ") for name in fields))


def _emptied_rows(tables: list[TableView]) -> dict[int, str]:
    """Pages that lost text their rows must have. Drawn in two passes (the short cells of
    every row, then the wrapped ones, as a spreadsheet exports it), a page cut short during
    the second leaves rows without the wrapped text that rows above them have; cut before
    it, whatever wraps on the page is lost: rows without a state (no row is printed without
    one) show it, where an empty facility alone could be printed so."""
    found: dict[int, str] = {}
    for table in tables:
        by_page: dict[int, list[tuple[frozenset[str], frozenset[str]]]] = {}
        for (page, _), lacking, wrapped in zip(
            table.row_starts, table.lacking, table.wrapped, strict=True
        ):
            by_page.setdefault(page, []).append((lacking, wrapped))
        wraps = {page for page, rows in by_page.items() if any(w for _, w in rows)}
        for page, rows in by_page.items():
            lacking_here = {name for lacking, _ in rows for name in lacking}
            if lacking_here and wraps - {page} and page not in wraps:
                # Cut before the second pass: the page's wrapped cells are all lost.
                found[page] = f"rows on it lack their {_named(lacking_here)}, and none of its "
                found[page] += "cells wraps"
                continue
            # The rows after the cut lack what they wrap; those before it have theirs.
            above: frozenset[str] = frozenset()
            for lacking, wrapped in rows:
                if lacking & above:
                    found[page] = _EMPTIED
                    break
                above |= wrapped
            if lacking_here & _PLACES and page not in found:
                found[page] = f"rows on it lack their {_named(lacking_here & _PLACES)}"
    return found


def _short_pages(
    whole: list[tuple[PageData, list[Line], list[Line]]],
    starts: dict[int, int],
    tables: list[TableView],
) -> dict[int, str]:
    """Pages in the middle of a table whose text ends far above where the other pages' rows
    end (although the next page's first row would have fitted), or that end in a table
    header with no row under it."""
    heights = [line.bottom - line.top for _, _, lines in whole for line in lines]
    if not heights:
        return {}
    step = statistics.median(heights)
    by_number = {page.number: (page, lines) for page, _, lines in whole}
    fullest = _reach(
        [page for page, _, _ in whole],
        [lines for _, _, lines in whole],
        {page.number for page, _, _ in whole if page.damage},
    )
    found: dict[int, str] = {}
    for table in tables:
        rows: dict[int, list[float]] = {}
        for page, top in table.row_starts:
            rows.setdefault(page, []).append(top)
        headers = dict(table.headers)
        # Pages of this table followed by a page on which rows of it begin (checked), or
        # at least its header (the depth the others reach).
        table_pages = [n for n in sorted(rows.keys() | headers.keys()) if n in by_number]
        middle = [n for n in table_pages if n + 1 in rows]
        ends = {n: by_number[n][1][-1].bottom for n in table_pages if n + 1 in rows | headers}
        for n in table_pages:
            # A row split over a page break fills the page it begins on: a page whose last
            # row goes on to the next page yet whose text stops lines above the foot the
            # fullest sound page reaches was cut short (at the end of a row, or inside the
            # one going on).
            page = by_number[n][0]
            following = by_number.get(n + 1)
            if n + 1 not in table.continued or n in found or not following or following[0].damage:
                continue  # a damaged page's text may be read as going on when it does not
            foot = fullest.get(round(page.height))
            if foot is not None and foot - by_number[n][1][-1].bottom > 3 * step:
                found[n] = _GOES_ON_SHORT
        for n in middle:
            if n in found:
                continue
            page = by_number[n][0]
            others = [
                end for m, end in ends.items() if m != n and _same_size(by_number[m][0], page)
            ]
            if not others:
                continue
            reach = statistics.median(others)
            room = reach - ends[n]
            following = by_number[n + 1]
            tops = sorted(rows[n + 1])
            below = headers.get(n + 1, 0.0)
            first = min([line.top for line in following[1] if line.top > below] or [tops[0]])
            end = tops[1] if len(tops) > 1 else following[1][-1].bottom
            needed = end - first
            if room > needed + 1.5 * step and room > 3 * step:
                found[n] = (
                    "its table header has no row under it"
                    if n in headers and n not in rows
                    else "its text ends far above where the other pages' rows end"
                )
    return found


def _same_size(page: PageData, other: PageData) -> bool:
    return abs(page.height - other.height) < 1


def left_out_rows(
    problems: list[Problem],
    missing: list[tuple[int, list[int], int | None]],
    rows: dict[int, list[int]],
    starts: dict[int, int],
    full: set[int],
    end: int | None = None,
    continued: dict[int, set[int]] | None = None,
) -> tuple[dict[int, set[int]], dict[tuple[int, int], int]]:
    """The rows to leave out of each table, given the page each row begins on (``rows``:
    section -> pages, in row order): every row of a page cut short or damaged, and the last
    row begun on the page before a page whose text is lost or missing, when that row's table
    runs to the page's foot (``full``: the pages whose text does; ``starts``: the page each
    section begins on) and so may go on over the lost page. Returns section -> indices of
    the rows left out, and (page of the problem, or first printed number of the missing
    pages; section) -> how many. ``end``: the file's last page, when the file ends early (the
    last row of the table it ends in is left out, counted under the page after it).
    ``continued``: section -> the pages whose first lines were read as going on with the row
    before; a row read as going on to a lost page is left out, full page or not."""
    whole = {p.page: p.page for p in problems if p.what in LEAVES_ROWS_OUT}
    # A compressed stream cut short may decode to nothing at all, its top included; a page
    # cut anywhere else on which no row begins was cut in the row it goes on with.
    begun = {page for pages in rows.values() for page in pages}
    lost = [
        p
        for p in problems
        if p.what in CONTINUATION_LOST
        or (p.what == "are cut short" and (p.why is None or p.page not in begun))
    ]
    before = {p.page - 1: p.page for p in lost}
    for page, printed, _ in missing:
        before.setdefault(page, printed[0])
    # When the file ends early, the row its last page ends in may be cut short, wherever it
    # began: a stream cut right after an operator leaves no mark, and may end a page anywhere,
    # well above its foot.
    ending = _section_at(end, starts) if end is not None else None
    dropped: dict[int, set[int]] = {}
    counts: dict[tuple[int, int], int] = {}
    for section, pages in rows.items():
        last = {page: index for index, page in enumerate(pages)}
        for index, page in enumerate(pages):
            key = whole.get(page)
            running = _section_at(page, starts)
            if (
                key is None
                and page in before
                and last[page] == index
                and (page in full or page + 1 in (continued or {}).get(section, ()))
                and running == section
            ):
                key = before[page]
            if key is None and section == ending and index == len(pages) - 1:
                key = end + 1
            if key is not None:
                dropped.setdefault(section, set()).add(index)
                counts[key, section] = counts.get((key, section), 0) + 1
    return dropped, counts


def _section_at(page: int, starts: dict[int, int]) -> int | None:
    """The section running on ``page`` (the last begun on it or before)."""
    return max((n for n, first in starts.items() if first <= page), default=None)


def full_pages(
    pages: list[PageData], per_page: list[list[Line]], unsound: Collection[int] = ()
) -> set[int]:
    """Pages whose text (page furniture aside) reaches as far down as any page of their size
    does, within three lines: where a row may go on over the page break. The ``unsound``
    pages (damaged: a corrupt stream may set its text anywhere, below the foot) do not set
    how far down a page reaches."""
    heights = [line.bottom - line.top for lines in per_page for line in lines]
    if not heights:
        return set()
    slack = 3 * statistics.median(heights)
    reach = _reach(pages, per_page, unsound)
    return {
        page.number
        for page, lines in zip(pages, per_page, strict=True)
        if lines and lines[-1].bottom >= reach.get(round(page.height), 0.0) - slack
    }


def _reach(
    pages: list[PageData], per_page: list[list[Line]], unsound: Collection[int]
) -> dict[int, float]:
    """Page height -> how far down the text of the fullest of those pages goes, the
    ``unsound`` ones aside."""
    reach: dict[int, float] = {}
    for page, lines in zip(pages, per_page, strict=True):
        if lines and page.number not in unsound:
            size = round(page.height)
            reach[size] = max(reach.get(size, 0.0), lines[-1].bottom)
    return reach


def missing_pages(raw: list[list[Line]], count: int) -> list[tuple[int, list[int], int | None]]:
    """Pages the printed numbering shows missing: (physical page before them, their printed
    numbers, the printed total or None)."""
    numbering = completeness.numbering(raw, count)
    if numbering is None:
        return []
    total = numbering.stated_total
    out = [(page, list(range(before + 1, after)), total) for page, before, after in numbering.gaps]
    printed = completeness.printed_numbers(raw)
    if total is not None and total > count and printed:
        last_page, (last, _) = max(printed.items())
        if last < total and last_page == max(p for lines in raw for p in {ln.page for ln in lines}):
            out.append((last_page, list(range(last + 1, total + 1)), total))
    return out


def sections_on(page: int, starts: dict[int, int], *, after: bool = False) -> list[int]:
    """The sections printed on ``page``: the one running at its top, any beginning on it, and
    any not found whose place lies there (between the sections found around it). ``after``:
    those that could follow the page instead (the one running at its end, and those not
    found whose place lies after it)."""
    running = [n for n, first in starts.items() if first <= page if after or first < page]
    on = [] if after else [n for n, first in starts.items() if first == page]
    lost = []
    for number in SECTION_NAMES:
        if number in starts:
            continue
        earlier = [first for n, first in starts.items() if n < number]
        later = [first for n, first in starts.items() if n > number]
        if (max(earlier) if earlier else 0) <= page <= (min(later) if later else page):
            lost.append(number)
    return sorted({*([max(running)] if running else []), *on, *lost})


def pages_of(numbers: list[int], total: int | None) -> str:
    """``page 3 of 13``, ``pages 2–3 of 6``."""
    span = page_span(numbers)
    return f"{span} of {total}" if total else span


def what_it_means(sections: list[int], tabled: set[int], certain: bool, rows: str) -> str:
    """``: Section II's table is incomplete (7 rows not read)`` for the sections concerned."""
    names = [SECTION_NAMES[n] for n in sections if n in tabled]
    if not names:
        return ""
    if len(names) == 1:
        subject = f"{names[0]}'s table"
        verb = "is incomplete" if certain else "may be incomplete"
    else:
        subject = f"{', '.join(names[:-1])} and {names[-1]}'s tables"
        subject = subject.replace(" and ", "'s and ", 1) if len(names) == 2 else subject
        verb = "are incomplete" if certain else "may be incomplete"
    return f": {subject} {verb}" + (f" ({rows})" if rows else "")


def verb(what: str, pages: int) -> str:
    """``what`` said of one page, or of several."""
    return _VERBS.get(what, what) if pages == 1 else what


@dataclass
class PageFindings:
    """What the page checks found in one report, for ``note_pages``."""

    count: int  # pages in the file
    problems: list[Problem]
    missing: list[tuple[int, list[int], int | None]]
    copies: Copies
    left_out: dict[tuple[int, int], int]  # (page, section) -> rows read there and left out
    starts: dict[int, int]
    tabled: set[int]


def _group(findings: PageFindings) -> dict[tuple[str, tuple[int, ...]], list[Problem]]:
    """Problems by what is wrong and the sections concerned."""
    groups: dict[tuple[str, tuple[int, ...]], list[Problem]] = {}
    for problem in findings.problems:
        key = (problem.what, tuple(sections_on(problem.page, findings.starts)))
        groups.setdefault(key, []).append(problem)
    return groups


def note_pages(
    builder: Builder, findings: PageFindings, stated: int | None, read_rows: int
) -> None:
    """One root-cause diagnostic per kind of page problem and sections concerned (on
    ``builder``, a ``columns.Builder``). ``stated`` is the count of declined detainers
    Section II states (None if it states none) and ``read_rows`` the rows its table gave:
    when one cause alone explains Section II's shortfall, its rows are counted exactly."""
    tabled = findings.tabled
    groups = _group(findings)
    causes: list[tuple[str, tuple[int, ...], list[int], dict[int, int]]] = []
    for (what, sections), problems in groups.items():
        numbers = [p.page for p in problems]
        causes.append((what, sections, numbers, _left_out(findings, numbers)))
    for before, printed, _total in findings.missing:
        causes.append(
            ("are missing", tuple(sections_on(before, findings.starts, after=True)), printed, {})
        )
    section_two = [c for c in causes if 2 in c[1] and 2 in tabled]
    accounted = sum(
        d.rows or 0 for d in builder.diagnostics if d.partial and d.section == SECTION_NAMES[2]
    )
    exact = stated - read_rows - accounted if stated is not None else None
    for what, sections, numbers, lost in causes:
        rows = None
        if len(section_two) == 1 and 2 in sections and exact is not None and exact > 0:
            rows = exact
            lost = {**lost, 2: rows}
        left_out = sum(lost.values())
        if rows:
            counted = f"{rows_text(rows)} not read"
        elif left_out:
            counted = (
                f"at least {rows_text(left_out)} not read; rows "
                f"{'it' if len(numbers) == 1 else 'they'} may have cut short are left out"
            )
        else:
            counted = ""
        certain = bool(lost) or what in ("could not be read", "have no text layer")
        if what == "are missing":
            total = next((t for b, p, t in findings.missing if p == numbers), None)
            where = pages_of(numbers, total)
        else:
            where = pages_of(numbers, findings.count)
        why = next((p.why for p in findings.problems if p.page == numbers[0]), None)
        if what == "have no text layer":
            why = "a scanned image?" if len(numbers) == 1 else "scanned images?"
        detail = f" ({why})" if why and what != "are missing" else ""
        message = (
            f"{where} {verb(what, len(numbers))}{detail}"
            f"{what_it_means(sorted(lost) or list(sections), tabled, certain, counted)}"
        )
        concerned = [n for n in (*sorted(lost), *sections) if n in tabled]
        first = concerned[0] if concerned else (sections[0] if sections else None)
        builder.note_cause(message, first, tuple(numbers), rows=rows, partial=bool(concerned))
        for other in dict.fromkeys(concerned[1:]):
            if other != first:
                builder.note(
                    f"rows may be missing ({where} {verb(what, len(numbers))})",
                    numbers[0],
                    other,
                    pages=tuple(numbers),
                    partial=True,
                )
    _note_copies(builder, findings)
    qualify_counts(builder.diagnostics)


def _left_out(findings: PageFindings, numbers: list[int]) -> dict[int, int]:
    """Section -> rows left out of it from pages ``numbers``."""
    out: dict[int, int] = {}
    for (page, section), rows in findings.left_out.items():
        if page in numbers:
            out[section] = out.get(section, 0) + rows
    return out


def _note_copies(builder: Builder, findings: PageFindings) -> None:
    """Copies of pages (set aside, their rows counted once), and numbers given twice."""
    copied = findings.copies
    if copied.of:
        numbers = sorted(copied.of)
        originals = [copied.of[n] for n in numbers]
        sections = sorted({s for n in originals for s in sections_on(n, findings.starts)})
        one = len(numbers) == 1
        message = (
            f"{pages_of(numbers, findings.count)} {'is a copy' if one else 'are copies'} of "
            f"{page_span(originals)}: {'its' if one else 'their'} rows are counted once"
        )
        first = next((n for n in sections if n in findings.tabled), None)
        builder.note_cause(message, first, tuple(numbers), rows=0, partial=True)
    for page, (printed, other) in sorted(copied.renumbered.items()):
        sections = sections_on(page, findings.starts)
        first = next((n for n in sections if n in findings.tabled), None)
        builder.note_cause(
            f"{pages_of([page], findings.count)} is numbered {printed}, as page {other} is: "
            "the file's pages may be mixed up or repeated",
            first,
            (page,),
            rows=None,
            partial=True,
        )


def qualify_counts(diagnostics: list[Any]) -> None:
    """In a section whose loss cannot be counted (a cause with no row count), a diagnostic
    that counts rows not read counts only some of them: it says "at least"."""
    uncounted = {d.section for d in diagnostics if d.partial and d.rows is None}
    for index, diagnostic in enumerate(diagnostics):
        if (
            diagnostic.section in uncounted
            and diagnostic.rows
            and diagnostic.message.startswith(f"{rows_text(diagnostic.rows)} not read")
        ):
            diagnostics[index] = replace(diagnostic, message=f"at least {diagnostic.message}")


def headings_lost(lines: list[Line], starts: dict[int, int]) -> dict[int, int]:
    """Table sections whose heading was not found but whose table header was, inside the
    section before (its heading's page missing or damaged): section -> index in ``lines``
    of that header. Read as the section's own table, not as rows of the one before."""
    from detainer_tui.ingest.headers import header_vocabulary, match_header
    from detainer_tui.ingest.layout import TABLE_SPECS

    found: dict[int, int] = {}
    order = sorted(starts.items(), key=lambda item: item[1])
    for spec in TABLE_SPECS:
        if spec.section in starts:
            continue
        before = [index for number, index in order if number < spec.section]
        after = [index for number, index in order if number > spec.section]
        low, high = (max(before) + 1 if before else 0), (min(after) if after else len(lines))
        vocabulary = header_vocabulary(spec)
        for index in range(low, high):
            if match_header(spec, lines, index, vocabulary) is not None:
                found[spec.section] = index
                break
    return found
