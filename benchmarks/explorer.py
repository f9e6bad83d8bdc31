"""How quickly the explorer paints, searches and sorts a records table of 1k, 100k and 1M rows.

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
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from datetime import date

import polars as pl
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from detainer_tui import schema
from detainer_tui.dataset import Dataset, Query, Sort, View
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


def synthetic_report(rows: int) -> Report:
    """A report with ``rows`` declined detainers over 3,000 jurisdictions (deterministic)."""
    jurisdictions = pl.Series(
        [f"Jurisdiction {i} County" for i in range(2999)] + ["Doña Ana County"]
    )
    index = pl.int_range(0, rows, eager=True)
    frame = pl.DataFrame({"i": index}).with_columns(
        j=(pl.col("i").hash(1) % jurisdictions.len()).cast(pl.Int64),
        c=(pl.col("i").hash(2) % len(COUNTRIES)).cast(pl.Int64),
        o=(pl.col("i").hash(3) % len(OFFENCES)).cast(pl.Int64),
        k=(pl.col("i").hash(4) % 3).cast(pl.Int64),
        d=(pl.col("i").hash(5) % 700).cast(pl.Int64),
    )
    offence = dict(enumerate(OFFENCES))
    records = frame.select(
        pl.lit(START).alias(schema.REPORT_START),
        pl.lit(END).alias(schema.REPORT_END),
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
        pl.lit(END).alias(schema.DETAINER_DECLINED),
        (pl.col("i") // 40 + 1).alias(schema.SOURCE_PAGE),
    )
    reports = pl.DataFrame(
        [
            (
                "synthetic.pdf",
                "0" * 64,
                START,
                END,
                rows // 40 + 1,
                rows,
                rows,
                schema.PARSER_VERSION,
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
