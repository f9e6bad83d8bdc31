"""The charts in the explorer, driven through Pilot on the sample reports: ``t`` declines per
day (``i`` issued per month), ``H`` days to decline, and week over week's trend scale (``a``).

Expected counts come from the samples' expected tables (``sample_reports``), counted here with
plain Python.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from pilot_waits import press, settle, type_text, wait_until
from test_explorer import SIZE, main, pilot_test
from test_explorer_analysis import counts, export_to, records, result, settle_view, shown

from detainer_tui import schema
from detainer_tui.dataset import BINS, DAYS_BIN, Dataset
from detainer_tui.explorer.app import DetainerApp
from detainer_tui.explorer.screens.chart import ChartScreen
from detainer_tui.explorer.widgets.column_chart import CURSOR_MARK, ColumnChart
from detainer_tui.report import Report


@pytest.fixture
def app(sample_dataset: Dataset) -> DetainerApp:
    return DetainerApp(dataset=sample_dataset, origin="bundled samples")


def chart(app: DetainerApp) -> ChartScreen:
    assert isinstance(app.screen, ChartScreen), type(app.screen).__name__
    return app.screen


def drawn(app: DetainerApp) -> str:
    """The chart's lines as drawn on screen."""
    return str(chart(app).query_one(ColumnChart).render())


def status(app: DetainerApp) -> str:
    return str(app.screen.query_one("#status").render())


def day_label(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


@pilot_test
async def test_t_charts_declines_per_day_and_enter_opens_a_day_s_records(
    app: DetainerApp, sample_reports: list[Report]
):
    per_day = Counter(r[schema.DETAINER_DECLINED] for r in records(sample_reports))
    busiest, most = per_day.most_common(1)[0]
    first = min(r.reports.item(0, schema.REPORT_START) for r in sample_reports)
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "2", "t")
        await settle(pilot)
        screen = chart(app)
        title = str(screen.query_one("#chart-title").render())
        assert title.startswith("Declines per day · Records: ")
        # the cursor starts on the busiest day, which is labelled with its date and count
        assert f"{day_label(busiest)} ({busiest:%a}): {most:,}" in status(app)
        legend = str(screen.query_one("#chart-busiest").render())
        assert legend.startswith(f"Busiest: {day_label(busiest)} {most:,}")
        lines = drawn(app).splitlines()
        assert lines[1].lstrip().startswith(f"{most:,} ┤")  # the scale's top
        assert any(CURSOR_MARK in line and "└" in line for line in lines)
        assert any("├" in line and "┤" in line for line in lines[-2:])  # the weeks marked

        await press(pilot, "g")
        assert f"{day_label(first)} ({first:%a}): {per_day[first]:,}" in status(app)
        await press(pilot, "right")
        second = date.fromordinal(first.toordinal() + 1)
        assert f"{day_label(second)} ({second:%a}): {per_day[second]:,}" in status(app)
        await press(pilot, "b")
        assert f"{day_label(busiest)} (" in status(app)

        await press(pilot, "enter")
        await settle_view(pilot)
        # the records shown, and one filter more: the day
        assert counts(app)[0] == most
        assert set(shown(app, schema.DETAINER_DECLINED)) == {busiest}
        chain = str(app.screen.query_one("#chain").render())
        assert chain == f"Declined = {busiest.isoformat()}"
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, ChartScreen)
        await press(pilot, "escape")
        await settle(pilot)
        assert app.screen is main(app)


@pilot_test
async def test_t_counts_the_rows_the_search_leaves(app: DetainerApp, sample_reports: list[Report]):
    travis = [r for r in records(sample_reports) if r[schema.JURISDICTION] == "Travis County"]
    busiest, most = Counter(r[schema.DETAINER_DECLINED] for r in travis).most_common(1)[0]
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "2", "slash")
        await type_text(pilot, "travis")
        await press(pilot, "enter")
        await settle_view(pilot)
        await press(pilot, "t")
        await settle(pilot)
        screen = chart(app)
        assert "/travis" in str(screen.query_one("#chart-title").render())
        assert f"{len(travis):,} records" in status(app)
        assert f"{day_label(busiest)} ({busiest:%a}): {most:,}" in status(app)


