"""The shapes behind the records a view shows: declines per day, detainers issued per month,
and days from issue to decline in fixed bins.

Each is worked out here, as data, and drawn by the explorer. A series is one count per day (or
month), every day of the open reports' weeks present even when nothing was declined on it, so
a quiet day reads as a gap rather than vanishing; a day outside every report's week appears
only when a record was declined on it (a date that cannot be right, flagged in Records). The
series is also a ``Table``, so it exports like every other view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset.cells import percent
from detainer_tui.dataset.columns import BAR, COUNT, DAYS, ROW, SHARE, key_column
from detainer_tui.dataset.filters import Between, Compare, Empty, Equals, Filter
from detainer_tui.dataset.rankings import DEFAULT_BAR_WIDTH, bar
from detainer_tui.dataset.table import Table, View

DAY = "day"
MONTH = "month"
WEEK = "week"
"""The report whose week a day falls in (its label), or ``NO_REPORT``."""
DAYS_BIN = "days_bin"
FROM_DAYS = "from_days"
TO_DAYS = "to_days"

NO_REPORT = "no report"
"""A day between open reports' weeks that none of them covers."""
OUTSIDE = "outside every week"
"""A day outside every open report's week on which a record was declined anyway."""

MONTHS_DRAWN = 1200
"""Months between the earliest and latest issue dates filled in with zeros, at most (a
century); beyond that only months with a detainer appear (a date misread by decades)."""

YEAR = 365
"""Days in a year, for the bins of days to decline (``1–2 years`` is 366 to 730 days)."""


@dataclass(frozen=True)
class Bin:
    """Days to decline from ``low`` to ``high`` (inclusive; None: no upper end)."""

    label: str
    low: int
    high: int | None


BINS: tuple[Bin, ...] = (
    Bin("0", 0, 0),
    Bin("1–7", 1, 7),
    Bin("8–30", 8, 30),
    Bin("31–90", 31, 90),
    Bin("91–365", 91, YEAR),
    Bin("1–2 years", YEAR + 1, 2 * YEAR),
    Bin("2–5 years", 2 * YEAR + 1, 5 * YEAR),
    Bin("over 5 years", 5 * YEAR + 1, None),
)
"""The fixed bins of days to decline, shortest first."""

BEFORE_ISSUED_BIN = "declined before issued"
"""The line for records whose days are negative (a date that cannot be right)."""
NO_DATE_BIN = "a date missing"
"""The line for records missing their issue or decline date."""


@dataclass(frozen=True)
class ReportWeek:
    """An open report's period, as a chart marks it."""

    start: date
    end: date
    label: str


@dataclass(frozen=True)
class ChartSeries:
    """One count per day (or month) of the records a view shows, in date order."""

    title: str
    """``Declines per day`` or ``Detainers issued per month``."""
    unit: str
    """``day`` or ``month``."""
    column: str
    """The records' date column counted (declined, or issued)."""
    dates: tuple[date, ...]
    """Each day (or the first of each month), in order."""
    counts: tuple[int, ...]
    covered: tuple[bool, ...]
    """Whether an open report covers the day (months: always True)."""
    weeks: tuple[ReportWeek, ...]
    """The open reports' weeks, in date order (empty for months)."""
    records: int
    """Records counted (those with a date)."""
    undated: int
    """Records shown but not counted: the date is missing."""
    table: Table
    """The series as a table (date, count, week), for export."""

    @property
    def largest(self) -> int:
        """The highest count of the series (0 when empty)."""
        return max(self.counts, default=0)

    def busiest(self, how_many: int = 3) -> list[int]:
        """Positions of the ``how_many`` highest counts (ties: the earlier date first), in
        descending order of count, leaving out zeros."""
        order = sorted(range(len(self.counts)), key=lambda i: (-self.counts[i], i))
        return [i for i in order[:how_many] if self.counts[i] > 0]

    def label(self, position: int) -> str:
        """The date at ``position`` written out: ``Feb 1, 2017`` or ``Mar 2016``."""
        return date_label(self.dates[position], self.unit)

    def week_of(self, position: int) -> ReportWeek | None:
        """The open report whose week holds the day at ``position``."""
        day = self.dates[position]
        return next((w for w in self.weeks if w.start <= day <= w.end), None)

    def filter_at(self, position: int) -> Filter:
        """The rows counted at ``position`` as a filter of the chain: that day
        (``Declined = 2017-02-01``), or that month (``Issued 2016-03-01..2016-03-31``)."""
        start = self.dates[position]
        if self.unit == DAY:
            return Equals(self.column, (start,), exact=True)
        return Between(self.column, start, _next_month(start) - timedelta(days=1))

    def rows(self, view: View, position: int) -> Table:
        """The rows of ``view`` counted at ``position`` (that day, or that month)."""
        start = self.dates[position]
        end = start if self.unit == DAY else _next_month(start) - timedelta(days=1)
        return rows_between(view, self.column, start, end)


