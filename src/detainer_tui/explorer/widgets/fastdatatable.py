"""The one place that reaches inside textual-fastdatatable's ``DataTable``.

The library's public API builds a table once; to show other rows it says to mount a new
table. Over a slow link that would mean a remount (and lost focus and cursor) for every key
typed in a search, so the explorer swaps the table's backend in place instead, which needs the
private attributes below. The library is pinned to one release in ``pyproject.toml`` and
``tests/test_frame_table.py`` fails if a new release changes what this relies on.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from rich.align import Align
from rich.cells import cell_len
from rich.console import RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.renderables.styled import Styled
from textual_fastdatatable import DataTableBackend
from textual_fastdatatable.column import CELL_X_PADDING
from textual_fastdatatable.data_table import DataTable

PRIVATE_ATTRIBUTES = (
    "_column_labels",
    "_column_widths",
    "_ordered_columns",
    "_update_count",
    "_clear_caches",
    "_update_dimensions",
    "_get_row_style",
    "_should_highlight",
    "_row_render_cache",
    "_line_cache",
)
"""What ``replace_contents`` touches, the row style ``FrameTable`` adds its cursor row to, and
the highlight it extends to the cursor column's heading: checked by the tests against the
installed release."""


def replace_contents(
    table: DataTable, backend: DataTableBackend, labels: Sequence[str], widths: Sequence[int]
) -> None:
    """Show ``backend``'s rows in ``table`` under ``labels``, columns ``widths`` cells wide.

    The cursor is left where it was (the caller moves it); the table is redrawn.
    """
    table.backend = backend
    table._column_labels = list(labels)
    table._column_widths = [max(1, width) for width in widths]
    # Columns are rebuilt from the labels and widths on next use; cached rows are stale.
    table._ordered_columns = None
    table._update_count += 1
    table._clear_caches()
    table._update_dimensions([])


def replace_rows(table: DataTable, backend: DataTableBackend, rows: Iterable[int]) -> None:
    """Show ``backend``, the same rows and columns as before with the values of the rows at
    ``rows`` changed (a row marked), drawing only those rows again: replacing the contents
    would draw every row on screen afresh."""
    table.backend = backend
    changed = set(rows)
    # Every cache of drawn cells and lines is keyed first by the row (a line: the row + 1).
    for cache, offset in (
        (table._cell_render_cache, 0),
        (table._row_render_cache, 0),
        (table._line_cache, 1),
    ):
        keys = cache.keys()  # an LRUCache: not iterable itself
        for key in [k for k in keys if k[0] - offset in changed]:
            cache.discard(key)
    for row in changed:
        table.refresh_row(row)


# -- drawing cells --------------------------------------------------------------------------
# The library draws every cell through Rich afresh whenever its caches are cleared, which
# it does on each focus change, pane switch, resize or new rows: a pane of 30 rows and 8
# columns is 240 Rich renders, most of them of values the pane has drawn before (a state, a
# date, an empty cell). ``render_cell`` is the library's ``DataTable._render_cell`` with
# that Rich render remembered by what decides it: the value as the library formats it, the
# width and the styles. Only the cell's position (the style's ``meta``, which mouse clicks
# read) differs between equal cells; it is added afterwards, as the library adds it.

RENDER_ATTRIBUTES = (
    "_cell_render_cache",
    "_show_hover_cursor",
    "_pseudo_class_state",
    "_get_cell_renderable",
    "_get_styles_to_render_cell",
    "_render_cell",
)
"""What ``render_cell`` reads besides ``PRIVATE_ATTRIBUTES``: checked like them."""

MEMO_SIZE = 4096
"""Cell renders a table remembers: a few screens' worth of distinct values and styles."""

Lines = list[list[Segment]]


def _renderable_key(cell: RenderableType) -> Hashable | None:
    """What decides how ``cell`` (as the library formats a value) renders; None for a kind of
    renderable the library does not make for our values (rendered afresh each time)."""
    if isinstance(cell, str):
        return ("str", cell)
    if isinstance(cell, Text):
        return (
            "text",
            cell.plain,
            tuple(cell.spans),
            str(cell.style),
            cell.justify,
            cell.overflow,
            cell.no_wrap,
            cell.end,
            cell.tab_size,
        )
    if isinstance(cell, Align):
        inner = _renderable_key(cell.renderable)
        if inner is None:
            return None
        return (
            "align",
            inner,
            cell.align,
            cell.vertical,
            str(cell.style),
            cell.pad,
            cell.width,
            cell.height,
        )
    return None


