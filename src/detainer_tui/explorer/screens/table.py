"""A screen for one worked-out table: a frequency, the rows behind a value, week over week, a
query's result. It has the search line, sort, frequency and export of the main screen; Escape
(with no search or filter left) goes back to where it was opened from.

The table is built in the background by the view that opened the screen (``TableSpec``), and
built again when ICE's corrections are left out or counted again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from functools import cache, partial
from typing import Any, ClassVar, Protocol

import polars as pl
from textual import on
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Label

from detainer_tui.dataset import Dataset, Detail, Drill, Filter, Table, View
from detainer_tui.explorer import keymap
from detainer_tui.explorer.messages import StatusChanged
from detainer_tui.explorer.panes.base import INLINE_ROWS, WIDE, TablePane
from detainer_tui.explorer.panes.result import ResultPane
from detainer_tui.explorer.screen_styles import closed_before_mounted, preset_size_classes
from detainer_tui.explorer.screens.built_on import BuiltOn
from detainer_tui.explorer.screens.searching import PaneScreen
from detainer_tui.explorer.threads import call_from_thread
from detainer_tui.explorer.widgets.bars import ChainBar, HeaderBar, StatusBar
from detainer_tui.explorer.widgets.plain import show_plain

Activate = Callable[[dict[str, Any], View], None]
"""What Enter on a row of a result does: given the row and the view it is in."""

EARLY_WAIT = 0.05
"""Seconds a result screen, once composed, waits for its table rather than drawing itself
empty first (and again when the table arrives)."""
NARROW_BAR = 16
WIDE_BAR = 30


@cache
def _builder() -> ThreadPoolExecutor:
    """The thread result tables are first built in (one at a time, as keys open them)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="result-table")


def bar_width(terminal_width: int) -> int:
    """How wide a result's bars are drawn on a terminal this wide."""
    return WIDE_BAR if terminal_width >= WIDE else NARROW_BAR


class Host(Protocol):
    """What a result screen asks of the main screen, which owns the dataset and the panes."""

    dataset: Dataset
    leave_out_corrected: bool

    @property
    def app(self) -> App[Any]: ...

    def notify(self, message: str, *, markup: bool = ...) -> None: ...
    def show_records(self, drill: Drill) -> None: ...
    def show_detail(self, detail: Detail) -> None: ...

    def header(self) -> tuple[tuple[str, ...], str]:
        """The header's summaries (most detailed first) and where the reports came from."""
        ...

    def show_pane(self, pane_id: str) -> Awaitable[object]: ...
    def action_query(self) -> None: ...
    def action_map(self) -> None: ...
    def action_help(self) -> None: ...
    def action_toggle_corrections(self) -> None: ...
    def export_rows(
        self, what: str, frame: pl.DataFrame | None, name: str, *, built_on: Dataset | None = None
    ) -> None: ...
    def open_frequency(self, pane: TablePane, activate: Activate | None) -> None: ...


@dataclass(frozen=True)
class TableSpec:
    """What a result screen shows and what its rows open."""

    name: str
    """Its name in the status bar (``Frequency: Citizenship``)."""
    title: str
    """The line above the table: what it counts, over which rows."""
    build: Callable[[bool, int], Table]
    """The table, given whether corrected rows are left out and the bars' width."""
    export_name: str
    activate: Activate | None = None
    status: Callable[[View], list[str]] | None = None
    """More for the status bar, after ``N of M``."""
    chain: tuple[Filter, ...] = ()
    """The filters it opens with (the rows behind a frequency's value): its chain line shows
    them, ``backspace`` removes them."""
    corrections_filter: bool = False
    """Whether leaving out ICE's corrections (``c``) is a filter of its chain (the rows
    behind a frequency that left them out), added or removed as ``c`` says."""
    switch: Callable[[], str] | None = None
    """What ``a`` switches (week over week: the trend's scale), giving the new title; the
    table is then built again."""


