"""The analyst's model of the open reports: combined frames and every query the explorer asks.

Plain Python and Polars, no terminal: the explorer renders what this module returns and never
filters, sorts or aggregates by itself. Everything here is usable (and tested) headless.

A :class:`Dataset` combines the frames of all open reports, each row labelled with the report
it came from. Each pane of the explorer is one :class:`Table`: a frame of display columns
(text already made safe to print), hidden key columns, a precomputed search text per row and
the typed rows to export. :meth:`Table.query` applies a :class:`Query` (drill-down filter,
search, sort) and returns a :class:`View`, the rows the pane shows, as ``N of M``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.export import LIST_SEPARATOR
from detainer_tui.report import Report
from detainer_tui.text import ANY_CONTROL, OTHER_CONTROLS, WHITESPACE_CONTROLS, printable

# -- derived column names (the report tables' own names live in schema.py) ------------------
REPORT = "report"
"""Which report a row came from: the report's period label (plus its file name if needed)."""
FILE = "file"
PERIOD = "period"
DECLINED = "declined"
BAR = "bar"
OFFENCE = "offence"
DIAGNOSTIC_COUNT = "diagnostics"

# Hidden columns start with an underscore: the explorer never shows them.
ROW = "_row"
SEARCH = "_search"
REPORT_INDEX = "_report"
OFFENCE_LIST = "_offences"
JURISDICTION_KEY = "_jurisdiction_key"
STATE_KEY = "_state_key"

LABELS: dict[str, str] = {
    REPORT: "Report",
    FILE: "File",
    PERIOD: "Period",
    schema.RANK: "Rank",
    schema.JURISDICTION: "Jurisdiction",
    schema.STATE: "State",
    schema.DETAINERS_ISSUED: "Detainers issued",
    DECLINED: "Declined",
    BAR: "",
    schema.FACILITY: "Facility",
    schema.CITIZENSHIP: "Citizenship",
    OFFENCE: "Offence",
    schema.CRIMINAL_ACTIVITY: "Offences",
    schema.DETAINER_ISSUED: "Issued",
    schema.DETAINER_DECLINED: "Declined",
    schema.SOURCE_PAGE: "Page",
    schema.POLICY_TYPE: "Policy type",
    schema.POLICY: "Policy",
    schema.PAGES: "Pages",
    schema.DETAINERS_ISSUED_TOTAL: "Issued",
    schema.DECLINED_COUNT: "Declined",
    DIAGNOSTIC_COUNT: "Diagnostics",
    schema.SOURCE_FILE: "Source file",
    schema.SHA256: "SHA-256",
    schema.REPORT_START: "Period start",
    schema.REPORT_END: "Period end",
    schema.PARSER_VERSION_COL: "Parser version",
}
"""Column headings as the explorer shows them."""

NONE_LISTED = "(none listed)"
"""Shown in the offence ranking for declined detainers that list no notable criminal activity."""

DEFAULT_BAR_WIDTH = 20
_BAR_PARTS = " ▏▎▍▌▋▊▉"
_BAR_FULL = "█"

# C0 and C1 controls, DEL and the bidirectional overrides/isolates: printed to a terminal
# these would move the cursor, change colours or reorder text. Whitespace controls become a
# space so that words stay apart; the rest are dropped.
_NON_ASCII = r"[^\x00-\x7f]"
# Separates columns in the search text, so a match never spans two cells.
_SEARCH_SEPARATOR = "\x1f"


