"""Parsing one file in a process of its own, within a time and a memory limit.

A damaged or hostile PDF can keep a PDF library busy for minutes or make it allocate
gigabytes (a stream that inflates a thousandfold, an object graph that never ends). The part
of parsing that meets the file's bytes (``reading.read_document``: opening it and reading its
pages) therefore runs in a child process whose memory is capped and which is stopped, together
with any page workers it started, once it overruns its time: ``Limits.seconds`` to open the
file and read its first pages, plus ``Limits.seconds_per_page`` for every page it has. The
report is then built here, from the pages the child sends back. Either way the caller gets a
``Report`` or one ``UnreadableReport`` line saying what went wrong.

``parse_bounded_many`` reads several files this way at once, one child per core, each within
its own limits, and answers each as it finishes: a first run over N reports costs about the
slowest of them rather than their sum.

Where no process can be forked (no ``fork`` or ``forkserver`` start method), the file is read
in this process, bounded only by the checks ``sniff`` makes first.

Importing this module imports no PDF library. The child imports only the reader
(``ingest.reading``: pdfplumber, not Polars); this process imports the parser that builds the
reports while the child reads. Where children come from a fork server (this process runs
threads, as the explorer does), the server is started first and imports the reader;
``prepare`` starts it in the background, so that a caller which knows it will parse can have it
ready early. Where children are forked from this process, the first child imports the reader
itself, on another core while this process imports the parser, and this process imports the
reader before it forks the next, so that the others start with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import settings as settings_module
from detainer_tui.ingest.settings import ParserSettings

if TYPE_CHECKING:
    from detainer_tui.report import Report

# The parser that builds a report from the pages read (polars): imported here while the
# children read. The reader (pdfplumber): what a child imports, or inherits from this process or
# the fork server.
_PARSER = "detainer_tui.ingest.document"
_READER = "detainer_tui.ingest.reading"

Progress = Callable[[int, int], None]

log = logging.getLogger(__name__)

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Limits:
    """What reading one file may take."""

    memory_mb: int = 1024
    """Memory the reading may allocate, beyond what the process holds when it starts."""
    seconds: float = 60.0
    """Time to open the file and read its first pages."""
    seconds_per_page: float = 2.0
    """More time for each page the file has (a report of 35 pages reads in a few seconds)."""


DEFAULT_LIMITS = Limits()

_forkserver_ready = threading.Lock()
_forkserver_configured = False


def parse_bounded(
    path: str | Path,
    *,
    progress: Progress | None = None,
    settings: ParserSettings | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """``parse_report``, with the file read in a child process within ``limits``.

    Raises ``UnreadableReport`` for everything ``parse_report`` refuses, and for a file whose
    reading overran its time, ran out of its memory or crashed the reader.
    """
    each = None if progress is None else (lambda _index, done, total: progress(done, total))
    for _index, outcome in parse_bounded_many(
        [path], progress=each, settings=settings, limits=limits, workers=1
    ):
        if isinstance(outcome, UnreadableReport):
            raise outcome
        return outcome
    raise AssertionError("parse_bounded_many yields one outcome per path")  # pragma: no cover


ManyProgress = Callable[[int, int, int], None]
"""Called with (index of the path, pages read, pages in all) as children read."""


def default_workers() -> int:
    """How many files to read at once: one per core this process may use."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, cpus or 1)


def parse_bounded_many(
    paths: Sequence[str | Path],
    *,
    progress: ManyProgress | None = None,
    settings: ParserSettings | None = None,
    limits: Limits = DEFAULT_LIMITS,
    workers: int | None = None,
    stop: Callable[[], bool] | None = None,
) -> Iterator[tuple[int, Report | UnreadableReport]]:
    """``parse_bounded`` over ``paths``, ``workers`` children at a time (default: one per
    core), each within ``limits`` of its own; yields (index in ``paths``, the report or why
    it could not be read) as each finishes, so N files cost about the slowest of them. Once
    ``stop`` says so, the children are ended and nothing more is yielded (within half a
    second, or once the report being built is).

    The children are started and watched from this thread (no thread is added: where this
    process runs one thread, each child is a cheap fork); the largest files start first, so
    that the last to finish is not a large one started late. While other files wait, each
    child reads its pages alone (the files keep the cores busy); the last file to start may
    read its pages with page workers, as a single file does, so that the cores do not idle
    while the last files finish one page after another.
    """
    tuning = settings or settings_module.current()
    order = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
    waiting = list(order)
    running: dict[Connection, _Reading] = {}
    allowed = max(1, workers if workers is not None else default_workers())
    # Pages read by the child alone: page workers would only compete with the other files.
    alone = replace(tuning, parallel_min_pages=sys.maxsize)

    def start_more() -> Iterator[tuple[int, Report | UnreadableReport]]:
        """Start children while fewer than ``allowed`` run; yields the files that cannot."""
        while waiting and len(running) < allowed:
            index = waiting.pop(0)
            path = str(paths[index])
            each = None if progress is None else _progress_of(progress, index)
            reading = _Reading(path, alone if waiting else tuning, limits, each)
            reading.index = index
            reading.first = index == order[0]
            try:
                started = reading.start()
            except UnreadableReport as error:
                yield index, error
                continue
            if not started:  # no child process can be started here: read in this process
                yield index, _in_process(path, tuning, each)
                continue
            running[reading.receiver] = reading

    try:
        while waiting or running:
            if stop is not None and stop():
                return  # the children end below
            yield from start_more()
            if not running:
                continue
            # While the children read, the parser that builds their reports is imported here.
            importlib.import_module(_PARSER)
            soonest = min(reading.deadline() for reading in running.values())
            timeout = min(max(soonest - time.monotonic(), 0.0), 0.5)
            ready = multiprocessing.connection.wait(list(running), timeout)
            finished: list[tuple[_Reading, Any]] = []
            for reading in list(running.values()):
                outcome = None
                try:
                    if reading.receiver in ready:
                        outcome = reading.receive()
                    elif time.monotonic() >= reading.deadline():
                        outcome = reading.overran()
                except UnreadableReport as error:
                    outcome = error
                if outcome is None:
                    continue
                del running[reading.receiver]
                reading.close()
                finished.append((reading, outcome))
            if finished:
                # The next files start before these reports are built here (and handed on,
                # to be cached): a core would otherwise idle for that while.
                yield from start_more()
            for reading, outcome in finished:
                if isinstance(outcome, UnreadableReport):
                    yield reading.index, outcome
                    continue
                yield reading.index, _built(reading.path, outcome, tuning)

    finally:
        # Stopped early (the caller gave up, or raised): no child outlives the reading.
        for reading in running.values():
            reading.close()


