"""Rebuild a report table from word positions and ruling lines.

The steps, per section:

1. Find the header row: one to three lines whose words, grouped into cells by horizontal
   overlap (a header cell may wrap: ``Detainer`` / ``Issued``), read as this table's header
   wordings (``layout.TableSpec.headers``). The header may be repeated on every page or printed
   once; its column positions carry over until the next header.
2. Place the column boundaries: on a vertical rule between two header cells when there is one,
   otherwise in the emptiest gap between them across all the data lines below.
3. Split each line into cells by those boundaries (a line of running text across the columns
   is a note, not a row), and group lines into rows. A horizontal rule between two lines
   separates rows. Without rules, a row's values begin on the line where a column that never
   wraps (a date or count) or the state column begins a new value; the other lines are
   wrapped cell text, which belongs to the row above when cells hang from the top of their
   row, and otherwise to the side of the widest vertical gap (the space between rows).
   Lines at the top of a page that begin no value continue the row split at the bottom of
   the previous page.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from detainer_tui import schema
from detainer_tui.ingest import layout as layout_module
from detainer_tui.ingest import values
from detainer_tui.ingest.layout import (
    PAGE_NUMBER,
    TableSpec,
    header_key,
    header_lookup,
    squashed_key,
)
from detainer_tui.ingest.pdf import HRule, PageData, VRule, Word
from detainer_tui.ingest.settings import current as settings


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
    """The page's words grouped into lines, top to bottom.

    A line is the words whose vertical middles lie within ``line_tolerance`` of a word's
    height from its first word's: one baseline. Comparing with the first word, not with the
    line grown so far, keeps apart the lines of neighbouring cells set half a line apart
    (a one-line cell centred beside a two-line one), whose words would otherwise be taken
    as one line and interleaved.
    """
    tolerance = settings().line_tolerance
    lines: list[Line] = []
    current: list[Word] = []
    middle = height = 0.0
    for word in sorted(page.words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        word_middle = (word.top + word.bottom) / 2
        word_height = word.bottom - word.top
        if current and word_middle - middle <= tolerance * min(height, word_height):
            current.append(word)
            continue
        if current:
            lines.append(Line(page.number, current))
        current = [word]
        middle, height = word_middle, word_height
    if current:
        lines.append(Line(page.number, current))
    return lines


# -- page furniture -----------------------------------------------------------------------


def _furniture_key(line: Line) -> tuple[str, int]:
    # Page numbers ("Page 3 of 35") vary; other text, dates included, must repeat exactly.
    text = " ".join("#" if word.text.isdigit() else word.text for word in line.words)
    # Furniture sits at the same height on every page; table text rarely does.
    return text.casefold(), round(line.top / 3)


def strip_furniture(
    pages: list[list[Line]], protect: Callable[[list[Line], int], bool] | None = None
) -> list[list[Line]]:
    """Drop running headers and page-number footers.

    A running header or footer is a top or bottom line whose text (page numbers aside) recurs
    at the same height on at least half of the pages; a bottom line that is just a page number is
    dropped anywhere. A line for which ``protect(lines, index)`` is true (the start of a table's
    header row, which may also recur at the top of every page) is never dropped.
    """
    counts: dict[tuple[str, int], int] = {}
    for lines in pages:
        for line in {id(x): x for x in lines[:2] + lines[-2:]}.values():
            key = _furniture_key(line)
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, math.ceil(settings().furniture_share * len(pages)))

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
    field: str | None  # None: a header cell this parser does not know
    x0: float
    x1: float
    text: str = ""  # the header cell as printed


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

    # Swept left to right: once a word starts within 0.5 pt of another's right edge, so does
    # every word after it, and none of them overlaps that one.
    order = sorted(range(len(words)), key=lambda k: words[k][1].x0)
    for n, i in enumerate(order):
        li, a = words[i]
        for j in order[n + 1 :]:
            lj, b = words[j]
            if b.x0 >= a.x1 - 0.5:
                break
            if li != lj and min(a.x1, b.x1) - b.x0 > 0.5:
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
        for a in range(max(0, j - settings().max_header_group), j):
            text = _group_text(stacks[a:j])
            found = lookup.get(header_key(text)) or lookup.get(squashed_key(text))
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
        columns.append(
            Column(found, min(w.x0 for w in xs), max(w.x1 for w in xs), _group_text(stacks[a:j]))
        )
        j = a
    columns.reverse()
    # What the cells supply: "County, State" counts as both of its columns.
    fields = [name for c in columns if c.field for name in spec.role(c.field).outputs]
    if len(fields) != len(set(fields)):
        return 0, len(words), columns
    return len(fields), len(words) - best[n][0], columns


@functools.cache
def header_vocabulary(spec: TableSpec) -> frozenset[str]:
    """Every word of every header wording of ``spec``, case-folded."""
    words = {part for ws in spec.headers.values() for w in ws for part in header_key(w).split()}
    # The pieces of a word broken across lines of a narrow cell ("Stat" / "e") count too.
    return frozenset(words | {part for w in words for part in _pieces(w)})


def _pieces(word: str) -> set[str]:
    """How a header word may begin a header's first line when a narrow cell breaks it: any
    beginning of two letters or more, with or without a hyphen after it."""
    parts = {word[:k] for k in range(2, len(word))}
    return parts | {f"{part}-" for part in parts} | set(word.split("-"))


def match_header(
    spec: TableSpec, lines: list[Line], i: int, vocabulary: frozenset[str]
) -> Header | None:
    """The header row starting at ``lines[i]``, if there is one."""
    first = lines[i]
    if len(first.words) > settings().max_header_words:
        return None
    # A header line is made of header words; most data lines have one or two at most
    # ("County"), so this cheap test spares them the full match.
    known = sum(1 for w in first.words if w.text.casefold().strip(":*.") in vocabulary)
    if known == 0 or known < 0.5 * len(first.words):
        return None
    lookup = header_lookup(spec)
    need = min(spec.min_header_fields, len(spec.headers))
    best: Header | None = None
    height = first.bottom - first.top
    tuning = settings()
    for k in range(1, tuning.max_header_lines + 1):
        if i + k > len(lines):
            break
        band = lines[i : i + k]
        last = band[-1]
        if last.page != first.page:
            break
        if k > 1 and last.top - band[-2].bottom > tuning.header_line_gap * height:
            break
        matched, unknown, columns = _match_band(spec, lookup, band)
        total = sum(len(line.words) for line in band)
        if matched < need or unknown > tuning.max_unknown_header_share * total:
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
    events: list[tuple[float, int]] = []
    for x0, x1 in spans:
        if x1 > lo and x0 < hi:
            events.append((max(x0, lo), 1))
            events.append((min(x1, hi), -1))
    events.sort()
    # Sweep left to right, keeping runs of equal coverage: [start, end, coverage].
    runs: list[list[float]] = []
    coverage = 0
    x = lo
    for position, change in [*events, (hi, 0)]:
        if position > x:
            if runs and runs[-1][2] == coverage:
                runs[-1][1] = position
            else:
                runs.append([x, position, coverage])
            x = position
        coverage += change
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

    def cells(self, line: Line) -> tuple[dict[str, str], int, list[str]]:
        """The line's text per field, how many boundaries a single word straddles, and the
        words that fall in a column this parser does not know."""
        parts: list[list[str]] = [[] for _ in self.fields]
        straddled = set()
        margin = settings().straddle_margin
        for word in line.words:
            index = bisect.bisect_right(self.bounds, (word.x0 + word.x1) / 2)
            parts[index].append(word.text)
            for k, b in enumerate(self.bounds):
                if word.x0 < b - margin and word.x1 > b + margin:
                    straddled.add(k)
        cells = {
            f: " ".join(p) for f, p in zip(self.fields, parts, strict=True) if f is not None and p
        }
        unknown = [w for f, p in zip(self.fields, parts, strict=True) if f is None for w in p]
        return cells, len(straddled), unknown

    def column_texts(self, lines: list[Line], index: int) -> list[str]:
        """The text of column ``index`` on each of ``lines`` where it has any."""
        texts = []
        for line in lines:
            words = [
                w.text
                for w in line.words
                if bisect.bisect_right(self.bounds, (w.x0 + w.x1) / 2) == index
            ]
            if words:
                texts.append(" ".join(words))
        return texts


def _flowing(line: Line, bounds: list[float]) -> bool:
    """Whether ``line`` reads as running text across at least two column boundaries.

    Words of running text are one space apart; a table row has a gutter somewhere.
    """
    words = line.words
    if len(words) < 4:
        return False
    height = statistics.median(w.bottom - w.top for w in words)
    gap = settings().flowing_gap * height
    if any(b.x0 - a.x1 > gap for a, b in itertools.pairwise(words)):
        return False
    return sum(1 for b in bounds if words[0].x0 < b < words[-1].x1) >= 2


def _bounds(
    header: Header, vrules: tuple[VRule, ...], spans: list[tuple[float, float]]
) -> tuple[list[float], bool]:
    columns = header.columns
    bounds: list[float] = []
    ruled = False
    for left, right in itertools.pairwise(columns):
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
    return bounds, ruled


def column_layout(
    header: Header, vrules: tuple[VRule, ...], data: list[Line]
) -> tuple[ColumnLayout, bool]:
    """Column boundaries for ``header``; True when they come from vertical rules.

    Without rules, a boundary goes in the emptiest gap between two header cells across the
    data lines. Running text (a note under the table) would put boundaries between its
    words, so lines that read as running text are left out and the boundaries placed again.
    """
    spans = [(w.x0, w.x1) for line in data for w in line.words]
    bounds, ruled = _bounds(header, vrules, spans)
    if not ruled:
        kept = [line for line in data if not _flowing(line, bounds)]
        if len(kept) < len(data):
            bounds, _ = _bounds(header, vrules, [(w.x0, w.x1) for ln in kept for w in ln.words])
    columns = header.columns
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
    first: Line | None = None  # the line its values begin on (for ``detainer-tui debug``)

    def add(self, cells: dict[str, str]) -> None:
        for name, text in cells.items():
            self.cells.setdefault(name, []).append(text)

    def text(self, name: str) -> str:
        return values.join_lines(self.cells.get(name, []))


@dataclass
class Unplaced:
    """Words inside a table that ended up in no cell, and why."""

    page: int
    text: str
    why: str


@dataclass
class TableRead:
    """What was read from one section: rows, the prose before the table, and problems."""

    rows: list[RawRow]
    prose: list[Line]
    header_found: bool
    # Words of the table region in no header, cell or page furniture.
    unplaced: list[Unplaced] = field(default_factory=list)
    # The page of every line that looks like the first line of a row (it holds a value of a
    # kind that begins rows: a date, a count), to check that as many rows were read.
    row_like: list[int] = field(default_factory=list)
    # Columns whose header wording is unknown, read by what their values are.
    inferred: list[tuple[int, str, str]] = field(default_factory=list)  # page, header, field
    # Every page the table (header or rows) is printed on.
    pages: set[int] = field(default_factory=set)
    # Each header row with the columns it sets, and whether vertical rules placed them.
    layouts: list[tuple[Header, ColumnLayout, bool]] = field(default_factory=list)
    # How unruled cells are aligned vertically (TOP, CENTRE or BOTTOM).
    alignment: str = ""


def _begins_row(spec: TableSpec, cells: dict[str, str], state_so_far: str) -> bool:
    """Whether a line's cells begin a row's values (a date or count, or a new state)."""
    for name in spec.numeric_anchors:
        text = cells.get(name)
        if text and text[0].isdigit():
            return True
    state = cells.get(schema.STATE)
    if not state:
        return False
    if (
        state_so_far
        and values.parse_state(state_so_far) is None
        and values.is_state_start(state_so_far)
    ):
        # The rest of a state name that wrapped in a narrow column ("District of" / "Columbia",
        # or inside the word: "Washingt" / "on").
        for joined in (f"{state_so_far} {state}", f"{state_so_far}{state}"):
            if values.is_state_start(joined) or values.parse_state(joined):
                return False
    if spec.numeric_anchors:
        # Where dates or counts mark the rows, a state on a line without them begins a row only
        # when it is complete (a row whose dates are unreadable); a fragment ("District of")
        # is a name wrapping above its row's first line of values.
        return values.parse_state(state) is not None
    return True


@dataclass
class _Placed:
    """A table line split into cells; ``anchor`` when a row's values begin on it."""

    line: Line
    cells: dict[str, str]
    anchor: bool = False


