"""The query line's SQL, run in a process of its own, within a memory and a time limit.

A query can ask for far more than the open tables hold: a join without a condition multiplies
them (``FROM records a, records b, records c`` is 74 million rows of the bundled samples), and
sorting or grouping such a product needs all of it in memory at once. Polars then takes memory
until the system has none left for anyone on the server, and aborts the process that asked
once an allocation fails: in the explorer's own process that would end the explorer, with
Rust's backtrace over the screen and the terminal left as it was.

So the explorer's queries run in a worker process, started from the fork server (a process
without threads: see ``ingest.bounded.server_context``) on the first query and kept for the
next. Its memory is capped at ``QueryLimits.memory_mb`` beyond what it holds once Polars is
imported, and each query has ``QueryLimits.seconds``. A query that needs more, or takes
longer, or that a newer query (or the analyst) stops, ends the worker: the query line says
so in one line, and the next query starts a new one. What the worker prints (a panic's
backtrace) goes to ``/dev/null``, never to the explorer's screen.

Where no process can be started, the query runs in this process, as before.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import polars as pl

from detainer_tui.dataset import sql
from detainer_tui.dataset.sql import QueryError
from detainer_tui.dataset.table import Table
from detainer_tui.ingest import bounded

NARROW = "narrow it with WHERE, a join's ON, GROUP BY or LIMIT"
STOPPED = "Stopped: the query did not finish"


@dataclass(frozen=True)
class QueryLimits:
    """What one query may take."""

    memory_mb: int = 1024
    """Memory the query may allocate (the tables it reads are a few MB)."""
    seconds: float = 60.0
    """Time it may run."""


class QueryStopped(QueryError):
    """The query was stopped before it finished: a newer one was asked, or the analyst
    closed the query line."""


class QueryRunner:
    """Runs queries in a worker process, one at a time; ``stop`` ends the one running."""

    def __init__(self, limits: QueryLimits | None = None) -> None:
        self.limits = limits or QueryLimits()
        self._lock = threading.Lock()
        """Held while a query runs: queries run one after another."""
        self._worker: Any = None
        self._connection: Connection | None = None
        self._stops = 0
        """How many times ``stop`` was called: a query asked before the latest stop is
        given up, whether it runs already or waits for the one before it."""

    def run(self, tables: Mapping[str, pl.DataFrame], text: str) -> Table:
        """The result of the SQL query ``text`` over ``tables``, as a table to show. Raises
        ``QueryError`` with a one-line message when the query cannot run, needs more than
        its limits or is stopped (``QueryStopped``)."""
        query = sql.checked(text)
        ticket = self._stops
        with self._lock:
            if self._stops != ticket:
                raise QueryStopped(STOPPED)
            connection = self._ready()
            if connection is None:  # no process can be started here
                return sql.run_query(tables, query)
            return sql.result_table(self._ask(connection, dict(tables), query, ticket))

    def prepare(self) -> None:
        """Start the worker, if it is not running, so that the first query does not wait
        for it (call from a thread: it takes a moment); never raises."""
        with self._lock, contextlib.suppress(Exception):
            self._ready()

    def stop(self) -> None:
        """Stop the query running and any waiting to run (their ``run`` raises
        ``QueryStopped``); a query asked after this runs, in a new worker if need be."""
        self._stops += 1

    def close(self) -> None:
        """End the worker."""
        self.stop()
        with self._lock:
            self._end()

    # -- in this process ------------------------------------------------------------------
    def _ready(self) -> Connection | None:
        """The connection to a running worker, started if there is none."""
        if self._worker is not None and self._worker.is_alive():
            return self._connection
        self._end()
        context = bounded.server_context()
        if context is None:
            return None
        mine, theirs = context.Pipe(duplex=True)
        worker = context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(theirs, self.limits.memory_mb << 20),
            name="detainer-tui query",
            daemon=True,
        )
        try:
            bounded.start_child(worker)
        except (OSError, ValueError, AssertionError):
            mine.close()
            theirs.close()
            return None
        theirs.close()
        self._worker, self._connection = worker, mine
        return mine

    def _ask(
        self, connection: Connection, tables: dict[str, pl.DataFrame], query: str, ticket: int
    ) -> pl.DataFrame:
        deadline = time.monotonic() + self.limits.seconds
        try:
            connection.send((tables, query))
            while not connection.poll(0.05):
                if self._stops != ticket:
                    self._end()
                    raise QueryStopped(STOPPED)
                if time.monotonic() > deadline:
                    self._end()
                    raise QueryError(
                        f"The query ran longer than {self.limits.seconds:g} s and was "
                        f"stopped: {NARROW}"
                    )
            answer = connection.recv()
        except (EOFError, OSError):
            exitcode = self._end(wait=5.0)  # it closed its end: it is ending
            if self._stops != ticket:
                raise QueryStopped(STOPPED) from None
            raise QueryError(self._died(exitcode)) from None
        except QueryError:
            raise
        except Exception as error:  # an answer that cannot be read back (a pickling error)
            self._end()
            raise QueryError(
                f"The query's answer could not be read ({type(error).__name__}): {NARROW}"
            ) from error
        kind, value = answer
        if kind == "result":
            return value
        if kind == "memory":
            self._end()
            raise QueryError(self._out_of_memory())
        raise QueryError(value)

    def _end(self, wait: float = 0.0) -> int | None:
        """End the worker (if any), given ``wait`` seconds to end by itself first; the exit
        code it ended with by itself, if it did."""
        worker, connection = self._worker, self._connection
        self._worker = self._connection = None
        if connection is not None:
            connection.close()
        if worker is None:
            return None
        if wait:
            worker.join(wait)
        return bounded.stop_child(worker)

    def _died(self, exitcode: int | None) -> str:
        # An allocation that fails aborts Polars (SIGABRT); the system's out-of-memory
        # killer sends SIGKILL.
        if exitcode in (-signal.SIGABRT, -signal.SIGKILL):
            return self._out_of_memory()
        return f"The query's process ended without an answer (exit status {exitcode}): {NARROW}"

    def _out_of_memory(self) -> str:
        return (
            f"The query needed more than {self.limits.memory_mb:,} MB of memory and was "
            f"stopped: {NARROW}"
        )


# -- in the worker ----------------------------------------------------------------------------


def _serve(connection: Connection, memory: int) -> None:
    """Answer queries until the explorer closes the connection: ("result", frame), ("error",
    message) or ("memory", None)."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # a group of its own: stopped whole
    # Polars' own messages (a panic's backtrace) would be drawn over the explorer's screen.
    with contextlib.suppress(OSError):
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
    # Polars is imported before the limit: the query, not the library, is bounded.
    pl.DataFrame({"warm": [1]}).lazy().collect()
    bounded.limit_memory(memory)
    while True:
        try:
            tables, query = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("result", sql.execute(tables, query))
        except QueryError as error:
            answer = ("error", str(error))
        except MemoryError:
            answer = ("memory", None)
        tables = None  # what the query read is let go of before the next
        try:
            connection.send(answer)
        except MemoryError:
            connection.send(("memory", None))
        except OSError:
            return
