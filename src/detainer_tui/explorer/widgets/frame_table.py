"""A table that shows a Polars view, rendering only the rows on screen.

Built on textual-fastdatatable's Arrow backend. Cells are shown literally (no markup), column
widths come from the whole table rather than the visible rows, so they stay put while a
search narrows the rows, and measuring a million values is never needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import polars as pl
import pyarrow as pa
from textual.binding import BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual_fastdatatable import ArrowBackend
from textual_fastdatatable.data_table import DataTable

from detainer_tui.explorer import keymap

MAX_COLUMN_WIDTH = 40
"""No column is drawn wider than this; longer values end in an ellipsis."""


class _MeasuredBackend(ArrowBackend):
    """An Arrow backend whose column widths are given rather than measured."""

    def __init__(self, data: pa.Table, widths: Sequence[int]) -> None:
        super().__init__(data)
        self._widths = list(widths)

    @property
    def column_content_widths(self) -> list[int]:
        return self._widths


class FrameTable(DataTable):
    """A read-only table of a Polars frame; Enter posts :class:`FrameTable.Activated`."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.TABLE

    class Activated(Message):
        """Enter was pressed on a row."""

        def __init__(self, table: FrameTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> FrameTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            backend=_MeasuredBackend(pa.table({}), []),
            id=id,
            classes=classes,
            render_markup=False,
            cursor_type="cell",
            zebra_stripes=True,
            max_column_content_width=MAX_COLUMN_WIDTH,
            null_rep="",
        )
        self.frame_columns: tuple[str, ...] = ()

    def show_frame(
        self,
        frame: pl.DataFrame,
        labels: Sequence[str],
        widths: Sequence[int],
        *,
        cursor_row: int | None = None,
    ) -> None:
        """Replace the table's rows with ``frame`` and move the cursor to ``cursor_row``.

        ``labels`` are the headings and ``widths`` the content width of each column.
        """
        backend = _MeasuredBackend(frame.to_arrow(), widths)
        backend.render_markup = False
        self.backend = backend
        self.frame_columns = tuple(frame.columns)
        self._column_labels = list(labels)
        self._column_widths = [max(1, w) for w in widths]
        self._ordered_columns = None
        self._update_count += 1
        self._clear_caches()
        self._update_dimensions([])
        row = self.cursor_row if cursor_row is None else cursor_row
        row = min(max(row, 0), max(self.row_count - 1, 0))
        column = min(self.cursor_column, max(self.column_count - 1, 0))
        self.cursor_coordinate = Coordinate(row, column)
        self.refresh()

    def action_activate(self) -> None:
        """Enter: tell the pane which row to open."""
        if self.row_count:
            self.post_message(self.Activated(self, self.cursor_row))
