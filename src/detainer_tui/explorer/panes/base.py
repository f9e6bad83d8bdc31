"""What every pane shares: a table of one dataset ``Table``, queried in the background."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import replace
from typing import Any, ClassVar

import polars as pl
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.worker import get_current_worker

from detainer_tui.dataset import Dataset, Drill, Query, Sort, Table, View
from detainer_tui.explorer import keymap
from detainer_tui.explorer.messages import StatusChanged
from detainer_tui.explorer.widgets.frame_table import MAX_COLUMN_WIDTH, FrameTable

SORT_MARKS = {False: " ▲", True: " ▼"}

WIDE = 110
"""From this many terminal columns on, table columns and bars may be wider."""
NARROW_COLUMN_WIDTH = 24
"""Widest a column is drawn on a narrow terminal, so several columns fit side by side."""


def column_cap(terminal_width: int) -> int:
    """The widest a table column may be drawn on a terminal this wide."""
    return MAX_COLUMN_WIDTH if terminal_width >= WIDE else NARROW_COLUMN_WIDTH


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
        self._column_cap = NARROW_COLUMN_WIDTH

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield self.make_table()

    def make_table(self) -> FrameTable:
        """The pane's table widget."""
        table = FrameTable(id=f"{self.pane_id}-table")
        table.fixed_columns = self.pinned_columns
        return table

    def on_resize(self) -> None:
        cap = column_cap(self.app.size.width)
        if cap != self._column_cap:
            self._column_cap = cap
            if self._table_model is not None and self.view is not None:
                self._show(self._table_model, self.view, self.table.cursor_row)

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
        if self.dataset is None:
            return
        model = self.model(self.dataset)
        self.run_worker(
            lambda: self._query(model, self.query_state, keep_cursor, cursor_row),
            thread=True,
            exclusive=True,
            group=f"query-{self.pane_id}",
            name=f"query {self.pane_id}",
        )

    def _query(self, model: Table, query: Query, keep_cursor: bool, row: int | None) -> None:
        view = model.query(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, model, view, row, keep_cursor)

    def _show(self, model: Table, view: View, row: int | None, keep_cursor: bool = False) -> None:
        # The cursor may have moved while the query ran: follow the row it is on now.
        anchor = self._cursor_table_row() if keep_cursor and model is self._table_model else None
        if anchor is not None:
            row = view.position_of(anchor)
        self._table_model = model
        self.view = view
        labels = [model.label(c) for c in model.columns]
        widths = model.widths(self._column_cap)
        sort = view.query.sort
        if sort is not None and sort.column in model.columns:
            index = model.columns.index(sort.column)
            labels[index] += SORT_MARKS[sort.descending]
            widths[index] = max(widths[index], len(labels[index]))
        self.table.show_frame(
            model.display_frame,
            labels,
            widths,
            indices=None if view.unchanged else view.indices,
            cursor_row=row if row is not None else 0,
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
        if self._table_model is None or not self._table_model.columns:
            return None
        columns = self._table_model.columns
        return columns[min(self.table.cursor_column, len(columns) - 1)]

    # -- search, sort, filter -------------------------------------------------------------
    def search(self, text: str) -> None:
        """Filter rows to those containing ``text`` (case- and accent-insensitive)."""
        if text != self.query_state.search:
            self.set_query(replace(self.query_state, search=text))

    def action_sort(self) -> None:
        """Sort by the column under the cursor; the same column again reverses the order."""
        column = self.current_column()
        if column is None:
            return
        current = self.query_state.sort
        descending = current is not None and current.column == column and not current.descending
        self.set_query(replace(self.query_state, sort=Sort(column, descending)), keep_cursor=True)

    def drill(self, drill: Drill | None) -> None:
        """Show only the rows of ``drill`` (a fresh search; the sort is kept)."""
        self.set_query(Query(sort=self.query_state.sort, drill=drill))

    def action_clear(self) -> None:
        """Escape: drop the search, else the drill-down."""
        if self.query_state.search:
            self.set_query(replace(self.query_state, search=""), keep_cursor=True)
        elif self.query_state.drill is not None:
            self.set_query(replace(self.query_state, drill=None), keep_cursor=True)

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
        """What the status bar says about this pane: ``N of M rows``, search, sort, filter."""
        if self.view is None:
            return [self.title, "loading…" if self.dataset is None else "0 of 0 rows"]
        parts = [self.title, self.view.status]
        query = self.query_state
        if query.search:
            parts.append(f"/{query.search}")
        if query.drill is not None:
            parts.append(f"only {query.drill.label}")
        if query.sort is not None and self._table_model is not None:
            label = self._table_model.label(query.sort.column)
            parts.append(f"sort {label}{SORT_MARKS[query.sort.descending]}")
        return parts

    def on_frame_table_activated(self, message: FrameTable.Activated) -> None:
        message.stop()
        row = self.current_row()
        if row is not None:
            self.activate(row)