@pilot_test
async def test_i_switches_to_issued_per_month_and_e_exports_the_series(
    app: DetainerApp, sample_reports: list[Report], tmp_path: Path
):
    per_month = Counter(r[schema.DETAINER_ISSUED].replace(day=1) for r in records(sample_reports))
    month, most = per_month.most_common(1)[0]
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "2", "t", "i")
        await settle(pilot)
        assert status(app).startswith(f"Detainers issued per month · {month:%b %Y}: {most:,}")
        await export_to(pilot, tmp_path / "months.csv")
        written = pl.read_csv(tmp_path / "months.csv", try_parse_dates=True)
        assert written.columns == ["month", "count"]
        assert {r["month"]: r["count"] for r in written.iter_rows(named=True) if r["count"]} == (
            per_month
        )
        await press(pilot, "enter")  # the records of the busiest month
        await settle_view(pilot)
        assert counts(app)[0] == most
        await press(pilot, "escape")
        await settle(pilot)
        await press(pilot, "i")
        assert status(app).startswith("Declines per day · ")


@pilot_test
async def test_h_shows_days_to_decline_in_bins_and_enter_opens_a_bin(
    app: DetainerApp, sample_reports: list[Report]
):
    def bin_of(days: int) -> str:
        return next(b.label for b in BINS if b.low <= days and (b.high is None or days <= b.high))

    per_bin = Counter(
        bin_of((r[schema.DETAINER_DECLINED] - r[schema.DETAINER_ISSUED]).days)
        for r in records(sample_reports)
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "2", "H")
        await settle_view(pilot)
        screen = result(app)
        title = str(screen.query_one("#result-title").render())
        assert title.startswith("Days to decline of Records: ")
        assert shown(app, DAYS_BIN) == [b.label for b in BINS]
        assert dict(zip(shown(app, DAYS_BIN), shown(app, "count"), strict=True)) == {
            b.label: per_bin[b.label] for b in BINS
        }
        await press(pilot, "G", "enter")  # over 5 years
        await settle_view(pilot)
        over = per_bin["over 5 years"]
        assert counts(app)[0] == over
        assert min(int(d) for d in shown(app, "days")) > 5 * 365
        assert str(app.screen.query_one("#chain").render()).startswith("Days >= ")
        await press(pilot, "escape")
        await settle_view(pilot)
        assert shown(app, DAYS_BIN)[0] == "0"


@pilot_test
async def test_a_switches_week_over_week_trend_between_row_and_one_scale(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "v", "w")  # declined by jurisdiction, week over week
        await settle_view(pilot)
        screen = result(app)

        def title() -> str:
            return str(screen.query_one("#result-title").render())

        assert "trend: per-row scale" in title()
        assert "trend: per-row scale" in status(app)  # the title may be cut at 80 columns
        per_row = dict(zip(shown(app, schema.JURISDICTION), shown(app, "trend"), strict=True))
        await press(pilot, "a")
        await wait_until(lambda: "trend: one scale" in title(), "the title to say one scale")
        await wait_until(
            lambda: (
                dict(zip(shown(app, schema.JURISDICTION), shown(app, "trend"), strict=True))
                != per_row
            ),
            "the trend drawn on one scale",
        )
        shared = dict(zip(shown(app, schema.JURISDICTION), shown(app, "trend"), strict=True))
        # The status bar follows the rows once the screen has handled their message.
        await wait_until(lambda: "trend: one scale" in status(app), "the status to say so")
        # the largest week of all is full on both scales; a small row's own peak only on its own
        assert "█" in per_row["Travis County"] and "█" in shared["Travis County"]
        small = [j for j, t in shared.items() if "█" not in t.replace("·", "")]
        assert small and all("█" in per_row[j] for j in small if per_row[j].strip(" ·"))


@pilot_test
async def test_the_palette_opens_the_chart_of_the_records_from_another_pane(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        assert main(app).current_pane.pane_id == "rankings"
        await app.run_action("screen.declines_per_day", main(app))
        await settle(pilot)
        assert main(app).current_pane.pane_id == "records"
        assert status(app).startswith("Declines per day · ")