@dataclass
class _PageRun:
    """The table lines of one page, and the horizontal rules that separate its rows."""

    placed: list[_Placed]
    breaks: list[bool]  # breaks[k]: a rule lies between placed[k] and placed[k + 1]
    # Per line of values, the height of its row's middle when cells are centred: that line's
    # own, or (a state name wrapped over lines, in a table whose rows begin with the state)
    # the middle of the state cell's lines.
    centres: list[float] = field(default_factory=list)
    # Per line of values, the last line of its row's state cell (the line itself, but for a
    # state name wrapped over lines in a table whose rows begin with the state).
    ends: list[int] = field(default_factory=list)

    @property
    def ruled(self) -> bool:
        return any(self.breaks)


def _mark_anchors(spec: TableSpec, placed: list[_Placed], state_so_far: str) -> str:
    """Flag the lines where a row's values begin; return the state text read so far."""
    for item in placed:
        item.anchor = _begins_row(spec, item.cells, state_so_far)
        state = item.cells.get(schema.STATE, "")
        if item.anchor:
            state_so_far = state
        elif state:
            state_so_far = f"{state_so_far} {state}".strip()
    return state_so_far


def _gap(upper: _Placed, lower: _Placed) -> float:
    return lower.line.top - upper.line.bottom


TOP = "top"
CENTRE = "centre"
BOTTOM = "bottom"
# Tried in this order; the first of equally good readings wins.
ALIGNMENTS = (TOP, CENTRE, BOTTOM)


