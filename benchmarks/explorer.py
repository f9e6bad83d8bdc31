"""How quickly the explorer paints, searches and sorts a records table of 1k, 100k and 1M rows,
and how quickly the analyst's views are worked out over them.

    .venv/bin/python benchmarks/explorer.py [ROWS ...]

For each size it builds a synthetic report, runs the app headless at 120x40 on the Records
pane, and prints:

- first paint: from creating the app until the records table is drawn with its rows;
- search: from a search being typed until the table holds its result and has drawn its
  visible rows (the dataset query runs in a worker thread), median of a few searches;
- sort: likewise for sorting by a column, median of a few;
- and, for comparison, the dataset query alone (no terminal) for the same search and sort.

The baseline, measured in the same run, is the first paint of a bare Textual app showing
one line of text at the same size; first paint is also printed as a ratio to it.

Then, for the same sizes split over four weekly reports, the dataset work of each analyst view
(no terminal), median of a few runs: the frequency of a text, a list and a date column (over
every record, and over a search's rows), week over week by jurisdiction and by offence, and a
grouped SQL query, and the charts' series (declines per day, issued per month, days to
decline in bins). Each is printed against the same run's baseline: Polars itself counting
the records by jurisdiction (``group_by().len()`` on the combined frame), the least any count
over the rows can cost. The goal is under 200 ms each at a million rows. Last, in the app:
from ``F`` to the frequency drawn on screen, and from ``t``, ``i`` and ``H`` to each chart
drawn (the same 200 ms goal, key to drawn).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from datetime import date, timedelta

import polars as pl
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from detainer_tui import schema
from detainer_tui.dataset import Dataset, Query, Sort, View, ranking_source
from detainer_tui.explorer.app import DetainerApp
from detainer_tui.explorer.panes.base import TablePane
from detainer_tui.explorer.screens.main import MainScreen
from detainer_tui.report import Report

SIZES = (1_000, 100_000, 1_000_000)
SEARCHES = ("county 12", "mexico", "dona ana", "traffic")
SORTS = (
    Sort(schema.JURISDICTION),
    Sort(schema.FACILITY, descending=True),
    Sort(schema.DETAINER_ISSUED),
)
START, END = date(2017, 1, 28), date(2017, 2, 3)
STATES = ["TX", "CA", "NY", "NM", "IL", "FL", "WA", "OR", "NV", "MD"]
COUNTRIES = ["Mexico", "Guatemala", "Honduras", "El Salvador", "Korea, South", "Cuba"]
OFFENCES = ["Assault", "Dangerous Drugs", "Traffic Offense", "Burglary", "Larceny"]


def synthetic_report(rows: int, start: date = START, seed: int = 0) -> Report:
    """A report with ``rows`` declined detainers over 3,000 jurisdictions (deterministic),
    for the week from ``start``; ``seed`` varies the rows between weeks."""
    end = start + timedelta(days=6)
    jurisdictions = pl.Series(
        [f"Jurisdiction {i} County" for i in range(2999)] + ["Doña Ana County"]
    )
    index = pl.int_range(0, rows, eager=True)
    # Row 0 is in the last jurisdiction, whatever Polars' hash gives the others: the filters
    # benchmark looks for it.
    frame = pl.DataFrame({"i": index}).with_columns(
        j=pl.when(pl.col("i") == 0)
        .then(jurisdictions.len() - 1)
        .otherwise(pl.col("i").hash(1 + seed) % jurisdictions.len())
        .cast(pl.Int64),
        c=(pl.col("i").hash(2 + seed) % len(COUNTRIES)).cast(pl.Int64),
        o=(pl.col("i").hash(3 + seed) % len(OFFENCES)).cast(pl.Int64),
        k=(pl.col("i").hash(4 + seed) % 3).cast(pl.Int64),
        d=(pl.col("i").hash(5 + seed) % 700).cast(pl.Int64),
    )
    offence = dict(enumerate(OFFENCES))
    records = frame.select(
        pl.lit(start).alias(schema.REPORT_START),
        pl.lit(end).alias(schema.REPORT_END),
        (pl.col("j") % len(STATES)).replace_strict(dict(enumerate(STATES))).alias(schema.STATE),
        pl.col("j").replace_strict(dict(enumerate(jurisdictions))).alias(schema.JURISDICTION),
        pl.format("Facility {} Detention Center", pl.col("j") * 2 + pl.col("k") % 2).alias(
            schema.FACILITY
        ),
        pl.col("c").replace_strict(dict(enumerate(COUNTRIES))).alias(schema.CITIZENSHIP),
        pl.concat_list(
            pl.col("o").replace_strict(offence),
            ((pl.col("o") + 1) % len(OFFENCES)).replace_strict(offence),
        )
        .list.head(pl.col("k"))
        .alias(schema.CRIMINAL_ACTIVITY),
        (pl.lit(date(2015, 3, 1)) + pl.duration(days=pl.col("d"))).alias(schema.DETAINER_ISSUED),
        (pl.lit(start) + pl.duration(days=pl.col("i").hash(6 + seed) % 7)).alias(
            schema.DETAINER_DECLINED
        ),
        (pl.col("i") // 40 + 1).alias(schema.SOURCE_PAGE),
        pl.lit(f"{seed:064d}").alias(schema.SHA256),
    )
    reports = pl.DataFrame(
        [
            (
                f"synthetic-{start}.pdf",
                f"{seed:064d}",
                start,
                end,
                rows // 40 + 1,
                rows,
                rows,
                schema.PARSER_VERSION,
                True,
            )
        ],
        schema=schema.REPORTS,
        orient="row",
    )
    return Report(
        reports=reports,
        rankings=schema.empty(schema.RANKINGS),
        records=schema.conform(records, schema.RECORDS),
        policies=schema.empty(schema.POLICIES),
    )


async def _settle(app: DetainerApp, pilot: Pilot) -> None:
    while any(not w.is_finished for w in app.workers):
        await asyncio.sleep(0.002)
    await pilot.pause()


async def _until_shown(pane: TablePane, before: View | None) -> float:
    """Wait until ``pane`` shows a new view, draw its visible rows; when that was done."""
    while pane.view is before:
        await asyncio.sleep(0.001)
    table = pane.table
    # What the next screen refresh would do: draw every visible line of the table.
    table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return time.perf_counter()


async def records_ready(app: DetainerApp, pilot: Pilot) -> TablePane:
    """The Records pane of ``app`` (opened on it), once its rows are drawn and the search
    text, built in the background after that, is ready: what is measured next is the key
    alone."""
    screen = app.default_screen
    assert isinstance(screen, MainScreen)
    pane = screen.pane("records")
    await _until_shown(pane, None)
    await _settle(app, pilot)
    await pilot.pause()
    await _settle(app, pilot)
    return pane


async def measure_app(report: Report) -> dict[str, float]:
    """First paint, then median search and sort latency (query plus redraw), in seconds."""
    started = time.perf_counter()
    app = DetainerApp(reports=[report], origin="benchmark", pane="records")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.default_screen
        assert isinstance(screen, MainScreen)
        while not screen.is_mounted:
            await asyncio.sleep(0.001)
        pane = screen.pane("records")
        first_paint = await _until_shown(pane, None) - started
        await _settle(app, pilot)  # the search text is built in the background

        searches = []
        for needle in SEARCHES:
            before, began = pane.view, time.perf_counter()
            pane.search(needle)
            searches.append(await _until_shown(pane, before) - began)
        pane.search("")
        await _settle(app, pilot)

        sorts = []
        for sort in SORTS:
            before, began = pane.view, time.perf_counter()
            pane.set_query(Query(sort=sort), keep_cursor=True)
            sorts.append(await _until_shown(pane, before) - began)
    return {
        "first_paint": first_paint,
        "search": statistics.median(searches),
        "sort": statistics.median(sorts),
    }


class _BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("baseline")


async def measure_bare_app() -> float:
    """First paint of a bare Textual app at the same size: the floor for ours."""
    started = time.perf_counter()
    app = _BareApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.query_one(Static).render_lines(Region(0, 0, 120, 1))
        return time.perf_counter() - started


def measure_dataset(report: Report) -> dict[str, float]:
    """The same search and sort, in the dataset layer alone."""
    table = Dataset([report]).records
    table.search_text()
    searches, sorts = [], []
    for needle in SEARCHES:
        began = time.perf_counter()
        table.query(Query(search=needle))
        searches.append(time.perf_counter() - began)
    for sort in SORTS:
        began = time.perf_counter()
        table.query(Query(sort=sort))
        sorts.append(time.perf_counter() - began)
    return {"search": statistics.median(searches), "sort": statistics.median(sorts)}


WEEKS = 4
ANALYST_QUERY = (
    "SELECT state, jurisdiction, count(*) AS declined, median(days) AS days FROM records "
    "GROUP BY state, jurisdiction ORDER BY declined DESC"
)


def weekly_dataset(rows: int) -> Dataset:
    """``rows`` declined detainers over ``WEEKS`` consecutive weekly reports."""
    reports = [
        synthetic_report(rows // WEEKS, START + timedelta(days=7 * week), seed=week)
        for week in range(WEEKS)
    ]
    return Dataset(reports)


def _median_ms(work, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def measure_views(dataset: Dataset) -> dict[str, float]:
    """The dataset work of each analyst view, in milliseconds (median of a few runs)."""
    records = dataset.records
    records.search_text()
    every = records.query(Query())
    searched = records.query(Query(search="mexico"))
    combined = dataset.combined_records
    dataset.query_tables  # noqa: B018 - built once, as the first query would
    return {
        "baseline: polars group_by().len()": _median_ms(
            lambda: combined.group_by(schema.JURISDICTION).len()
        ),
        "frequency, jurisdiction": _median_ms(
            lambda: dataset.frequency(every, schema.JURISDICTION)
        ),
        "frequency, offences (list)": _median_ms(
            lambda: dataset.frequency(every, schema.CRIMINAL_ACTIVITY)
        ),
        "frequency, issued (date)": _median_ms(
            lambda: dataset.frequency(every, schema.DETAINER_ISSUED)
        ),
        "frequency, jurisdiction, /mexico": _median_ms(
            lambda: dataset.frequency(searched, schema.JURISDICTION)
        ),
        "week over week, jurisdiction": _median_ms(
            lambda: dataset.week_over_week(ranking_source("jurisdiction"))
        ),
        "week over week, offence": _median_ms(
            lambda: dataset.week_over_week(ranking_source("offence"))
        ),
        "grouped query": _median_ms(lambda: dataset.sql(ANALYST_QUERY)),
        "chart: declines per day": _median_ms(lambda: dataset.declines_per_day(every)),
        "chart: declines per day, /mexico": _median_ms(lambda: dataset.declines_per_day(searched)),
        "chart: issued per month": _median_ms(lambda: dataset.issued_per_month(every)),
        "chart: days to decline": _median_ms(lambda: dataset.days_histogram(every)),
        "chart: days to decline, /mexico": _median_ms(lambda: dataset.days_histogram(searched)),
    }


async def measure_frequency_in_app(dataset: Dataset) -> float:
    """From F on the Records pane's jurisdiction column until the frequency is drawn."""
    from detainer_tui.explorer.screens.table import TableScreen

    app = DetainerApp(reports=dataset.reports, origin="benchmark", pane="records")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await records_ready(app, pilot)
        assert pane.view is not None
        pane.table.move_cursor(column=pane.view.table.columns.index(schema.JURISDICTION))
        began = time.perf_counter()
        # Posted rather than pressed: Pilot.press also waits for the app to go idle.
        app.post_message(events.Key("F", "F"))
        while not isinstance(app.screen, TableScreen):
            await asyncio.sleep(0.001)
        return await _until_shown(app.screen.current_pane, None) - began


