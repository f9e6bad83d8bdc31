"""The charts' data in the dataset layer: declines per day, issued per month, days to decline
in bins, and week over week's sparkline scales — no terminal.

Expected values are written out for small reports made here, or counted with plain Python
over the samples' expected tables (``sample_reports``, from the generator).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from test_dataset_analysis import WEEK1, WEEK2, WEEK3, report

from detainer_tui import schema
from detainer_tui.dataset import BINS, COUNT, DAYS, Dataset, Query, ranking_source
from detainer_tui.dataset.charts import (
    BEFORE_ISSUED_BIN,
    DAY,
    DAYS_BIN,
    FROM_DAYS,
    MONTH,
    NO_DATE_BIN,
    NO_REPORT,
    OUTSIDE,
    SHARE,
    TO_DAYS,
    WEEK,
)
from detainer_tui.report import Report

ISSUED = date(2016, 12, 1)


def record(declined: date | None, issued: date | None = ISSUED, place: str = "Travis County"):
    return ("TX", place, "Mexico", [], issued, declined)


@pytest.fixture(scope="module")
def two_weeks_apart() -> Dataset:
    """Week 1 and week 3 open, week 2 not: 3 declines on Jan 30, 1 on Feb 3, 2 on Feb 12,
    and one declined on Mar 5, outside every week."""
    first = [record(date(2017, 1, 30))] * 3 + [record(date(2017, 2, 3), place="Cook County")]
    third = [record(date(2017, 2, 12))] * 2 + [record(date(2017, 3, 5))]
    return Dataset([report(WEEK1, first, name="a.pdf"), report(WEEK3, third, name="c.pdf")])


def test_declines_per_day_has_every_day_of_the_weeks_and_the_gap_between(two_weeks_apart):
    view = two_weeks_apart.records.query(Query())
    series = two_weeks_apart.declines_per_day(view)
    assert series.title == "Declines per day"
    days = [WEEK1[0] + timedelta(days=n) for n in range(21)] + [date(2017, 3, 5)]
    assert series.dates == tuple(days)
    counts = dict(zip(series.dates, series.counts, strict=True))
    assert counts[date(2017, 1, 30)] == 3
    assert counts[date(2017, 2, 3)] == 1
    assert counts[date(2017, 2, 12)] == 2
    assert counts[date(2017, 3, 5)] == 1
    assert sum(series.counts) == series.records == 7
    # week 2 is not open: its days are in the series but no report covers them
    covered = dict(zip(series.dates, series.covered, strict=True))
    assert not covered[date(2017, 2, 7)] and covered[date(2017, 2, 3)]
    assert not covered[date(2017, 3, 5)]
    assert [w.start for w in series.weeks] == [WEEK1[0], WEEK3[0]]
    assert series.week_of(series.dates.index(date(2017, 2, 12))).start == WEEK3[0]
    assert series.busiest(3) == [2, 15, 6]  # Jan 30 (3), Feb 12 (2), Feb 3 (1, earliest)
    assert series.label(2) == "Jan 30, 2017"


def test_declines_per_day_exports_day_count_and_week(two_weeks_apart):
    series = two_weeks_apart.declines_per_day(two_weeks_apart.records.query(Query()))
    export = series.table.export
    assert export.columns == [DAY, COUNT, WEEK]
    rows = {r[DAY]: r for r in export.rows(named=True)}
    labels = two_weeks_apart.labels
    assert rows[date(2017, 1, 30)] == {DAY: date(2017, 1, 30), COUNT: 3, WEEK: labels[0]}
    assert rows[date(2017, 2, 7)][WEEK] == NO_REPORT
    assert rows[date(2017, 3, 5)][WEEK] == OUTSIDE
    assert rows[date(2017, 2, 12)][WEEK] == labels[1]


def test_declines_per_day_counts_only_the_rows_the_view_shows(two_weeks_apart):
    view = two_weeks_apart.records.query(Query(search="cook"))
    series = two_weeks_apart.declines_per_day(view)
    assert series.records == 1
    assert [d for d, c in zip(series.dates, series.counts, strict=True) if c] == [date(2017, 2, 3)]
    # the same days are drawn: the weeks open do not depend on the search
    assert len(series.dates) == 21


def test_the_rows_of_a_day_are_the_view_s_records_declined_then(two_weeks_apart):
    view = two_weeks_apart.records.query(Query())
    series = two_weeks_apart.declines_per_day(view)
    rows = series.rows(view, series.dates.index(date(2017, 1, 30)))
    assert rows.total == 3
    assert set(rows.frame.get_column(schema.DETAINER_DECLINED)) == {date(2017, 1, 30)}
    searched = two_weeks_apart.records.query(Query(search="cook"))
    assert series.rows(searched, series.dates.index(date(2017, 1, 30))).total == 0


def test_issued_per_month_fills_the_months_between_and_leaves_out_missing_dates():
    declined = WEEK1[1]
    records = [
        record(declined, issued=date(2016, 10, 31)),
        record(declined, issued=date(2016, 10, 1)),
        record(declined, issued=date(2017, 1, 15)),
        record(declined, issued=None),
    ]
    dataset = Dataset([report(WEEK1, records)])
    series = dataset.issued_per_month(dataset.records.query(Query()))
    assert series.title == "Detainers issued per month"
    assert series.dates == (
        date(2016, 10, 1),
        date(2016, 11, 1),
        date(2016, 12, 1),
        date(2017, 1, 1),
    )
    assert series.counts == (2, 0, 0, 1)
    assert (series.records, series.undated) == (3, 1)
    assert series.label(0) == "Oct 2016"
    assert series.table.export.columns == [MONTH, COUNT]
    view = dataset.records.query(Query())
    assert series.rows(view, 0).total == 2  # Oct 1 and Oct 31 both


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "0"),
        (1, "1–7"),
        (7, "1–7"),
        (8, "8–30"),
        (30, "8–30"),
        (31, "31–90"),
        (90, "31–90"),
        (91, "91–365"),
        (365, "91–365"),
        (366, "1–2 years"),
        (730, "1–2 years"),
        (731, "2–5 years"),
        (1825, "2–5 years"),
        (1826, "over 5 years"),
        (2529, "over 5 years"),
    ],
)
def test_each_number_of_days_falls_in_its_bin(days: int, expected: str):
    declined = WEEK1[1]
    dataset = Dataset([report(WEEK1, [record(declined, declined - timedelta(days=days))])])
    table = dataset.days_histogram(dataset.records.query(Query()))
    counts = dict(zip(table.frame[DAYS_BIN], table.frame[COUNT], strict=True))
    assert counts == {b.label: int(b.label == expected) for b in BINS}


def test_days_histogram_lists_every_bin_and_the_records_no_bin_holds():
    declined = WEEK1[1]
    days = [0, 0, 3, 45, 400, 400, 400, -2]
    records = [record(declined, declined - timedelta(days=d)) for d in days]
    records.append(record(declined, issued=None))
    dataset = Dataset([report(WEEK1, records)])
    table = dataset.days_histogram(dataset.records.query(Query()))
    assert table.frame[DAYS_BIN].to_list() == [
        "0",
        "1–7",
        "8–30",
        "31–90",
        "91–365",
        "1–2 years",
        "2–5 years",
        "over 5 years",
        BEFORE_ISSUED_BIN,
        NO_DATE_BIN,
    ]
    assert table.frame[COUNT].to_list() == [2, 1, 0, 1, 0, 3, 0, 0, 1, 1]
    assert table.display_frame[SHARE].str.strip_chars().to_list()[:2] == ["22.2%", "11.1%"]
    export = table.export
    assert export.columns == [DAYS_BIN, FROM_DAYS, TO_DAYS, COUNT, SHARE]
    assert export.row(5, named=True) == {
        DAYS_BIN: "1–2 years",
        FROM_DAYS: 366,
        TO_DAYS: 730,
        COUNT: 3,
        SHARE: pytest.approx(100 * 3 / 9),
    }
    assert export.row(7, named=True)[TO_DAYS] is None  # over 5 years: no upper end
    # the rows of a bin, and of the lines for records no bin holds
    view = dataset.records.query(Query())
    assert dataset.days_bin_rows(view, "1–2 years").total == 3
    assert dataset.days_bin_rows(view, BEFORE_ISSUED_BIN).frame[DAYS].to_list() == [-2]
    assert dataset.days_bin_rows(view, NO_DATE_BIN).total == 1


def test_charts_of_the_samples_agree_with_their_expected_tables(sample_reports: list[Report]):
    dataset = Dataset(sample_reports)
    records = [row for r in sample_reports for row in r.records.iter_rows(named=True)]
    view = dataset.records.query(Query())
    series = dataset.declines_per_day(view)
    per_day = Counter(r[schema.DETAINER_DECLINED] for r in records)
    assert {d: c for d, c in zip(series.dates, series.counts, strict=True) if c} == per_day
    # every day of the three weeks, from the first week's start to the last one's end
    starts = sorted(r.reports.item(0, schema.REPORT_START) for r in sample_reports)
    ends = sorted(r.reports.item(0, schema.REPORT_END) for r in sample_reports)
    assert series.dates[0] == starts[0] and series.dates[-1] == ends[-1]
    assert len(series.weeks) == len(sample_reports)
    busiest = max(per_day.values())
    assert series.counts[series.busiest(1)[0]] == busiest

    per_month = Counter(r[schema.DETAINER_ISSUED].replace(day=1) for r in records)
    months = dataset.issued_per_month(view)
    assert {d: c for d, c in zip(months.dates, months.counts, strict=True) if c} == per_month

    def bin_of(days: int) -> str:
        return next(b.label for b in BINS if b.low <= days and (b.high is None or days <= b.high))

    per_bin = Counter(
        bin_of((r[schema.DETAINER_DECLINED] - r[schema.DETAINER_ISSUED]).days) for r in records
    )
    table = dataset.days_histogram(view)
    assert dict(zip(table.frame[DAYS_BIN], table.frame[COUNT], strict=True)) == {
        b.label: per_bin[b.label] for b in BINS
    }


def test_week_over_week_trend_is_drawn_per_row_unless_one_scale_is_asked():
    d = date(2016, 12, 1)

    def week(period, travis: int, philadelphia: int):
        return report(
            period,
            [record(period[1])] * travis
            + [("PA", "Philadelphia", "Mexico", [], d, period[1])] * philadelphia,
            name=f"{period[0]}.pdf",
        )

    dataset = Dataset([week(WEEK1, 143, 2), week(WEEK2, 20, 3), week(WEEK3, 30, 7)])
    source = ranking_source("jurisdiction")
    per_row = dataset.week_over_week(source)
    trend = dict(zip(per_row.frame[schema.JURISDICTION], per_row.frame["trend"], strict=True))
    # each row on its own scale: 2, 3, 7 of 7 eighths-blocks rounded up; 143, 20, 30 of 143
    assert trend == {"Philadelphia": "▃▄█", "Travis County": "█▂▂"}
    shared = dataset.week_over_week(source, shared_scale=True)
    trend = dict(zip(shared.frame[schema.JURISDICTION], shared.frame["trend"], strict=True))
    assert trend == {"Philadelphia": "▁▁▁", "Travis County": "█▂▂"}
