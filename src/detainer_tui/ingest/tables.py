"""Rebuild a report table from word positions and ruling lines.

The steps, per section:

1. Find the header row: one to three lines whose words, grouped into cells by horizontal
   overlap (a header cell may wrap: ``Detainer`` / ``Issued``), read as this table's header
   wordings (``layout.TableSpec.headers``). The header may be repeated on every page or printed
   once; its column positions carry over until the next header.
2. Place the column boundaries: on a vertical rule between two header cells when there is one,
   otherwise in the emptiest gap between them across all the data lines below.
3. Split each line into cells by those boundaries, and group lines into rows: a horizontal rule
   between two lines separates rows; without rules, a row starts on a line where a column that
   never wraps (a date or count) or the state column begins a new value, and every other line
   continues the row above. The first line of a page that begins no value continues the row
   split at the bottom of the previous page.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from detainer_tui import schema
from detainer_tui.ingest import values
from detainer_tui.ingest.layout import PAGE_NUMBER, TableSpec, header_key, header_lookup
from detainer_tui.ingest.pdf import HRule, PageData, VRule, Word

# Widest header cell, in stacks of overlapping words, that may form one header wording.
MAX_HEADER_GROUP = 6
# Most lines a (wrapped) header row spans.
MAX_HEADER_LINES = 3
# Share of a header band's words that may belong to no known wording (a new, unknown column).
MAX_UNKNOWN_HEADER_SHARE = 0.34


class Line:
    """Words sharing a baseline on one page, left to right."""

    __slots__ = ("bottom", "page", "top", "words")

    def __init__(self, page: int, words: list[Word]) -> None:
        self.page = page
        self.words = sorted(words, key=lambda w: w.x0)
        self.top = min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    def __repr__(self) -> str:
        return f"Line(p{self.page} {self.top:.1f}: {self.text!r})"


def page_lines(page: PageData) -> list[Line]:
    """The page's words grouped into lines, top to bottom."""
    lines: list[Line] = []
    current: list[Word] = []
    top = bottom = 0.0
    for word in sorted(page.words, key=lambda w: (w.top, w.x0)):
        if current:
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap > 0.5 * min(bottom - top, word.bottom - word.top):
                current.append(word)
                top, bottom = min(top, word.top), max(bottom, word.bottom)
                continue
            lines.append(Line(page.number, current))
        current = [word]
        top, bottom = word.top, word.bottom
    if current:
        lines.append(Line(page.number, current))
    return lines


# -- page furniture -----------------------------------------------------------------------


def _furniture_key(line: Line) -> tuple[str, int]:
    text = "".join("#" if ch.isdigit() else ch for ch in line.text.casefold()).strip()
    # Furniture sits at the same height on every page; table text rarely does.
    return text, round(line.top / 3)


def strip_furniture(
    pages: list[list[Line]], protect: Callable[[list[Line], int], bool] | None = None
) -> list[list[Line]]:
    """Drop running headers and page-number footers.

    A running header or footer is a top or bottom line whose text (digits aside) recurs at the
    same height on a good share of the pages; a bottom line that is just a page number is
    dropped anywhere. A line for which ``protect(lines, index)`` is true (the start of a table's
    header row, which may also recur at the top of every page) is never dropped.
    """
    counts: dict[tuple[str, int], int] = {}
    for lines in pages:
        for line in {id(x): x for x in lines[:2] + lines[-2:]}.values():
            key = _furniture_key(line)
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, round(0.4 * len(pages)))

    def furniture(lines: list[Line], index: int) -> bool:
        if counts.get(_furniture_key(lines[index]), 0) < needed:
            return False
        return not (protect and protect(lines, index))

    result = []
    for lines in pages:
        lines = list(lines)
        for _ in range(2):
            if lines and furniture(lines, 0):
                lines.pop(0)
        for _ in range(2):
            if lines and (PAGE_NUMBER.match(lines[-1].text) or furniture(lines, len(lines) - 1)):
                lines.pop()
        result.append(lines)
    return result


# -- header rows --------------------------------------------------------------------------


@dataclass
class Column:
    field: str | None  # None: a header cell this parser does not know; its text is ignored
    x0: float
    x1: float


@dataclass
class Header:
    """A recognised header row."""

    page: int
    top: float
    bottom: float
    lines: int
    columns: list[Column]
    matched: int