# -- text helpers ---------------------------------------------------------------------------
def fold(text: str) -> str:
    """Lower-case ``text`` and drop its accents, for matching: ``Doña`` -> ``dona``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _printable(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(WHITESPACE_CONTROLS, " ").str.replace_all(OTHER_CONTROLS, "")


def _printable_series(series: pl.Series) -> pl.Series:
    """``printable`` over a string series; a quick scan skips the (usual) clean columns."""
    if not series.str.contains(ANY_CONTROL).any():
        return series
    return series.to_frame().select(_printable(pl.col(series.name))).to_series()


def _search_text(frame: pl.DataFrame, columns: Sequence[str]) -> pl.Series:
    """``fold`` of each of ``columns``, joined by a separator no cell contains."""
    if not columns:
        return pl.Series(SEARCH, [""] * frame.height, dtype=pl.String)
    # Lower-casing is all ASCII text needs, and Polars does it for every column at once.
    lowered = frame.lazy().select(
        pl.col(c).cast(pl.String).fill_null("").str.to_lowercase() for c in columns
    )
    lowered = lowered.collect()
    unusual = lowered.select(pl.all().str.contains(_NON_ASCII).any()).row(0)
    parts = [
        _fold_distinct(lowered.get_column(c)) if needs else lowered.get_column(c)
        for c, needs in zip(columns, unusual, strict=True)
    ]
    return (
        pl.DataFrame(parts)
        .select(pl.concat_str(pl.all(), separator=_SEARCH_SEPARATOR).alias(SEARCH))
        .to_series()
    )


def _fold_series(series: pl.Series) -> pl.Series:
    """``fold`` over a string series, nulls as empty strings."""
    return _fold_distinct(series.fill_null("").str.to_lowercase())


def _fold_distinct(series: pl.Series) -> pl.Series:
    """``fold`` over the non-ASCII values of ``series``, each distinct value once."""
    distinct = series.filter(series.str.contains(_NON_ASCII)).unique().to_list()
    return series.replace({value: fold(value) for value in distinct})


def period_label(start: date | None, end: date | None) -> str | None:
    """A report's period as people write it: ``Jan 28–Feb 3, 2017``, ``Feb 4–10, 2017``."""
    if start is None or end is None:
        return None

    def day(value: date) -> str:
        return f"{value:%b} {value.day}"

    if start.year != end.year:
        return f"{day(start)}, {start.year}–{day(end)}, {end.year}"
    if start.month == end.month:
        return f"{day(start)}–{end.day}, {end.year}"
    return f"{day(start)}–{day(end)}, {end.year}"


def bar(value: int | None, largest: int, width: int) -> str:
    """A horizontal bar of ``width`` cells at most, ``value / largest`` of it filled."""
    if not value or largest <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, part = divmod(eighths, 8)
    return (_BAR_FULL * full + (_BAR_PARTS[part] if part else "")).rstrip()


# Reports the header names one by one; beyond this it counts them.
SUMMARY_REPORTS = 4


# -- queries --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sort:
    """Sort by one displayed column."""

    column: str
    descending: bool = False


@dataclass(frozen=True)
class Drill:
    """Keep only rows whose columns equal the given values (None matches a missing value).

    A condition on a list column (a record's offences) keeps rows whose list contains the
    value, or whose list is empty when the value is None.
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
    ) -> None:
        """Build a table from ``frame`` (display + hidden columns) and ``export`` (same rows).

        ``columns`` are the display columns in order; ``sort_keys`` maps a display column to
        the column it sorts by (a bar sorts by its value); ``searchable`` are the columns the
        search text is made of (default: every display column of text or date type).
        """
        if export.height != frame.height:
            raise ValueError("export rows must match the table rows")
        self.name = name
        self.columns: tuple[str, ...] = tuple(columns)
        self.sort_keys = dict(sort_keys or {})
        if searchable is None:
            searchable = [
                c for c in self.columns if frame.schema[c] in (pl.String, pl.Date, pl.Datetime)
            ]
        self.searchable: tuple[str, ...] = tuple(c for c in searchable if c in frame.columns)
        self.frame = frame.with_columns(pl.int_range(0, frame.height, dtype=pl.UInt32).alias(ROW))
        self.export = export
        self._search: pl.Series | None = None
        self._widths: list[int] | None = None

    def search_text(self) -> pl.Series:
        """Per row, the searchable columns folded (see ``fold``) and joined.

        Built on first use, since it costs about a second per million rows; the explorer
        builds it in the background once the table is on screen.
        """
        if self._search is None:
            self._search = _search_text(self.frame, self.searchable)
        return self._search

    @property
    def total(self) -> int:
        """Rows in the table before any query (the ``M`` of ``N of M``)."""
        return self.frame.height

    @cached_property
    def display_frame(self) -> pl.DataFrame:
        """The display columns of every row, in table order (a view shows some of them)."""
        return self.frame.select(self.columns)

    def widths(self, cap: int) -> list[int]:
        """Content width of each display column over all rows (not just those shown), at most
        ``cap``, and at least its heading's width."""
        if self._widths is None:
            measured: list[int] = []
            for column in self.columns:
                series = self.frame.get_column(column)
                if series.dtype == pl.Date:
                    measured.append(10)  # ISO dates, as the table shows them
                    continue
                text = series if series.dtype == pl.String else series.cast(pl.String)
                measured.append(int(text.str.len_chars().max() or 0))
            self._widths = measured
        return [
            min(max(width, len(self.label(column))), cap)
            for width, column in zip(self._widths, self.columns, strict=True)
        ]

    def label(self, column: str) -> str:
        """The heading shown for a display column."""
        return LABELS.get(column, column.replace("_", " ").capitalize())

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
            if isinstance(dtype, pl.List):
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
        """``N of M rows``."""
        return f"{self.count:,} of {self.total:,} rows"

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


