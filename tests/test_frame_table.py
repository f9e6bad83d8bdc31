"""FrameTable over textual-fastdatatable: what the explorer relies on from the table library.

``explorer/widgets/fastdatatable.py`` reaches inside the library's ``DataTable`` to swap a
table's rows in place; the library is pinned for that reason. These tests fail if a release
changes what that relies on, before any pane shows a wrong row.
"""

from __future__ import annotations

import asyncio
import functools
from datetime import date
from importlib.metadata import version

import polars as pl
from pilot_waits import pause, press
from rich.align import Align
from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.renderables.styled import Styled
from textual_fastdatatable.data_table import DataTable

from detainer_tui.explorer.widgets.column_fit import MIN_WIDTH, PADDING, Column, Fit, fit_columns
from detainer_tui.explorer.widgets.fastdatatable import (
    PRIVATE_ATTRIBUTES,
    RENDER_ATTRIBUTES,
    _one_line,
)
from detainer_tui.explorer.widgets.frame_table import FrameTable


def test_the_installed_release_has_what_the_table_swap_uses() -> None:
    table = DataTable()
    missing = [
        name for name in (*PRIVATE_ATTRIBUTES, *RENDER_ATTRIBUTES) if not hasattr(table, name)
    ]
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
            await pause(pilot)
            assert (table.row_count, table.cursor_row) == (3, 2)

            second = pl.DataFrame({"state": ["TX", "NM"], "name": ["Travis", "[b]Doña Ana"]})
            order = pl.Series([1, 0], dtype=pl.UInt32)
            table.show_frame(second, ["State", "Name"], [5, 12], indices=order, cursor_row=0)
            await pause(pilot)
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


def test_the_last_sideways_position_starts_at_a_column_when_the_rows_overflow() -> None:
    """Rows that no longer fit bring a vertical scroll bar only after the table is laid out
    again: the sideways scrolling the table makes room for already leaves its width aside,
    so scrolled to the end, the columns still start at the left edge."""

    async def run() -> None:
        app = _TableApp()
        async with app.run_test(size=(40, 8)) as pilot:
            table = app.query_one(FrameTable)
            table.show_frame(pl.DataFrame({"a": ["x"]}), ["A"], [3])
            await pause(pilot)
            assert not table.show_vertical_scrollbar
            names = "abcdef"
            table.show_frame(
                pl.DataFrame({name: [name * 9] * 30 for name in names}), list(names), [9] * 6
            )
            await pause(pilot)
            assert table.show_vertical_scrollbar
            edges = [0]
            for column in table.ordered_columns:
                edges.append(edges[-1] + column.render_width)
            room = table.scrollable_content_region.width
            assert table.max_scroll_x in edges
            assert edges[-1] - table.max_scroll_x <= room
            assert edges[-1] - table.max_scroll_x + table.ordered_columns[0].render_width > room

    asyncio.run(run())


def test_cells_are_drawn_exactly_as_the_library_draws_them() -> None:
    """FrameTable remembers the Rich render of equal cells (widgets/fastdatatable.py): every
    line, with its styles and each cell's position for the mouse, must equal the library's
    own drawing, on and off the cursor, with and without focus."""
    frame = pl.DataFrame(
        {
            "state": ["TX", "TX", None, "NM", "TX", "CA"],
            "name": ["Travis", "[b]Doña Ana", "two\nlines", "Ｆｕｌｌ width", "x" * 40, ""],
            "count": [135, 135, None, 7, 1_234_567, 0],
            "share": [0.5, 0.5, None, 1 / 3, 2.0, -1.25],
            "issued": [
                date(2017, 1, 28),
                date(2017, 1, 28),
                None,
                date(2017, 2, 3),
                None,
                date(2016, 12, 31),
            ],
        }
    )

    def drawn(table: FrameTable, library: bool) -> list[list[Segment]]:
        table._clear_caches()
        if library:
            table._render_cell = functools.partial(DataTable._render_cell, table)
        try:
            return [list(table.render_line(y)) for y in range(table.size.height)]
        finally:
            table.__dict__.pop("_render_cell", None)

    async def run() -> None:
        app = _TableApp()
        async with app.run_test(size=(60, 9)) as pilot:
            table = app.query_one(FrameTable)
            table.show_frame(
                frame,
                ["State", "Name", "Count", "Share", "Issued"],
                [5, 14, 9, 6, 10],
                cursor_row=1,
                cursor_column=1,
            )
            await pause(pilot)
            for step in ("start", "moved", "unfocused"):
                ours, theirs = drawn(table, library=False), drawn(table, library=True)
                assert ours == theirs, step
                # drawn again from what the table remembers: still the same
                assert drawn(table, library=False) == theirs, step
                metas = {s.style.meta.get("row") for line in ours for s in line if s.style}
                assert metas >= {-1, 0, 1, 2}, step
                if step == "start":
                    await press(pilot, "down", "right")
                else:
                    table.blur()
                await pause(pilot)

    asyncio.run(run())


