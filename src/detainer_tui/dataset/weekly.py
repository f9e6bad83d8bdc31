"""Week over week: one row per jurisdiction (or state, facility...), one column per report.

Columns follow the reports' periods in date order. A week between two open reports that no
open report covers gets a column too, every value missing: nothing is known about it. Section
I lists only each week's top jurisdictions, so a jurisdiction it does not list that week is
missing there, not zero; Section II lists every declined detainer a report recorded, so a
week with an open report and none listed for a jurisdiction is zero.

Each row also has its total, its change from the previous week to the last, a sparkline and a
bar of its total. The bars share one scale across the whole table; each sparkline is drawn on
its own row's scale (the shape of that row's weeks: 2, 3, 7 reads as a rise even beside a row
of hundreds), or, when asked, on the one scale of the whole table (rows compared by size).
"""

from __future__ import annotations

import locale
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset import corrections
from detainer_tui.dataset.cells import printable_series
from detainer_tui.dataset.columns import (
    BAR,
    CHANGE,
    CORRECTED,
    CORRECTED_SHARE,
    CORRECTION,
    DECLINED,
    FLAG,
    LABELS,
    NONE_LISTED,
    OFFENCE,
    OFFENCE_LIST,
    REPORT_INDEX,
    TOTAL,
    TREND,
    key_column,
)
from detainer_tui.dataset.corrections import correction_index
from detainer_tui.dataset.rankings import ISSUED, RankingSource, bar, flag_expr
from detainer_tui.dataset.table import Table

_SPARKS = "▁▂▃▄▅▆▇█"
MISSING_SPARK = "·"
"""A week the sparkline knows nothing about (a zero is a blank)."""


@dataclass(frozen=True)
class Week:
    """One column: an open report's period, or a gap no open report covers."""

    column: str
    start: date
    end: date
    report: int | None
    """The report's index; None for a gap."""
    label: str


def weeks(periods: Sequence[tuple[date | None, date | None]], labels: Sequence[str]) -> list[Week]:
    """The columns for reports with these periods (by index), in date order, with gaps.

    Reports whose period is unknown come last, labelled by their report label.
    """
    known = sorted(
        (start, end, index)
        for index, (start, end) in enumerate(periods)
        if start is not None and end is not None
    )
    starts = [start for start, _, _ in known]
    columns: list[Week] = []
    previous_end: date | None = None
    for start, end, index in known:
        if previous_end is not None and start > previous_end + timedelta(days=1):
            gap_start, gap_end = previous_end + timedelta(days=1), start - timedelta(days=1)
            gap = f"_gap{len(columns)}"
            columns.append(Week(gap, gap_start, gap_end, None, "no report"))
        label = f"{start:%b} {start.day}"
        if starts.count(start) > 1:
            label = labels[index]
        columns.append(Week(f"_week{index}", start, end, index, label))
        previous_end = max(end, previous_end) if previous_end is not None else end
    unknown = [i for i, (s, e) in enumerate(periods) if s is None or e is None]
    columns.extend(Week(f"_week{i}", date.min, date.min, i, labels[i]) for i in unknown)
    return columns