# -- rankings -------------------------------------------------------------------------------
@dataclass(frozen=True)
class RankingSource:
    """What a rankings table ranks: Section I as printed, or declined records grouped."""

    name: str
    title: str
    keys: tuple[str, ...]
    """Record columns to group by (empty for Section I)."""


ISSUED = RankingSource("issued", "Detainers issued (Section I)", ())
RANKING_SOURCES: tuple[RankingSource, ...] = (
    ISSUED,
    RankingSource("jurisdiction", "Declined by jurisdiction", (schema.JURISDICTION, schema.STATE)),
    RankingSource("state", "Declined by state", (schema.STATE,)),
    RankingSource("facility", "Declined by facility", (schema.FACILITY, schema.STATE)),
    RankingSource("citizenship", "Declined by citizenship", (schema.CITIZENSHIP,)),
    RankingSource("offence", "Declined by offence", (OFFENCE,)),
)
"""Every ranking the Rankings pane can show, in the order it cycles through them."""


def ranking_source(name: str) -> RankingSource:
    """The ranking source called ``name`` (``issued``, ``jurisdiction``, ...)."""
    for source in RANKING_SOURCES:
        if source.name == name:
            return source
    raise KeyError(name)


def rank_counts(frame: pl.DataFrame, keys: Sequence[str], value: str) -> pl.DataFrame:
    """Sum ``value`` by ``keys``, largest first, with competition ranks (1, 2, 2, 4).

    Ties keep a stable order by key, so the same data always ranks the same way.
    """
    summed = frame.group_by(list(keys)).agg(pl.col(value).sum())
    ordered = summed.sort([value, *keys], descending=[True] + [False] * len(keys), nulls_last=True)
    return ordered.select(
        pl.col(value).rank("min", descending=True).cast(pl.Int64).alias(schema.RANK),
        *keys,
        value,
    )


def _with_bar(frame: pl.DataFrame, value: str, width: int) -> pl.DataFrame:
    values = frame.get_column(value).to_list()
    largest = max((v for v in values if v is not None), default=0)
    return frame.with_columns(
        pl.Series(BAR, [bar(v, largest, width) for v in values], dtype=pl.String)
    )