def date_label(day: date, unit: str) -> str:
    """``Feb 1, 2017`` for a day, ``Mar 2016`` for a month."""
    if unit == MONTH:
        return f"{day:%b %Y}"
    return f"{day:%b} {day.day}, {day.year}"


def _dates_of(view: View, column: str) -> pl.Series:
    values = view.table.frame.get_column(column)
    return values if view.unchanged else values.gather(view.indices)


def _weeks(
    periods: Sequence[tuple[date | None, date | None]], labels: Sequence[str]
) -> list[ReportWeek]:
    known = [
        ReportWeek(start, end, label)
        for (start, end), label in zip(periods, labels, strict=True)
        if start is not None and end is not None and start <= end
    ]
    return sorted(known, key=lambda w: (w.start, w.end, w.label))


def declines_per_day(
    view: View,
    periods: Sequence[tuple[date | None, date | None]],
    labels: Sequence[str],
    *,
    width: int = DEFAULT_BAR_WIDTH,
) -> ChartSeries:
    """Records ``view`` shows, counted by the day they were declined.

    ``periods`` and ``labels`` are the open reports' (by index): every day from the first
    week's start to the last week's end is in the series, covered by a report or not; so is
    any other day a shown record was declined on.
    """
    declined = _dates_of(view, schema.DETAINER_DECLINED)
    counts = declined.drop_nulls().value_counts(name=COUNT).rename({declined.name: DAY})
    weeks = _weeks(periods, labels)
    days = counts.get_column(DAY)
    if weeks:
        span = pl.date_range(weeks[0].start, max(w.end for w in weeks), "1d", eager=True)
        days = pl.concat([span.alias(DAY), days]).unique()
    elif days.len():
        days = pl.date_range(days.min(), days.max(), "1d", eager=True).alias(DAY)
    frame = _every(days, counts, DAY)
    day_list: list[date] = frame.get_column(DAY).to_list()
    week_of = [next((w.label for w in weeks if w.start <= d <= w.end), None) for d in day_list]
    covered = tuple(w is not None for w in week_of)
    last_end = max((w.end for w in weeks), default=None)
    first_start = weeks[0].start if weeks else None
    shown_week = [
        label
        if label is not None
        else NO_REPORT
        if first_start is not None and last_end is not None and first_start <= d <= last_end
        else OUTSIDE
        for d, label in zip(day_list, week_of, strict=True)
    ]
    frame = frame.with_columns(pl.Series(WEEK, shown_week, pl.String))
    records = int(frame.get_column(COUNT).sum() or 0)
    return ChartSeries(
        title="Declines per day",
        unit=DAY,
        column=schema.DETAINER_DECLINED,
        dates=tuple(day_list),
        counts=tuple(frame.get_column(COUNT).to_list()),
        covered=covered if weeks else tuple(True for _ in day_list),
        weeks=tuple(weeks),
        records=records,
        undated=declined.null_count(),
        table=_series_table("declines per day", frame, DAY, width, "days"),
    )


