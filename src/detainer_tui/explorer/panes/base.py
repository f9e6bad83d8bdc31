"""What every pane shares: a table of one dataset ``Table``, queried in the background."""

from __future__ import annotations

from abc import abstractmethod
from contextlib import suppress
from typing import Any, ClassVar, NamedTuple

import polars as pl
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.worker import Worker, WorkerCancelled, WorkerFailed, get_current_worker

from detainer_tui.dataset import (
    MARK,
    NOTE,
    ChainLine,
    Dataset,
    Drill,
    Filter,
    History,
    MarkingOff,
    PaneState,
    Query,
    Table,
    Triage,
    View,
    cell_filters,
    fold,
    next_sort,
    reads_marks,
    trim_export,
    with_marked_only,
)
from detainer_tui.dataset.cells import counted
from detainer_tui.explorer import keymap
from detainer_tui.explorer.messages import Notice, StatusChanged
from detainer_tui.explorer.threads import call_from_thread
from detainer_tui.explorer.widgets.column_fit import PADDING, Column, fit_columns
from detainer_tui.explorer.widgets.frame_table import FrameTable

SORT_MARKS = {False: " ▲", True: " ▼"}

WIDE = 110
"""From this many terminal columns on, bars may be wider."""
WIDEN_STEP = 8
"""Cells ``>`` and ``<`` widen or narrow a column by."""
NARROWEST = 3
"""Narrowest ``<`` makes a column."""


WIDE_ROOM = 100
"""Terminal width from which a table's wide-only columns (``Table.wide_only``) are shown."""
INLINE_ROWS = 20_000
"""Over a dataset whose longest table has at most this many rows, queries run on the spot (a
few milliseconds); over a longer one in a worker thread, so that keys go on being answered
meanwhile."""


SCREEN_LINES = 3
"""Lines of a screen around any table: at least its header, tabs or title, and status bar."""


class Cursor(NamedTuple):
    """Where a restored cursor goes: its row, and its column by name (None: the default)."""

    row: int | None = None
    column: str | None = None


