"""The analyst's model of the open reports: combined frames and every query the explorer asks.

Plain Python and Polars, no terminal: the explorer renders what this package returns and never
filters, sorts or aggregates by itself. Everything here is usable (and tested) headless.

A :class:`Dataset` combines the frames of all open reports, each row labelled with the report
it came from. Each pane of the explorer is one :class:`Table`: a frame of display columns
(text already made safe to print), hidden key columns, a precomputed search text per row and
the typed rows to export. :meth:`Table.query` applies a :class:`Query` (drill-down filter,
search, sort) and returns a :class:`View`, the rows the pane shows, as ``N of M``.

One module per concern, all reached through this package:

- ``columns``: derived and hidden column names, headings
- ``cells``: printable and folded (accent-free) text over columns
- ``table``: ``Table``, ``Query`` (a chain of filters, a sort), ``View`` and ``PaneState``
- ``filters``: column filters (``=``, ``!``, the filter line's grammar), saving a chain
- ``periods``: report periods, labels and the header summary
- ``sections``: the Records, Policies and Reports tables
- ``rankings``: Section I and the rankings computed from Section II
- ``drills``: from a ranking to its records
- ``policy_links``: the policies that apply to a record (its place's and its state's)
- ``revisions``: files covering the same period, shown one at a time
- ``details``: a row in full, for the detail view
- ``corrections``: ICE's corrections of its reports, as data, and the rows they cover
- ``days``: days from issue to decline, their statistics, records whose dates cannot be right
- ``frequency``: how often each value of a column occurs in a view, and the rows behind one
- ``weekly``: week over week, one column per report period
- ``charts``: declines per day, detainers issued per month, days to decline in fixed bins
- ``sql``: the query line's SQL over the open tables
- ``states``: the state map's tile grid and counts
- ``fips``: county FIPS codes of jurisdictions (the Census county list `addfips` ships)
- ``triage``: marks and notes joined onto the tables as columns, and what a mark is
  attached to
- ``model``: ``Dataset``, which ties them together
"""

from __future__ import annotations

from detainer_tui.dataset.cells import counted, counted_fraction, fold
from detainer_tui.dataset.charts import BINS, DAYS_BIN, ChartSeries, ReportWeek, days_bin_filter
from detainer_tui.dataset.columns import (
    BAR,
    CHANGE,
    CORRECTED,
    CORRECTION,
    CORRECTIONS_BEHIND,
    COUNT,
    DAYS,
    DECLINED,
    DIAGNOSTIC_COUNT,
    FILE,
    FLAG,
    LABELS,
    NONE_LISTED,
    OFFENCE,
    OFFENCE_LIST,
    PERIOD,
    POLICY_LINK,
    REPORT,
    REPORT_INDEX,
    ROW,
    SAMPLE,
    SCOPE,
    SEARCH,
    SHARE,
    TOTAL,
    TREND,
    VALUE,
    key_column,
    label,
)
from detainer_tui.dataset.corrections import CORRECTIONS, Correction
from detainer_tui.dataset.days import DaysStats
from detainer_tui.dataset.details import (
    Detail,
    correction_fields,
    policy_heading,
    table_row_detail,
)
from detainer_tui.dataset.filters import (
    CHAIN_SEPARATOR,
    FILTER_KINDS,
    Between,
    ChainLine,
    Compare,
    Empty,
    Equals,
    Filter,
    FilterError,
    History,
    NotCorrected,
    Search,
    Within,
    cell_filters,
    chain_from_state,
    filter_kind,
    parse_filter,
    value_filter,
)
from detainer_tui.dataset.filters import prepare as prepare_filters
from detainer_tui.dataset.fips import county_fips, unmatched, with_county_fips
from detainer_tui.dataset.frequency import BLANK
from detainer_tui.dataset.frequency import heading as frequency_heading
from detainer_tui.dataset.model import Dataset
from detainer_tui.dataset.periods import SUMMARY_REPORTS, period_label
from detainer_tui.dataset.policy_links import LinkedPolicy
from detainer_tui.dataset.rankings import (
    DEFAULT_BAR_WIDTH,
    ISSUED,
    RANKING_SOURCES,
    RankingSource,
    bar,
    rank_counts,
    ranking_source,
    summed_label,
)
from detainer_tui.dataset.sql import READ_ONLY, TABLE_NAMES, QueryError, no_rows_message
from detainer_tui.dataset.states import COLUMNS, ROWS, SHADES, TILES, StateMap, step
from detainer_tui.dataset.table import (
    SORT_MARKS,
    Drill,
    PaneState,
    Query,
    Sort,
    Table,
    View,
    next_sort,
)
from detainer_tui.dataset.triage import (
    MARK,
    MARK_SIGN,
    MARKED,
    NOTE,
    TRIAGE_KEY,
    Marked,
    MarkingOff,
    Triage,
    listing_of_nothing,
    locate,
    reads_marks,
    trim_export,
    with_marked_only,
)
from detainer_tui.dataset.weekly import MISSING, SCALE_PER_ROW, SCALE_SHARED, Week, describe