def week_over_week(
    sections: pl.DataFrame,
    records: Table,
    source: RankingSource,
    periods: Sequence[tuple[date | None, date | None]],
    labels: Sequence[str],
    *,
    leave_out_corrected: bool = False,
    width: int = 16,
    shared_scale: bool = False,
) -> Table:
    """``source`` counted per report, one column per week (see the module's docstring)."""
    columns = weeks(periods, labels)
    if source.name == ISSUED.name:
        keys: tuple[str, ...] = (schema.JURISDICTION, schema.STATE)
        value = schema.DETAINERS_ISSUED
        rows = sections.with_columns(
            correction_index(sections, corrections.RANKINGS),
            *[printable_series(sections.get_column(k)) for k in keys],
        )
    else:
        keys = source.keys
        value = DECLINED
        rows = records.frame
        if OFFENCE in keys:
            rows = rows.select(pl.col(OFFENCE_LIST).alias(OFFENCE), REPORT_INDEX, CORRECTION)
            rows = rows.explode(OFFENCE, empty_as_null=True).with_columns(
                pl.col(OFFENCE).fill_null(NONE_LISTED)
            )
        rows = rows.select(*keys, REPORT_INDEX, CORRECTION)
    if leave_out_corrected:
        rows = rows.filter(pl.col(CORRECTION).is_null())
    counted = pl.col(value).sum() if value in rows.columns else pl.len().cast(pl.Int64)
    grouped = rows.group_by([*keys, REPORT_INDEX]).agg(
        counted.alias(value),
        pl.len().alias("_rows"),
        pl.col(CORRECTION).is_not_null().sum().alias("_corrected_rows"),
    )
    corrected = grouped.group_by(list(keys)).agg(
        (pl.col("_corrected_rows").sum() / pl.col("_rows").sum()).alias(CORRECTED_SHARE)
    )
    table = (
        grouped.select(*keys)
        .unique(maintain_order=True)
        .join(corrected, on=list(keys), how="left", nulls_equal=True)
    )
    week_values = []
    for week in columns:
        if week.report is None:
            week_values.append(pl.lit(None, dtype=pl.Int64).alias(week.column))
            continue
        this_week = grouped.filter(pl.col(REPORT_INDEX) == week.report).select(
            *keys, pl.col(value).alias(week.column)
        )
        table = table.join(this_week, on=list(keys), how="left", nulls_equal=True)
        if source.name != ISSUED.name:
            # Section II lists every decline its week recorded: not listed means none.
            week_values.append(pl.col(week.column).fill_null(0))
        else:
            week_values.append(pl.col(week.column))
    table = table.with_columns(week_values)
    names = [w.column for w in columns]
    table = table.with_columns(
        pl.sum_horizontal(names).alias(TOTAL) if names else pl.lit(0).alias(TOTAL),
        (pl.col(names[-1]) - pl.col(names[-2])).alias(CHANGE)
        if len(names) > 1
        else pl.lit(None, dtype=pl.Int64).alias(CHANGE),
    ).sort([TOTAL, *keys], descending=[True] + [False] * len(keys), nulls_last=True)
    largest_week = table.select(pl.max_horizontal(names).max()).item() if names else None
    largest_total = table.get_column(TOTAL).max() if table.height else None
    table = table.with_columns(
        _sparkline(
            names, pl.lit(largest_week or 0) if shared_scale else pl.max_horizontal(names)
        ).alias(TREND),
        pl.Series(
            BAR, [bar(t, largest_total or 0, width) for t in table.get_column(TOTAL)], pl.String
        ),
        flag_expr(),
        (pl.col(CORRECTED_SHARE) > 0).alias(CORRECTED),
        *[pl.col(k).alias(key_column(k)) for k in keys],
    )
    # Counts are shown as text, so that a missing week reads "–" rather than a blank;
    # each sorts (and is counted) by its number, kept in a hidden column.
    shown = {w.column: w.column.lstrip("_") for w in columns}
    headings = {w.column: w.label for w in columns}
    table = table.with_columns(
        *[
            _counts_shown(pl.col(hidden), headings[hidden]).alias(name)
            for hidden, name in shown.items()
        ],
        _counts_shown(pl.col(CHANGE), LABELS[CHANGE], signed=True).alias(CHANGE_SHOWN),
    )
    # The flag before the bar: on a narrow terminal the bar is what gives way.
    display = [*keys, *shown.values(), TOTAL, CHANGE_SHOWN, TREND, FLAG, BAR]
    export = table.select(
        *keys,
        *[
            pl.col(w.column).alias(name)
            for w, name in zip(columns, _export_names(columns), strict=True)
        ],
        TOTAL,
        CHANGE,
        CORRECTED,
    )
    return Table(
        f"weeks:{source.name}",
        table,
        display,
        export,
        sort_keys={TREND: TOTAL, BAR: TOTAL, CHANGE_SHOWN: CHANGE, FLAG: CORRECTED_SHARE}
        | {name: hidden for hidden, name in shown.items()},
        searchable=[*keys, FLAG],
        # Filters and counts read the numbers behind the counts shown as text.
        values={CHANGE_SHOWN: CHANGE, BAR: TOTAL}
        | {name: hidden for hidden, name in shown.items()},
        labels={shown[w.column]: w.label for w in columns}
        | {CHANGE_SHOWN: LABELS[CHANGE]}
        # Section I's sum covers only the weeks a jurisdiction was among the top listed.
        | ({TOTAL: LISTED_TOTAL} if source.name == ISSUED.name else {}),
        # On a narrow terminal: the shape and the last change stay in view, and the latest
        # weeks; earlier weeks and the sum (Rankings has it) are reached by scrolling.
        priority=[*keys, TREND, CHANGE_SHOWN, *reversed(shown.values()), FLAG, TOTAL, BAR],
    )