def _stacks(words: list[tuple[int, Word]]) -> list[list[tuple[int, Word]]]:
    """Words of a header band grouped by horizontal overlap across its lines."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (li, a) in enumerate(words):
        for j in range(i + 1, len(words)):
            lj, b = words[j]
            if li != lj and min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5:
                parent[find(i)] = find(j)
    groups: dict[int, list[tuple[int, Word]]] = {}
    for i, item in enumerate(words):
        groups.setdefault(find(i), []).append(item)
    return sorted(groups.values(), key=lambda g: min(w.x0 for _, w in g))


def _group_text(stacks: list[list[tuple[int, Word]]]) -> str:
    items = sorted((item for stack in stacks for item in stack), key=lambda t: (t[0], t[1].x0))
    return " ".join(w.text for _, w in items)


def _match_band(
    spec: TableSpec, lookup: dict[str, str], band: list[Line]
) -> tuple[int, int, list[Column]]:
    """(fields matched, unknown words, columns) for the best reading of a header band."""
    words = [(i, w) for i, line in enumerate(band) for w in line.words]
    stacks = _stacks(words)
    n = len(stacks)
    # best[j]: (words read as a known wording, -cells) for the first j stacks: read as much of
    # the band as possible, in as few cells as possible ("Policy Description" is one cell,
    # not "Policy" plus "Description").
    best: list[tuple[int, int]] = [(0, 0)] + [(-1, 0)] * n
    back: list[tuple[int, str | None]] = [(0, None)] * (n + 1)
    for j in range(1, n + 1):
        best[j] = (best[j - 1][0], best[j - 1][1] - 1)
        back[j] = (j - 1, None)
        for a in range(max(0, j - MAX_HEADER_GROUP), j):
            found = lookup.get(header_key(_group_text(stacks[a:j])))
            if found is None:
                continue
            covered = sum(len(stack) for stack in stacks[a:j])
            candidate = (best[a][0] + covered, best[a][1] - 1)
            if candidate > best[j]:
                best[j] = candidate
                back[j] = (a, found)
    columns: list[Column] = []
    j = n
    while j > 0:
        a, found = back[j]
        xs = [w for stack in stacks[a:j] for _, w in stack]
        columns.append(Column(found, min(w.x0 for w in xs), max(w.x1 for w in xs)))
        j = a
    columns.reverse()
    fields = [c.field for c in columns if c.field]
    if len(fields) != len(set(fields)):
        return 0, len(words), columns
    return len(fields), len(words) - best[n][0], columns


@functools.cache
def header_vocabulary(spec: TableSpec) -> frozenset[str]:
    """Every word of every header wording of ``spec``, case-folded."""
    return frozenset(
        part for words in spec.headers.values() for w in words for part in header_key(w).split()
    )


def match_header(
    spec: TableSpec, lines: list[Line], i: int, vocabulary: frozenset[str]
) -> Header | None:
    """The header row starting at ``lines[i]``, if there is one."""
    first = lines[i]
    if not any(header_key(w.text) in vocabulary for w in first.words):
        return None
    lookup = header_lookup(spec)
    need = min(spec.min_header_fields, len(spec.headers))
    best: Header | None = None
    height = first.bottom - first.top
    for k in range(1, MAX_HEADER_LINES + 1):
        if i + k > len(lines):
            break
        band = lines[i : i + k]
        last = band[-1]
        if last.page != first.page:
            break
        if k > 1 and last.top - band[-2].bottom > 1.2 * height:
            break
        matched, unknown, columns = _match_band(spec, lookup, band)
        total = sum(len(line.words) for line in band)
        if matched < need or unknown > MAX_UNKNOWN_HEADER_SHARE * total:
            continue
        if best is None or matched > best.matched:
            best = Header(first.page, first.top, last.bottom, k, columns, matched)
    return best


def header_at(lines: list[Line], index: int, specs: tuple[TableSpec, ...]) -> bool:
    """Whether a header row of one of ``specs`` starts at ``lines[index]``."""
    return any(
        match_header(spec, lines, index, header_vocabulary(spec)) is not None for spec in specs
    )


# -- column boundaries ----------------------------------------------------------------------


def _emptiest(lo: float, hi: float, spans: list[tuple[float, float]]) -> float:
    """The middle of the longest stretch of [lo, hi] covered by the fewest spans."""
    inside = [(max(x0, lo), min(x1, hi)) for x0, x1 in spans if x1 > lo and x0 < hi]
    xs = sorted({lo, hi, *(x for span in inside for x in span)})
    runs: list[list[float]] = []  # [start, end, coverage]
    for a, b in zip(xs, xs[1:], strict=False):
        mid = (a + b) / 2
        count = sum(1 for x0, x1 in inside if x0 <= mid < x1)
        if runs and runs[-1][2] == count:
            runs[-1][1] = b
        else:
            runs.append([a, b, count])
    if not runs:
        return (lo + hi) / 2
    fewest = min(run[2] for run in runs)
    a, b, _ = max((run for run in runs if run[2] == fewest), key=lambda run: run[1] - run[0])
    return (a + b) / 2


@dataclass
class ColumnLayout:
    """Where each column of a table lies, from one header row until the next."""

    fields: list[str | None]
    bounds: list[float]  # len(fields) - 1 boundaries, left to right
    x0: float
    x1: float

    def cells(self, line: Line) -> tuple[dict[str, str], int]:
        """The line's text per field, and how many boundaries a single word straddles."""
        parts: list[list[str]] = [[] for _ in self.fields]
        straddled = set()
        for word in line.words:
            index = bisect.bisect_right(self.bounds, (word.x0 + word.x1) / 2)
            parts[index].append(word.text)
            for k, b in enumerate(self.bounds):
                if word.x0 < b - 1.0 and word.x1 > b + 1.0:
                    straddled.add(k)
        cells = {
            f: " ".join(p) for f, p in zip(self.fields, parts, strict=True) if f is not None and p
        }
        return cells, len(straddled)