async def measure_charts_in_app(dataset: Dataset) -> dict[str, float]:
    """From ``t`` (then ``i``, then ``H``) on the Records pane until the chart is drawn, in
    milliseconds: the chart's lines drawn, or the table of bins with its visible rows."""
    from detainer_tui.explorer.screens.chart import ChartScreen
    from detainer_tui.explorer.screens.table import TableScreen
    from detainer_tui.explorer.widgets.column_chart import ColumnChart

    app = DetainerApp(reports=dataset.reports, origin="benchmark", pane="records")
    timings: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await records_ready(app, pilot)
        screen = app.default_screen

        async def drawn_chart(began: float, switched: object = None) -> float:
            while not isinstance(app.screen, ChartScreen) or app.screen.series is switched:
                await asyncio.sleep(0.001)
            chart = app.screen.query_one(ColumnChart)
            while not chart.size.width:
                await asyncio.sleep(0.001)
            chart.render_lines(Region(0, 0, chart.size.width, chart.size.height))
            return (time.perf_counter() - began) * 1000

        began = time.perf_counter()
        # Posted rather than pressed: Pilot.press also waits for the app to go idle.
        app.post_message(events.Key("t", "t"))
        timings["t to declines per day drawn"] = await drawn_chart(began)
        assert isinstance(app.screen, ChartScreen)
        before = app.screen.series
        began = time.perf_counter()
        app.post_message(events.Key("i", "i"))
        timings["i to issued per month drawn"] = await drawn_chart(began, before)
        app.screen.dismiss()
        while app.screen is not screen:
            await asyncio.sleep(0.001)
        await _settle(app, pilot)
        began = time.perf_counter()
        app.post_message(events.Key("H", "H"))
        while not isinstance(app.screen, TableScreen):
            await asyncio.sleep(0.001)
        timings["H to days to decline drawn"] = (
            await _until_shown(app.screen.current_pane, None) - began
        ) * 1000
    return timings