CHANGE_SHOWN = "change_shown"
LISTED_TOTAL = "Sum listed"
"""Section I's total heading: only the weeks a jurisdiction was listed are in it."""
MISSING = "–"
"""A count nothing is known about."""


def _counts_shown(counts: pl.Expr, heading: str, *, signed: bool = False) -> pl.Expr:
    """Counts as text (``+3`` with ``signed``), ``–`` if missing, right-aligned under
    ``heading`` as numbers are, and grouped as the table's numbers are: with the locale's
    thousands separator (``1,204``), none in the C locale."""
    digits = counts.abs().cast(pl.String)
    separator = locale.localeconv()["thousands_sep"]
    if separator and "$" not in separator:
        # Grouped in threes from the right: reversed, a separator after every three, back.
        grouped = (
            digits.str.reverse()
            .str.replace_all(r"(\d{3})", "${1}" + separator[::-1])
            .str.strip_chars_end(separator[::-1])
            .str.reverse()
        )
    else:
        grouped = digits
    sign = pl.when(counts < 0).then(pl.lit("-"))
    if signed:
        sign = sign.when(counts > 0).then(pl.lit("+"))
    text = pl.concat_str([sign.otherwise(pl.lit("")), grouped]).fill_null(MISSING)
    width = pl.max_horizontal(pl.lit(len(heading)), text.str.len_chars().max())
    return text.str.pad_start(width)


def _export_names(columns: Sequence[Week]) -> list[str]:
    """Each week's column in an export: its first day, and its label where two share one."""
    starts = [w.start.isoformat() if w.start != date.min else w.label for w in columns]
    return [
        f"{start} ({w.label})" if starts.count(start) > 1 else start
        for start, w in zip(starts, columns, strict=True)
    ]


def _sparkline(weeks: Sequence[str], largest: pl.Expr) -> pl.Expr:
    """One character per week, on the scale of ``largest`` (the table's largest week, or
    each row's own): ``·`` missing, blank for zero."""
    if not weeks:
        return pl.lit("")
    marks = []
    for week in weeks:
        value = pl.col(week)
        level = (
            (value * len(_SPARKS) / pl.max_horizontal(largest.fill_null(0), pl.lit(1)))
            .ceil()
            .clip(1, len(_SPARKS))
            .cast(pl.Int64)
        )
        spark = level.replace_strict(dict(enumerate(_SPARKS, start=1)), return_dtype=pl.String)
        marks.append(
            pl.when(value.is_null())
            .then(pl.lit(MISSING_SPARK))
            .when(value <= 0)
            .then(pl.lit(" "))
            .otherwise(spark)
        )
    return pl.concat_str(marks)


SCALE_PER_ROW = "trend: per-row scale"
"""Said of sparklines each drawn on its own row's scale."""
SCALE_SHARED = "trend: one scale"
"""Said of sparklines all drawn on the table's one scale."""


def describe(source: RankingSource, columns: Sequence[Week], *, shared_scale: bool = False) -> str:
    """What the table counts and how to read it, for the line above it."""
    reports = [w for w in columns if w.report is not None]
    if source.name == ISSUED.name:
        parts = [
            "Section I, week over week: each week lists only its top jurisdictions "
            f"({MISSING} = not listed that week)"
        ]
    else:
        parts = [f"{source.title}, week over week"]
    if len(reports) > 1:
        last, before = columns[-1], columns[-2]
        parts.append(f"change: {last.label} vs {before.label}")
    if any(w.report is None for w in columns):
        parts.append("no report: a week no open report covers")
    parts.insert(1, SCALE_SHARED if shared_scale else SCALE_PER_ROW)
    return " · ".join(parts)
