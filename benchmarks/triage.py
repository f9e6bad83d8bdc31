"""Marks and notes at a million records: toggling a mark, "marked only", and two processes
writing to one triage database at once.

    .venv/bin/python benchmarks/triage.py [ROWS]

Builds a synthetic records table of ROWS rows (default 1,000,000; ``explorer.py``'s report),
opens a fresh triage database in a temporary folder and prints, each beside a baseline
measured in the same run:

- joining the marks onto the table (what a start with 1,000 marks, or another analyst's
  change, costs; in the background), against Polars joining the same 1,000 rows by one
  integer column;
- reading the 1,000 marks from the database, as every start does before its first paint
  (median of 5), against SQLite fetching their rows;
- toggling a mark: from the key to the table showing it, the SQLite write (its own
  transaction, committed) included, median of 50 rows; the goal is 20 ms. Baselines: the
  SQLite write alone (one row upserted in its own transaction) and Polars changing one value
  of a million-row column;
- "marked only" (the rows marked, as the pane asks for them), median of 10; the goal is
  100 ms; against Polars filtering a million-row boolean column;
- in the app at 120x40 on the Records pane: from ``space`` to the table drawn with the mark
  (the key's whole cost, the SQLite write included), median of 20; every key's goal is
  100 ms; against ``j`` (the cursor moving down one row) measured the same way;
- two processes each writing 1,000 marks and notes to one database at the same moment: the
  rows and log entries found afterwards (exactly 2,000 each: none lost) and the time taken,
  against one process writing the 2,000 alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from explorer import synthetic_report  # noqa: E402

from detainer_tui.dataset import Dataset, Drill, Query  # noqa: E402
from detainer_tui.dataset.triage import MARK, MARK_SIGN, Triage  # noqa: E402
from detainer_tui.explorer.app import DetainerApp  # noqa: E402
from detainer_tui.explorer.screens.main import MainScreen  # noqa: E402
from detainer_tui.store.triage import RowRef, TriageStore  # noqa: E402

WRITES = 1_000


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def writer(path: str, name: str, count: int, start: multiprocessing.synchronize.Event) -> None:
    """One analyst's process: ``count`` marks, each with a note, as fast as it can."""
    store = TriageStore.open(Path(path))
    start.wait()
    for number in range(count):
        key = f"{name}-{number}"
        ref = RowRef(key, "records", {"n": number, "by": name}, {"n": number})
        store.set_mark(ref, True)
        store.set_note(ref, f"note {number} from {name}")
    store.close()


def two_writers(path: Path) -> tuple[float, int, int]:
    """Two processes writing ``WRITES`` marks and notes each at once: seconds, rows, log."""
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    processes = [
        context.Process(target=writer, args=(str(path), name, WRITES, start))
        for name in ("alice", "bob")
    ]
    for process in processes:
        process.start()
    time.sleep(1.0)  # both have opened the database and wait
    began = time.perf_counter()
    start.set()
    for process in processes:
        process.join(timeout=300)
    took = time.perf_counter() - began
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT count(*) FROM marks WHERE marked = 1 AND note IS NOT NULL"
        ).fetchone()[0]
        events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    return took, rows, events


def one_writer(path: Path) -> float:
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    process = context.Process(target=writer, args=(str(path), "solo", 2 * WRITES, start))
    process.start()
    time.sleep(1.0)
    began = time.perf_counter()
    start.set()
    process.join(timeout=300)
    return time.perf_counter() - began