class TablePane(Vertical):
    """A pane showing one table of the dataset, with its own search, sort and drill-down.

    Each pane is a subclass naming its ``model`` (the dataset table it shows) and what Enter
    on a row does (``activate``); what it asks of the screen it posts as a message.
    """

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.PANE)

    pane_id: ClassVar[str] = ""
    title: ClassVar[str] = ""
    pinned_columns: ClassVar[int] = 0
    """First columns that stay in view while scrolling sideways, for a table that does not
    say which (``Table.pinned``: a record's marks, state and jurisdiction)."""
    annotated: ClassVar[bool] = True
    """Whether marks and notes are joined onto the rows (the Triage pane lists them)."""

    def __init__(self) -> None:
        super().__init__(id=self.pane_id, classes="pane")
        self.dataset: Dataset | None = None
        self.query_state = Query()
        self.view: View | None = None
        self._table_model: Table | None = None
        self.hidden: set[str] = set()
        """Columns the user hid (``-``), by name; ``+`` shows them again."""
        self._wide_checked: set[str] = set()
        """Tables whose wide-only columns were hidden, or not, on a narrow terminal."""
        self.narrow_hidden: set[str] = set()
        """Wide-only columns hidden because the terminal is narrow; ``+`` shows them too."""
        self.chosen_widths: dict[str, int] = {}
        """Widths the user set (``>``, ``<``), by column name."""
        self.shown_columns: tuple[str, ...] = ()
        """The display columns on screen, in the order shown."""
        self._shown_widths: dict[str, int] = {}
        self._room = 0
        self._fitted_for: tuple[int, int] = (0, 0)
        """The rooms (``_rooms``) the columns were last fitted to."""
        self._overflowed = False
        """Whether those columns were wider than the room (a sideways scroll bar shows)."""
        self._mounted = False
        """Whether the pane's widgets are up: until then a query waits (``on_mount`` runs it)."""
        self._query_worker: Worker[None] | None = None
        self.triage: Triage | None = None
        """The marks and notes joined onto the pane's rows (None: not marked here)."""
        self._reveal: str | None = None
        """The key of a marked row to put the cursor on once the rows are shown."""
        self._restore: dict[str, Any] | None = None
        """A saved state (``saved_state``) to apply with the next query."""
        self.history = History()
        """Earlier states (chain, sort, hidden and widened columns), for ``u``."""
        self._searching = False
        """Whether the search being typed has already been remembered for undo."""

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield self.make_table()

    def on_mount(self) -> None:
        self._mounted = True
        if self.dataset is not None and self.view is None:
            self.refresh_rows(keep_cursor=True)

    def make_table(self) -> FrameTable:
        """The pane's table widget."""
        table = FrameTable(id=f"{self.pane_id}-table")
        table.fixed_columns = self.pinned_columns
        return table

    def on_resize(self) -> None:
        rooms = self._rooms()
        # The room beside a sideways scroll bar matters only to columns that overflowed.
        if rooms[0] != self._fitted_for[0] or (self._overflowed and rooms != self._fitted_for):
            self.relayout()

    def _rooms(self) -> tuple[int, int]:
        """The table's room across, without and with a sideways scroll bar."""
        return self._table_room(), self._table_room(scrolls_sideways=True)

    def on_frame_table_resized(self, message: FrameTable.Resized) -> None:
        message.stop()
        self.on_resize()

    def relayout(self) -> None:
        """Fit the columns afresh (terminal resized, columns widened or hidden)."""
        if self._table_model is not None and self.view is not None:
            self._show(self._table_model, self.view, self.table.cursor_row)

    def _table_room(self, *, scrolls_sideways: bool = False) -> int:
        """Cells across the table has for its columns, a vertical scroll bar set aside when
        the rows will not all fit (beside a sideways scroll bar, when ``scrolls_sideways``)."""
        width = self.table.region.width or self.region.width or self.app.size.width
        # Not laid out yet: the screen's height, less the lines every screen with a table
        # gives its header, tabs or title and status bar, bounds the table's (rows beyond it
        # need the scroll bar; the others are fitted again if fewer lines are left).
        height = self.table.region.height or self.app.size.height - SCREEN_LINES
        if scrolls_sideways:
            height -= self.table.styles.scrollbar_size_horizontal
        rows = self.view.count if self.view is not None else 0
        if height <= 0 or rows + self.table.header_height > height:
            width -= self.table.styles.scrollbar_size_vertical
        return max(1, width)

    @property
    def table(self) -> FrameTable:
        """The table widget."""
        return self.query_one(FrameTable)

    # -- data -----------------------------------------------------------------------------
    @abstractmethod
    def model(self, dataset: Dataset) -> Table:
        """The dataset table this pane shows (each pane defines it)."""

    def set_dataset(self, dataset: Dataset) -> None:
        """Show ``dataset`` (reports arrive one by one), keeping search, sort and position."""
        self.dataset = dataset
        self.refresh_rows(keep_cursor=True)

    def set_query(self, query: Query, *, keep_cursor: bool = False) -> None:
        """Apply ``query`` to the pane's table."""
        self.query_state = query
        self.refresh_rows(keep_cursor=keep_cursor)

    def refresh_rows(self, *, keep_cursor: bool = False, cursor_row: int | None = None) -> None:
        """Run the current query, then show its rows: on the spot over a dataset whose
        longest table has at most ``INLINE_ROWS`` rows, in a worker thread over a longer one.

        With ``keep_cursor``, the row under the cursor when the result arrives stays under it
        if it is still shown; otherwise the cursor goes to ``cursor_row`` (default: the top).
        """
        if self.dataset is None or not self._mounted or not self.is_attached:
            return  # not up yet, or the explorer is ending (its widgets being taken down)
        model = self.model(self.dataset)
        triage = self.triage if self.annotated else None
        restore, self._restore = self._restore, None
        if self.dataset.largest_table <= INLINE_ROWS:
            # Quicker than the hand-offs to a thread and back, and the screen is drawn once.
            # Not over a longer dataset, even for a short table (a frequency): its query
            # would wait here, keys unanswered, while Polars' threads work for other tables.
            if self._query_worker is not None:
                self._query_worker.cancel()
                self._query_worker = None
            shown = triage.annotate(model) if triage is not None else model
            self._apply(
                shown, *self._work_out(shown, self.query_state, restore), keep_cursor, cursor_row
            )
            return
        self._query_worker = self.run_worker(
            lambda: self._query(
                triage.annotate(model) if triage is not None else model,
                self.query_state,
                keep_cursor,
                cursor_row,
                restore,
            ),
            thread=True,
            exclusive=True,
            group=f"query-{self.pane_id}",
            name=f"query {self.pane_id}",
        )

    async def rows_shown_once_queried(self) -> None:
        """Return once the rows of the latest query are on screen (at once if they are)."""
        while (worker := self._query_worker) is not None and not worker.is_finished:
            with suppress(WorkerCancelled, WorkerFailed):  # replaced by a newer query, or failed
                await worker.wait()

    def _work_out(
        self, model: Table, query: Query, restore: dict[str, Any] | None
    ) -> tuple[View, PaneState | None, list[str], Cursor]:
        """The rows of ``query`` (or of the state ``restore`` brings back), that state and
        what of it was dropped, and the row and column a restored cursor was on."""
        state: PaneState | None = None
        notes: list[str] = []
        cursor = Cursor()
        if restore is not None:
            state, notes = PaneState.from_state(restore.get("state"), model)
            query = state.query
            row, column = restore.get("cursor"), restore.get("column")
            cursor = Cursor(
                row if isinstance(row, int) and row >= 0 else None,
                column if isinstance(column, str) else None,
            )
        return model.query(query), state, notes, cursor

    def _apply(
        self,
        model: Table,
        view: View,
        state: PaneState | None,
        notes: list[str],
        restored: Cursor,
        keep_cursor: bool,
        row: int | None,
    ) -> None:
        """Show ``view`` of ``model`` (after the state it restores, if any)."""
        if state is not None:
            self._restored(state, notes)
            self._show(model, view, restored.row, column=restored.column)
            return
        self._show(model, view, row, keep_cursor)

    def _query(
        self,
        model: Table,
        query: Query,
        keep_cursor: bool,
        row: int | None,
        restore: dict[str, Any] | None = None,
    ) -> None:
        worked_out = self._work_out(model, query, restore)
        if get_current_worker().is_cancelled:
            if restore is not None:
                self._restore = restore  # replaced by a newer query: applied with it
            return
        call_from_thread(self, self._apply, model, *worked_out, keep_cursor, row)

    def _restored(self, state: PaneState, notes: list[str]) -> None:
        self.query_state = state.query
        self.hidden = set(state.hidden)
        self.chosen_widths = dict(state.widths)
        if notes:
            dropped = "; ".join(notes)
            self.notify(f"{self.title}: {dropped}", severity="warning", markup=False, timeout=10)

    def _show(
        self,
        model: Table,
        view: View,
        row: int | None,
        keep_cursor: bool = False,
        *,
        same_rows: bool = False,
        column: str | None = None,
    ) -> None:
        """Show ``view`` of ``model``; ``same_rows``: only a mark or note changed, so what
        is worked out from the rows (a side panel, the days line) stays as it is. The cursor
        goes to ``column`` if given and shown, else stays in its column."""
        if self.triage is not None and not self.triage.is_current(model):
            # The marks changed while the rows were queried: query them again.
            self.refresh_rows(keep_cursor=True)
            return
        # The cursor may have moved while the query ran: follow the row it is on now.
        anchor = self._cursor_table_row() if keep_cursor and model is self._table_model else None
        if anchor is not None:
            row = view.position_of(anchor)
        cursor_column = self.current_column() if model is self._table_model else None
        if self._table_model is None and model.columns[:1] == (MARK,) and len(model.columns) > 1:
            # First shown: the cursor starts on the row's first own column, not its mark.
            cursor_column = model.columns[1]
        if column is not None and column in model.columns:
            cursor_column = column
        self._table_model = model
        self.view = view
        labels = {c: model.label(c) for c in model.columns}
        wanted = dict(zip(model.columns, model.widths(), strict=True))
        sort = view.query.sort
        if sort is not None and sort.column in model.columns:
            labels[sort.column] += SORT_MARKS[sort.descending]
            wanted[sort.column] = max(wanted[sort.column], len(labels[sort.column]))
        if model.name not in self._wide_checked:
            # Columns worth their room only on a wide terminal start hidden on a narrow one
            # (``+`` shows them, as any hidden column).
            self._wide_checked.add(model.name)
            if self.app.size.width < WIDE_ROOM:
                self.narrow_hidden |= set(model.wide_only)
        out = self.hidden | self.narrow_hidden
        shown = [c for c in model.columns if c not in out] or list(model.columns[:1])
        pinning = model.pinned or self.pinned_columns
        pinned = sum(1 for c in model.columns[:pinning] if c in shown)
        columns = [
            Column.of(
                name,
                self.chosen_widths.get(name, wanted[name]),
                pinned=index < pinned,
                chosen=name in self.chosen_widths,
            )
            for index, name in enumerate(shown)
        ]
        self._fitted_for = self._rooms()
        self._room = self._fitted_for[0]
        fit = fit_columns(columns, self._room, pinned=pinned, priority=model.priority)
        too_wide = sum(fit.widths) + PADDING * len(fit.widths) > self._room
        self._overflowed = too_wide
        if too_wide and self._fitted_for[1] != self._room:
            # Too wide: the sideways scroll bar takes a line, and may leave the rows too
            # many for the height, whose scroll bar then takes cells across.
            self._room = self._fitted_for[1]
            fit = fit_columns(columns, self._room, pinned=pinned, priority=model.priority)
        self.shown_columns = fit.order
        self._shown_widths = dict(zip(fit.order, fit.widths, strict=True))
        self.table.fixed_columns = pinned
        self.table.show_frame(
            model.display_frame.select(fit.order),
            [labels[c] for c in fit.order],
            fit.widths,
            indices=None if view.unchanged else view.indices,
            cursor_row=row if row is not None else 0,
            cursor_column=(fit.order.index(cursor_column) if cursor_column in fit.order else None),
        )
        if not same_rows:
            self.rows_shown()
        self.post_message(StatusChanged())
        if self._reveal is not None:
            self._reveal_row(model, view)

    def rows_shown(self) -> None:
        """Called after new rows are on screen (panes with a side panel update it)."""

    # -- what the cursor is on ------------------------------------------------------------
    def _cursor_table_row(self) -> int | None:
        if self.view is None or self.view.count == 0:
            return None
        position = min(self.table.cursor_row, self.view.count - 1)
        return int(self.view.indices[position])

    def current_row(self) -> dict[str, Any] | None:
        """Every column of the row under the cursor, or None when there are no rows."""
        if self.view is None or self.view.count == 0:
            return None
        return self.view.row(min(self.table.cursor_row, self.view.count - 1))

    def current_column(self) -> str | None:
        """The display column under the cursor."""
        if not self.shown_columns:
            return None
        columns = self.shown_columns
        return columns[min(self.table.cursor_column, len(columns) - 1)]

    # -- columns --------------------------------------------------------------------------
    def action_widen_column(self) -> None:
        """Widen the column under the cursor."""
        self._resize_column(WIDEN_STEP)

    def action_narrow_column(self) -> None:
        """Narrow the column under the cursor."""
        self._resize_column(-WIDEN_STEP)

    def _resize_column(self, step: int) -> None:
        column = self.current_column()
        if column is None:
            return
        width = self._shown_widths.get(column, 0) + step
        self.remember()
        self.chosen_widths[column] = max(NARROWEST, min(width, self._room))
        self.relayout()

    def action_hide_column(self) -> None:
        """Hide the column under the cursor (one column always stays)."""
        column = self.current_column()
        if column is None or len(self.shown_columns) <= 1:
            return
        self.remember()
        self.hidden.add(column)
        self.relayout()
        self.post_message(StatusChanged())

    def action_show_columns(self) -> None:
        """Show the hidden columns again (and those hidden for a narrow terminal)."""
        if self.hidden or self.narrow_hidden:
            self.remember()
            self.hidden.clear()
            self.narrow_hidden.clear()
            self.relayout()
            self.post_message(StatusChanged())

    # -- the chain: filters, search, sort ---------------------------------------------------
    def state(self) -> PaneState:
        """What the pane shows of its table: chain, sort, hidden and widened columns."""
        return PaneState(
            self.query_state.chained(),
            frozenset(self.hidden),
            tuple(sorted(self.chosen_widths.items())),
        )

    def shown_model(self) -> Table:
        """The pane's table as it shows it: with the marks and notes as columns."""
        assert self.dataset is not None
        model = self.model(self.dataset)
        if self.triage is not None and self.annotated:
            model = self.triage.annotate(model)
        return model

    def remember(self) -> None:
        """Remember the pane's state before a change, for ``u``."""
        self.history.push(self.state())

    def apply_state(self, state: PaneState) -> list[str]:
        """Show ``state`` (undo, or a state restored): its chain, sort and columns. What no
        longer applies to the table shown (a ranking with other columns) is dropped; the
        notes say what."""
        notes: list[str] = []
        if self.dataset is not None:
            state, notes = PaneState.from_state(state.to_state(), self.shown_model())
        self.hidden = set(state.hidden)
        self.chosen_widths = dict(state.widths)
        self.set_query(state.query, keep_cursor=True)
        return notes

    def action_undo(self) -> None:
        """Undo the last change of filter, search, sort, hidden or widened column."""
        state = self.history.pop()
        if state is None:
            self.post_message(Notice("Nothing to undo."))
            return
        self._searching = False
        for note in self.apply_state(state):
            self.post_message(Notice(f"Undo: {note}."))

    def add_filters(self, *filters: Filter) -> None:
        """Add ``filters`` to the end of the chain."""
        if filters:
            self.remember()
            self.set_query(self.query_state.with_filters(*filters), keep_cursor=True)

    def action_keep_equal(self) -> None:
        """Keep the rows equal to the cell under the cursor (a list: holding each item)."""
        self._filter_on_cell(keep=True)

    def action_drop_equal(self) -> None:
        """Drop the rows equal to the cell under the cursor (a list: holding any item)."""
        self._filter_on_cell(keep=False)

    def _filter_on_cell(self, *, keep: bool) -> None:
        column, row = self.current_column(), self.current_row()
        if column is None or row is None or self._table_model is None:
            return
        self.add_filters(*cell_filters(self._table_model, column, row, keep=keep))

    def action_remove_last(self) -> None:
        """Remove the last filter of the chain."""
        if self.query_state.steps:
            self.remember()
            self._searching = False
            self.set_query(self.query_state.without_last(), keep_cursor=True)

    def begin_search(self) -> None:
        """The search line opened: its first change is one step for undo."""
        self._searching = False

    @property
    def search_text(self) -> str:
        """The text searched for, or ``""``."""
        return self.query_state.search_text

    def search(self, text: str) -> None:
        """Filter rows to those containing ``text`` (case- and accent-insensitive)."""
        if text != self.search_text:
            if not self._searching:
                self.remember()
                self._searching = True
            self.set_query(self.query_state.with_search(text))

    def action_sort(self) -> None:
        """Sort by the column under the cursor: ascending, descending, then the table's own
        order again. The cursor stays on its row."""
        column = self.current_column()
        if column is None:
            return
        self.remember()
        sort = next_sort(self.query_state.sort, column)
        self.set_query(self.query_state.with_sort(sort), keep_cursor=True)

    def drill(self, drill: Drill | None) -> None:
        """Show only the rows of ``drill``: its filters make the new chain (the sort is
        kept; ``u`` brings back the chain before)."""
        self.remember()
        self._searching = False
        self.set_query(Query(sort=self.query_state.sort, drill=drill).chained())

    def action_clear(self) -> None:
        """Escape: drop the search, else every filter of the chain."""
        query = self.query_state
        if query.search_text:
            self.remember()
            self._searching = False
            self.set_query(query.with_search(""), keep_cursor=True)
        elif query.steps:
            self.remember()
            self.set_query(Query(sort=query.sort), keep_cursor=True)

    def chain_line(self) -> ChainLine:
        """What the line above the status bar says: the chain, the sort, what emptied it."""
        return self.query_state.chain_line(self._table_model, self.view)

    # -- jumping to a column ---------------------------------------------------------------
    def jump_to_column(self, text: str) -> str | None:
        """Move the cursor to the column named ``text`` (its heading, or the start or a part
        of it; a hidden column is shown again). What is wrong, if it cannot."""
        model = self._table_model
        if model is None:
            return "No columns yet."
        wanted = fold(text).strip()
        names = {column: fold(model.label(column) or column) for column in model.columns}
        found = (
            [c for c, name in names.items() if name == wanted]
            or [c for c, name in names.items() if wanted and name.startswith(wanted)]
            or [c for c, name in names.items() if wanted and wanted in name]
        )
        if not found:
            listed = ", ".join(model.label(c) or c for c in model.columns)
            return f'No column "{text}"; the columns: {listed}.'
        column = found[0]
        if column in self.hidden:
            self.remember()
            self.hidden.discard(column)
            self.relayout()
            self.post_message(StatusChanged())
        if column in self.shown_columns:
            self.table.move_cursor(column=self.shown_columns.index(column))
        return None

    # -- copying ----------------------------------------------------------------------------
    def action_copy_cell(self) -> None:
        """Copy the cell under the cursor (its whole value, however narrow the column)."""
        column, row = self.current_column(), self.current_row()
        if column is None or row is None or self._table_model is None:
            self.post_message(Notice("Nothing to copy."))
            return
        model = self._table_model
        if not model.label(column) and column in model.values:
            column = model.values[column]  # a bar: the value it draws
        text = cell_text(row.get(column))
        heading = model.label(column) or column
        self.app.copy_to_clipboard(text)
        shown = text if len(text) <= 40 else text[:39] + "…"
        self.post_message(Notice(f"Copied {heading}: {shown or '(empty)'}"))

    def action_copy_row(self) -> None:
        """Copy the row under the cursor: its columns (hidden ones left out), tab-separated,
        after a line of their headings."""
        row, model = self.current_row(), self._table_model
        if row is None or model is None:
            self.post_message(Notice("Nothing to copy."))
            return
        columns = [c for c in model.columns if c not in self.hidden] or list(model.columns)
        headings = [model.label(c) or c for c in columns]
        values = [cell_text(row.get(c)) for c in columns]
        self.app.copy_to_clipboard("\t".join(headings) + "\n" + "\t".join(values) + "\n")
        self.post_message(
            Notice(f"Copied the row: {len(columns)} columns, tab-separated, with headings")
        )

    def activate(self, row: dict[str, Any]) -> None:
        """Enter on a row (each pane says what it opens)."""

    def export_frame(self) -> pl.DataFrame | None:
        """The rows shown, as filtered and sorted, with typed columns (and the mark and note
        columns when any row shown has one)."""
        return trim_export(self.view.export_frame()) if self.view is not None else None

    def export_name(self) -> str:
        """File name (without suffix) an export of this pane suggests."""
        return self.pane_id

    # -- status -----------------------------------------------------------------------------
    def status_parts(self) -> list[str]:
        """What the status bar says about this pane: ``N of M rows``, hidden columns (the
        chain line above it says the filters and the sort)."""
        if self.view is None:  # no dataset yet, or its first query still running
            return [self.title, "loading…"]
        parts = [self.title, self.view.status]
        if self.triage is not None and self._table_model is not None:
            marked, _ = self.triage.counts(self._table_model)
            if marked:
                parts.append(f"{counted(marked)} marked")
        hidden = len(self.hidden & set(self._table_model.columns if self._table_model else ()))
        if hidden:
            noun = "column" if hidden == 1 else "columns"
            parts.append(f"{hidden} {noun} hidden ({keymap.SHOW_COLUMNS.shown} shows)")
        return parts

    def on_frame_table_activated(self, message: FrameTable.Activated) -> None:
        message.stop()
        row = self.current_row()
        if row is not None:
            self.activate(row)

    # -- what is saved of the pane --------------------------------------------------------
    def saved_state(self) -> dict[str, Any]:
        """The pane's filters, sort, hidden and widened columns and the cursor's row and
        column, as plain JSON (``restore`` applies it again)."""
        state = self.state()
        if not self._mounted or self.view is None:
            return {"state": state.to_state(), "cursor": 0}
        return {
            "state": state.to_state(),
            "cursor": self.table.cursor_row,
            "column": self.current_column(),
        }

    def restore(self, saved: dict[str, Any]) -> None:
        """Show the state ``saved_state`` wrote (at once, or once the pane is first shown):
        what no longer applies, a column that is gone, is dropped with a note."""
        self._restore = saved
        self.refresh_rows()

    # -- marks and notes ------------------------------------------------------------------
    def marks_stale(self) -> bool:
        """Whether the rows shown lack a change of marks or notes made since (in another
        pane, or by another analyst)."""
        model = self._table_model
        return self.triage is not None and model is not None and not self.triage.is_current(model)

    def mark_report(self) -> int | None:
        """The report the rows are of, when a row does not say (a ranking of one report)."""
        return None

    def action_toggle_mark(self) -> None:
        """Space: mark the row under the cursor, or unmark it."""
        row = self.current_row()
        if row is None or self.view is None or self.dataset is None:
            return
        if self.triage is None or MARK not in self.view.table.columns:
            self.notify("Rows here cannot be marked: mark them in their pane.", markup=False)
            return
        try:
            table, _ = self.triage.toggle_mark(
                self.view.table, row, self.dataset.report_infos, self.mark_report()
            )
        except MarkingOff as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.show_changed(table, only_marks=True)

    def action_note(self) -> None:
        """n: write or edit the note on the row under the cursor."""
        row = self.current_row()
        if row is None or self.view is None or self.dataset is None:
            return
        if self.triage is None or MARK not in self.view.table.columns:
            self.notify("Rows here cannot take a note: note them in their pane.", markup=False)
            return
        if self.triage.problem is not None:
            self.notify(f"Marking is off: {self.triage.problem}", severity="warning", markup=False)
            return
        from detainer_tui.explorer.screens.prompt import ask_note

        table, dataset, triage = self.view.table, self.dataset, self.triage

        def save(text: str, replacing: str | None) -> None:
            changed = triage.set_note(
                table, row, text, dataset.report_infos, self.mark_report(), replacing=replacing
            )
            self.show_changed(changed)

        ask_note(self, row.get(NOTE), save)

    def show_changed(self, table: Table, *, only_marks: bool = False) -> None:
        """Show ``table`` (the pane's rows with a mark or note changed) in place; with
        ``only_marks`` (its columns are as wide as before), only the cursor's row is drawn
        again."""
        if self.view is None:
            return
        if self.view.table is not table and reads_marks(self.query_state):
            self._table_model = table
            self.refresh_rows(keep_cursor=True)
            return
        row = self.table.cursor_row
        if only_marks and table.columns == self.view.table.columns and self.shown_columns:
            self._table_model = table
            self.view = View(table, self.view.query, self.view.indices)
            self.table.show_changed_rows(
                table.display_frame.select(self.shown_columns),
                [row],
                indices=None if self.view.unchanged else self.view.indices,
            )
            self.post_message(StatusChanged())
            return
        self._table_model = table
        self._show(table, View(table, self.view.query, self.view.indices), row, same_rows=True)

    def action_marked_only(self) -> None:
        """M: only the marked rows (a filter of the chain like the others); again, every row."""
        if self.triage is None:
            self.notify("Rows here cannot be marked: mark them in their pane.", markup=False)
            return
        self.remember()  # u undoes it
        self.set_query(with_marked_only(self.query_state), keep_cursor=True)

    def reveal(self, key: str) -> None:
        """Put the cursor on the marked row stored under ``key`` (clearing the filters if
        they hide it) once the rows are shown."""
        self._reveal = key
        querying = self._query_worker is not None and not self._query_worker.is_finished
        if not querying and self.view is not None and self._table_model is not None:
            self._reveal_row(self._table_model, self.view)

    def _reveal_row(self, model: Table, view: View) -> None:
        from detainer_tui.dataset import locate

        key = self._reveal
        if key is None or self.triage is None or MARK not in model.columns:
            return
        row = locate(model, key)
        if row is None:
            self._reveal = None
            self.notify(
                "That row is not in the reports open now.", severity="warning", markup=False
            )
            return
        position = view.position_of(row)
        if position is None:
            if self.query_state == Query():
                self._reveal = None
                return
            # Hidden by the filters: show every row, the cursor on it.
            self.set_query(Query())
            return
        self._reveal = None
        self.table.move_cursor(row=position)
        self.post_message(StatusChanged())


def cell_text(value: Any) -> str:
    """A cell's value as copied: dates as ``YYYY-MM-DD``, lists joined, no tabs or line
    breaks (they would split a row pasted into a spreadsheet)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | pl.Series):
        value = "; ".join(cell_text(v) for v in value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)