def column_layout(
    header: Header, vrules: tuple[VRule, ...], data: list[Line]
) -> tuple[ColumnLayout, bool]:
    """Column boundaries for ``header``; True when they come from vertical rules."""
    columns = header.columns
    bounds: list[float] = []
    ruled = False
    spans = [(w.x0, w.x1) for line in data for w in line.words]
    for left, right in zip(columns, columns[1:], strict=False):
        lo, hi = left.x1, right.x0
        rules = [
            r.x
            for r in vrules
            if lo - 1.0 <= r.x <= hi + 1.0
            and r.top <= header.bottom + 2.0
            and r.bottom >= header.top - 2.0
        ]
        if rules:
            ruled = True
            bounds.append(min(rules, key=lambda x: abs(x - (lo + hi) / 2)))
        elif hi - lo < 1.0:
            bounds.append((lo + hi) / 2)
        else:
            bounds.append(_emptiest(lo, hi, spans))
    layout = ColumnLayout(
        [c.field for c in columns], bounds, columns[0].x0, max(c.x1 for c in columns)
    )
    return layout, ruled


# -- rows -----------------------------------------------------------------------------------


@dataclass
class RawRow:
    """A table row as printed: per field, the text of each line it spans."""

    page: int
    cells: dict[str, list[str]] = field(default_factory=dict)

    def add(self, cells: dict[str, str]) -> None:
        for name, text in cells.items():
            self.cells.setdefault(name, []).append(text)

    def text(self, name: str) -> str:
        return values.clean_text(" ".join(self.cells.get(name, ())))


@dataclass
class TableRead:
    """What was read from one section: rows, the prose before the table, and problems."""

    rows: list[RawRow]
    prose: list[Line]
    problems: list[tuple[int, str]]
    header_found: bool


def _begins_row(spec: TableSpec, cells: dict[str, str], row: RawRow | None) -> bool:
    """Whether a line's cells begin a new row (no rules to say so)."""
    for name in spec.numeric_anchors:
        text = cells.get(name)
        if text and text[0].isdigit():
            return True
    state = cells.get(schema.STATE)
    if not state:
        return False
    if row is not None and row.cells.get(schema.STATE):
        # A state name that wrapped in a narrow column ("District of" / "Columbia").
        before = row.text(schema.STATE)
        joined = f"{before} {state}"
        if values.parse_state(before) is None and values.is_state_prefix(before):
            return not (values.is_state_prefix(joined) or values.parse_state(joined))
    return True


def _rule_between(rules: list[HRule], layout: ColumnLayout, upper: Line, lower: Line) -> bool:
    width = layout.x1 - layout.x0
    for rule in rules:
        if upper.middle < rule.y < lower.middle:
            overlap = min(rule.x1, layout.x1) - max(rule.x0, layout.x0)
            if overlap >= 0.5 * width:
                return True
    return False


def read_table(spec: TableSpec, lines: list[Line], pages: dict[int, PageData]) -> TableRead:
    """Rows of ``spec``'s table among a section's ``lines`` (in reading order)."""
    vocabulary = header_vocabulary(spec)
    problems: list[tuple[int, str]] = []
    prose: list[Line] = []
    # Segments: a header and the lines under it until the next header.
    segments: list[tuple[Header, list[Line]]] = []
    i = 0
    while i < len(lines):
        header = match_header(spec, lines, i, vocabulary)
        if header is not None:
            segments.append((header, []))
            i += header.lines
            continue
        if segments:
            segments[-1][1].append(lines[i])
        else:
            prose.append(lines[i])
        i += 1
    if not segments:
        return TableRead([], prose, problems, header_found=False)

    rows: list[RawRow] = []
    for header, data in segments:
        page = pages[header.page]
        layout, _ = column_layout(header, page.vrules, data)
        by_page: dict[int, list[Line]] = {}
        for line in data:
            by_page.setdefault(line.page, []).append(line)
        for number, page_data in by_page.items():
            hrules = [
                r for r in pages[number].hrules if r.x1 > layout.x0 and r.x0 < layout.x1
            ]
            read = []
            for line in page_data:
                cells, straddled = layout.cells(line)
                if straddled >= 2:
                    # Prose running across the columns (a note under the table), not a row.
                    continue
                read.append((line, cells))
            ruled_rows = any(
                _rule_between(hrules, layout, a, b)
                for (a, _), (b, _) in zip(read, read[1:], strict=False)
            )
            for k, (line, cells) in enumerate(read):
                current = rows[-1] if rows else None
                if current is None:
                    start = True
                elif k == 0 or not ruled_rows:
                    start = _begins_row(spec, cells, current)
                else:
                    start = _rule_between(hrules, layout, read[k - 1][0], line)
                if start:
                    rows.append(RawRow(line.page))
                rows[-1].add(cells)
    return TableRead(rows, prose, problems, header_found=True)