def _gap_preference(runs: list[_PageRun]) -> str | None:
    """TOP or BOTTOM when row padding tells which way cells hang; None when it does not.

    Rows are usually spaced further apart than the lines inside a cell. Then, in a top-aligned
    table, the gap after a line of values (to a wrapped line of the same row) is smaller than
    the gap before one (from the last line of the row above); bottom-aligned cells put the
    wrapped lines above the values instead.
    """
    after: list[float] = []
    before: list[float] = []
    for run in runs:
        for upper, lower in itertools.pairwise(run.placed):
            if upper.anchor and not lower.anchor:
                after.append(_gap(upper, lower))
            elif lower.anchor and not upper.anchor:
                before.append(_gap(upper, lower))
    if after and before:
        a, b = statistics.median(after), statistics.median(before)
        difference = settings().padding_difference
        if a + difference < b:
            return TOP
        if a > b + difference:
            return BOTTOM
    return None


def _owners(run: _PageRun, anchors: list[int], alignment: str) -> dict[tuple[int, str], int]:
    """Which row (index into ``anchors``; -1: the row before this page) each cell line is in.

    Each column is assigned on its own, so that a short cell beside a wrapped one never pulls
    the wrapped lines into the wrong row: top-aligned cells hang from their row's line of
    values, bottom-aligned ones stand on it, and centred ones have as many lines above it as
    below.
    """
    placed = run.placed
    owner: dict[tuple[int, str], int] = {}
    fields = {name for item in placed for name in item.cells}
    for name in fields:
        positions = [k for k, item in enumerate(placed) if name in item.cells]
        if alignment == TOP:
            for k in positions:
                owner[(k, name)] = bisect.bisect_right(anchors, k) - 1
        elif alignment == BOTTOM:
            for k in positions:
                owner[(k, name)] = min(bisect.bisect_left(run.ends, k), len(anchors) - 1)
        else:
            _centred_owners(placed, positions, run.centres, name, owner)
    return owner


