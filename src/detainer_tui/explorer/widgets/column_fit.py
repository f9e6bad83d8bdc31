"""Column widths that fit the terminal: each column as wide as its content where there is room,
long columns narrowed alike where there is not, and on a narrow terminal the most important
columns first.

``fit_columns`` is plain arithmetic on widths (no widgets), so the layout of any table on any
terminal width can be worked out and tested directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PADDING = 2
"""Cells each column takes beyond its content (a space either side)."""
MIN_WIDTH = 18
"""Narrowest a long column is squeezed to, so that a few words of it still show."""
PINNED_WIDTH = 24
"""Narrowest a long pinned column is squeezed to: wide enough for most place names."""


@dataclass(frozen=True)
class Column:
    """What fitting needs to know of one column."""

    name: str
    wanted: int
    """Content width: the widest value or the heading, whichever is wider."""
    floor: int
    """Narrowest it may be drawn (``wanted`` for a width the user chose)."""

    @classmethod
    def of(cls, name: str, wanted: int, *, pinned: bool = False, chosen: bool = False) -> Column:
        """A column of content width ``wanted``; ``chosen``: the user set that width."""
        if chosen:
            return cls(name, wanted, wanted)
        return cls(name, wanted, min(wanted, PINNED_WIDTH if pinned else MIN_WIDTH))


@dataclass(frozen=True)
class Fit:
    """Which columns to show, in which order, how wide."""

    order: tuple[str, ...]
    widths: tuple[int, ...]
    """Content width of each column of ``order``."""


def _fill(columns: Sequence[Column], room: int, rank: dict[str, int]) -> list[int]:
    """Widths for ``columns`` within ``room`` cells: each as wide as its content, the least
    important (last in ``rank``) narrowed first, each down to its floor at most."""
    widths = [c.wanted for c in columns]
    excess = sum(widths) + PADDING * len(columns) - room
    least_first = sorted(range(len(columns)), key=lambda i: (-rank.get(columns[i].name, -1), -i))
    for index in least_first:
        if excess <= 0:
            break
        cut = min(excess, widths[index] - columns[index].floor)
        widths[index] -= cut
        excess -= cut
    return widths


def fit_columns(
    columns: Sequence[Column], room: int, *, pinned: int = 0, priority: Sequence[str] = ()
) -> Fit:
    """Lay ``columns`` (in table order, the first ``pinned`` staying in view) into ``room``
    cells.

    Everything fits at its content width: so be it. Otherwise columns are narrowed, the least
    important first (``priority`` lists the names most important first; pinned columns come
    before all), each down to its floor, until everything fits. When even that is too wide,
    the columns are taken in order of importance while their floors fit; those are shown
    first, narrowed the same way to fill the room, and the rest follow them, reached by
    scrolling sideways. No column is wider than the room left beside the pinned ones.
    """
    if not columns:
        return Fit((), ())
    pinned = min(pinned, len(columns))
    pinned_width = sum(c.floor + PADDING for c in columns[:pinned])
    widest = max(MIN_WIDTH, room - pinned_width - PADDING)
    columns = [Column(c.name, min(c.wanted, widest), min(c.floor, widest)) for c in columns]
    names = [c.name for c in columns]
    order = [*names[:pinned], *[n for n in priority if n in names[pinned:]]]
    order += [n for n in names if n not in order]
    rank = {name: index for index, name in enumerate(order)}
    if sum(c.floor + PADDING for c in columns) <= room:
        return Fit(tuple(names), tuple(_fill(columns, room, rank)))

    by_importance = sorted(range(pinned, len(columns)), key=lambda i: rank[columns[i].name])
    leading = list(range(pinned))
    used = pinned_width
    for index in by_importance:
        width = columns[index].floor + PADDING
        if used + width > room:
            break
        leading.append(index)
        used += width
    leading.sort()
    first = [columns[i] for i in leading]
    rest = [c for i, c in enumerate(columns) if i not in set(leading)]
    widths = _fill(first, room, rank) + [c.wanted for c in rest]
    return Fit(tuple(c.name for c in [*first, *rest]), tuple(widths))
