"""The state map: every state a tile at its usual place, with its postal code, its count and a
shade on one scale. Shading is drawn with characters (``░▒▓█``), so the map reads the same
without colour; the state under the cursor is drawn in reverse video."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label

from detainer_tui.dataset import COLUMNS, ROWS, SHADES, TILES, StateMap, step
from detainer_tui.dataset.cells import counted, percent
from detainer_tui.explorer import keymap
from detainer_tui.explorer.panes.base import WIDE
from detainer_tui.explorer.screen_styles import (
    StyledOnMount,
    closed_before_mounted,
    preset_size_classes,
)
from detainer_tui.explorer.screens.built_on import BuiltOn
from detainer_tui.explorer.widgets.bars import HeaderBar, StatusBar

NONE = "–"
"""A state with nothing counted."""

_CODE = Style(bold=True)
_CURSOR = Style(reverse=True, bold=True)


def compact(count: int) -> str:
    """A count in at most five characters: ``9,999``, ``12k``, ``1.2M``."""
    if count < 10_000:
        return counted(count)
    if count < 1_000_000:
        return f"{count // 1000}k"
    return f"{count / 1_000_000:.1f}M"


class StateTiles(Widget):
    """The tile grid, sized to the room it has."""

    DEFAULT_CSS = "StateTiles { height: 1fr; }"

    def __init__(self, state_map: StateMap, current: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state_map = state_map
        self.current = current

    NARROWEST = COLUMNS * 4 - 1
    """The least width that shows every tile's code and a shade beside it (3 cells a tile,
    1 between): narrower, the grid would wrap or lose its shades."""

    def tile_size(self) -> tuple[int, int, int, int]:
        """Tile width and height, and the gaps after each (columns, rows)."""
        # Each tile and its gap; the last tile needs no gap after it.
        cell_width = max(4, min(10, (self.size.width + 1) // COLUMNS))
        cell_height = max(1, min(4, self.size.height // ROWS))
        column_gap = 1
        row_gap = 1 if cell_height >= 3 else 0
        return cell_width - column_gap, cell_height - row_gap, column_gap, row_gap

    def render(self) -> Text:
        if self.size.width < self.NARROWEST:
            # Cut or wrapped, the grid would put states in the wrong places.
            return Text(
                f"The map needs {self.NARROWEST} columns, this terminal has "
                f"{self.size.width}: widen it to see the map.",
                justify="center",
            )
        width, height, column_gap, row_gap = self.tile_size()
        grid_width = COLUMNS * (width + column_gap) - column_gap
        margin = " " * max(0, (self.size.width - grid_width) // 2)
        at = {position: code for code, position in TILES.items()}
        lines: list[Text] = []
        for row in range(ROWS):
            for line in range(height):
                text = Text(margin, no_wrap=True, end="")
                for column in range(COLUMNS):
                    if column:
                        text.append(" " * column_gap)
                    code = at.get((row, column))
                    text.append_text(self._tile_line(code, line, width))
                lines.append(text)
            lines.extend(Text("") for _ in range(row_gap if row < ROWS - 1 else 0))
        return Text("\n").join(lines)

    def _tile_line(self, code: str | None, line: int, width: int) -> Text:
        if code is None:
            return Text(" " * width)
        count = self.state_map.counts.get(code)
        level = self.state_map.shade(count)
        fill = SHADES[level - 1] if level else " "
        if line == 0:
            words = code
        elif line == 1:
            words = compact(count) if count else NONE
        else:
            words = ""
        gap = " " if words else ""
        if width - len(words) - len(gap) < 1 and level:
            gap = ""  # a narrow tile: its shade right after its code ("WA█"), not left out
        room = width - len(words) - len(gap)
        # The state under the cursor: its words in reverse video, the shade left as it is
        # (a reversed full block would read as empty).
        cursor = code == self.current
        tile = Text(no_wrap=True, end="")
        tile.append(words, _CURSOR if cursor else _CODE if line == 0 else None)
        tile.append(gap + fill * max(0, room))
        return tile


class MapScreen(BuiltOn, StyledOnMount, Screen[None]):
    """The state map over the main screen; arrows move, Enter opens the state's records."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.MAP)
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(
        self,
        state_map: StateMap,
        title: str,
        header: tuple[tuple[str, ...], str],
        *,
        open_state: Callable[[str], None],
        export: Callable[[], None],
        show_help: Callable[[], None],
    ) -> None:
        super().__init__()
        self.state_map = state_map
        self.title_text = title
        self.header = header
        self._open_state = open_state
        self._export = export
        self._show_help = show_help
        counts = state_map.counts
        self.current = max(counts, key=lambda s: (counts[s], s)) if counts else "TX"

    def compose(self) -> ComposeResult:
        preset_size_classes(self)
        yield HeaderBar(id="header")
        yield Label(Content(self.title_text), id="map-title", classes="toolbar")
        yield StateTiles(self.state_map, self.current, id="map")
        yield Label(Content(self.legend()), id="map-legend", classes="toolbar")
        yield StatusBar(id="statusbar")

    def on_mount(self) -> None:
        if closed_before_mounted(self):
            return
        self.query_one(HeaderBar).show(*self.header)
        self._show_status()

    def legend(self) -> str:
        """Each shade and the counts it stands for; what is not on the map."""
        parts = [
            f"{shade} {counted(low)}" if low == high else f"{shade} {counted(low)}–{counted(high)}"
            for shade, low, high in self.state_map.legend()
        ]
        parts.append(f"{NONE} none")
        if self.state_map.elsewhere:
            others = ", ".join(
                f"{k} {counted(v)}" for k, v in sorted(self.state_map.elsewhere.items())
            )
            parts.append(f"not on the map: {others}")
        return "  ".join(parts)

    def _show_status(self) -> None:
        counts = self.state_map.counts
        count = counts.get(self.current)
        total = self.state_map.total
        here = f"{self.current} {counted(count)}" if count else f"{self.current} {NONE}"
        if count and total:
            here += f" ({percent(100 * count / total)})"
        parts = [
            f"Map: {self.state_map.measure}",
            f"{len(counts)} of {len(TILES)} states",
            here,
            f"{counted(total)} in all",
        ]
        self.query_one(StatusBar).show(parts)

    def action_move(self, direction: str) -> None:
        """To the next state in ``direction`` on the grid."""
        self.current = step(self.current, direction)
        tiles = self.query_one(StateTiles)
        tiles.current = self.current
        tiles.refresh()
        self._show_status()

    def action_open(self) -> None:
        """The state's declined-detainer records."""
        self._open_state(self.current)

    def action_close(self) -> None:
        self.dismiss()

    def action_export(self) -> None:
        self._export()

    def action_copy(self) -> None:
        """Copy the state under the cursor and its count (``TX\t251``)."""
        count = self.state_map.counts.get(self.current, 0)
        self.app.copy_to_clipboard(f"{self.current}\t{count}\n")
        self.notify(f"Copied {self.current}: {counted(count)}", markup=False)

    def action_help(self) -> None:
        self._show_help()