async def keys_in_app(dataset: Dataset, path: Path) -> tuple[float, float]:
    """Median seconds from ``space`` (and from ``j``) to the table drawn again."""
    from textual import events
    from textual.geometry import Region

    app = DetainerApp(dataset=dataset, pane="records", triage=Triage.open(path), fresh=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.default_screen
        assert isinstance(screen, MainScreen)
        pane = screen.pane("records")
        while pane.view is None or any(not w.is_finished for w in app.workers):
            await asyncio.sleep(0.005)
        await pilot.pause()

        async def timed_key(key: str, changed: Callable[[], bool]) -> float:
            began = time.perf_counter()
            app.post_message(events.Key(key, " " if key == "space" else key))
            while not changed():
                await asyncio.sleep(0.0005)
            table = pane.table
            table.render_lines(Region(0, 0, table.size.width, table.size.height))
            return time.perf_counter() - began

        spaces, moves = [], []
        for _ in range(20):
            view = pane.view
            spaces.append(await timed_key("space", lambda view=view: pane.view is not view))
            await pilot.pause()
            row = pane.table.cursor_row
            moves.append(await timed_key("j", lambda row=row: pane.table.cursor_row != row))
            await pilot.pause()
    return statistics.median(spaces), statistics.median(moves)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    folder = Path(tempfile.mkdtemp(prefix="triage-bench-"))
    print(f"triage at {rows:,} records (database in {folder})")
    dataset = Dataset([synthetic_report(rows)])
    records = dataset.records
    records.widths()  # measured once when the pane first shows the table, marks or not
    triage = Triage.open(folder / "triage.sqlite")
    table = triage.annotate(records)
    rng = random.Random(1)

    # 1,000 marks, as a start finds them.
    for row_number in rng.sample(range(rows), WRITES):
        table, _ = triage.toggle_mark(table, table.row(row_number), dataset.report_infos)
    fresh = Triage.open(folder / "triage.sqlite")
    joined = timed(lambda: fresh.annotate(records))
    ids = pl.DataFrame({"i": rng.sample(range(rows), WRITES)}, schema={"i": pl.UInt32})
    join_base = timed(lambda: records.frame.join(ids, left_on="_row", right_on="i", how="semi"))
    print(
        f"  join {WRITES:,} marks onto the table {ms(joined)}   "
        f"(Polars semi-join of {WRITES:,} rows by an integer: {ms(join_base)})"
    )

    # Reading them, as every start does before its first paint.
    def fetch() -> None:
        with contextlib.closing(sqlite3.connect(folder / "triage.sqlite")) as db:
            db.execute("SELECT * FROM marks").fetchall()

    opened = statistics.median(
        timed(lambda: Triage.open(folder / "triage.sqlite").close()) for _ in range(5)
    )
    fetched = statistics.median(timed(fetch) for _ in range(5))
    print(
        f"  read {WRITES:,} marks at start  {ms(opened)}   "
        f"(SQLite fetching their rows: {ms(fetched)})"
    )

    # Toggling: each a write of its own, then the table with the change.
    toggles = []
    for row_number in rng.sample(range(rows), 50):
        row = table.row(row_number)
        started = time.perf_counter()
        table, _ = triage.toggle_mark(table, row, dataset.report_infos)
        toggles.append(time.perf_counter() - started)
    store = TriageStore.open(folder / "baseline.sqlite")
    writes = []
    for number in range(50):
        ref = RowRef(f"k{number}", "records", {"n": number}, {"n": number})
        writes.append(timed(lambda ref=ref: store.set_mark(ref, True)))
    column = records.frame.get_column("state")
    scatter = statistics.median(
        timed(lambda n=n: column.clone().scatter([n], "XX")) for n in range(20)
    )
    print(
        f"  toggle a mark (median of 50)   {ms(statistics.median(toggles))}   goal 20 ms   "
        f"(SQLite write alone: {ms(statistics.median(writes))}; "
        f"Polars setting one value: {ms(scatter)})"
    )

    marked_only = Query(drill=Drill(((MARK, MARK_SIGN),), "marked"))
    filters = [timed(lambda: table.query(marked_only)) for _ in range(10)]
    count = table.query(marked_only).count
    flags = table.frame.get_column(MARK) == MARK_SIGN
    frame = table.frame.with_columns(flags.alias("_flag"))
    base = statistics.median(timed(lambda: frame.filter(pl.col("_flag"))) for _ in range(10))
    print(
        f"  marked only ({count:,} rows)    {ms(statistics.median(filters))}   goal 100 ms   "
        f"(Polars filtering a boolean column: {ms(base)})"
    )
    triage.close()
    fresh.close()
    store.close()

    space, move = asyncio.run(keys_in_app(dataset, folder / "triage.sqlite"))
    print(
        f"  space in the app (median of 20) {ms(space)}   goal 100 ms   "
        f"(j, the cursor down a row: {ms(move)})"
    )

    took, stored, events = two_writers(folder / "shared.sqlite")
    alone = one_writer(folder / "alone.sqlite")
    print(
        f"  two processes x {WRITES:,} marks and notes at once: {stored:,} rows marked and "
        f"noted, {events:,} log entries (expected {2 * WRITES:,} and "
        f"{4 * WRITES:,}), {took:.2f} s   (one process writing {2 * WRITES:,}: {alone:.2f} s)"
    )


if __name__ == "__main__":
    main()