def _centred_owners(
    placed: list[_Placed],
    positions: list[int],
    centres: list[float],
    name: str,
    owner: dict[tuple[int, str], int],
) -> None:
    """Centred cells: a column's lines above the first row's middle are that row's; between
    two rows' middles, the upper row takes as many lines as it has above its middle."""
    tolerance = settings().centre_tolerance * statistics.median(
        item.line.bottom - item.line.top for item in placed
    )
    middles = [placed[k].line.middle for k in positions]
    i, above = 0, 0
    while i < len(positions) and middles[i] < centres[0] - tolerance:
        owner[(positions[i], name)] = 0
        above += 1
        i += 1
    for row, centre in enumerate(centres):
        while i < len(positions) and middles[i] <= centre + tolerance:
            owner[(positions[i], name)] = row
            i += 1
        following = centres[row + 1] - tolerance if row + 1 < len(centres) else math.inf
        between = []
        while i < len(positions) and middles[i] < following:
            between.append(positions[i])
            i += 1
        last = row + 1 == len(centres)
        for n, k in enumerate(between):
            owner[(k, name)] = row if last or n < above else row + 1
        above = max(0, len(between) - above)
    for k in positions[i:]:
        owner[(k, name)] = len(centres) - 1


def _violations(
    run: _PageRun, anchors: list[int], owner: dict[tuple[int, str], int], alignment: str
) -> int:
    """Cells whose lines do not sit as ``alignment`` says they should around their row's
    line of values."""
    placed = run.placed
    if not placed:
        return 0
    tolerance = settings().alignment_tolerance * statistics.median(
        item.line.bottom - item.line.top for item in placed
    )
    blocks: dict[tuple[int, str], list[float]] = {}
    for (k, name), row in owner.items():
        if row >= 0:
            blocks.setdefault((row, name), []).append(placed[k].line.middle)
    # A cell's wrapped lines follow one another at the line pitch: lines spaced further apart
    # in one cell are two rows' lines read as one row's.
    pitch = _line_pitch(run)
    spread = settings().wrap_gap_tolerance * statistics.median(
        item.line.bottom - item.line.top for item in placed
    )
    count = 0
    for (row, _name), middles in blocks.items():
        if alignment == TOP:
            where, anchor = min(middles), placed[anchors[row]].line.middle
        elif alignment == BOTTOM:
            where, anchor = max(middles), placed[run.ends[row]].line.middle
        else:
            where, anchor = (min(middles) + max(middles)) / 2, run.centres[row]
        count += abs(where - anchor) > tolerance
        gaps = [b - a for a, b in itertools.pairwise(sorted(middles))]
        count += any(gap > pitch + spread for gap in gaps)
    return count


