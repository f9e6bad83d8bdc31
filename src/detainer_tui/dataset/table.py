"""Querying one pane's rows: a ``Table`` answers a ``Query`` (drill-down, search, sort) with a
``View``, the rows to show, in order, as ``N of M``.

A query's result is only the order of row numbers; showing it never copies the rows, so
sorting or searching a million records costs only the query itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import polars as pl

from detainer_tui.dataset.cells import fold, search_text
from detainer_tui.dataset.columns import ROW, SEARCH, label
from detainer_tui.text import printable


@dataclass(frozen=True)
class Sort:
    """Sort by one displayed column."""

    column: str
    descending: bool = False


@dataclass(frozen=True)
class Drill:
    """Keep only rows whose columns equal the given values (None matches a missing value).

    A condition on a list column (a record's offences) keeps rows whose list contains the
    value, or whose list is empty when the value is None. A frozenset value keeps rows whose
    column is any one of its values (a record's policies, local and state-wide).
    """

    conditions: tuple[tuple[str, Any], ...]
    label: str


@dataclass(frozen=True)
class Query:
    """What a pane asks of its table: a drill-down, a search, a sort. All optional."""

    search: str = ""
    sort: Sort | None = None
    drill: Drill | None = None


class Table:
    """One pane's rows: display columns, hidden keys, search text and exportable rows."""

    def __init__(
        self,
        name: str,
        frame: pl.DataFrame,
        columns: Sequence[str],
        export: pl.DataFrame,
        *,
        sort_keys: dict[str, str] | None = None,
        searchable: Sequence[str] | None = None,
        priority: Sequence[str] = (),
        labels: Mapping[str, str] | None = None,
        lists: Mapping[str, str] | None = None,
        noun: str = "rows",
    ) -> None:
        """Build a table from ``frame`` (display + hidden columns) and ``export`` (same rows).

        ``columns`` are the display columns in order; ``sort_keys`` maps a display column to
        the column it sorts by (a bar sorts by its value); ``searchable`` are the columns the
        search text is made of (default: every display column of text or date type);
        ``priority`` names the display columns most worth keeping in view on a narrow
        terminal, most important first (default: the display order); ``labels`` are headings
        that differ from the usual ones (``columns.label``); ``lists`` maps a display column
        showing a joined list to the hidden list column behind it, so that counting its
        values counts each item; ``noun`` is what a row is (``N of M rows``).
        """
        if export.height != frame.height:
            raise ValueError("export rows must match the table rows")
        self.name = name
        self.columns: tuple[str, ...] = tuple(columns)
        self.sort_keys = dict(sort_keys or {})
        self.priority: tuple[str, ...] = tuple(c for c in priority if c in self.columns)
        self.labels = dict(labels or {})
        self.lists = dict(lists or {})
        self.noun = noun
        if searchable is None:
            searchable = [
                c for c in self.columns if frame.schema[c] in (pl.String, pl.Date, pl.Datetime)
            ]
        self.searchable: tuple[str, ...] = tuple(c for c in searchable if c in frame.columns)
        self.frame = frame.with_columns(pl.int_range(0, frame.height, dtype=pl.UInt32).alias(ROW))
        self.export = export
        self.identity: Identity | None = None
        """How a row of this table is told from every other, for marks and notes (None:
        its rows cannot be marked)."""
        self._search: pl.Series | None = None
        self._widths: list[int] | None = None

    def search_text(self) -> pl.Series:
        """Per row, the searchable columns folded (see ``fold``) and joined.

        Built on first use, since it costs about a second per million rows; the explorer
        builds it in the background once the table is on screen.
        """
        if self._search is None:
            self._search = search_text(self.frame, self.searchable)
        return self._search

    @property
    def total(self) -> int:
        """Rows in the table before any query (the ``M`` of ``N of M``)."""
        return self.frame.height

    @cached_property
    def display_frame(self) -> pl.DataFrame:
        """The display columns of every row, in table order (a view shows some of them)."""
        return self.frame.select(self.columns)

    def widths(self, cap: int | None = None) -> list[int]:
        """Content width of each display column over all rows (not just those shown), at least
        its heading's width (and at most ``cap``, if given)."""
        if self._widths is None:
            measured: list[int] = []
            for column in self.columns:
                series = self.frame.get_column(column)
                if series.dtype == pl.Date:
                    measured.append(10)  # ISO dates, as the table shows them
                    continue
                if series.dtype.is_integer():
                    # The widest number is the largest or the most negative one.
                    ends = [v for v in (series.min(), series.max()) if v is not None]
                    measured.append(max((len(str(v)) for v in ends), default=0))
                    continue
                text = series if series.dtype == pl.String else series.cast(pl.String)
                measured.append(int(text.str.len_chars().max() or 0))
            self._widths = measured
        widths = [
            max(width, len(self.label(column)))
            for width, column in zip(self._widths, self.columns, strict=True)
        ]
        return widths if cap is None else [min(width, cap) for width in widths]

    def label(self, column: str) -> str:
        """The heading shown for a display column."""
        return self.labels.get(column) or label(column)

    def subset(self, rows: pl.Series, name: str | None = None) -> Table:
        """A table of this one's rows ``rows`` (row numbers), in that order, searchable,
        sortable and countable in the same ways."""
        subset = Table(
            name or self.name,
            self.frame[rows].drop(ROW),
            self.columns,
            self.export[rows],
            sort_keys=self.sort_keys,
            searchable=self.searchable,
            priority=self.priority,
            labels=self.labels,
            lists=self.lists,
            noun=self.noun,
        )
        subset.identity = self.identity
        if self._search is not None:
            subset._search = self._search.gather(rows)
        return subset

    def annotated(
        self,
        first: Sequence[pl.Series],
        last: Sequence[pl.Series],
        export: Sequence[pl.Series],
        hidden: Sequence[pl.Series] = (),
    ) -> Table:
        """This table with display columns ``first`` put before its own and ``last`` after
        them, ``export`` added to its export and ``hidden`` kept (each one value a row).

        The search text and the widths of its own columns are carried over, not worked out
        again: annotating a table of a million rows costs only the added columns.
        """
        frame = self.frame.drop(ROW).with_columns(*first, *last, *hidden)
        added_first = [s.name for s in first]
        added_last = [s.name for s in last]
        columns = [*added_first, *self.columns, *added_last]
        priority = [*added_first, *self.priority, *added_last] if self.priority else ()
        table = Table(
            self.name,
            frame,
            columns,
            self.export.with_columns(*export),
            sort_keys=self.sort_keys,
            searchable=self.searchable,
            priority=priority,
            labels=self.labels,
            lists=self.lists,
            noun=self.noun,
        )
        table.identity = self.identity
        table._search = self._search
        self.widths()  # measures this table's own columns once
        own = list(self._widths or [])
        measured = [_text_width(s) for s in first], [_text_width(s) for s in last]
        table._widths = [*measured[0], *own, *measured[1]]
        return table

    def query(self, query: Query) -> View:
        """The rows ``query`` selects, in the order it asks for."""
        lazy = self.frame.lazy()
        needle = fold(printable(query.search)).strip()
        if needle:
            lazy = lazy.with_columns(self.search_text()).filter(
                pl.col(SEARCH).str.contains(needle, literal=True)
            )
        if query.drill is not None:
            lazy = lazy.filter(self._drill_mask(query.drill))
        if query.sort is not None and query.sort.column in self.columns:
            key = self.sort_keys.get(query.sort.column, query.sort.column)
            lazy = lazy.sort(
                key, descending=query.sort.descending, nulls_last=True, maintain_order=True
            )
        rows = lazy.select(ROW).collect().get_column(ROW)
        return View(self, query, rows)

    def _drill_mask(self, drill: Drill) -> pl.Expr:
        mask = pl.lit(True)
        for column, value in drill.conditions:
            dtype = self.frame.schema[column]
            expr = pl.col(column)
            if isinstance(value, frozenset):
                cond = expr.is_in(sorted(value)).fill_null(False)
            elif isinstance(dtype, pl.List):
                if value is None:
                    cond = expr.is_null() | (expr.list.len() == 0)
                else:
                    cond = expr.list.contains(value).fill_null(False)
            elif value is None:
                cond = expr.is_null()
            else:
                cond = (expr == value).fill_null(False)
            mask = mask & cond
        return mask

    def row(self, index: int) -> dict[str, Any]:
        """Every column (hidden ones too) of the table's row ``index``."""
        return self.frame.row(index, named=True)


@dataclass(frozen=True)
class Identity:
    """What tells a row of a table from every other, whatever file or position it has.

    ``columns`` are the row's own values that make it the row it is; ``period`` the columns
    holding its report's period (start, end), or None when every row shares ``fixed``'s;
    ``fixed`` what every row of the table shares (a ranking's source and report period).
    """

    table: str
    columns: tuple[str, ...]
    period: tuple[str, str] | None = None
    fixed: tuple[tuple[str, Any], ...] = ()


def _text_width(series: pl.Series) -> int:
    text = series if series.dtype == pl.String else series.cast(pl.String)
    return int(text.str.len_chars().max() or 0)


@dataclass
class View:
    """The result of a query: which rows of a table to show, in order."""

    table: Table
    query: Query
    indices: pl.Series
    _frame: pl.DataFrame | None = field(default=None, repr=False)

    @property
    def count(self) -> int:
        """Rows shown (the ``N`` of ``N of M``)."""
        return self.indices.len()

    @property
    def total(self) -> int:
        """Rows in the table (the ``M`` of ``N of M``)."""
        return self.table.total

    @property
    def status(self) -> str:
        """``N of M rows`` (or whatever the table's rows are)."""
        return f"{self.count:,} of {self.total:,} {self.table.noun}"

    @property
    def unchanged(self) -> bool:
        """Whether the view shows every row of the table in table order."""
        return self.count == self.total and self.query.sort is None

    @property
    def frame(self) -> pl.DataFrame:
        """The display columns of the shown rows, in order."""
        if self._frame is None:
            shown = self.table.display_frame
            # An unfiltered, unsorted view is the table itself: no need to copy its rows.
            self._frame = shown if self.unchanged else shown[self.indices]
        return self._frame

    def row(self, position: int) -> dict[str, Any]:
        """Every column (hidden ones too) of the shown row at ``position``."""
        return self.table.row(self.indices[position])

    def position_of(self, table_row: int) -> int | None:
        """Where the table's row ``table_row`` is shown, if it is."""
        hits = (self.indices == table_row).arg_true()
        return int(hits[0]) if hits.len() else None

    def export_frame(self) -> pl.DataFrame:
        """The shown rows as typed columns, for writing to a file."""
        return self.table.export[self.indices]
