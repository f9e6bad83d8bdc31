"""Querying one pane's rows: a ``Table`` answers a ``Query`` (a chain of filters, a sort) with a
``View``, the rows to show, in order, as ``N of M``.

A query's result is only the order of row numbers; showing it never copies the rows, so
sorting or searching a million records costs only the query itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import polars as pl

from detainer_tui.dataset import filters
from detainer_tui.dataset.cells import counted, grouped, search_text
from detainer_tui.dataset.columns import ROW, label
from detainer_tui.dataset.filters import Empty, Equals, Filter, Search, Within
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


def drill_filters(drill: Drill) -> tuple[Filter, ...]:
    """A drill-down's conditions as filters: ``column = value`` each (None: empty; a set of
    keys: ``Within``, said as the drill-down's label)."""
    steps: list[Filter] = []
    for column, value in drill.conditions:
        if isinstance(value, frozenset):
            steps.append(Within(column, tuple(sorted(value)), drill.label))
        elif value is None:
            steps.append(Empty(column))
        else:
            steps.append(Equals(column, (value,), exact=True))
    return tuple(steps)


SORT_MARKS = {False: "▲", True: "▼"}
_FLOATS_MEASURED = 10_000
"""A column of more fractional numbers is measured by its least and greatest only."""


def next_sort(current: Sort | None, column: str) -> Sort | None:
    """``s`` on ``column``: ascending, then descending, then the table's own order again."""
    if current is None or current.column != column:
        return Sort(column)
    return Sort(column, descending=True) if not current.descending else None


