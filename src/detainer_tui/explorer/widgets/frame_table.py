"""A table that shows a Polars view, rendering only the rows on screen.

Built on textual-fastdatatable's DataTable, which asks its backend only for the rows it
draws. The backend here reads them straight from the dataset's frame through the query's
row order. Cells are shown literally (no markup); column widths come from the whole table
rather than the rows shown, so they stay put while a search narrows the rows, and a million
values are never measured.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Literal

import polars as pl
from rich.align import Align
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual_fastdatatable import DataTableBackend
from textual_fastdatatable.data_table import DataTable

from detainer_tui.dataset.cells import grouped
from detainer_tui.explorer import keymap
from detainer_tui.explorer.widgets.fastdatatable import (
    MEMO_SIZE,
    Lines,
    render_cell,
    replace_contents,
    replace_rows,
)

ELLIPSIS = "…"
"""Where a value or a column is cut short."""
ELLIPSIS_AFTER = 1000
"""The library ends a value too long for its column in an ellipsis only when given a maximum
column width; columns are sized by the pane (``column_fit``), so this one is never reached."""


class ViewBackend(DataTableBackend[pl.DataFrame]):
    """Rows of a Polars frame, in the order of an index series, read only when drawn.

    A query's result is just the order of row numbers: showing it never copies the rows,
    so sorting or searching a million records costs only the query itself.
    """

    def __init__(
        self,
        data: pl.DataFrame,
        max_rows: int | None = None,
        column_names: Sequence[str] | None = None,
        *,
        indices: pl.Series | None = None,
        widths: Sequence[int] = (),
    ) -> None:
        super().__init__(data, max_rows, column_names)
        self.data = data
        self._indices = indices
        self._widths = list(widths) or [0] * data.width

    @classmethod
    def from_pydict(
        cls,
        data: Mapping[str, Sequence[Any]],
        max_rows: int | None = None,
        column_names: Sequence[str] | None = None,
    ) -> ViewBackend:
        return cls(pl.DataFrame(dict(data)))

    @property
    def source_data(self) -> pl.DataFrame:
        return self.data

    @property
    def source_row_count(self) -> int:
        return self.row_count

    @property
    def row_count(self) -> int:
        return self.data.height if self._indices is None else self._indices.len()

    @property
    def columns(self) -> Sequence[str]:
        return self.data.columns

    @property
    def column_content_widths(self) -> Sequence[int]:
        return self._widths

    def _source_row(self, index: int) -> int:
        if index < 0 or index >= self.row_count:
            raise IndexError(index)
        return index if self._indices is None else int(self._indices[index])

    def get_row_at(self, index: int) -> Sequence[Any]:
        return self.data.row(self._source_row(index))

    def get_column_at(self, index: int) -> Sequence[Any]:
        column = self.data.to_series(index)
        return (column if self._indices is None else column.gather(self._indices)).to_list()

    def get_cell_at(self, row_index: int, column_index: int) -> Any:
        return self.data.to_series(column_index)[self._source_row(row_index)]

    def append_column(self, label: str, default: Any | None = None) -> int:
        raise TypeError("a view of a dataset table is read-only")

    def append_rows(self, records: Iterable[Iterable[Any]]) -> list[int]:
        raise TypeError("a view of a dataset table is read-only")

    def drop_row(self, row_index: int) -> None:
        raise TypeError("a view of a dataset table is read-only")

    def update_cell(self, row_index: int, column_index: int, value: Any) -> None:
        raise TypeError("a view of a dataset table is read-only")

    def sort(self, by: list[tuple[str, Literal["ascending", "descending"]]] | str) -> None:
        # Sorting is the dataset's job (see Table.query), never the widget's.
        raise TypeError("sort through the dataset, not the table widget")


class FrameTable(DataTable):
    """A read-only table of a Polars frame; Enter posts :class:`FrameTable.Activated`."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.TABLE)
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *DataTable.COMPONENT_CLASSES,
        "frametable--cursor-row",
    }
    """``frametable--cursor-row``: the cells of the cursor's row (bold where colours are few)."""

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
            backend=ViewBackend(pl.DataFrame()),
            id=id,
            classes=classes,
            render_markup=False,
            cursor_type="cell",
            zebra_stripes=True,
            max_column_content_width=ELLIPSIS_AFTER,
            null_rep="",
        )
        self.frame_columns: tuple[str, ...] = ()
        self._columns_width = 0
        """The width of the columns, as the library sizes the table (before any padding)."""
        self._cell_memo: LRUCache[Hashable, Lines] = LRUCache(MEMO_SIZE)
        self._whole: tuple[bool, ...] = ()
        """Per column, whether it holds whole numbers (shown ``grouped``)."""

    def _get_cell_renderable(
        self, row_index: int, column_index: int, max_width: int | None = None
    ) -> RenderableType:
        # Whole numbers grouped as their column's width was measured (``Table.widths``): the
        # library groups by the C library's locale, which a width cannot be sure to match.
        if row_index >= 0 and column_index < len(self._whole) and self._whole[column_index]:
            value = self.get_cell_at(Coordinate(row_index, column_index))
            if value is not None:
                return Align(grouped(value), align="right")
        return super()._get_cell_renderable(row_index, column_index, max_width)

    def _render_cell(self, *cell: Any, **drawn: Any) -> Lines:
        # Equal cells are drawn once (see widgets/fastdatatable.py): switching panes, moving
        # focus or scrolling back costs no Rich render of values already drawn.
        return render_cell(self, self._cell_memo, *cell, **drawn)

    def show_frame(
        self,
        frame: pl.DataFrame,
        labels: Sequence[str],
        widths: Sequence[int],
        *,
        indices: pl.Series | None = None,
        cursor_row: int | None = None,
        cursor_column: int | None = None,
    ) -> None:
        """Show the rows of ``frame`` at ``indices`` (all, in order, when None).

        ``labels`` are the headings and ``widths`` the content width of each column; the
        cursor moves to ``cursor_row`` and ``cursor_column`` (each kept where it is when None).
        """
        backend = ViewBackend(frame, indices=indices, widths=widths)
        backend.render_markup = False
        replace_contents(self, backend, labels, widths)
        self.frame_columns = tuple(frame.columns)
        self._whole = tuple(dtype.is_integer() for dtype in frame.dtypes)
        row = self.cursor_row if cursor_row is None else cursor_row
        row = min(max(row, 0), max(self.row_count - 1, 0))
        column = self.cursor_column if cursor_column is None else cursor_column
        column = min(column, max(self.column_count - 1, 0))
        self.cursor_coordinate = Coordinate(row, column)
        self._scroll_cursor_into_view()
        self.refresh()

    def show_changed_rows(
        self, frame: pl.DataFrame, rows: Sequence[int], *, indices: pl.Series | None = None
    ) -> None:
        """Show ``frame``: the rows and columns shown now, with the values of the rows at
        ``rows`` changed (a mark), drawing only those rows again."""
        old = self.backend
        widths = old._widths if isinstance(old, ViewBackend) else ()
        backend = ViewBackend(frame, indices=indices, widths=widths)
        backend.render_markup = False
        replace_rows(self, backend, rows)

    # -- scrolling sideways by whole columns --------------------------------------------------
    def _scrolling_edges(self) -> tuple[int, list[int]]:
        """Width of the pinned columns, and where each scrolling column starts (and the last
        ends), counted from the first scrolling column."""
        columns = self.ordered_columns
        pinned = sum(c.render_width for c in columns[: self.fixed_columns])
        edges = [0]
        for column in columns[self.fixed_columns :]:
            edges.append(edges[-1] + column.render_width)
        return pinned, edges

    class Resized(Message):
        """The table's size changed: its pane fits the columns afresh."""

    def on_resize(self) -> None:
        self._pad_virtual_width()
        # Shorter (a notification took lines at the foot of the screen): the cursor's row
        # stays in view.
        if self.row_count:
            self.call_after_refresh(self._scroll_cursor_into_view)
        self.post_message(self.Resized())

    def _update_dimensions(self, new_rows: Iterable[int]) -> None:
        super()._update_dimensions(new_rows)
        self._columns_width = self.virtual_size.width
        self._pad_virtual_width()

    def _pad_virtual_width(self) -> None:
        """Room to scroll until the last columns start at the left edge, so that every
        sideways position shows whole columns: as much as the table's width now needs."""
        pinned, edges = self._scrolling_edges()
        region = self.scrollable_content_region
        room = region.width - pinned
        if not self.show_vertical_scrollbar and self.virtual_size.height > region.height:
            # The rows overflow: the vertical scroll bar is about to take its columns.
            room -= self.styles.scrollbar_size_vertical
        width = self._columns_width
        if room > 0 and edges[-1] > room:
            first = next(i for i, edge in enumerate(edges) if edges[-1] - edge <= room)
            width = max(width, pinned + edges[first] + room)
        if width != self.virtual_size.width:
            self.virtual_size = Size(width, self.virtual_size.height)

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        # Sideways, the scrolled part always starts at a column's left edge (the library
        # scrolls by cells, leaving half a column and headings over other columns' values).
        if not self.ordered_columns or self.cursor_type != "cell":
            super()._scroll_cursor_into_view(animate=animate)
            return
        row, column = self.cursor_coordinate
        pinned, edges = self._scrolling_edges()
        room = max(1, self.scrollable_content_region.width - pinned)
        left = max((i for i, edge in enumerate(edges) if edge <= self.scroll_x), default=0)
        left = min(left, len(edges) - 2) if len(edges) > 1 else 0
        if column >= self.fixed_columns:
            index = column - self.fixed_columns
            left = min(left, index)
            while left < index and edges[index + 1] - edges[left] > room:
                left += 1
        rows = max(1, self.scrollable_content_region.height - self.header_height)
        top = int(self.scroll_y)
        # A row within a page of the rows shown (j, k, a page on) scrolls to their edge. One
        # further away (the row the cursor follows through a sort, a search's, a restored
        # one) is shown in the middle, between rows before and after it, not at the top
        # where it would look like the first.
        if row < top - rows or row >= top + 2 * rows:
            top = max(0, row - rows // 2)
        elif row < top:
            top = row
        elif row >= top + rows:
            top = row - rows + 1
        self.scroll_to(x=edges[left], y=top, animate=False, immediate=True)

    def _should_highlight(
        self, cursor: Coordinate, target_cell: Coordinate, type_of_cursor: Any
    ) -> bool:
        # The heading of the cursor's column is marked too: it is the column that s, =, |
        # and y act on, and on a wide table the cell alone is easily lost.
        if target_cell.row == -1 and type_of_cursor == "cell":
            return cursor.column == target_cell.column
        return super()._should_highlight(cursor, target_cell, type_of_cursor)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if old.column != new.column and self.show_header:
            # The library redraws the cells the cursor left and reached, not their headings.
            self.refresh(Region(0, 0, self.size.width, self.header_height))

    def cut_at_edge(self) -> tuple[int, int, int] | None:
        """The column cut by the right edge: where it stops showing (the cell that then
        shows ``…``), where it starts on screen and its index; None when no column is cut."""
        width = self.scrollable_content_region.width
        pinned, edges = self._scrolling_edges()
        starts = [pinned + edge - int(self.scroll_x) for edge in edges]
        for index, (start, end) in enumerate(itertools.pairwise(starts)):
            # The first cell of a column is its padding: a column cut after it shows text.
            if start + 1 < width < end and start >= pinned:
                return width - 1, start, self.fixed_columns + index
        return None

    def render_line(self, y: int) -> Strip:
        # A value cut off by the right edge of the table ends in an ellipsis, as a value too
        # long for its column does: "Mexic" would read as a whole word.
        strip = super().render_line(y)
        cut = self.cut_at_edge()
        if cut is None or strip.cell_length <= cut[0]:
            return strip
        at, start, column = cut
        fixed = self.fixed_rows + (self.header_height if self.show_header else 0)
        row = (y + int(self.scroll_y) if y >= fixed else y) - 1  # -1: the heading
        if row != -1 and not self.is_valid_row_index(row):
            return strip
        # The cut cell alone, as drawn (its text is all that is asked of it): is any of it
        # beyond the edge? An empty cell, or one whose text ends before it, gets no "…".
        width = self.ordered_columns[column].render_width
        cell = Strip(self._render_cell(row, column, Style(), width)[0])
        if not cell.crop(at - start, width).text.strip():  # cells, not characters: 全角
            return strip
        styles = [segment.style for segment in strip.crop(at, at + 1)]
        rest = strip.crop(at + 1, strip.cell_length)
        return Strip.join(
            [strip.crop(0, at), Strip([Segment(ELLIPSIS, styles[0] if styles else None)]), rest]
        )

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        # The library styles only the cursor's cell; the rest of its row is set off too, so
        # the row stands out where shades do not (see explorer/colours.py).
        style = super()._get_row_style(row_index, base_style)
        if row_index >= 0 and row_index == self.cursor_row:
            style += self.get_component_rich_style("frametable--cursor-row", partial=True)
        return style

    def action_activate(self) -> None:
        """Enter: tell the pane which row to open."""
        if self.row_count:
            self.post_message(self.Activated(self, self.cursor_row))
