"""How quickly column filters narrow a records table of 1M rows, alone and chained, against
Polars filtering the same frame with the same conditions written by hand.

    .venv/bin/python benchmarks/filters.py [ROWS ...]

For each size (default 1M) it builds the synthetic records of ``benchmarks/explorer.py`` and
prints, median of a few runs:

- each kind of filter as the filter line reads it (text ignoring case and accents, a list of
  states, a number comparison, a date range, an offence in the list column, not empty), in
  the dataset layer (``Table.query``), beside Polars filtering the table's frame with a plain
  expression and taking the row numbers, as the query does;
- the first use of a text filter on a column, which also folds the column's distinct values
  once, and of a filter on the offences, which flattens the lists once (later filters on
  that column reuse them);
- a chain of three (``State = TX › Days > 365 › Offences has Assault``), and its baseline;
- in the app at 120x40: from ``=`` pressed on the State column to the filtered rows drawn,
  beside ``s`` (a sort of the rows it leaves) in the same app.

The goal: a column filter at most 100 ms, a chain of three at most 150 ms, at 1M records.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from datetime import date

import polars as pl
from explorer import _settle, _until_shown, records_ready, synthetic_report
from textual import events

from detainer_tui import schema
from detainer_tui.dataset import (
    DAYS,
    OFFENCE_LIST,
    ROW,
    Dataset,
    Query,
    Table,
    parse_filter,
)
from detainer_tui.dataset.filters import folded_values
from detainer_tui.explorer.app import DetainerApp
from detainer_tui.report import Report

SIZES = (1_000_000,)
RUNS = 7

FILTERS: tuple[tuple[str, str, str, pl.Expr], ...] = (
    # name, column, what is typed, the same condition written for Polars
    ("text: Jurisdiction = dona ana county", schema.JURISDICTION, "dona ana county",
     pl.col(schema.JURISDICTION) == "Doña Ana County"),
    ("list of values: State = TX, CA", schema.STATE, "TX, CA",
     pl.col(schema.STATE).is_in(["TX", "CA"])),
    ("number: Days > 365", DAYS, "> 365", pl.col(DAYS) > 365),
    ("date range: Issued 2016-01-01..2016-06-30", schema.DETAINER_ISSUED,
     "2016-01-01..2016-06-30",
     pl.col(schema.DETAINER_ISSUED).is_between(date(2016, 1, 1), date(2016, 6, 30))),
    ("offence: Offences has assault", schema.CRIMINAL_ACTIVITY, "assault",
     pl.col(OFFENCE_LIST).list.contains("Assault")),
    ("Facility not empty", schema.FACILITY, "not empty",
     pl.col(schema.FACILITY).is_not_null() & (pl.col(schema.FACILITY) != "")),
)  # fmt: skip

CHAIN = ((schema.STATE, "TX"), (DAYS, "> 365"), (schema.CRIMINAL_ACTIVITY, "Assault"))
CHAIN_BASELINE = (
    (pl.col(schema.STATE) == "TX")
    & (pl.col(DAYS) > 365)
    & pl.col(OFFENCE_LIST).list.contains("Assault")
)


def _median_ms(work, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def _polars(table: Table, condition: pl.Expr) -> pl.Series:
    """The baseline: Polars filtering the table's frame, taking the row numbers."""
    return table.frame.lazy().filter(condition).select(ROW).collect().get_column(ROW)


def _line(name: str, ms: float, floor: float, goal: float) -> str:
    verdict = "ok" if ms <= goal else f"over {goal:.0f}ms"
    return f"    {name:<44} {ms:>7.1f}ms  polars {floor:>6.1f}ms  {ms / floor:>5.1f}x  {verdict}"


def measure_dataset(report: Report) -> None:
    table = Dataset([report]).records
    for name, column, typed in (
        ("first text filter on a column (folds it)", schema.CITIZENSHIP, "mexico"),
        ("first offence filter (flattens the lists)", schema.CRIMINAL_ACTIVITY, "larceny"),
    ):
        began = time.perf_counter()
        count = table.query(Query(chain=(parse_filter(table, column, typed),))).count
        first_ms = (time.perf_counter() - began) * 1000
        print(f"    {name:<44} {first_ms:>7.1f}ms  ({count:,} rows)")
    for name, column, typed, condition in FILTERS:
        query = Query(chain=(parse_filter(table, column, typed),))
        shown = table.query(query)
        assert shown.count == _polars(table, condition).len(), name
        ms = _median_ms(lambda q=query: table.query(q))
        floor = _median_ms(lambda c=condition: _polars(table, c))
        print(_line(name, ms, floor, 100), flush=True)
    chain = Query(chain=tuple(parse_filter(table, c, typed) for c, typed in CHAIN))
    assert table.query(chain).count == _polars(table, CHAIN_BASELINE).len()
    ms = _median_ms(lambda: table.query(chain))
    floor = _median_ms(lambda: _polars(table, CHAIN_BASELINE))
    print(_line("chain of three: TX › Days > 365 › assault", ms, floor, 150), flush=True)
    parse = _median_ms(lambda: [parse_filter(table, c, t) for c, t in CHAIN])
    print(f"    {'reading the three typed filters':<44} {parse:>7.1f}ms")
    assert folded_values(table, schema.STATE).height > 0


async def measure_in_app(report: Report) -> tuple[float, float]:
    """From = on the State column until the filtered rows are drawn; and, for comparison,
    from s (sort by that column) until the sorted rows are drawn."""
    app = DetainerApp(reports=[report], origin="benchmark", pane="records")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await records_ready(app, pilot)
        timings = []
        for key, character in (("equals_sign", "="), ("s", "s")):
            before, began = pane.view, time.perf_counter()
            app.post_message(events.Key(key, character))
            timings.append(await _until_shown(pane, before) - began)
            await _settle(app, pilot)
        return timings[0], timings[1]


def main(argv: list[str]) -> int:
    sizes = [int(a.replace("_", "")) for a in argv] or list(SIZES)
    for rows in sizes:
        report = synthetic_report(rows)
        print(f"{rows:,} records: dataset query (median of {RUNS}) against Polars alone")
        measure_dataset(report)
        equals, sort = asyncio.run(measure_in_app(report))
        name = "in the app: = to filtered rows drawn"
        print(f"    {name:<44} {equals * 1000:>7.1f}ms  (s, a sort: {sort * 1000:.1f}ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
