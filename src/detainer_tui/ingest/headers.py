"""A table's header row, and the column boundaries it sets.

1. The header row: one line or several whose words, grouped into cells by horizontal overlap
   (a header cell may wrap: ``Detainer`` / ``Issued``, or break a word: ``Stat`` / ``e``), read
   as this table's header wordings (``layout.TableSpec``). The header may be repeated on every
   page or printed once; its column positions carry over until the next header.
2. The column boundaries: on a vertical rule between two header cells when there is one,
   otherwise in the emptiest gap between them across all the data lines below.

``tables`` reads the rows under them.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import statistics
from dataclasses import dataclass

from detainer_tui.ingest.layout import TableSpec, header_key, header_lookup, squashed_key
from detainer_tui.ingest.lines import Line
from detainer_tui.ingest.pdf import VRule, Word
from detainer_tui.ingest.settings import current as settings

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
    """The words of ``stacks`` as one text: line by line, left to right."""
    items = sorted(
        (line, word.x0, order, word.text)
        for order, (line, word) in enumerate(item for stack in stacks for item in stack)
    )
    return " ".join(item[3] for item in items)


_NOT_IN_KEYS = str.maketrans(dict.fromkeys(" \t\n\r\f\v-\u00ad\u2010\u2011:*.", ""))


def _least_key_length(stack: list[tuple[int, Word]]) -> int:
    """The fewest characters the stack adds to a group's normalised text (``header_key`` or
    ``squashed_key``): every character but spaces, hyphens and the marks either may strip."""
    return sum(len(word.text.casefold().translate(_NOT_IN_KEYS)) for _, word in stack)


def _match_band(
    spec: TableSpec, lookup: dict[str, str], band: list[Line]
) -> tuple[int, int, list[Column]]:
    """(fields matched, unknown words, columns) for the best reading of a header band."""
    words = [(i, w) for i, line in enumerate(band) for w in line.words]
    stacks = _stacks(words)
    n = len(stacks)
    # A group of stacks whose text is longer than every wording cannot read as one.
    longest = _longest_key(spec)
    least = [0, *itertools.accumulate(_least_key_length(stack) for stack in stacks)]
    # best[j]: (words read as a known wording, -cells) for the first j stacks: read as much of
    # the band as possible, in as few cells as possible ("Policy Description" is one cell,
    # not "Policy" plus "Description").
    best: list[tuple[int, int]] = [(0, 0)] + [(-1, 0)] * n
    back: list[tuple[int, str | None]] = [(0, None)] * (n + 1)
    for j in range(1, n + 1):
        best[j] = (best[j - 1][0], best[j - 1][1] - 1)
        back[j] = (j - 1, None)
        for a in range(max(0, j - settings().max_header_group), j):
            if least[j] - least[a] > longest:
                continue
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
def _wordings_squashed(spec: TableSpec) -> str:
    """Every wording ``header_lookup`` knows for ``spec``, squashed (``squashed_key``), one
    per line: whatever a group of words that reads as one of them holds is part of one."""
    return "\n".join(sorted({squashed_key(key) for key in header_lookup(spec)}))


_SQUASHED_AWAY = re.compile(r"[\s\-\u00ad\u2010\u2011]+")


@functools.lru_cache(maxsize=1 << 16)
def _never_in_header(spec: TableSpec, text: str) -> bool:
    """Whether a word can be part of no header wording of ``spec``, in any grouping.

    A group of words reads as a wording when its ``header_key`` or ``squashed_key`` is one
    that ``header_lookup`` knows; either way the group squashed is a wording squashed, and
    each word's characters (case-folded, without spaces and hyphens, and without the marks
    either key may strip at the ends) are a run of it. A word whose characters are a run of
    no wording ("Mexico", "01/30/2017") is therefore unknown in every reading of a band.
    """
    core = _SQUASHED_AWAY.sub("", text.casefold()).strip(":*.")
    return core not in _wordings_squashed(spec)


@functools.cache
def _longest_key(spec: TableSpec) -> int:
    """The length of the longest normalised wording ``header_lookup`` knows for ``spec``."""
    return max(map(len, header_lookup(spec)))


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
    most = len(spec.outputs)
    best: Header | None = None
    height = first.bottom - first.top
    tuning = settings()
    total = never = 0
    for k in range(1, tuning.max_header_lines + 1):
        if i + k > len(lines):
            break
        band = lines[i : i + k]
        last = band[-1]
        if last.page != first.page:
            break
        if k > 1 and last.top - band[-2].bottom > tuning.header_line_gap * height:
            break
        total += len(last.words)
        never += sum(1 for w in last.words if _never_in_header(spec, w.text))
        allowed = tuning.max_unknown_header_share * total
        # Words no reading can cover already make too many unknown ones: the full match
        # (the costly part, tried for every line that looks like a header's first) would
        # reject the band anyway. A data line under a wrapped cell ("Facility") ends here.
        if never > allowed:
            continue
        matched, unknown, columns = _match_band(spec, lookup, band)
        if matched < need or unknown > allowed:
            continue
        if best is None or matched > best.matched:
            best = Header(first.page, first.top, last.bottom, k, columns, matched)
            if matched == most:
                break  # every column is read: a longer band could at best tie, never win
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