class TableScreen(BuiltOn, PaneScreen):
    """One worked-out table, full screen, over the main screen."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.RESULT)
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(self, host: Host, spec: TableSpec) -> None:
        super().__init__()
        self.host = host
        self.spec = spec
        self._built_with: tuple[bool, int] | None = None
        # Worked out while the screen is composed: a table quick to build is then shown in
        # the screen's first frame, rather than an empty one drawn first.
        self._early = (host.leave_out_corrected, bar_width(host.app.size.width))
        self._early_build: Future[Table] | None = _builder().submit(spec.build, *self._early)

    def compose(self) -> ComposeResult:
        preset_size_classes(self)
        yield HeaderBar(id="header")
        yield Label("", id="result-title", classes="toolbar", markup=False)
        yield ResultPane(self.spec.name, self.spec.export_name, self.spec.status, self.spec.chain)
        yield ChainBar(id="chain")
        yield StatusBar(id="statusbar")

    def on_mount(self) -> None:
        if closed_before_mounted(self):
            return
        self.query_one(ChainBar).display = False
        self.query_one(HeaderBar).show(*self.host.header())
        show_plain(self.query_one("#result-title", Label), self.spec.title)
        self.set_focus(self.current_pane.table)
        self._show_status()
        self.build()

    @property
    def current_pane(self) -> ResultPane:
        """The result's pane (the only one)."""
        return self.query_one(ResultPane)

    # -- building -------------------------------------------------------------------------
    def build(self) -> None:
        """Work the table out (again) in the background, then show it (at once when it was
        worked out while the screen was composed)."""
        wanted = (self.host.leave_out_corrected, bar_width(self.app.size.width))
        if wanted == self._built_with:
            return
        self._built_with = wanted
        early, self._early_build = self._early_build, None
        if early is not None and wanted == self._early:
            # Given a moment (the composing kept the thread waiting for the interpreter), most
            # tables are ready: drawn once, with their rows. A longer build goes on behind;
            # over a long dataset it is not waited for at all (see INLINE_ROWS).
            if self.host.dataset.largest_table <= INLINE_ROWS:
                with suppress(TimeoutError):
                    early.exception(timeout=EARLY_WAIT)
            if early.done() and early.exception() is None:
                self.current_pane.show_table(self.host.dataset, early.result())
                return
            build = early.result
        else:
            build = partial(self.spec.build, *wanted)
        self.run_worker(
            lambda: self._built(build()),
            thread=True,
            exclusive=True,
            group="build-result",
            name=f"build {self.spec.export_name}",
        )

    def _built(self, table: Table) -> None:
        call_from_thread(self, self._show_built, table)

    def _show_built(self, table: Table) -> None:
        self.current_pane.show_table(self.host.dataset, table)

    def on_screen_resume(self) -> None:
        # Corrections may have been left out (or counted again) on a screen above this one.
        if self._built_with is not None:
            self.build()

    def on_resize(self) -> None:
        if self._built_with is not None:
            self.build()

    # -- what its pane asks -----------------------------------------------------------------
    @on(StatusChanged)
    def _show_status(self) -> None:
        self.query_one(StatusBar).show(self.current_pane.status_parts())
        self.show_chain()

    @on(ResultPane.Back)
    def _back(self) -> None:
        self.dismiss()

    @on(ResultPane.Opened)
    def _opened(self, event: ResultPane.Opened) -> None:
        if self.spec.activate is not None:
            self.spec.activate(event.row, event.view)

    # -- the keys every pane has, here --------------------------------------------------------
    async def action_show_pane(self, pane_id: str) -> None:
        """Back to the main screen, on that pane."""
        await self.host.show_pane(pane_id)

    def action_export(self) -> None:
        """Write the rows shown, as filtered and sorted."""
        pane = self.current_pane
        self.host.export_rows(
            pane.title, pane.export_frame(), pane.export_name(), built_on=self.built_on
        )

    def action_help(self) -> None:
        self.host.action_help()

    def action_frequency(self) -> None:
        """How often each value of the column under the cursor occurs here."""
        self.host.open_frequency(self.current_pane, self.spec.activate)

    async def action_query(self) -> None:
        await self.host.action_query()

    def action_map(self) -> None:
        self.host.action_map()

    def action_toggle_corrections(self) -> None:
        self.host.action_toggle_corrections()
        if self.spec.corrections_filter:
            self.current_pane.leave_out_corrected(self.host.leave_out_corrected)
        self.build()

    def action_switch(self) -> None:
        """Switch what the table's spec offers to switch (the trend's scale), and build it
        again."""
        if self.spec.switch is None:
            return
        show_plain(self.query_one("#result-title", Label), self.spec.switch())
        self._built_with = None
        self.build()