def _line_pitch(run: _PageRun) -> float:
    """The least distance between consecutive lines of one column on the page: the line
    pitch inside a wrapped cell (rows are at least as far apart)."""
    columns: dict[str, list[float]] = {}
    for item in run.placed:
        for name in item.cells:
            columns.setdefault(name, []).append(item.line.middle)
    gaps = [b - a for middles in columns.values() for a, b in itertools.pairwise(middles)]
    return min(gaps, default=math.inf)


def _alignment(runs: list[_PageRun]) -> str:
    """How the table's unruled cells are aligned vertically: the reading that places the
    most cells as the alignment says, padding deciding between equally good ones."""
    scores = {}
    carried = {}
    for alignment in ALIGNMENTS:
        total = continued = 0
        for run in runs:
            anchors = [k for k, item in enumerate(run.placed) if item.anchor]
            if anchors:
                owner = _owners(run, anchors, alignment)
                total += _violations(run, anchors, owner, alignment)
                continued += sum(1 for row in owner.values() if row < 0)
        scores[alignment] = total
        carried[alignment] = continued
    best = min(scores.values())
    tied = [a for a in ALIGNMENTS if scores[a] == best]
    preferred = _gap_preference(runs)
    if preferred in tied:
        return preferred
    # Otherwise the reading that needs the fewest lines carried over from the page before
    # (a row split across pages is the exception, not the rule).
    return min(tied, key=lambda a: carried[a])


def _rule_between(rules: list[HRule], layout: ColumnLayout, upper: Line, lower: Line) -> bool:
    """Whether a horizontal rule across most of the table lies between two lines.

    Some producers draw a row's rule as one segment per cell, so segments are added up.
    """
    covered = 0.0
    for rule in rules:
        if upper.middle < rule.y < lower.middle:
            covered += max(0.0, min(rule.x1, layout.x1) - max(rule.x0, layout.x0))
    return covered >= settings().row_rule_coverage * (layout.x1 - layout.x0)


_ROW_START_KIND = {
    layout_module.DATE: re.compile(r"\d{1,2}/\d{1,2}/\d{4}"),
    layout_module.COUNT: re.compile(r"\d{1,3}(?:,\d{3})+|\d+"),
}
_NEVER = re.compile(r"(?!)")


def _infer_roles(
    spec: TableSpec, header: Header, layout: ColumnLayout, data: list[Line], read: TableRead
) -> None:
    """Give a column whose header wording is unknown the role its values show (postal codes
    or state names, dates, counts), when the header names no column of that role."""
    present = {
        name
        for column in header.columns
        if column.field
        for name in spec.role(column.field).outputs
    }
    missing = [
        role
        for role in spec.columns
        if present.isdisjoint(role.outputs) and role.kind in values.PARSERS
    ]
    if not missing:
        return
    for index, column in enumerate(header.columns):
        if column.field is not None:
            continue
        texts = layout.column_texts(data, index)
        if len(texts) < 2:
            continue
        for role in missing:
            parse = values.PARSERS[role.kind]
            readable = sum(1 for text in texts if parse(text) is not None)
            if readable >= max(2, settings().role_inference_share * len(texts)):
                column.field = role.field
                layout.fields[index] = role.field
                missing.remove(role)
                read.inferred.append((header.page, column.text, role.field))
                break


def _row_starts(spec: TableSpec, placed: list[_Placed]) -> tuple[list[float], list[int]]:
    """Each row's middle (for centred cells) and the line its state cell ends on."""
    centres, ends = [], []
    for k, item in enumerate(placed):
        if not item.anchor:
            continue
        end = k
        if not spec.numeric_anchors:
            for j in range(k + 1, len(placed)):
                if placed[j].anchor:
                    break
                if schema.STATE in placed[j].cells:
                    end = j
        centres.append((item.line.middle + placed[end].line.middle) / 2)
        ends.append(end)
    return centres, ends


