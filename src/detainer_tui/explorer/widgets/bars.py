"""The lines around the panes: header, pane tabs, loading progress, search line, status."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, ProgressBar

from detainer_tui.dataset import ChainLine
from detainer_tui.explorer import keymap
from detainer_tui.explorer.messages import PaneChosen
from detainer_tui.explorer.widgets.plain import show_plain
from detainer_tui.text import printable

HINTS: tuple[tuple[keymap.Key, str], ...] = (
    (keymap.SEARCH_PANE, "search"),
    (keymap.SORT, "sort"),
    (keymap.EXPORT_VIEW, "export"),
    (keymap.SHOW_HELP, "help"),
    (keymap.QUIT, "quit"),
)
"""The keys the status bar reminds of, in the order shown."""
USEFUL_FIRST = (3, 0, 1, 2, 4)
"""``HINTS`` most useful first: those that fit beside the status are shown."""


def _hints(*hints: tuple[keymap.Key, str]) -> str:
    return "  ".join(f"{key.shown} {word}" for key, word in hints)


def fitting_hints(room: int) -> str:
    """The most useful of ``HINTS`` that fit in ``room`` cells, in their usual order."""
    chosen: list[int] = []
    for index in USEFUL_FIRST:
        text = _hints(*(HINTS[i] for i in sorted([*chosen, index])))
        if len(text) > room:
            break
        chosen.append(index)
    return _hints(*(HINTS[i] for i in sorted(chosen)))


class HeaderBar(Horizontal):
    """Which reports are open, the period they cover, and where they came from."""

    # Cells taken by the app name and the labels' padding, beside the two texts.
    FRAME_WIDTH = len("detainer-tui") + 6
    ORIGIN_KEPT = 12
    """Cells the origin keeps when the summary is cut."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._summaries: tuple[str, ...] = ("",)
        self._origin = ""

    def compose(self) -> ComposeResult:
        yield Label("detainer-tui", id="app-name")
        yield Label("", id="summary", markup=False)
        yield Label("", id="origin", markup=False)

    def show(self, summaries: tuple[str, ...], origin: str) -> None:
        """Show the first summary (most detailed first) that leaves room for ``origin``."""
        self._summaries, self._origin = summaries, origin
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.size.width - self.FRAME_WIDTH
        summary = next((s for s in self._summaries if len(s) <= width - len(self._origin)), None)
        if summary is None:
            # Not even the shortest fits beside the origin. If it fits the line, it is shown
            # whole and the origin takes what is left (ending in "…" itself); if not, it is
            # cut with "…" so that the origin keeps a few cells, not mid-word at the edge.
            summary = self._summaries[-1]
            if len(summary) > width:
                room = max(width - min(len(self._origin), self.ORIGIN_KEPT), 1)
                summary = summary[: room - 1] + "…"
        show_plain(self.query_one("#summary", Label), summary)
        show_plain(self.query_one("#origin", Label), self._origin)


class PaneTab(Label):
    """One pane's name in the tab line; clicking it switches to the pane."""

    def __init__(self, key: str, pane: str) -> None:
        super().__init__(f"{key} {pane.capitalize()}", id=f"tab-{pane}", classes="tab")
        self.pane = pane

    def on_click(self, event: events.Click) -> None:
        self.post_message(PaneChosen(self.pane))


class PaneTabs(Horizontal):
    """``1 Rankings  2 Records  3 Policies  4 Reports`` with the current pane marked."""

    def __init__(self, current: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.current = current

    def compose(self) -> ComposeResult:
        for key, pane in keymap.PANES.items():
            yield PaneTab(key, pane)

    def on_mount(self) -> None:
        self.select(self.current)

    def select(self, pane: str) -> None:
        """Mark ``pane`` as the current one."""
        self.current = pane
        for tab in self.query(PaneTab):
            tab.set_class(tab.pane == pane, "-active")


class LoadingBar(Horizontal):
    """Shown while reports load: what is being read and how far along it is."""

    def compose(self) -> ComposeResult:
        yield Label("Opening reports…", id="loading-message", markup=False)
        yield ProgressBar(total=1.0, show_eta=False, id="loading-progress")

    def progress(self, fraction: float, message: str) -> None:
        """Move the bar to ``fraction`` (0..1) and say what is happening."""
        # The message names the file being read: shown literally, without control codes.
        show_plain(self.query_one("#loading-message", Label), printable(message))
        self.query_one(ProgressBar).update(progress=max(0.0, min(fraction, 1.0)))


class SearchBar(Input):
    """The search line: typing filters the pane, Enter keeps the filter, Escape clears it."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.SEARCH)

    class Cancelled(Message):
        """Escape: clear the search."""

    def action_cancel(self) -> None:
        # Closed at once, so that keys already on their way here go back to the table.
        self.display = False
        self.post_message(self.Cancelled())

    async def action_submit(self) -> None:
        self.display = False
        await super().action_submit()

    async def _on_key(self, event: events.Key) -> None:
        if not self.display:
            # Keys typed right after Enter or Escape reached this line before it closed:
            # they were meant for the table, so hand them back to the app, in order.
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        # Enter and Escape are handled here, in the order keys arrive, rather than by
        # bindings, which act only after the keys queued behind them.
        action = keymap.action(keymap.SEARCH, event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
            return
        await super()._on_key(event)


class ChainBar(Label):
    """The pane's filters in order, and its sort: ``State = CA › Days > 365 · sort Days ▼``.
    Hidden while there is neither; cut with ``…`` to its width, keeping the latest filters."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._line: ChainLine | None = None

    def show(self, line: ChainLine | None) -> None:
        """Show ``line`` (None or empty: hide the bar)."""
        self._line = line
        shown = line is not None and bool(line.steps or line.sort)
        if self.display != shown:
            self.display = shown
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if self._line is None or not self.display:
            return
        width = (self.size.width or self.app.size.width) - 2  # its padding
        show_plain(self, self._line.text(max(1, width)))


class StatusBar(Horizontal):
    """``N of M rows`` of the current pane, its search, sort and filter; key hints."""

    PADDING = 2
    """Cells of padding around each of the bar's two texts."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._status = ""

    def compose(self) -> ComposeResult:
        yield Label("", id="status", markup=False)
        yield Label("", id="hints", markup=False)

    def show(self, parts: list[str]) -> None:
        """Show the status parts, separated by dots, and the key hints that fit beside."""
        self._status = " · ".join(parts)
        show_plain(self.query_one("#status", Label), self._status)
        self._fit_hints()

    def on_resize(self) -> None:
        self._fit_hints()

    def _fit_hints(self) -> None:
        width = self.size.width or self.app.size.width
        room = width - cell_len(self._status) - 2 * self.PADDING
        show_plain(self.query_one("#hints", Label), fitting_hints(room))