_JUSTIFIED = {"left": lambda room: (0, room), "right": lambda room: (room, 0)}
_JUSTIFIED["center"] = lambda room: (room // 2, room - room // 2)


def _one_line(
    cell: RenderableType, width: int, pre_style: Style, post_style: Style
) -> Lines | None:
    """What Rich draws for ``cell`` in a cell ``width`` wide and one line high, as Rich draws
    it but without going through its layout: for the cells tables are made of (a value that
    fits, as the library formats it: a string, or one aligned), which is most of them. None
    for any other cell, which Rich draws: markup, styled text, control characters, a value
    that needs an ellipsis.

    Drawing a pane of values through Rich costs about a tenth of a millisecond a cell; this,
    a hundredth. ``tests/test_frame_table.py`` compares the two, cell by cell and style by
    style, for values of every kind."""
    if not pre_style and not post_style:
        return None  # Rich leaves the text unstyled then, and the padding not: not one style
    justify = "left"
    if isinstance(cell, Align):
        if cell.style is not None or cell.vertical is not None or cell.width or cell.height:
            return None
        justify, cell = cell.align, cell.renderable
    if isinstance(cell, Text):
        if cell.spans or cell.style or cell.justify or cell.overflow:
            return None
        text = cell.plain
    elif isinstance(cell, str):
        # Rich reads a string as markup: only one with nothing to read is taken as it is.
        if "[" in cell or "\\" in cell or ":" in cell:
            return None
        text = cell
    else:
        return None
    if not text.isprintable() or justify not in _JUSTIFIED:
        return None
    room = width - CELL_X_PADDING - cell_len(text)
    if room < 0:
        return None
    before, after = _JUSTIFIED[justify](room)
    line = f"{' ' * (1 + before)}{text}{' ' * (after + 1)}"
    return [list(Segment.apply_style([Segment(line, Style())], pre_style, post_style))]


def render_cell(
    table: DataTable,
    memo: LRUCache[Hashable, Lines],
    row_index: int,
    column_index: int,
    base_style: Style,
    width: int,
    cursor: bool = False,
    hover: bool = False,
    in_range: bool = False,
) -> Lines:
    """``DataTable._render_cell``, with the Rich render of equal cells remembered in
    ``memo`` (see above). The same lines come out: ``tests/test_frame_table.py`` compares
    them with the library's for every cell of a table."""
    if column_index == -1:  # row labels: the library's own way (the explorer shows none)
        return DataTable._render_cell(
            table, row_index, column_index, base_style, width, cursor, hover, in_range
        )
    cache_key = (
        row_index,
        column_index,
        base_style,
        cursor,
        hover,
        in_range,
        table._show_hover_cursor,
        table._update_count,
        table._pseudo_class_state,
    )
    cached = table._cell_render_cache.get(cache_key)
    if cached is not None:
        return cached
    is_header = row_index == -1
    is_fixed = not is_header and (
        row_index < table.fixed_rows or column_index < table.fixed_columns
    )
    cell = table._get_cell_renderable(
        row_index=row_index, column_index=column_index, max_width=width - CELL_X_PADDING
    )
    component_style, post_style = table._get_styles_to_render_cell(
        is_header,
        False,
        is_fixed,
        hover,
        cursor,
        in_range,
        table.show_cursor,
        table._show_hover_cursor,
        table.cursor_type == "range",
        table.cursor_foreground_priority == "css",
        table.cursor_background_priority == "css",
    )
    height = table.header_height if is_header else 1
    ellipsis = table.max_column_content_width is not None
    renderable = _renderable_key(cell)
    memo_key = (
        None
        if renderable is None
        else (renderable, width, height, ellipsis, base_style, component_style, post_style)
    )
    plain = memo.get(memo_key) if memo_key is not None else None
    if plain is None and height == 1:
        plain = _one_line(cell, width, base_style + component_style, post_style)
        if plain is not None and memo_key is not None:
            memo[memo_key] = plain
    if plain is None:
        console = table.app.console
        options = console.options.update_dimensions(width, height)
        if ellipsis:
            options.overflow = "ellipsis"
            options.no_wrap = True
        plain = console.render_lines(
            Styled(
                Padding(cell, (0, 1)), pre_style=base_style + component_style, post_style=post_style
            ),
            options,
        )
        if memo_key is not None:
            memo[memo_key] = plain
    # The cell's position, in the style of every segment the cell's styles reach (not the
    # padding Rich adds after them), as the library puts it there: mouse clicks read it.
    where = Style.from_meta({"row": row_index, "column": column_index})
    lines = [
        [
            segment
            if segment.style is None or segment.control
            else Segment(segment.text, segment.style + where)
            for segment in line
        ]
        for line in plain
    ]
    table._cell_render_cache[cache_key] = lines
    return lines
