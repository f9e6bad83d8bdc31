"""FrameTable over textual-fastdatatable: what the explorer relies on from the table library.

``explorer/widgets/fastdatatable.py`` reaches inside the library's ``DataTable`` to swap a
table's rows in place; the library is pinned for that reason. These tests fail if a release
changes what that relies on, before any pane shows a wrong row.
"""

from __future__ import annotations

import asyncio
from importlib.metadata import version

import polars as pl
from textual.app import App, ComposeResult
from textual_fastdatatable.data_table import DataTable

from detainer_tui.explorer.widgets.fastdatatable import PRIVATE_ATTRIBUTES
from detainer_tui.explorer.widgets.frame_table import FrameTable


def test_the_installed_release_has_what_the_table_swap_uses() -> None:
    table = DataTable()
    missing = [name for name in PRIVATE_ATTRIBUTES if not hasattr(table, name)]
    assert missing == [], f"textual-fastdatatable {version('textual-fastdatatable')}"


class _TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FrameTable(id="table")


def test_showing_a_new_frame_replaces_rows_headings_and_widths() -> None:
    async def run() -> None:
        app = _TableApp()
        async with app.run_test(size=(60, 8)) as pilot:
            table = app.query_one(FrameTable)
            first = pl.DataFrame({"a": ["one", "two", "three"], "b": [1, 2, 3]})
            table.show_frame(first, ["A", "B"], [5, 1], cursor_row=2)
            await pilot.pause()
            assert (table.row_count, table.cursor_row) == (3, 2)

            second = pl.DataFrame({"state": ["TX", "NM"], "name": ["Travis", "[b]Doña Ana"]})
            order = pl.Series([1, 0], dtype=pl.UInt32)
            table.show_frame(second, ["State", "Name"], [5, 12], indices=order, cursor_row=0)
            await pilot.pause()
            assert table.row_count == 2 and table.cursor_row == 0
            assert [str(c.label) for c in table.ordered_columns] == ["State", "Name"]
            assert [c.content_width for c in table.ordered_columns] == [5, 12]
            lines = [table.render_line(y).text for y in range(3)]
            assert "State" in lines[0] and "Name" in lines[0] and "A " not in lines[0]
            # rows in the order asked, text shown literally (no markup)
            assert "NM" in lines[1] and "[b]Doña Ana" in lines[1]
            assert "TX" in lines[2] and "Travis" in lines[2]
            assert "three" not in "".join(lines)

    asyncio.run(run())
