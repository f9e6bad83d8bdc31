"""The state map: each state at its usual place in a tile grid, with a count shaded on one scale.

The grid is the common tile map of the United States (eleven columns, eight rows; Alaska top
left, Hawaii bottom left, Puerto Rico beside Florida). A state's count is its declined
detainers (Section II records), or for Section I the detainers issued to its listed
jurisdictions. Shades step on a logarithmic scale, so Travis County's hundreds do not leave
every other state looking empty; the legend gives the counts each shade stands for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset import corrections
from detainer_tui.dataset.columns import CORRECTION, COUNT, REPORT_INDEX, SHARE
from detainer_tui.dataset.corrections import correction_index
from detainer_tui.dataset.rankings import ISSUED, RankingSource
from detainer_tui.dataset.table import Table
from detainer_tui.text import printable

_GRID = (
    "AK .  .  .  .  .  .  .  .  .  ME",
    ".  .  .  .  .  WI .  .  .  VT NH",
    "WA ID MT ND MN IL MI .  NY MA .",
    "OR NV WY SD IA IN OH PA NJ CT RI",
    "CA UT CO NE MO KY WV VA MD DE .",
    ".  AZ NM KS AR TN NC SC DC .  .",
    ".  .  .  OK LA MS AL GA .  .  .",
    "HI .  .  TX .  .  .  .  FL .  PR",
)

TILES: dict[str, tuple[int, int]] = {
    code: (row, column)
    for row, line in enumerate(_GRID)
    for column, code in enumerate(line.split())
    if code != "."
}
"""Each state's (row, column) on the grid."""
ROWS = len(_GRID)
COLUMNS = max(len(line.split()) for line in _GRID)

SHADES = "░▒▓█"
"""Lightest to darkest: readable without colour."""

DIRECTIONS = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}


@dataclass(frozen=True)
class StateMap:
    """Counts by state for the map, and what they count."""

    measure: str
    counts: dict[str, int]
    """States on the grid with a count."""
    elsewhere: dict[str, int]
    """Counts under state values the grid does not have (blank, unknown)."""
    table: Table
    """State, count and share: the map as a table (for export)."""

    @property
    def largest(self) -> int:
        """The largest count of any state on the grid (0 when none)."""
        return max(self.counts.values(), default=0)

    def shade(self, count: int | None) -> int:
        """0 for no count, else 1 (lightest) to ``len(SHADES)`` on a logarithmic scale."""
        if not count or count <= 0 or self.largest <= 0:
            return 0
        if self.largest == 1:
            return len(SHADES)
        level = math.ceil(len(SHADES) * math.log1p(count) / math.log1p(self.largest))
        return min(len(SHADES), max(1, level))

    def legend(self) -> list[tuple[str, int, int]]:
        """Each shade used, with the smallest and largest count it stands for."""
        spans: dict[int, list[int]] = {}
        for count in self.counts.values():
            spans.setdefault(self.shade(count), []).append(count)
        return [
            (SHADES[level - 1], min(spans[level]), max(spans[level]))
            for level in sorted(spans)
            if level > 0
        ]

    @property
    def total(self) -> int:
        """Everything counted, on the grid or not."""
        return sum(self.counts.values()) + sum(self.elsewhere.values())


def state_map(
    sections: pl.DataFrame,
    records: Table,
    source: RankingSource,
    report: int | None,
    *,
    leave_out_corrected: bool = False,
) -> StateMap:
    """Counts by state: detainers issued for Section I, else declined detainers.

    ``report`` is one report's index, or None for all open reports together.
    """
    if source.name == ISSUED.name:
        measure = "Detainers issued (Section I)"
        rows = sections.with_columns(correction_index(sections, corrections.RANKINGS))
        value = pl.col(schema.DETAINERS_ISSUED).sum()
    else:
        measure = "Declined detainers"
        rows = records.frame.select(schema.STATE, REPORT_INDEX, CORRECTION)
        value = pl.len()
    if report is not None:
        rows = rows.filter(pl.col(REPORT_INDEX) == report)
    if leave_out_corrected:
        rows = rows.filter(pl.col(CORRECTION).is_null())
    counted = rows.group_by(schema.STATE).agg(value.cast(pl.Int64).alias(COUNT))
    counts: dict[str, int] = {}
    elsewhere: dict[str, int] = {}
    for state, count in counted.iter_rows():
        code = (state or "").strip().upper()
        if code in TILES:
            counts[code] = counts.get(code, 0) + count
        elif count:
            name = printable(state) if state else "(blank)"
            elsewhere[name] = elsewhere.get(name, 0) + count
    return StateMap(measure, counts, elsewhere, _map_table(counts, elsewhere))


def _map_table(counts: dict[str, int], elsewhere: dict[str, int]) -> Table:
    states = sorted(counts, key=lambda s: (-counts[s], s)) + sorted(elsewhere)
    values = [counts.get(s, elsewhere.get(s, 0)) for s in states]
    total = sum(values)
    frame = pl.DataFrame(
        {
            schema.STATE: states,
            COUNT: pl.Series(values, dtype=pl.Int64),
            SHARE: pl.Series([v / total * 100 for v in values], dtype=pl.Float64).round(1),
        },
        schema={schema.STATE: pl.String, COUNT: pl.Int64, SHARE: pl.Float64},
    )
    return Table("map", frame, [schema.STATE, COUNT, SHARE], frame, noun="states")


def step(state: str, direction: str) -> str:
    """The state next to ``state`` on the grid in ``direction`` (itself at the edge).

    The nearest tile that lies that way, a step across counting double a step along.
    """
    row, column = TILES[state]
    rows, columns = DIRECTIONS[direction]
    best: tuple[int, str] | None = None
    for other, (r, c) in TILES.items():
        along = (r - row) * rows + (c - column) * columns
        if along <= 0:
            continue
        across = abs(c - column) if rows else abs(r - row)
        cost = along + 2 * across if columns else 2 * along + across
        if best is None or (cost, other) < best:
            best = (cost, other)
    return best[1] if best is not None else state