def test_cells_drawn_without_rich_show_what_rich_would_draw() -> None:
    """Most cells skip Rich's layout (``_one_line``); each of them, in every width, alignment
    and style, must show the same characters in the same styles as Rich draws it, and the
    cells it cannot draw that way (markup, styled or cut text, control characters) are left
    to Rich."""
    console = Console(
        markup=True, highlight=False, emoji=False, force_terminal=True, soft_wrap=False
    )
    values = ["Travis", "", "1,234", "Doña Ana", "Ｆｕｌｌ", "e\u0301", "12:30 am", "x y"]
    cells = [
        *values,
        *[Align(v, align=a) for v in values for a in ("left", "center", "right")],
        Align(Text(""), align="center"),
        Text("plain"),
    ]
    styles = [
        (Style(), Style()),
        (Style(color="red") + Style(bold=True), Style(bgcolor="blue")),
        (Style(), Style(reverse=True)),
    ]
    drawn_directly = 0
    for cell in cells:
        for width in range(1, 16):
            for pre, post in styles:
                ours = _one_line(cell, width, pre, post)
                if ours is None:
                    continue
                drawn_directly += 1
                options = console.options.update_dimensions(width, 1)
                options.overflow, options.no_wrap = "ellipsis", True
                theirs = console.render_lines(Styled(Padding(cell, (0, 1)), pre, post), options)
                assert [list(Segment.simplify(line)) for line in ours] == [
                    list(Segment.simplify(line)) for line in theirs
                ], (cell, width, pre, post)
    assert drawn_directly > len(cells) * 2 * 5  # most cells, in two of the styles
    styled = (Style(color="red"), Style(bgcolor="blue"))
    for cell in ["Travis", "", Align("1,234", align="right"), Align(Text(""), align="center")]:
        assert _one_line(cell, 8, *styled) is not None, cell
    for cell in ["[b]bold", "ends\\", ":smile:", "tab\there", "\x1b[31mred", "x" * 20]:
        assert _one_line(cell, 10, Style(), Style()) is None, cell
    assert _one_line(Text("styled", style="bold"), 10, Style(), Style()) is None
    assert _one_line(Text.assemble(("a", "bold"), "b"), 10, Style(), Style()) is None


def test_a_click_moves_the_cursor_to_the_cell_clicked_among_equal_cells() -> None:
    """Equal cells share one remembered drawing; each must still carry its own position,
    which is what a mouse click reads."""
    frame = pl.DataFrame({"state": ["TX"] * 6, "count": [5] * 6})

    async def run() -> None:
        app = _TableApp()
        async with app.run_test(size=(40, 9)) as pilot:
            table = app.query_one(FrameTable)
            table.show_frame(frame, ["State", "Count"], [5, 5], cursor_row=0, cursor_column=0)
            await pause(pilot)
            for row, column, x in ((4, 1, 9), (2, 0, 2), (5, 0, 2)):
                await pilot.click(FrameTable, offset=(x, row + 1))  # below the headings
                await pause(pilot)
                assert (table.cursor_row, table.cursor_column) == (row, column)

    asyncio.run(run())