def _every(dates: pl.Series, counts: pl.DataFrame, column: str) -> pl.DataFrame:
    """A row for each of ``dates`` (days or months) with its count in ``counts``, 0 where
    it has none, in date order."""
    return (
        pl.DataFrame({column: dates.cast(pl.Date)})
        .join(counts.with_columns(pl.col(column).cast(pl.Date)), on=column, how="left")
        .with_columns(pl.col(COUNT).fill_null(0).cast(pl.Int64))
        .sort(column)
    )


def issued_per_month(view: View, *, width: int = DEFAULT_BAR_WIDTH) -> ChartSeries:
    """Records ``view`` shows, counted by the month their detainer was issued (every month
    from the first to the last present, unless that spans more than ``MONTHS_DRAWN``)."""
    issued = _dates_of(view, schema.DETAINER_ISSUED)
    # Counted by day first: a few thousand days to truncate to months, not a million dates.
    counts = (
        issued.drop_nulls()
        .value_counts(name=COUNT)
        .select(pl.col(issued.name).dt.truncate("1mo").alias(MONTH), COUNT)
        .group_by(MONTH)
        .agg(pl.col(COUNT).sum())
    )
    present = counts.get_column(MONTH)
    if present.len():
        first, last = present.min(), present.max()
        assert isinstance(first, date) and isinstance(last, date)
        if (last.year - first.year) * 12 + last.month - first.month < MONTHS_DRAWN:
            present = pl.date_range(first, last, "1mo", eager=True).alias(MONTH)
    frame = _every(present, counts, MONTH)
    month_list: list[date] = frame.get_column(MONTH).to_list()
    return ChartSeries(
        title="Detainers issued per month",
        unit=MONTH,
        column=schema.DETAINER_ISSUED,
        dates=tuple(month_list),
        counts=tuple(frame.get_column(COUNT).to_list()),
        covered=tuple(True for _ in month_list),
        weeks=(),
        records=int(frame.get_column(COUNT).sum() or 0),
        undated=issued.null_count(),
        table=_series_table("issued per month", frame, MONTH, width, "months"),
    )


def _series_table(name: str, frame: pl.DataFrame, unit: str, width: int, noun: str) -> Table:
    counts = frame.get_column(COUNT)
    largest = int(counts.max() or 0) if counts.len() else 0
    shown = frame.with_columns(
        pl.Series(BAR, [bar(c, largest, width) for c in counts], pl.String),
    )
    if unit == MONTH:
        # A month is shown as its month, exported as its first day.
        shown = shown.with_columns(pl.col(MONTH).dt.strftime("%Y-%m").alias(key_column(MONTH)))
        display = [key_column(MONTH), COUNT, BAR]
        export = frame.select(MONTH, COUNT)
        labels = {key_column(MONTH): "Month"}
        sort_keys = {key_column(MONTH): MONTH, BAR: COUNT}
    else:
        display = [DAY, COUNT, WEEK, BAR]
        export = frame.select(DAY, COUNT, WEEK)
        labels = {DAY: "Day", WEEK: "ReportWeek"}
        sort_keys = {BAR: COUNT}
    return Table(name, shown, display, export, sort_keys=sort_keys, labels=labels, noun=noun)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def rows_between(view: View, column: str, low: Any, high: Any) -> Table:
    """The rows ``view`` shows whose ``column`` lies from ``low`` to ``high`` (inclusive;
    None: open on that side), in the view's order, as a table of their own."""
    table = view.table
    frame = table.frame if view.unchanged else table.frame[view.indices]
    value = pl.col(column)
    mask = value.is_not_null()
    if low is not None:
        mask = mask & (value >= low)
    if high is not None:
        mask = mask & (value <= high)
    rows = frame.lazy().filter(mask.fill_null(False)).select(ROW).collect().to_series()
    return table.subset(rows)