def _built(
    path: str, read: tuple[str, list[Any]], tuning: ParserSettings
) -> Report | UnreadableReport:
    """The report built from the pages a child read (or why it is none)."""
    sha256, pages = read
    document = importlib.import_module(_PARSER)
    try:
        with settings_module.use(tuning):
            return document.report_from_pages(path, pages, sha256=sha256)
    except UnreadableReport as error:
        return error
    except Exception as error:
        # A parser bug must not stop the other files from loading; say which file it was.
        log.info("unexpected error building %s", path, exc_info=True)
        return UnreadableReport(path, f"could not be read ({type(error).__name__}: {error})")


def _progress_of(progress: ManyProgress, index: int) -> Progress:
    return lambda done, total: progress(index, done, total)


def _size(path: str | Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _in_process(
    path: str, tuning: ParserSettings, progress: Progress | None
) -> Report | UnreadableReport:
    document = importlib.import_module(_PARSER)
    try:
        return document.parse_report(path, progress=progress, settings=tuning)
    except UnreadableReport as error:
        return error


def _context() -> BaseContext | None:
    """How to start the child: a fork where this process runs one thread (cheap, nothing is
    imported again), else a fork server (forking a process that runs threads, as the explorer
    does, can deadlock the child), else None."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return server_context()


def server_context() -> BaseContext | None:
    """The fork server's context (None where there is none): its children start from a
    process that runs no thread and has imported only the reader, never Polars, whose
    threads a child forked from a process that used it would lack."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    global _forkserver_configured
    context = multiprocessing.get_context("forkserver")
    with _forkserver_ready:
        if not _forkserver_configured:
            # The server imports the reader once; each child forked from it starts ready.
            context.set_forkserver_preload([__name__, _READER])
            _forkserver_configured = True
    return context


def start_child(child: Any) -> None:
    """Start ``child`` (a process of ``_context()`` or ``server_context()``), one start at a
    time, with the process's own stderr for the helpers it may need (see ``_real_stderr``).
    Raises ``OSError``, ``ValueError`` or ``AssertionError`` where no process can start."""
    with _starting, _real_stderr():
        child.start()


def prepare() -> None:
    """Have ready, in the background, what reading the first file in a child needs: where
    children come from a fork server (this process runs threads), start the server now, so
    that it imports the reader while this process goes on. Nothing to do where children are
    forked from this process; never raises (the first reading says what went wrong)."""
    try:
        context = _context()
        if context is None or context.get_start_method() != "forkserver":
            return
        from multiprocessing import forkserver

        with _starting, _real_stderr():
            forkserver.ensure_running()
    except Exception as error:
        log.info("cannot start the fork server: %s", error)


_starting = threading.Lock()


class _Reading:
    """One file read in a child: started, then answered message by message."""

    def __init__(
        self, path: str, tuning: ParserSettings, limits: Limits, progress: Progress | None
    ) -> None:
        self.path = path
        self.index = 0
        """Where the path is in the list being read."""
        self.first = True
        """The first file of the list to start: its child imports the reader itself."""
        self.tuning = tuning
        self.limits = limits
        self.progress = progress
        self.allowed = limits.seconds
        self.started = 0.0
        self.child: Any = None
        self.receiver: Connection = None  # type: ignore[assignment]

    def start(self) -> bool:
        """Start the child; False when no child can be started here."""
        context = _context()
        if context is None:
            return False
        if context.get_start_method() == "fork" and not self.first:
            # A forked child inherits what this process has imported: import the reader once,
            # here, rather than in every later child. The first imports it itself, while this
            # process imports the parser (a fork server has imported the reader already).
            importlib.import_module(_READER)
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(  # type: ignore[attr-defined]
            target=_child,
            args=(self.path, self.tuning, self.limits.memory_mb << 20, sender),
            name="detainer-tui reader",
        )
        try:
            start_child(child)
        except (OSError, ValueError, AssertionError) as error:
            # No process can be started here: a daemon process may not have children, and
            # some stderr replacements break the start (see _real_stderr).
            log.info("cannot start a process to read %s: %s", self.path, error)
            receiver.close()
            sender.close()
            return False
        sender.close()
        self.child, self.receiver = child, receiver
        self.started = time.monotonic()
        return True

    def deadline(self) -> float:
        """When the child's time runs out (it grows with the pages it reports)."""
        return self.started + self.allowed

    def overran(self) -> None:
        raise UnreadableReport(
            self.path, f"reading it took longer than {self.allowed:g} s and was stopped"
        )

    def receive(self) -> tuple[str, list[Any]] | None:
        """The child's next message: (hash, pages) at the end, None before; raises
        ``UnreadableReport`` for what it could not read."""
        try:
            message = self.receiver.recv()
        except (EOFError, OSError):
            self.child.join(5)
            raise UnreadableReport(self.path, _died(self.child.exitcode, self.limits)) from None
        kind = message[0]
        if kind == "progress":
            done, total = message[1], message[2]
            self.allowed = self.limits.seconds + total * self.limits.seconds_per_page
            if self.progress is not None:
                self.progress(done, total)
            return None
        if kind == "pages":
            return message[1], message[2]
        if kind == "unreadable":
            raise UnreadableReport(self.path, message[1])
        if kind == "memory":
            raise UnreadableReport(self.path, _out_of_memory(self.limits))
        raise UnreadableReport(self.path, f"could not be read ({message[1]})")

    def close(self) -> None:
        """Close the pipe and end the child (and its page workers)."""
        self.receiver.close()
        stop_child(self.child)


@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """``sys.stderr`` as the process's own for the block, if something (the explorer's screen)
    has replaced it with an object without a file descriptor: the helper processes that
    starting a child may need (a fork server, its resource tracker) are given it."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        yield
        return
    replaced, sys.stderr = sys.stderr, sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = replaced


def stop_child(child: Any) -> int | None:
    """End ``child`` and the processes it started (its process group: a reader's page
    workers), then reap it; the exit code it had ended with, if it had."""
    ended = None if child.is_alive() else child.exitcode
    if ended is None:
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGKILL)
        child.kill()
    child.join()
    if child.exitcode != 0:
        # Page workers outlive a child that was killed or crashed: they share its group.
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGKILL)
    child.close()
    return ended


def _died(exitcode: int | None, limits: Limits) -> str:
    """What to say about a child that ended without an answer."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else ""
        if -exitcode == signal.SIGKILL:
            return f"the reader was stopped by the system ({_out_of_memory(limits)}?)"
        return f"the PDF reader crashed on it ({name or f'signal {-exitcode}'})"
    return f"the PDF reader failed on it (exit status {exitcode})"


def _out_of_memory(limits: Limits) -> str:
    return f"reading it needs more than {limits.memory_mb:,} MB of memory"


# -- in the child -------------------------------------------------------------------------


def _child(path: str, tuning: ParserSettings, memory: int, connection: Connection) -> None:
    """Read ``path`` and send back what came of it (see ``_read_in_child``)."""
    try:
        try:
            with contextlib.suppress(OSError):
                os.setpgid(0, 0)  # a group of its own: its page workers are stopped with it
            # Imported before the limit: the file's reading, not the libraries, is bounded.
            reader = importlib.import_module(_READER)
            limit_memory(memory)
            with settings_module.use(tuning):
                data, pages = reader.read_document(
                    path, lambda done, total: connection.send(("progress", done, total))
                )
            connection.send(("pages", hashlib.sha256(data).hexdigest(), pages))
        except UnreadableReport as error:
            connection.send(("unreadable", error.reason))
        except MemoryError:
            data = pages = None  # free what can be freed before saying so
            connection.send(("memory",))
        except Exception as error:  # a reader bug: the parent names the file
            connection.send(("failed", f"{type(error).__name__}: {error}"))
    except (OSError, MemoryError):  # the parent went away, or even the answer did not fit
        pass
    finally:
        connection.close()


_DATA = re.compile(rb"^VmData:\s+(\d+)\s+kB", re.MULTILINE)


def limit_memory(memory: int) -> None:
    """Cap the memory this process may add to what it holds (``RLIMIT_DATA`` counts the heap
    and private mappings, not the address space reserved by thread stacks and allocators)."""
    if resource is None or not hasattr(resource, "RLIMIT_DATA"):
        return
    try:
        with open("/proc/self/status", "rb") as status:
            match = _DATA.search(status.read())
    except OSError:
        return
    if match is None:
        return
    held = int(match.group(1)) * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = held + memory
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))
