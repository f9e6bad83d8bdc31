"""A table the explorer worked out (a frequency, week over week, a query's result), shown
with the same search, sort, frequency and export as the four panes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual.message import Message

from detainer_tui.dataset import Dataset, Filter, NotCorrected, Query, Table, View
from detainer_tui.explorer.panes.base import TablePane


class ResultPane(TablePane):
    """Shows one ``Table`` that is not one of the dataset's panes; Escape with nothing to
    clear asks to go back (``Back``), Enter posts ``Opened``."""

    pane_id = "result"
    pinned_columns = 1

    class Back(Message):
        """Escape with no search or filter left to clear."""

    class Opened(Message):
        """Enter on a row."""

        def __init__(self, row: dict[str, Any], view: View) -> None:
            super().__init__()
            self.row = row
            self.view = view

    def __init__(
        self,
        title: str,
        export_name: str,
        status: Callable[[View], list[str]] | None = None,
        chain: tuple[Filter, ...] = (),
    ) -> None:
        super().__init__()
        self.title = title  # type: ignore[misc]  # each result names itself
        self.result: Table | None = None
        self._export_name = export_name
        self._status = status
        self.base = chain
        """The filters it opened with (the rows behind a value): Escape goes back past them."""
        self.query_state = Query(chain=chain)

    def model(self, dataset: Dataset) -> Table:
        assert self.result is not None
        return self.result

    def show_table(self, dataset: Dataset, table: Table) -> None:
        """Show ``table``; its search and sort are kept when it is a new version of the one
        shown (the sort only if the column is still there)."""
        self.result = table
        query = self.query_state.chained()
        sort = query.sort
        if sort is not None and sort.column not in table.columns:
            query = replace(query, sort=None)
        # A filter whose column the new version lacks is dropped, as a restore would.
        query, _ = Query.from_state(query.to_state(), table)
        self.query_state = query
        self.set_dataset(dataset)

    def refresh_rows(self, *, keep_cursor: bool = False, cursor_row: int | None = None) -> None:
        if self.result is not None:
            super().refresh_rows(keep_cursor=keep_cursor, cursor_row=cursor_row)

    def action_clear(self) -> None:
        """Escape: drop the search and filters added here (``u`` brings them back); with
        none, go back to where the table was opened from."""
        query = self.query_state.chained()
        base = self.base
        if len(query.steps) > len(base) and query.steps[: len(base)] == base:
            self.remember()
            self.set_query(Query(sort=query.sort, chain=base), keep_cursor=True)
        else:
            self.post_message(self.Back())

    def leave_out_corrected(self, leave_out: bool) -> None:
        """Add (or remove) the filter leaving out ICE's corrections, in its opening chain."""
        kept = tuple(step for step in self.base if not isinstance(step, NotCorrected))
        base = (*kept, NotCorrected()) if leave_out else kept
        if base == self.base:
            return
        query = self.query_state.chained()
        added = query.steps[len(self.base) :] if query.steps[: len(self.base)] == self.base else ()
        self.base = base
        self.set_query(Query(sort=query.sort, chain=base + added), keep_cursor=True)

    def activate(self, row: dict[str, Any]) -> None:
        if self.view is not None:
            self.post_message(self.Opened(row, self.view))

    def export_name(self) -> str:
        return self._export_name

    def status_parts(self) -> list[str]:
        parts = super().status_parts()
        if self.view is not None and self._status is not None:
            parts[2:2] = self._status(self.view)
        return parts