def days_bin_rows(view: View, label: str) -> Table:
    """The rows ``view`` shows in the days-to-decline bin called ``label`` (a fixed bin, or
    the lines for negative and missing days)."""
    if label == BEFORE_ISSUED_BIN:
        return rows_between(view, DAYS, None, -1)
    if label == NO_DATE_BIN:
        table = view.table
        frame = table.frame if view.unchanged else table.frame[view.indices]
        rows = frame.lazy().filter(pl.col(DAYS).is_null()).select(ROW).collect().to_series()
        return table.subset(rows)
    chosen = next(b for b in BINS if b.label == label)
    return rows_between(view, DAYS, chosen.low, chosen.high)


def days_bin_filter(label: str) -> Filter:
    """The records of the days-to-decline bin called ``label`` as a filter of the chain
    (``Days 0..7``, ``Days >= 1826``, ``Days < 0``, ``Days empty``)."""
    if label == BEFORE_ISSUED_BIN:
        return Compare(DAYS, "<", 0)
    if label == NO_DATE_BIN:
        return Empty(DAYS)
    chosen = next(b for b in BINS if b.label == label)
    if chosen.high is None:
        return Compare(DAYS, ">=", chosen.low)
    return Between(DAYS, chosen.low, chosen.high)


def days_histogram(view: View, *, width: int = DEFAULT_BAR_WIDTH) -> Table:
    """Days to decline of the records ``view`` shows, in the fixed ``BINS``: each bin's
    count, its share of the records shown, and a bar on one scale.

    Every bin is a row, empty ones too; records declined before they were issued, or
    missing a date, get a line of their own (only when there are some), so the counts add up
    to the records shown.
    """
    days = _dates_of(view, DAYS)
    known = days.drop_nulls()
    non_negative = known.filter(known >= 0)
    counts = [
        int(
            ((non_negative >= b.low) & (non_negative <= b.high)).sum()
            if b.high is not None
            else (non_negative >= b.low).sum()
        )
        for b in BINS
    ]
    labels = [b.label for b in BINS]
    lows_list: list[int | None] = [b.low for b in BINS]
    highs_list: list[int | None] = [b.high for b in BINS]
    negative = known.len() - non_negative.len()
    if negative:
        labels.append(BEFORE_ISSUED_BIN)
        counts.append(negative)
        lows_list.append(None)
        highs_list.append(-1)
    if days.null_count():
        labels.append(NO_DATE_BIN)
        counts.append(days.null_count())
        lows_list.append(None)
        highs_list.append(None)
    total = sum(counts)
    largest = max(counts, default=0)
    share = [c / total * 100 if total else 0.0 for c in counts]
    frame = pl.DataFrame(
        {
            DAYS_BIN: labels,
            COUNT: pl.Series(counts, dtype=pl.Int64),
            SHARE: [percent(s).rjust(len("Share")) for s in share],
            BAR: [bar(c, largest, width) for c in counts],
            "_order": pl.Series(range(len(labels)), dtype=pl.Int64),
        }
    )
    export = pl.DataFrame(
        {
            DAYS_BIN: labels,
            FROM_DAYS: pl.Series(lows_list, dtype=pl.Int64),
            TO_DAYS: pl.Series(highs_list, dtype=pl.Int64),
            COUNT: pl.Series(counts, dtype=pl.Int64),
            SHARE: pl.Series(share, dtype=pl.Float64),
        }
    )
    return Table(
        "days to decline",
        frame,
        [DAYS_BIN, COUNT, SHARE, BAR],
        export,
        sort_keys={DAYS_BIN: "_order", SHARE: COUNT, BAR: COUNT},
        searchable=[DAYS_BIN],
        labels={DAYS_BIN: "Days to decline"},
        noun="bins",
    )