# -- the dataset ----------------------------------------------------------------------------
class Dataset:
    """The combined frames of all open reports, and the tables each pane shows."""

    def __init__(self, reports: Sequence[Report] = (), problems: Sequence[str] = ()) -> None:
        """Combine ``reports``; ``problems`` are messages about inputs that could not open."""
        self.reports: tuple[Report, ...] = tuple(reports)
        self.problems: tuple[str, ...] = tuple(problems)
        self.labels: tuple[str, ...] = _report_labels(self.reports)
        self._rankings: dict[tuple[str, int | None, int], Table] = {}

    # -- what is open --------------------------------------------------------------------
    def with_report(self, report: Report) -> Dataset:
        """A dataset with ``report`` added (reports arrive one at a time while loading).

        Raises (a Polars error) when a table of ``report`` does not fit its declared schema:
        the tables are built lazily, so without this check the failure would surface later,
        in whichever pane first queries them, instead of against this one report.
        """
        for name, table_schema in schema.TABLES.items():
            schema.conform(report.table(name), table_schema)
        return Dataset([*self.reports, report], self.problems)

    def with_problem(self, message: str) -> Dataset:
        """A dataset that also lists ``message`` among the inputs that could not open."""
        return Dataset(self.reports, [*self.problems, message])

    def period(self) -> str | None:
        """The span covered by all open reports, e.g. ``Jan 28 – Feb 17, 2017``."""
        starts = [d for d in (_first(r.reports, schema.REPORT_START) for r in self.reports) if d]
        ends = [d for d in (_first(r.reports, schema.REPORT_END) for r in self.reports) if d]
        if not starts or not ends:
            return None
        return period_label(min(starts), max(ends))

    def summary(self, *, detailed: bool = True) -> str:
        """One line saying which reports are open and the period they cover.

        Up to ``SUMMARY_REPORTS`` reports are named by their periods (the year said once when
        they share it); more, or ``detailed=False``, are counted, with the span they cover.
        """
        count = len(self.reports)
        if count == 0:
            return "no reports open"
        noun = "report" if count == 1 else "reports"
        periods = [
            (_first(r.reports, schema.REPORT_START), _first(r.reports, schema.REPORT_END))
            for r in self.reports
        ]
        if detailed and count <= SUMMARY_REPORTS and all(start and end for start, end in periods):
            years = {end.year for _, end in periods} | {start.year for start, _ in periods}
            if len(years) == 1:
                spans = [period_label(start, end).rsplit(", ", 1)[0] for start, end in periods]
                return f"{count} {noun}: {' · '.join(spans)}, {years.pop()}"
            return f"{count} {noun}: {' · '.join(period_label(*p) for p in periods)}"
        period = self.period()
        return f"{count} {noun} · {period}" if period else f"{count} {noun}"

    # -- combined frames -----------------------------------------------------------------
    def _combined(self, name: str, table_schema: pl.Schema) -> pl.DataFrame:
        frames = [
            schema.conform(report.table(name), table_schema).with_columns(
                pl.lit(label, dtype=pl.String).alias(REPORT),
                pl.lit(index, dtype=pl.Int64).alias(REPORT_INDEX),
            )
            for index, (report, label) in enumerate(zip(self.reports, self.labels, strict=True))
        ]
        if not frames:
            return schema.empty(table_schema).with_columns(
                pl.lit(None, dtype=pl.String).alias(REPORT),
                pl.lit(None, dtype=pl.Int64).alias(REPORT_INDEX),
            )
        return pl.concat(frames, how="vertical")

    @cached_property
    def combined_records(self) -> pl.DataFrame:
        """Section II of every open report, with the report each row came from."""
        return self._combined("records", schema.RECORDS)

    @cached_property
    def combined_rankings(self) -> pl.DataFrame:
        """Section I of every open report, with the report each row came from."""
        return self._combined("rankings", schema.RANKINGS)

    @cached_property
    def combined_policies(self) -> pl.DataFrame:
        """Section III of every open report, with the report each row came from."""
        return self._combined("policies", schema.POLICIES)

    # -- pane tables ---------------------------------------------------------------------
    @cached_property
    def records(self) -> Table:
        """Section II: one row per declined detainer."""
        combined = self.combined_records
        text = [schema.STATE, schema.JURISDICTION, schema.FACILITY, schema.CITIZENSHIP, REPORT]
        offences = combined.get_column(schema.CRIMINAL_ACTIVITY)
        joined = offences.list.join(LIST_SEPARATOR).fill_null("")
        if joined.str.contains(ANY_CONTROL).any():
            offences = offences.to_frame().select(pl.all().list.eval(_printable(pl.element())))
            offences = offences.to_series()
            joined = offences.list.join(LIST_SEPARATOR).fill_null("")
        frame = pl.DataFrame(
            [
                *[_printable_series(combined.get_column(c)) for c in text],
                joined.alias(schema.CRIMINAL_ACTIVITY),
                combined.get_column(schema.DETAINER_ISSUED),
                combined.get_column(schema.DETAINER_DECLINED),
                combined.get_column(schema.SOURCE_PAGE),
                offences.alias(OFFENCE_LIST),
                combined.get_column(REPORT_INDEX),
            ]
        )
        # Long facility names come after the short, telling columns, so that a narrow
        # terminal shows who, where and when first.
        columns = [
            schema.STATE,
            schema.JURISDICTION,
            schema.CITIZENSHIP,
            schema.CRIMINAL_ACTIVITY,
            schema.DETAINER_ISSUED,
            schema.DETAINER_DECLINED,
            schema.FACILITY,
            REPORT,
            schema.SOURCE_PAGE,
        ]
        export = combined.select(REPORT, *schema.RECORDS.names())
        return Table("records", frame, columns, export)

    @cached_property
    def policies(self) -> Table:
        """Section III: one row per policy, its full text in a hidden-width column."""
        combined = self.combined_policies
        text = [schema.STATE, schema.JURISDICTION, schema.POLICY_TYPE, schema.POLICY, REPORT]
        frame = pl.DataFrame(
            [
                *[_printable_series(combined.get_column(c)) for c in text],
                combined.get_column(schema.SOURCE_PAGE),
                combined.get_column(REPORT_INDEX),
            ]
        )
        frame = frame.with_columns(
            _fold_series(frame.get_column(schema.JURISDICTION)).alias(JURISDICTION_KEY),
            _fold_series(frame.get_column(schema.STATE)).alias(STATE_KEY),
        )
        columns = [
            schema.STATE,
            schema.JURISDICTION,
            schema.POLICY_TYPE,
            REPORT,
            schema.SOURCE_PAGE,
            schema.POLICY,
        ]
        export = combined.select(REPORT, *schema.POLICIES.names())
        return Table("policies", frame, columns, export)

    @cached_property
    def reports_table(self) -> Table:
        """One row per open report: file, period, pages, totals, diagnostics."""
        rows = []
        for index, (report, label) in enumerate(zip(self.reports, self.labels, strict=True)):
            info = schema.conform(report.reports, schema.REPORTS).row(0, named=True)
            rows.append(
                {
                    FILE: Path(info[schema.SOURCE_FILE] or "").name,
                    PERIOD: period_label(info[schema.REPORT_START], info[schema.REPORT_END]) or "",
                    schema.PAGES: info[schema.PAGES],
                    schema.DETAINERS_ISSUED_TOTAL: info[schema.DETAINERS_ISSUED_TOTAL],
                    schema.DECLINED_COUNT: info[schema.DECLINED_COUNT],
                    DIAGNOSTIC_COUNT: len(report.diagnostics),
                    REPORT: label,
                    REPORT_INDEX: index,
                }
            )
        frame_schema = {
            FILE: pl.String,
            PERIOD: pl.String,
            schema.PAGES: pl.Int64,
            schema.DETAINERS_ISSUED_TOTAL: pl.Int64,
            schema.DECLINED_COUNT: pl.Int64,
            DIAGNOSTIC_COUNT: pl.Int64,
            REPORT: pl.String,
            REPORT_INDEX: pl.Int64,
        }
        frame = pl.DataFrame(rows, schema=frame_schema, orient="row").with_columns(
            _printable(pl.col(FILE)), _printable(pl.col(PERIOD)), _printable(pl.col(REPORT))
        )
        columns = [
            FILE,
            PERIOD,
            schema.PAGES,
            schema.DETAINERS_ISSUED_TOTAL,
            schema.DECLINED_COUNT,
            DIAGNOSTIC_COUNT,
        ]
        info_frames = [schema.conform(r.reports, schema.REPORTS) for r in self.reports]
        export = (
            pl.concat(info_frames, how="vertical") if info_frames else schema.empty(schema.REPORTS)
        ).with_columns(
            pl.Series(DIAGNOSTIC_COUNT, [len(r.diagnostics) for r in self.reports], pl.Int64)
        )
        return Table("reports", frame, columns, export)

    def rankings(
        self,
        source: RankingSource = ISSUED,
        report: int | None = None,
        bar_width: int = DEFAULT_BAR_WIDTH,
    ) -> Table:
        """A ranking for one report (its index) or all together (``None``: summed, re-ranked).

        Section I is shown as printed for one report; for all reports the detainers issued
        are summed by jurisdiction and state. The other sources count declined records.
        """
        key = (source.name, report, bar_width)
        if key not in self._rankings:
            self._rankings[key] = self._ranking_table(source, report, bar_width)
        return self._rankings[key]

    def _ranking_table(self, source: RankingSource, report: int | None, width: int) -> Table:
        # Rankings group the same printable values the Records pane shows, so that a drill
        # down from a ranking row matches its records exactly.
        if source.name == ISSUED.name:
            value = schema.DETAINERS_ISSUED
            keys: tuple[str, ...] = (schema.JURISDICTION, schema.STATE)
            sections = self.combined_rankings.with_columns(_printable(pl.col(k)) for k in keys)
            if report is not None:
                ranked = (
                    sections.filter(pl.col(REPORT_INDEX) == report)
                    .select(schema.RANK, *keys, value)
                    .sort(schema.RANK, nulls_last=True, maintain_order=True)
                )
            else:
                ranked = rank_counts(sections, keys, value)
        else:
            value = DECLINED
            keys = source.keys
            records = self.records.frame
            if report is not None:
                records = records.filter(pl.col(REPORT_INDEX) == report)
            if OFFENCE in keys:
                records = records.select(pl.col(OFFENCE_LIST).alias(OFFENCE)).explode(
                    OFFENCE, empty_as_null=True
                )
            ranked = rank_counts(
                records.with_columns(pl.lit(1, dtype=pl.Int64).alias(value)), keys, value
            )
        ranked = _with_bar(ranked, value, width)
        frame = ranked.select(
            schema.RANK,
            *[pl.col(k).fill_null(NONE_LISTED) if k == OFFENCE else pl.col(k) for k in keys],
            value,
            BAR,
            *[pl.col(k).alias(_key(k)) for k in keys],
        )
        columns = [schema.RANK, *keys, value, BAR]
        export = ranked.select(schema.RANK, *keys, value)
        return Table(
            f"rankings:{source.name}",
            frame,
            columns,
            export,
            sort_keys={BAR: value},
            searchable=list(keys),
        )

    # -- navigation between panes --------------------------------------------------------
    def records_drill(
        self, source: RankingSource, row: dict[str, Any], report: int | None
    ) -> Drill:
        """The records behind a ranking row (one report's, or every report's)."""
        keys = source.keys or (schema.JURISDICTION, schema.STATE)
        conditions: list[tuple[str, Any]] = []
        shown: list[str] = []
        for key in keys:
            value = row.get(_key(key), row.get(key))
            if key == OFFENCE:
                conditions.append((OFFENCE_LIST, value))
                shown.append(value if value is not None else NONE_LISTED)
            else:
                conditions.append((key, value))
                shown.append(value if value is not None else "(blank)")
        if report is not None:
            conditions.append((REPORT_INDEX, report))
            shown.append(self.labels[report])
        return Drill(tuple(conditions), ", ".join(shown))

    def policy_drill(self, jurisdiction: str | None, state: str | None) -> Drill | None:
        """The Section III policies of a jurisdiction (matched ignoring case and accents).

        None when no open report lists a policy for it.
        """
        if not jurisdiction:
            return None
        conditions: tuple[tuple[str, Any], ...] = (
            (JURISDICTION_KEY, fold(jurisdiction)),
            (STATE_KEY, fold(state or "")),
        )
        drill = Drill(conditions, f"{printable(jurisdiction)}, {printable(state or '')}")
        if self.policies.query(Query(drill=drill)).count == 0:
            return None
        return drill

    def diagnostics(self, report: int) -> list[str]:
        """What the parser noticed in report ``report``, one printable line each."""
        return [printable(str(d)) for d in self.reports[report].diagnostics]


def _key(column: str) -> str:
    """The hidden column of a ranking row holding the value a drill-down matches on."""
    return f"_key_{column}"


def _first(frame: pl.DataFrame, column: str) -> Any:
    if frame.height == 0 or column not in frame.columns:
        return None
    return frame.item(0, column)


def _report_labels(reports: Iterable[Report]) -> tuple[str, ...]:
    """A short label per report: its period, plus its file name where periods repeat."""
    bases: list[str] = []
    names: list[str] = []
    for report in reports:
        # Labels reach the toolbar, status line and command palette: printable at the source.
        name = printable(Path(_first(report.reports, schema.SOURCE_FILE) or "").name)
        period = period_label(
            _first(report.reports, schema.REPORT_START), _first(report.reports, schema.REPORT_END)
        )
        bases.append(period or name or "report")
        names.append(name)
    labels = []
    for base, name in zip(bases, names, strict=True):
        if bases.count(base) > 1 and name and name != base:
            labels.append(f"{base} · {name}")
        else:
            labels.append(base)
    # Identical files opened twice still need distinct labels.
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return tuple(unique)
