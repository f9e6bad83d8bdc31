"""How often each value of a column occurs among the rows a view shows, and the rows behind one.

A list column (a record's offences) counts each item, so a record with two offences counts
once for each; a record with none counts as ``(none listed)``. Dates count per day. A place
(a jurisdiction, a facility) is its name and its state: ``Franklin County, NY`` and
``Franklin County, PA`` are two values, never one. Counts are
sorted largest first, with each value's share of all counted and a bar on one scale.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset.cells import decimal_point
from detainer_tui.dataset.columns import (
    BAR,
    CORRECTION,
    COUNT,
    LABELS,
    NONE_LISTED,
    ROW,
    SHARE,
    VALUE,
    key_column,
)
from detainer_tui.dataset.filters import source_column
from detainer_tui.dataset.rankings import DEFAULT_BAR_WIDTH, bar
from detainer_tui.dataset.table import Table, View

BLANK = "(blank)"
"""Shown for a missing value."""

PLACES = (schema.JURISDICTION, schema.FACILITY)
"""Columns whose values are places: counted together with the row's state."""


def place_column(view: View, column: str) -> bool:
    """Whether ``column``'s values are places counted with their state (the table has one)."""
    frame = view.table.frame
    return frequency_column(view, column) in PLACES and schema.STATE in frame.columns


def frequency_column(view: View, column: str) -> str:
    """The column whose values ``column`` shows: a bar shows its value, a joined list its
    items."""
    return source_column(view.table, column)


def counted_values(view: View, column: str, *, leave_out_corrected: bool = False) -> pl.Series:
    """The values of ``column`` over the rows ``view`` shows (one per list item); a place's
    are structs of its name and state."""
    table = view.table
    source = frequency_column(view, column)
    place = place_column(view, column)
    needed = [source, schema.STATE] if place else [source]
    drop_corrected = leave_out_corrected and CORRECTION in table.frame.columns
    if drop_corrected:
        needed.append(CORRECTION)
    rows = table.frame.select(needed)
    if not view.unchanged:
        rows = rows[view.indices]
    if drop_corrected:
        rows = rows.filter(pl.col(CORRECTION).is_null())
    if place:
        return rows.select(pl.struct(source, schema.STATE).alias(VALUE)).to_series()
    values = rows.get_column(source)
    if isinstance(values.dtype, pl.List):
        values = values.explode(empty_as_null=True)
    elif values.dtype == pl.Datetime or isinstance(values.dtype, pl.Datetime):
        values = values.dt.date()
    return values.alias(VALUE)


def frequency_table(
    view: View,
    column: str,
    *,
    leave_out_corrected: bool = False,
    width: int = DEFAULT_BAR_WIDTH,
) -> Table:
    """Each value of ``column`` among the rows ``view`` shows: count, share and a bar.

    The hidden ``_key_value`` column keeps each value as typed, for ``rows_behind``.
    """
    table = view.table
    is_list = column in table.lists
    values = counted_values(view, column, leave_out_corrected=leave_out_corrected)
    counts = (
        values.value_counts(name=COUNT, sort=False)
        .with_columns(pl.col(COUNT).cast(pl.Int64))
        .sort([COUNT, VALUE], descending=[True, False], nulls_last=True)
    )
    total = int(counts.get_column(COUNT).sum() or 0)
    largest = int(counts.get_column(COUNT).max() or 0)
    typed = counts.get_column(VALUE)
    place = place_column(view, column)
    shown = _place_shown(typed) if place else _shown(typed, NONE_LISTED if is_list else BLANK)
    share = counts.get_column(COUNT) / total * 100 if total else counts.get_column(COUNT) * 0.0
    frame = pl.DataFrame(
        [
            shown.alias(VALUE),
            counts.get_column(COUNT),
            _percent(share).alias(SHARE),
            pl.Series(BAR, [bar(c, largest, width) for c in counts.get_column(COUNT)], pl.String),
            typed.alias(key_column(VALUE)),
        ]
    )
    # The values under their column's own name (a bar's: the value it draws), unless that
    # name is taken by the counts.
    name = column if table.label(column) else table.sort_keys.get(column, column)
    name = VALUE if name in (COUNT, SHARE) else name
    values = typed.struct.unnest().get_columns() if place else [typed.alias(name)]
    export = pl.DataFrame([*values, counts.get_column(COUNT), share.alias(SHARE)])
    return Table(
        "frequency",
        frame,
        [VALUE, COUNT, SHARE, BAR],
        export,
        sort_keys={VALUE: key_column(VALUE), SHARE: COUNT, BAR: COUNT},
        searchable=[VALUE],
        labels={VALUE: heading(table, column)},
        noun="values",
    )


def heading(table: Table, column: str) -> str:
    """What a column's values are called: its heading, or for a bar (which has none) the
    heading of the value it draws."""
    return table.label(column) or table.label(table.sort_keys.get(column, column)) or column


def _percent(share: pl.Series) -> pl.Series:
    """``45.2%``: one decimal, as text right-aligned under its heading, as numbers are."""
    text = share.round(1).cast(pl.String)
    point = decimal_point()
    if point != ".":
        text = text.str.replace(".", point, literal=True)
    text = text + "%"
    width = max(len(LABELS[SHARE]), int(text.str.len_chars().max() or 0))
    return text.str.pad_start(width)


def _shown(values: pl.Series, missing: str) -> pl.Series:
    """Values as the table shows them: text as it is, dates and numbers written out."""
    text = values if values.dtype == pl.String else values.cast(pl.String)
    return text.replace("", None).fill_null(missing)


def _place_shown(values: pl.Series) -> pl.Series:
    """``Franklin County, NY``: a place's name and state, as one value."""
    parts = values.struct.unnest()
    name, state = parts.get_column(parts.columns[0]), parts.get_column(parts.columns[1])
    shown = pl.DataFrame([name.fill_null(BLANK).replace("", BLANK), state]).select(
        pl.concat_str(pl.all(), separator=", ", ignore_nulls=True)
    )
    return shown.to_series().alias(VALUE)


def rows_behind(view: View, column: str, value: Any, *, leave_out_corrected: bool = False) -> Table:
    """The rows ``view`` shows whose ``column`` holds ``value`` (a list column: contains it;
    None: has none; a place's ``{column: name, "state": state}``: that name in that state),
    in the view's order, as a table of their own."""
    table = view.table
    source = frequency_column(view, column)
    frame = table.frame
    if not view.unchanged:
        frame = frame[view.indices]
    mask = _value_mask(frame.schema[source], source, value)
    if leave_out_corrected and CORRECTION in frame.columns:
        mask = mask & pl.col(CORRECTION).is_null()
    rows = frame.lazy().filter(mask).select(ROW).collect().to_series()
    return table.subset(rows)


def _value_mask(dtype: pl.DataType, column: str, value: Any) -> pl.Expr:
    if isinstance(value, dict):
        state = value.get(schema.STATE)
        states = pl.col(schema.STATE)
        state_mask = states.is_null() if state is None else states == state
        return _value_mask(dtype, column, value.get(column)) & state_mask.fill_null(False)
    expr = pl.col(column)
    if isinstance(dtype, pl.List):
        if value is None:
            return expr.is_null() | (expr.list.len() == 0)
        return expr.list.contains(value).fill_null(False)
    if isinstance(dtype, pl.Datetime):
        expr = expr.dt.date()
    if value is None:
        return expr.is_null()
    return (expr == value).fill_null(False)