@dataclass(frozen=True)
class Query:
    """What a pane asks of its table: a chain of filters in the order they were added, and a
    sort. All optional.

    ``search`` and ``drill`` are shorthands: a drill-down's conditions come first in the
    chain (``steps``) and a search last. A pane keeps everything in ``chain``.
    """

    search: str = ""
    sort: Sort | None = None
    drill: Drill | None = None
    chain: tuple[Filter, ...] = ()

    @property
    def steps(self) -> tuple[Filter, ...]:
        """Every filter, in order."""
        steps = drill_filters(self.drill) if self.drill is not None else ()
        steps += self.chain
        if self.search:
            steps += (Search(self.search),)
        return steps

    def chained(self) -> Query:
        """The same query with everything in ``chain``."""
        if not self.search and self.drill is None:
            return self
        return Query(sort=self.sort, chain=self.steps)

    @property
    def search_text(self) -> str:
        """The text searched for (``/``), or ``""``."""
        return next((s.text for s in self.steps if isinstance(s, Search)), "")

    def with_filters(self, *added: Filter) -> Query:
        """This query with ``added`` at the end of its chain."""
        query = self.chained()
        return replace(query, chain=query.chain + added)

    def with_search(self, text: str) -> Query:
        """This query searching for ``text`` (``""``: not searching): the search keeps its
        place in the chain, or comes last if new."""
        query = self.chained()
        chain = list(query.chain)
        at = next((i for i, s in enumerate(chain) if isinstance(s, Search)), None)
        if at is None:
            if text:
                chain.append(Search(text))
        elif text:
            chain[at] = Search(text)
        else:
            del chain[at]
        return replace(query, chain=tuple(chain))

    def without_last(self) -> Query:
        """This query without the last filter of its chain."""
        query = self.chained()
        return replace(query, chain=query.chain[:-1])

    def with_sort(self, sort: Sort | None) -> Query:
        """This query sorted by ``sort`` (None: in the table's own order)."""
        return replace(self, sort=sort)

    def chain_line(self, table: Table | None = None, view: View | None = None) -> filters.ChainLine:
        """What the chain line shows for this query (and ``view``, its result, if any)."""
        steps = tuple(step.label(table) for step in self.steps)
        sort = ""
        if self.sort is not None:
            name = filters.display_label(table, self.sort.column)
            sort = f"sort {name} {SORT_MARKS[self.sort.descending]}"
        emptied = view.emptied_by if view is not None and view.query is self else None
        return filters.ChainLine(steps, sort, emptied)

    def to_state(self) -> dict[str, Any]:
        """A plain, JSON-able dict of the chain and sort (``from_state`` reads it back)."""
        sort = None
        if self.sort is not None:
            sort = {"column": self.sort.column, "descending": self.sort.descending}
        return {"chain": filters.chain_to_state(self.steps), "sort": sort}

    @classmethod
    def from_state(cls, data: Any, table: Table) -> tuple[Query, list[str]]:
        """The query ``to_state`` wrote, for ``table``: a filter or sort whose column the
        table no longer has is dropped, with a note saying so."""
        data = data if isinstance(data, dict) else {}
        chain, notes = filters.chain_from_state(data.get("chain"), table.frame.columns)
        sort = None
        saved = data.get("sort")
        if isinstance(saved, dict) and isinstance(saved.get("column"), str):
            if saved["column"] in table.columns:
                sort = Sort(saved["column"], bool(saved.get("descending")))
            else:
                notes.append(f"sort dropped: no column {saved['column']} any more")
        return cls(sort=sort, chain=chain), notes


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
        values: Mapping[str, str] | None = None,
        wide_only: Sequence[str] = (),
        pinned: int = 0,
    ) -> None:
        """Build a table from ``frame`` (display + hidden columns) and ``export`` (same rows).

        ``columns`` are the display columns in order; ``sort_keys`` maps a display column to
        the column it sorts by (a bar sorts by its value); ``searchable`` are the columns the
        search text is made of (default: every display column of text or date type);
        ``priority`` names the display columns most worth keeping in view on a narrow
        terminal, most important first (default: the display order); ``labels`` are headings
        that differ from the usual ones (``columns.label``); ``lists`` maps a display column
        showing a joined list to the hidden list column behind it, so that counting its
        values counts each item; ``noun`` is what a row is (``N of M rows``); ``wide_only``
        are display columns worth their room only on a wide terminal (hidden at first on a
        narrow one); ``pinned``: how many display columns, from the first, say whose row it is
        (a record's state and jurisdiction), which stay in view when scrolling sideways.
        ``values`` maps a display column showing a value as text to the hidden column holding
        it typed (week-over-week counts), which filters and counting read (default: a bar's
        value and a ``_key_`` column it sorts by).
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
        if values is None:
            values = {
                column: key
                for column, key in self.sort_keys.items()
                if key.startswith("_key_") or not self.label(column)
            }
        self.values = dict(values)
        self.wide_only: tuple[str, ...] = tuple(c for c in wide_only if c in self.columns)
        self.pinned = pinned
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
                    # The widest number is the largest or the most negative one, grouped as
                    # shown (``grouped``).
                    ends = [v for v in (series.min(), series.max()) if v is not None]
                    measured.append(max((len(grouped(v)) for v in ends), default=0))
                    continue
                if series.dtype.is_float():
                    # As the table prints them (``f"{x:n}"``: six digits, the locale's
                    # separators), which no cast to text gives.
                    values = series.drop_nulls()
                    if values.len() > _FLOATS_MEASURED:
                        values = pl.Series([values.min(), values.max()])
                    measured.append(max((len(f"{v:n}") for v in values), default=0))
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
            values=self.values,
            wide_only=self.wide_only,
            pinned=self.pinned,
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
        widths: Sequence[int] | None = None,
    ) -> Table:
        """This table with display columns ``first`` put before its own and ``last`` after
        them, ``export`` added to its export and ``hidden`` kept (each one value a row);
        ``widths``: the content widths of ``first`` and ``last``, if known (else measured).

        The search text and the widths of its own columns are carried over, not worked out
        again: annotating a table of a million rows costs only the added columns.
        """
        # Its row numbers stay (the new table numbers its rows afresh, the same way).
        frame = self.frame.with_columns(*first, *last, *hidden)
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
            values=self.values,
            wide_only=self.wide_only,
            # Columns put first (the marks) stay in view with the row's own pinned ones.
            pinned=len(added_first) + self.pinned if self.pinned else 0,
        )
        table.identity = self.identity
        table._search = self._search
        self.widths()  # measures this table's own columns once
        own = list(self._widths or [])
        added = list(widths) if widths is not None else [_text_width(s) for s in (*first, *last)]
        table._widths = [*added[: len(first)], *own, *added[len(first) :]]
        return table

    def query(self, query: Query) -> View:
        """The rows ``query`` selects, in the order it asks for.

        When none is left, the view says after which filter of the chain that happened.
        """
        lazy = self.frame.lazy()
        steps = query.steps
        if any(step.needs_search for step in steps):
            lazy = lazy.with_columns(self.search_text())
        masks = [step.expr(self) for step in steps]
        if masks:
            lazy = lazy.filter(pl.all_horizontal(masks))
        if query.sort is not None and query.sort.column in self.columns:
            key = self.sort_keys.get(query.sort.column, query.sort.column)
            lazy = lazy.sort(
                key, descending=query.sort.descending, nulls_last=True, maintain_order=True
            )
        rows = lazy.select(ROW).collect().get_column(ROW)
        emptied = None
        if rows.len() == 0 and masks and self.total:
            emptied = self._emptied_by(masks, any(step.needs_search for step in steps))
        return View(self, query, rows, emptied_by=emptied)

    def _emptied_by(self, masks: list[pl.Expr], search: bool) -> int:
        """The first of the chain's filters after which no row is left."""
        lazy = self.frame.lazy()
        if search:
            lazy = lazy.with_columns(self.search_text())
        counts = lazy.select(
            pl.all_horizontal(masks[: i + 1]).sum().alias(str(i)) for i in range(len(masks))
        ).collect()
        return next((i for i, n in enumerate(counts.row(0)) if n == 0), len(masks) - 1)

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
    emptied_by: int | None = None
    """When no row is shown: the filter of the chain (its index in ``query.steps``) after
    which none was left."""

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
        return f"{counted(self.count)} of {counted(self.total)} {self.table.noun}"

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


@dataclass(frozen=True)
class PaneState:
    """What a pane shows of its table, as undo steps back through and a restore saves: the
    query (chain and sort), the hidden columns and the widths chosen."""

    query: Query
    hidden: frozenset[str] = frozenset()
    widths: tuple[tuple[str, int], ...] = ()

    def to_state(self) -> dict[str, Any]:
        """A plain, JSON-able dict (``from_state`` reads it back)."""
        return {
            **self.query.to_state(),
            "hidden": sorted(self.hidden),
            "widths": dict(self.widths),
        }

    @classmethod
    def from_state(cls, data: Any, table: Table) -> tuple[PaneState, list[str]]:
        """The state ``to_state`` wrote, for ``table``; what no longer applies (a column that
        is gone) is dropped, with a note for each."""
        data = data if isinstance(data, dict) else {}
        query, notes = Query.from_state(data, table)
        hidden = data.get("hidden")
        widths = data.get("widths")
        hidden = [c for c in hidden if isinstance(c, str)] if isinstance(hidden, list) else []
        widths = widths if isinstance(widths, dict) else {}
        for column in [*hidden, *widths]:
            if column not in table.columns:
                notes.append(f"column {printable(str(column))} is gone")
        kept_widths = tuple(
            (c, int(w))
            for c, w in widths.items()
            if c in table.columns and isinstance(w, int) and w > 0
        )
        kept_hidden = frozenset(c for c in hidden if c in table.columns)
        return cls(query, kept_hidden, kept_widths), notes