__all__ = [
    "BAR",
    "BINS",
    "BLANK",
    "CHAIN_SEPARATOR",
    "CHANGE",
    "COLUMNS",
    "CORRECTED",
    "CORRECTION",
    "CORRECTIONS",
    "CORRECTIONS_BEHIND",
    "COUNT",
    "DAYS",
    "DAYS_BIN",
    "DECLINED",
    "DEFAULT_BAR_WIDTH",
    "DIAGNOSTIC_COUNT",
    "FILE",
    "FILTER_KINDS",
    "FLAG",
    "ISSUED",
    "LABELS",
    "MARK",
    "MARKED",
    "MARK_SIGN",
    "MISSING",
    "NONE_LISTED",
    "NOTE",
    "OFFENCE",
    "OFFENCE_LIST",
    "PERIOD",
    "POLICY_LINK",
    "RANKING_SOURCES",
    "READ_ONLY",
    "REPORT",
    "REPORT_INDEX",
    "ROW",
    "ROWS",
    "SAMPLE",
    "SCALE_PER_ROW",
    "SCALE_SHARED",
    "SCOPE",
    "SEARCH",
    "SHADES",
    "SHARE",
    "SORT_MARKS",
    "SUMMARY_REPORTS",
    "TABLE_NAMES",
    "TILES",
    "TOTAL",
    "TREND",
    "TRIAGE_KEY",
    "VALUE",
    "Between",
    "ChainLine",
    "ChartSeries",
    "Compare",
    "Correction",
    "Dataset",
    "DaysStats",
    "Detail",
    "Drill",
    "Empty",
    "Equals",
    "Filter",
    "FilterError",
    "History",
    "LinkedPolicy",
    "Marked",
    "MarkingOff",
    "NotCorrected",
    "PaneState",
    "Query",
    "QueryError",
    "RankingSource",
    "ReportWeek",
    "Search",
    "Sort",
    "StateMap",
    "Table",
    "Triage",
    "View",
    "Week",
    "Within",
    "bar",
    "cell_filters",
    "chain_from_state",
    "correction_fields",
    "counted",
    "counted_fraction",
    "county_fips",
    "days_bin_filter",
    "describe",
    "filter_kind",
    "fold",
    "frequency_heading",
    "key_column",
    "label",
    "listing_of_nothing",
    "locate",
    "next_sort",
    "no_rows_message",
    "parse_filter",
    "period_label",
    "policy_heading",
    "prepare_filters",
    "rank_counts",
    "ranking_source",
    "reads_marks",
    "step",
    "summed_label",
    "table_row_detail",
    "trim_export",
    "unmatched",
    "value_filter",
    "with_county_fips",
    "with_marked_only",
]