async def cpu_per_key(app: App[None], keys: list[str], size: tuple[int, int]) -> float:
    """CPU seconds the app spends on each of ``keys`` (Pilot waits until it is handled)."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if isinstance(app, DetainerApp):
            await _settle(app, pilot)
        began = time.process_time()
        for key in keys:
            await pilot.press(key)
        if isinstance(app, DetainerApp):
            await _settle(app, pilot)
        return (time.process_time() - began) / len(keys)


def measure_keys(report: Report) -> None:
    """CPU per key press at 80x24: the cursor one row down, and a pane switch; the baseline
    is a bare Textual app given a key it does not bind."""
    moves = ["j"] * 40
    switches = ["2", "1"] * 20
    bare = cpu_per_key(_BareApp(), moves, (80, 24))
    floor = asyncio.run(bare)
    print(f"keys at 80x24, CPU per key (median of 3; baseline: a bare app, {floor * 1000:.1f}ms)")
    for name, keys in (("cursor down (j)", moves), ("pane switch (2, 1)", switches)):
        runs = [
            asyncio.run(
                cpu_per_key(DetainerApp(reports=[report], origin="benchmark"), keys, (80, 24))
            )
            for _ in range(3)
        ]
        per_key = statistics.median(runs)
        print(f"    {name:<36} {per_key * 1000:>7.1f}ms  {per_key / floor:>5.1f}x baseline")


def main(argv: list[str]) -> int:
    sizes = [int(a.replace("_", "")) for a in argv] or list(SIZES)
    bare = statistics.median(asyncio.run(measure_bare_app()) for _ in range(3))
    print(f"baseline: bare Textual app first paint {bare * 1000:.0f}ms")
    print(f"{'rows':>10}  {'first paint':>11}  {'ratio':>5}  {'search':>8}  {'sort':>8}", end="")
    print(f"  {'query only: search':>18}  {'sort':>6}")
    for rows in sizes:
        report = synthetic_report(rows)
        app = asyncio.run(measure_app(report))
        data = measure_dataset(report)
        print(
            f"{rows:>10,}  {app['first_paint'] * 1000:>9.0f}ms  {app['first_paint'] / bare:>5.1f}"
            f"  {app['search'] * 1000:>6.0f}ms"
            f"  {app['sort'] * 1000:>6.0f}ms  {data['search'] * 1000:>16.0f}ms"
            f"  {data['sort'] * 1000:>4.0f}ms",
            flush=True,
        )
    print()
    print(f"analyst views, dataset work only, {WEEKS} weekly reports (median of 5 runs)")
    for rows in sizes:
        dataset = weekly_dataset(rows)
        views = measure_views(dataset)
        floor = next(iter(views.values()))
        print(f"{rows:>10,} rows")
        for name, ms in views.items():
            print(f"    {name:<36} {ms:>7.1f}ms  {ms / floor:>5.1f}x baseline", flush=True)
        in_app = asyncio.run(measure_frequency_in_app(dataset)) * 1000
        print(f"    {'in the app: F to frequency drawn':<36} {in_app:>7.1f}ms", flush=True)
        for name, ms in asyncio.run(measure_charts_in_app(dataset)).items():
            print(f"    {'in the app: ' + name:<36} {ms:>7.1f}ms", flush=True)
    print()
    measure_keys(synthetic_report(1_000))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
