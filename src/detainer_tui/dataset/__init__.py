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
- ``table``: ``Table``, ``Query`` (search, sort, drill-down) and ``View``
- ``periods``: report periods, labels and the header summary
- ``sections``: the Records, Policies and Reports tables
- ``rankings``: Section I and the rankings computed from Section II
- ``drills``: from a ranking to its records
- ``policy_links``: the policies that apply to a record (its place's and its state's)
- ``revisions``: files covering the same period, shown one at a time
- ``details``: a row in full, for the detail view
- ``model``: ``Dataset``, which ties them together
"""

from __future__ import annotations

from detainer_tui.dataset.cells import fold
from detainer_tui.dataset.columns import (
    BAR,
    DECLINED,
    DIAGNOSTIC_COUNT,
    FILE,
    LABELS,
    NONE_LISTED,
    OFFENCE,
    OFFENCE_LIST,
    PERIOD,
    POLICY_LINK,
    REPORT,
    REPORT_INDEX,
    ROW,
    SCOPE,
    SEARCH,
)
from detainer_tui.dataset.details import Detail, policy_heading
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
)
from detainer_tui.dataset.table import Drill, Query, Sort, Table, View

__all__ = [
    "BAR",
    "DECLINED",
    "DEFAULT_BAR_WIDTH",
    "DIAGNOSTIC_COUNT",
    "FILE",
    "ISSUED",
    "LABELS",
    "NONE_LISTED",
    "OFFENCE",
    "OFFENCE_LIST",
    "PERIOD",
    "POLICY_LINK",
    "RANKING_SOURCES",
    "REPORT",
    "REPORT_INDEX",
    "ROW",
    "SCOPE",
    "SEARCH",
    "SUMMARY_REPORTS",
    "Dataset",
    "Detail",
    "Drill",
    "LinkedPolicy",
    "Query",
    "RankingSource",
    "Sort",
    "Table",
    "View",
    "bar",
    "fold",
    "period_label",
    "policy_heading",
    "rank_counts",
    "ranking_source",
]
