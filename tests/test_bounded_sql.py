"""The query line's SQL in a worker process: a query that needs too much memory or time is
stopped with one line, nothing reaches the screen, and the next query runs."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from detainer_tui.dataset import Dataset
from detainer_tui.dataset.bounded_sql import QueryLimits, QueryRunner, QueryStopped
from detainer_tui.dataset.sql import QueryError

RUNAWAY = "SELECT a.state FROM records a, records b, records c ORDER BY a.days"
"""74 million rows of the samples, sorted: gigabytes."""
SLOW = "SELECT * FROM records a, records b"
"""177,241 rows of every column: a fraction of a second."""


@pytest.fixture
def runner():
    queries = QueryRunner(QueryLimits(memory_mb=256))
    yield queries
    queries.close()


def test_a_query_gives_what_it_gives_in_this_process(sample_dataset: Dataset, runner):
    tables = sample_dataset.sql_tables()
    for query in (
        "SELECT state, count(*) AS n FROM records GROUP BY state ORDER BY n DESC, state",
        "SELECT jurisdiction, criminal_activity FROM records WHERE state = 'TX' ORDER BY 1",
    ):
        worker, here = runner.run(tables, query), sample_dataset.sql(query)
        assert worker.export.equals(here.export) and worker.frame.equals(here.frame)


RUN_AWAY_IN_A_PROCESS = f"""
import threading
import polars as pl
from detainer_tui.dataset.bounded_sql import QueryLimits, QueryRunner
from detainer_tui.dataset.sql import QueryError

if __name__ == "__main__":
    threading.Thread(target=lambda: None).start()  # as the explorer, which runs threads
    states = ["TX", "CA", "NY", "IL", "OR", "WA", "AZ"]
    records = pl.DataFrame({{"state": [states[n % 7] for n in range(421)], "days": range(421)}})
    tables = {{"records": records}}
    runner = QueryRunner(QueryLimits(memory_mb=256))
    try:
        runner.run(tables, {RUNAWAY!r})
    except QueryError as error:
        print(error)
    print(runner.run(tables, "SELECT count(*) AS n FROM records").export.item())
    runner.close()
"""


def test_a_query_that_needs_too_much_memory_is_stopped_and_the_next_runs(tmp_path: Path):
    # In a process of its own, whose fork server (and so the worker) writes to the stderr
    # read here: Polars' panic and backtrace must go nowhere (in the explorer they would be
    # drawn over the screen).
    script = tmp_path / "runaway.py"
    script.write_text(RUN_AWAY_IN_A_PROCESS)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "The query needed more than 256 MB of memory and was stopped: narrow it with WHERE, "
        "a join's ON, GROUP BY or LIMIT",
        "421",
    ]
    assert done.stderr == ""


def test_a_query_that_runs_too_long_is_stopped(sample_dataset: Dataset):
    runner = QueryRunner(QueryLimits(seconds=0.05))
    try:
        tables = sample_dataset.sql_tables()
        runner.prepare()  # the worker's own start is not the query's time
        with pytest.raises(QueryError, match=r"^The query ran longer than 0.05 s and was "):
            runner.run(tables, SLOW)
        assert runner.run(tables, "SELECT count(*) AS n FROM policies").total == 1
    finally:
        runner.close()


def test_a_query_can_be_stopped_from_another_thread(sample_dataset: Dataset, runner):
    tables = sample_dataset.sql_tables()
    runner.prepare()
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            runner.run(tables, SLOW)
            outcome.append(None)
        except QueryError as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    while not runner._lock.locked():  # the query is under way
        time.sleep(0.01)
    time.sleep(0.1)
    started = time.monotonic()
    runner.stop()
    thread.join(10)
    assert isinstance(outcome[0], QueryStopped) and time.monotonic() - started < 2
    assert runner.run(tables, "SELECT 1 AS one").export.item() == 1


def test_what_cannot_run_is_said_before_any_process_is_asked(sample_dataset: Dataset, runner):
    with pytest.raises(QueryError, match=r"^Only SELECT \(or WITH … SELECT\) queries are run"):
        runner.run(sample_dataset.sql_tables(), "DELETE FROM records")
    assert runner._worker is None
    runner.prepare()
    with pytest.raises(QueryError, match='unable to find column "nope"'):
        runner.run(sample_dataset.sql_tables(), "SELECT nope FROM records")


def test_a_stop_gives_up_the_query_waiting_to_run_too_but_not_the_next(
    sample_dataset: Dataset, runner
):
    # Two queries asked one after the other, then a third: the stop asked with the third
    # gives up both earlier ones, the one running and the one waiting for it.
    tables = sample_dataset.sql_tables()
    runner.prepare()
    outcomes: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            outcomes[name] = runner.run(tables, SLOW).total
        except QueryError as error:
            outcomes[name] = error

    first = threading.Thread(target=run, args=("first",))
    first.start()
    while not runner._lock.locked():
        time.sleep(0.01)
    second = threading.Thread(target=run, args=("second",))
    second.start()
    time.sleep(0.1)  # waiting for the first
    runner.stop()
    assert runner.run(tables, "SELECT count(*) AS n FROM records").export.item() == 421
    first.join(10)
    second.join(10)
    assert isinstance(outcomes["first"], QueryStopped)
    assert isinstance(outcomes["second"], QueryStopped)


def test_an_answer_that_cannot_be_read_back_is_one_line_and_the_next_runs(
    sample_dataset: Dataset, runner, monkeypatch: pytest.MonkeyPatch
):
    import pickle
    from multiprocessing.connection import Connection

    tables = sample_dataset.sql_tables()
    runner.prepare()
    real = Connection.recv

    def damaged(self: Connection):
        monkeypatch.setattr(Connection, "recv", real)
        real(self)
        raise pickle.UnpicklingError("truncated")

    monkeypatch.setattr(Connection, "recv", damaged)
    with pytest.raises(QueryError, match=r"^The query's answer could not be read \(Unpickling"):
        runner.run(tables, "SELECT 1 AS one")
    assert runner.run(tables, "SELECT 2 AS two").export.item() == 2
