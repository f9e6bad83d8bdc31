"""Parsing one file in a process of its own, within a time and a memory limit.

A damaged or hostile PDF can keep a PDF library busy for minutes or make it allocate
gigabytes (a stream that inflates a thousandfold, an object graph that never ends). The part
of parsing that meets the file's bytes (``document.read_document``: opening it and reading its
pages) therefore runs in a child process whose memory is capped and which is stopped, together
with any page workers it started, once it overruns its time: ``Limits.seconds`` to open the
file and read its first pages, plus ``Limits.seconds_per_page`` for every page it has. The
report is then built here, from the pages the child sends back. Either way the caller gets a
``Report`` or one ``UnreadableReport`` line saying what went wrong.

Where no process can be forked (no ``fork`` or ``forkserver`` start method), the file is read
in this process, bounded only by the checks ``sniff`` makes first.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import document
from detainer_tui.ingest import settings as settings_module
from detainer_tui.ingest.settings import ParserSettings
from detainer_tui.report import Report

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
    path_str = str(path)
    tuning = settings or settings_module.current()
    context = _context()
    read = None
    if context is not None:
        read = _read_in_child(context, path_str, tuning, limits, progress)
    if read is None:  # no child process can be started here: read in this process
        return document.parse_report(path, progress=progress, settings=tuning)
    sha256, pages = read
    with settings_module.use(tuning):
        return document.report_from_pages(path_str, pages, sha256=sha256)


def _context() -> BaseContext | None:
    """How to start the child: a fork where this process runs one thread (cheap, nothing is
    imported again), else a fork server (forking a process that runs threads, as the explorer
    does, can deadlock the child), else None."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return None
    global _forkserver_configured
    context = multiprocessing.get_context("forkserver")
    with _forkserver_ready:
        if not _forkserver_configured:
            # The server imports the parser once; each child forked from it starts ready.
            context.set_forkserver_preload([__name__])
            _forkserver_configured = True
    return context


def _read_in_child(
    context: BaseContext,
    path: str,
    tuning: ParserSettings,
    limits: Limits,
    progress: Progress | None,
) -> tuple[str, list[Any]] | None:
    """(hash, pages) of the file read in a child; None when no child could be started."""
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(  # type: ignore[attr-defined]
        target=_child,
        args=(path, tuning, limits.memory_mb << 20, sender),
        name="detainer-tui reader",
    )
    try:
        with _real_stderr():
            child.start()
    except (OSError, ValueError, AssertionError) as error:
        # No process can be started here: a daemon process may not have children, and some
        # stderr replacements break the start (see _real_stderr). Reading goes on in this one.
        log.info("cannot start a process to read %s: %s", path, error)
        receiver.close()
        sender.close()
        return None
    sender.close()
    started = time.monotonic()
    allowed = limits.seconds
    try:
        while True:
            remaining = started + allowed - time.monotonic()
            if remaining <= 0:
                raise UnreadableReport(
                    path, f"reading it took longer than {allowed:g} s and was stopped"
                )
            if not receiver.poll(min(remaining, 0.5)):
                continue
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                child.join(5)
                raise UnreadableReport(path, _died(child.exitcode, limits)) from None
            kind = message[0]
            if kind == "progress":
                done, total = message[1], message[2]
                allowed = limits.seconds + total * limits.seconds_per_page
                if progress is not None:
                    progress(done, total)
            elif kind == "pages":
                return message[1], message[2]
            elif kind == "unreadable":
                raise UnreadableReport(path, message[1])
            elif kind == "memory":
                raise UnreadableReport(path, _out_of_memory(limits))
            else:
                raise UnreadableReport(path, f"could not be read ({message[1]})")
    finally:
        receiver.close()
        _stop(child)


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


def _stop(child: Any) -> None:
    """End the child and the page workers it started (its process group), then reap it."""
    if child.is_alive():
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGKILL)
        child.kill()
    child.join()
    if child.exitcode != 0:
        # Page workers outlive a child that was killed or crashed: they share its group.
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGKILL)
    child.close()


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
            _limit_memory(memory)
            with settings_module.use(tuning):
                data, pages = document.read_document(
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


def _limit_memory(memory: int) -> None:
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