def _page_runs(
    spec: TableSpec,
    segments: list[tuple[Header, list[Line]]],
    pages: dict[int, PageData],
    read: TableRead,
) -> list[_PageRun]:
    """Each page's table lines split into cells, with the rules between them; what could not
    be placed, the row-like lines and the inferred columns go into ``read``."""
    starting = {spec.role(name).kind for name in spec.numeric_anchors}
    runs: list[_PageRun] = []
    state_so_far = ""
    for header, data in segments:
        layout, ruled = column_layout(header, pages[header.page].vrules, data)
        _infer_roles(spec, header, layout, data, read)
        read.layouts.append((header, layout, ruled))
        read.pages.add(header.page)
        by_page: dict[int, list[Line]] = {}
        for line in data:
            by_page.setdefault(line.page, []).append(line)
        for number, page_lines in by_page.items():
            hrules = [r for r in pages[number].hrules if r.x1 > layout.x0 and r.x0 < layout.x1]
            placed = []
            read.pages.add(number)
            for line in page_lines:
                cells, straddled, unknown = layout.cells(line)
                if straddled >= 2:
                    # Prose running across the columns (a note under the table), not a row.
                    read.unplaced.append(Unplaced(number, line.text, "text across the columns"))
                    continue
                if unknown:
                    read.unplaced.append(
                        Unplaced(number, " ".join(unknown), "in a column of unknown heading")
                    )
                if any(_ROW_START_KIND.get(kind, _NEVER).fullmatch(w.text) for w in line.words
                       for kind in starting):  # fmt: skip
                    read.row_like.append(number)
                placed.append(_Placed(line, cells))
            state_so_far = _mark_anchors(spec, placed, state_so_far)
            breaks = [
                _rule_between(hrules, layout, a.line, b.line) for a, b in itertools.pairwise(placed)
            ]
            runs.append(_PageRun(placed, breaks, *_row_starts(spec, placed)))
    return runs


def _assemble(runs: list[_PageRun], read: TableRead) -> list[RawRow]:
    """Group table lines into rows, page by page.

    Ruled pages: a rule separates rows. Unruled pages: each line of values begins a row, and
    wrapped cell lines join rows as the table's vertical alignment says (``_owners``). Lines
    at the top of a page before any line of values continue the row split at the bottom of
    the previous page.
    """
    alignment = _alignment([run for run in runs if not run.ruled])
    read.alignment = alignment
    rows: list[RawRow] = []
    for run in runs:
        if not run.placed:
            continue
        if run.ruled:
            for k, item in enumerate(run.placed):
                starts = k == 0 or run.breaks[k - 1]
                continuation = k == 0 and rows and not _group_has_anchor(run, 0)
                if starts and not continuation:
                    rows.append(RawRow(item.line.page, first=item.line))
                rows[-1].add(item.cells)
            continue
        anchors = [k for k, item in enumerate(run.placed) if item.anchor]
        if not anchors:
            if not rows:
                rows.append(RawRow(run.placed[0].line.page))
            for item in run.placed:
                rows[-1].add(item.cells)
            continue
        owner = _owners(run, anchors, alignment)
        fresh = [RawRow(run.placed[k].line.page, first=run.placed[k].line) for k in anchors]
        for k, item in enumerate(run.placed):
            for name, text in item.cells.items():
                row = owner[(k, name)]
                target = rows[-1] if row < 0 and rows else fresh[max(row, 0)]
                target.cells.setdefault(name, []).append(text)
        rows.extend(fresh)
    return rows


def _group_has_anchor(run: _PageRun, start: int) -> bool:
    """Whether the ruled row beginning at ``run.placed[start]`` holds a line of values."""
    for k in range(start, len(run.placed)):
        if k > start and run.breaks[k - 1]:
            break
        if run.placed[k].anchor:
            return True
    return False


def read_table(spec: TableSpec, lines: list[Line], pages: dict[int, PageData]) -> TableRead:
    """Rows of ``spec``'s table among a section's ``lines`` (in reading order)."""
    vocabulary = header_vocabulary(spec)
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
        return TableRead([], prose, header_found=False)
    read = TableRead([], prose, header_found=True)
    read.rows = _assemble(_page_runs(spec, segments, pages, read), read)
    return read