# -- fitting columns to the terminal ------------------------------------------------------------
RECORDS = [
    Column.of("state", 5, pinned=True),
    Column.of("jurisdiction", 22, pinned=True),
    Column.of("citizenship", 33),
    Column.of("offences", 136),
    Column.of("issued", 10),
    Column.of("declined", 10),
    Column.of("facility", 65),
    Column.of("page", 4),
]
IMPORTANCE = ["state", "jurisdiction", "issued", "declined", "offences", "citizenship"]


def _width(fit: Fit, names: int | None = None) -> int:
    return sum(w + PADDING for w in fit.widths[:names])


def test_columns_that_fit_keep_their_content_width() -> None:
    fit = fit_columns(RECORDS[:3], 80, pinned=2)
    assert fit == Fit(("state", "jurisdiction", "citizenship"), (5, 22, 33))


def test_a_wide_terminal_shows_every_column_narrowing_the_least_important_first() -> None:
    fit = fit_columns(RECORDS, 199, pinned=2, priority=IMPORTANCE)
    assert fit.order == tuple(c.name for c in RECORDS)
    assert _width(fit) == 199
    widths = dict(zip(fit.order, fit.widths, strict=True))
    # the facility (least important of the long columns) gave way first, then citizenship
    assert widths["facility"] == MIN_WIDTH and widths["citizenship"] == MIN_WIDTH
    assert widths["offences"] > 40
    assert (widths["issued"], widths["declined"], widths["page"]) == (10, 10, 4)


def test_a_narrow_terminal_keeps_the_important_columns_in_view_and_the_rest_after() -> None:
    fit = fit_columns(RECORDS, 79, pinned=2, priority=IMPORTANCE)
    shown = [name for name, end in zip(fit.order, _ends(fit), strict=True) if end <= 79]
    assert shown == ["state", "jurisdiction", "offences", "issued", "declined"]
    assert _width(fit, 5) == 79
    # nothing is lost: the other columns follow, in table order, reached by scrolling
    assert fit.order[5:] == ("citizenship", "facility", "page")


def test_no_column_is_wider_than_the_room_beside_the_pinned_ones() -> None:
    fit = fit_columns(RECORDS, 60, pinned=2, priority=IMPORTANCE)
    pinned = _width(fit, 2)
    assert max(fit.widths[2:]) + PADDING <= 60 - pinned


def test_a_width_the_user_chose_is_kept() -> None:
    chosen = [*RECORDS[:2], Column.of("citizenship", 40, chosen=True), *RECORDS[3:]]
    fit = fit_columns(chosen, 199, pinned=2, priority=IMPORTANCE)
    assert dict(zip(fit.order, fit.widths, strict=True))["citizenship"] == 40


def _ends(fit: Fit) -> list[int]:
    ends, total = [], 0
    for width in fit.widths:
        total += width + PADDING
        ends.append(total)
    return ends


def test_a_cell_cut_by_the_right_edge_ends_in_an_ellipsis_only_when_text_is_hidden() -> None:
    """The right edge cuts the second column: rows whose text goes on past it end in "…"
    (counted in cells, so full-width text too), rows whose text ends before it do not."""
    frame = pl.DataFrame(
        {
            "state": ["TX", "NM", "CA", "WA"],
            "name": ["Travis County Sheriff", "Ｆｕｌｌｗｉｄｔｈ", "Kern", ""],
        }
    )

    async def run() -> None:
        app = _TableApp()
        async with app.run_test(size=(20, 6)) as pilot:
            table = app.query_one(FrameTable)
            table.show_frame(frame, ["State", "Name"], [5, 22])
            await pause(pilot)
            lines = [table.render_line(y).text for y in range(1, 5)]
            ends = [line.rstrip()[-1:] for line in lines]
            assert ends[:2] == ["…", "…"], lines
            assert "…" not in lines[2] and "…" not in lines[3], lines

    asyncio.run(run())
