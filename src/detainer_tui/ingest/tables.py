"""Rebuild a report table from word positions and ruling lines.

The steps, per section (the first two in ``headers``, on lines from ``lines``):

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
import itertools
import math
import re
import statistics
from dataclasses import dataclass, field

from detainer_tui import schema
from detainer_tui.ingest import layout as layout_module
from detainer_tui.ingest import values
from detainer_tui.ingest.headers import (
    ColumnLayout,
    Header,
    column_layout,
    header_vocabulary,
    match_header,
)
from detainer_tui.ingest.layout import TableSpec
from detainer_tui.ingest.lines import Line
from detainer_tui.ingest.pdf import HRule, PageData
from detainer_tui.ingest.rows import RawRow, TableRead, Unplaced
from detainer_tui.ingest.settings import current as settings

__all__ = ["RawRow", "TableRead", "Unplaced", "read_table"]

# -- rows -----------------------------------------------------------------------------------


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
                if continuation:
                    read.continued.add(item.line.page)
                if starts and not continuation:
                    rows.append(RawRow(item.line.page, first=item.line))
                rows[-1].add(item.cells)
            continue
        anchors = [k for k, item in enumerate(run.placed) if item.anchor]
        if not anchors:
            if rows:
                read.continued.add(run.placed[0].line.page)
            else:
                rows.append(RawRow(run.placed[0].line.page))
            for item in run.placed:
                rows[-1].add(item.cells)
            continue
        owner = _owners(run, anchors, alignment)
        fresh = [RawRow(run.placed[k].line.page, first=run.placed[k].line) for k in anchors]
        tail = _detached_tail(run)
        before: RawRow | None = None  # lines going on with a row the table has not read
        for k, item in enumerate(run.placed[:tail]):
            for name, text in item.cells.items():
                row = owner[(k, name)]
                if row >= 0:
                    target = fresh[row]
                elif rows:
                    read.continued.add(item.line.page)
                    target = rows[-1]
                else:
                    # The end of a row begun before the table's first header read (on a page
                    # lost or damaged): a row of its own, never the start of the next one.
                    if before is None:
                        before = RawRow(item.line.page, first=item.line)
                    target = before
                target.cells.setdefault(name, []).append(text)
        if before is not None:
            rows.append(before)
        if tail < len(run.placed):
            fragment = RawRow(run.placed[tail].line.page, first=run.placed[tail].line)
            for item in run.placed[tail:]:
                for name, text in item.cells.items():
                    fragment.cells.setdefault(name, []).append(text)
            fresh.append(fragment)
        rows.extend(fresh)
    return rows


def _detached_tail(run: _PageRun) -> int:
    """Where the lines under a page's last row stop being its wrapped text: the first line
    below its last line of values (and the lines that follow it closely) that lies further
    below the line before it than a cell's lines ever are. Such lines begin a row whose
    values are missing (a page cut right after a row's first cell), which must not be read
    as the end of the row above. ``len(run.placed)`` when there are none."""
    placed = run.placed
    last = run.ends[-1]  # the last row's last line of values (its state may wrap below)
    height = statistics.median(item.line.bottom - item.line.top for item in placed)
    limit = settings().max_wrap_pitch * height
    for k in range(last + 1, len(placed)):
        if placed[k].line.top - placed[k - 1].line.top > limit:
            return k
    return len(placed)


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
