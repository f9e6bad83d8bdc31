"""Days from a detainer's issue to its decline, and the records whose dates cannot be right.

A record's ``days`` is its declined date minus its issued date, in whole days. Two things
mark a record as a data problem: it was declined before it was issued, or its decline lies
outside the period its report covers (every decline a report lists was recorded in its week).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset.cells import counted, counted_fraction
from detainer_tui.dataset.columns import DAYS, FLAG, REPORT_INDEX
from detainer_tui.dataset.periods import period_label
from detainer_tui.dataset.table import View

CORRECTED_FLAG = "corrected"
"""A record's flag when ICE's correction covers it."""
BEFORE_ISSUED_FLAG = "before issued"
"""A record's flag when it was declined before it was issued."""
OUTSIDE_PERIOD_FLAG = "outside period"
"""A record's flag when its decline lies outside its report's period."""
FLAG_SEPARATOR = ", "


def days_expr() -> pl.Expr:
    """Declined minus issued, in whole days (null when either date is missing)."""
    return (
        (pl.col(schema.DETAINER_DECLINED) - pl.col(schema.DETAINER_ISSUED))
        .dt.total_days()
        .cast(pl.Int64)
        .alias(DAYS)
    )


def before_issued() -> pl.Expr:
    """Whether a record was declined before it was issued."""
    return (pl.col(schema.DETAINER_DECLINED) < pl.col(schema.DETAINER_ISSUED)).fill_null(False)


def outside_period() -> pl.Expr:
    """Whether a record's decline lies outside its report's period."""
    declined = pl.col(schema.DETAINER_DECLINED)
    return (
        (declined < pl.col(schema.REPORT_START)) | (declined > pl.col(schema.REPORT_END))
    ).fill_null(False)


def flags_expr(corrected: pl.Expr) -> pl.Expr:
    """A record's flags, joined; null when nothing is known to be wrong with it."""
    flags = pl.concat_str(
        [
            pl.when(corrected).then(pl.lit(CORRECTED_FLAG)),
            pl.when(before_issued()).then(pl.lit(BEFORE_ISSUED_FLAG)),
            pl.when(outside_period()).then(pl.lit(OUTSIDE_PERIOD_FLAG)),
        ],
        separator=FLAG_SEPARATOR,
        ignore_nulls=True,
    )
    return pl.when(flags != "").then(flags).alias(FLAG)


@dataclass(frozen=True)
class DaysStats:
    """Days from issue to decline over some records: how many, and their spread."""

    count: int
    minimum: int | None = None
    median: float | None = None
    p90: float | None = None
    maximum: int | None = None

    def line(self) -> str:
        """``206 records · min 0 · median 428 · p90 1,902 · max 2,529``."""
        noun = "record" if self.count == 1 else "records"
        if self.count == 0:
            return "no records with both dates"
        parts = [
            f"{counted(self.count)} {noun}",
            f"min {_number(self.minimum)}",
            f"median {_number(self.median)}",
            f"p90 {_number(self.p90)}",
            f"max {_number(self.maximum)}",
        ]
        return " · ".join(parts)


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return counted(int(value))
    return counted_fraction(value, 1)


def days_stats(days: pl.Series) -> DaysStats:
    """Count, min, median, 90th percentile and max of ``days`` (missing values left out)."""
    known = days.drop_nulls()
    if known.len() == 0:
        return DaysStats(0)
    return DaysStats(
        count=known.len(),
        minimum=int(known.min()),  # type: ignore[arg-type]
        median=float(known.median()),  # type: ignore[arg-type]
        # The nearest whole day: a record at the 90th percentile, not a day between two.
        p90=float(known.quantile(0.9, interpolation="nearest")),  # type: ignore[arg-type]
        maximum=int(known.max()),  # type: ignore[arg-type]
    )


def view_days_stats(view: View) -> DaysStats:
    """Days statistics of the records a view shows (nothing for a table without days)."""
    frame = view.table.frame
    if DAYS not in frame.columns:
        return DaysStats(0)
    days = frame.get_column(DAYS)
    return days_stats(days if view.unchanged else days.gather(view.indices))


def date_problems(records: pl.DataFrame, report: int) -> list[str]:
    """One line per record of report ``report`` whose dates cannot be right.

    ``records`` is the Records table's frame (printable text, with report indices).
    """
    rows = records.filter(
        (pl.col(REPORT_INDEX) == report) & (before_issued() | outside_period())
    ).with_columns(before_issued().alias("_before"), outside_period().alias("_outside"))
    return [_problem_line(row) for row in rows.iter_rows(named=True)]


def _problem_line(row: dict[str, Any]) -> str:
    place = ", ".join(v for v in (row[schema.JURISDICTION], row[schema.STATE]) if v)
    causes: list[str] = []
    if row["_before"]:
        causes.append("declined before it was issued")
    if row["_outside"]:
        period = period_label(row[schema.REPORT_START], row[schema.REPORT_END])
        causes.append(f"declined outside the report's period ({period})")
    page = row[schema.SOURCE_PAGE]
    where = f"page {page}" if page is not None else "page ?"
    return (
        f"{where}: {place or '(no jurisdiction)'}, issued {row[schema.DETAINER_ISSUED]}, "
        f"declined {row[schema.DETAINER_DECLINED]}: {' and '.join(causes)}"
    )
