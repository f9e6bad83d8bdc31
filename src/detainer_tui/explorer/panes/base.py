"""What every pane shares: a table of one dataset ``Table``, queried in the background."""

from __future__ import annotations

from abc import abstractmethod
from contextlib import suppress
from typing import Any, ClassVar

import polars as pl
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.worker import Worker, WorkerCancelled, WorkerFailed, get_current_worker

from detainer_tui.dataset import (
    ChainLine,
    Dataset,
    Drill,
    Filter,
    History,
    PaneState,
    Query,
    Table,
    View,
    cell_filters,
    fold,
    next_sort,
)
from detainer_tui.explorer import keymap
from detainer_tui.explorer.messages import Notice, StatusChanged
from detainer_tui.explorer.widgets.column_fit import Column, fit_columns
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


class TablePane(Vertical):
    """A pane showing one table of the dataset, with its own search, sort and drill-down.

    Each pane is a subclass naming its ``model`` (the dataset table it shows) and what Enter
    on a row does (``activate``); what it asks of the screen it posts as a message.
    """

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.PANE)

    pane_id: ClassVar[str] = ""
    title: ClassVar[str] = ""
    pinned_columns: ClassVar[int] = 0
    """Columns that stay in view while scrolling sideways."""

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
        self._mounted = False
        """Whether the pane's widgets are up: until then a query waits (``on_mount`` runs it)."""
        self._query_worker: Worker[None] | None = None
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
        if self._table_room() != self._room:
            self.relayout()

    def on_frame_table_resized(self, message: FrameTable.Resized) -> None:
        message.stop()
        self.on_resize()

    def relayout(self) -> None:
        """Fit the columns afresh (terminal resized, columns widened or hidden)."""
        if self._table_model is not None and self.view is not None:
            self._show(self._table_model, self.view, self.table.cursor_row)

    def _table_room(self) -> int:
        """Cells across the table has for its columns, a vertical scroll bar set aside when
        the rows will not all fit."""
        width = self.table.region.width or self.region.width or self.app.size.width
        height = self.table.region.height
        rows = self.view.count if self.view is not None else 0
        if not height or rows + self.table.header_height > height:
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
        """Run the current query in a worker thread, then show its rows.

        With ``keep_cursor``, the row under the cursor when the result arrives stays under it
        if it is still shown; otherwise the cursor goes to ``cursor_row`` (default: the top).
        """
        if self.dataset is None or not self._mounted:
            return
        model = self.model(self.dataset)
        self._query_worker = self.run_worker(
            lambda: self._query(model, self.query_state, keep_cursor, cursor_row),
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

    def _query(self, model: Table, query: Query, keep_cursor: bool, row: int | None) -> None:
        view = model.query(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, model, view, row, keep_cursor)

    def _show(self, model: Table, view: View, row: int | None, keep_cursor: bool = False) -> None:
        # The cursor may have moved while the query ran: follow the row it is on now.
        anchor = self._cursor_table_row() if keep_cursor and model is self._table_model else None
        if anchor is not None:
            row = view.position_of(anchor)
        cursor_column = self.current_column() if model is self._table_model else None
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
        pinned = sum(1 for c in model.columns[: self.pinned_columns] if c in shown)
        columns = [
            Column.of(
                name,
                self.chosen_widths.get(name, wanted[name]),
                pinned=index < pinned,
                chosen=name in self.chosen_widths,
            )
            for index, name in enumerate(shown)
        ]
        self._room = self._table_room()
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
        self.rows_shown()
        self.post_message(StatusChanged())

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

    def remember(self) -> None:
        """Remember the pane's state before a change, for ``u``."""
        self.history.push(self.state())

    def apply_state(self, state: PaneState) -> list[str]:
        """Show ``state`` (undo, or a state restored): its chain, sort and columns. What no
        longer applies to the table shown (a ranking with other columns) is dropped; the
        notes say what."""
        notes: list[str] = []
        if self.dataset is not None:
            state, notes = PaneState.from_state(state.to_state(), self.model(self.dataset))
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
        """The rows shown, as filtered and sorted, with typed columns."""
        return self.view.export_frame() if self.view is not None else None

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


def cell_text(value: Any) -> str:
    """A cell's value as copied: dates as ``YYYY-MM-DD``, lists joined, no tabs or line
    breaks (they would split a row pasted into a spreadsheet)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | pl.Series):
        value = "; ".join(cell_text(v) for v in value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)
