"""Loading reports in the background while the explorer is already on screen.

``ReportLoader`` reads what needs no parse (the reports the cache has) at once, for the first
paint, and the rest of an ``OpenRequest`` in a worker thread, posting what it delivers, in
short batches, to the screen: ``Progress`` for the loading bar, ``Arrived`` with reports and
problems, ``Finished`` at the end. ``add_arrivals`` folds a batch into the dataset.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.widget import Widget

from detainer_tui import schema
from detainer_tui.dataset import Dataset
from detainer_tui.errors import DetainerError
from detainer_tui.explorer.threads import call_from_thread
from detainer_tui.report import Report
from detainer_tui.text import printable

if TYPE_CHECKING:
    from detainer_tui.store import OpenRequest

ARRIVAL_BATCH_SECONDS = 0.1
"""How long reports that arrive together are gathered before the tables are rebuilt."""

AT_ONCE_SECONDS = 0.25
"""At most this long is spent before the first paint reading what needs no parse.

Reports from the cache take a few milliseconds each. Read in the worker, they would arrive
while the screen is being built, each waiting its turn for the interpreter, and the first
pane would be drawn empty, then again once they are in. A library too large to read within
this is read on in the background."""

AT_ONCE_FILES = 64
AT_ONCE_BYTES = 64 << 20
"""A request of more files, or more bytes, than this is read wholly in the background: each
file is hashed (read through) to be found in the cache, which for a folder of large files
would keep the first paint waiting."""

Item = Report | DetainerError


@dataclass(frozen=True)
class Notice:
    """A line to tell the user about an input: what could not be opened, or a warning."""

    line: str
    warning: bool
    note: bool = False
    """Not a problem at all: something the user should know (the library grew)."""


class LoadingStopped(DetainerError):
    """The loader itself failed; the inputs after the one it was on are not read."""


class ReportLoader(Widget):
    """Reads the requested reports (the cached ones first, then those to parse, several at
    once); each shows as soon as it is ready."""

    DEFAULT_CSS = "ReportLoader { display: none; }"

    class Progress(Message):
        """How far loading has got, and what it is doing."""

        def __init__(self, fraction: float, message: str) -> None:
            super().__init__()
            self.fraction = fraction
            self.message = message

    class Arrived(Message):
        """Reports and problems delivered since the last batch, in order."""

        def __init__(self, items: Sequence[Item]) -> None:
            super().__init__()
            self.items = tuple(items)

    class Finished(Message):
        """Everything requested has been read (or could not be)."""

    def __init__(self, request: OpenRequest) -> None:
        super().__init__()
        self.request = request
        self._arrivals: list[Item] = []
        self._stopping = threading.Event()
        """Set when the explorer quits: what is still being read is given up."""

    def start(self) -> list[Item]:
        """Read what needs no parse now (for at most ``AT_ONCE_SECONDS``) and the rest in the
        background; returns what was read now, for the first paint."""
        # Looked up here, not imported at the top: the store is the loading edge, and tests
        # replace its iter_load_in_parts to make loading fail part-way.
        from detainer_tui import store

        at_once = True

        def progress(fraction: float, message: str) -> None:
            # What is read now is shown in the first paint: only the background's progress
            # is worth a loading bar.
            if not at_once:
                self.post_message(self.Progress(fraction, message))

        now: list[Item] = []
        try:
            first, rest = store.iter_load_in_parts(
                self.request, progress, stop=self._stopping.is_set
            )
            deadline = time.monotonic() + AT_ONCE_SECONDS
            for item in first if _small(self.request) else ():
                now.append(item)
                if time.monotonic() >= deadline:
                    break
        except Exception as error:
            now.append(_stopped(error))
            self.call_later(self._finished)
            return now
        finally:
            at_once = False
        self._load(rest)
        return now

    def on_unmount(self) -> None:
        self._stopping.set()

    @work(thread=True, exclusive=True, group="load", name="load reports")
    def _load(self, items: Iterator[Item]) -> None:
        # This is the edge for loading: whatever goes wrong is shown as a problem line and
        # the explorer stays open on what did load.
        try:
            for item in items:
                if self._stopping.is_set():
                    return
                call_from_thread(self, self._arrived, item)
        except Exception as error:
            if self._stopping.is_set():
                return  # the explorer has quit: nobody to tell
            call_from_thread(self, self._arrived, _stopped(error))
        finally:
            # Ended early (the explorer quit): the files still being parsed are given up, and
            # their processes end with them. Left to the garbage collector, they had lived on,
            # each stopped writing pages nobody read, and the explorer waited on them at exit,
            # with a blank screen, for good.
            close = getattr(items, "close", None)
            if close is not None:
                close()
        if not self._stopping.is_set():
            call_from_thread(self, self._finished)

    def _arrived(self, item: Item) -> None:
        """Gather what the loader delivers; the tables are rebuilt once per short batch.

        Reports from the cache arrive in quick succession, and rebuilding every pane for each
        of them would cost time that grows with the number of reports already open.
        """
        self._arrivals.append(item)
        if len(self._arrivals) == 1:
            self.set_timer(ARRIVAL_BATCH_SECONDS, self._deliver)

    def _deliver(self) -> None:
        items, self._arrivals = self._arrivals, []
        if items:
            self.post_message(self.Arrived(items))

    def _finished(self) -> None:
        self._deliver()
        self.post_message(self.Finished())


def add_arrivals(dataset: Dataset, items: Sequence[Item]) -> tuple[Dataset, list[Notice]]:
    """``dataset`` with the reports among ``items`` added and the problems listed.

    A report that cannot be shown (its tables do not fit their schema) becomes a problem too;
    the rest still load. Returns the new dataset and a notice per problem.
    """
    notices: list[Notice] = []
    for item in items:
        try:
            if isinstance(item, Report):
                dataset = dataset.with_report(item)
                continue
            if getattr(item, "note", False):
                notices.append(Notice(printable(str(item)), item.warning, note=True))
                continue
            notice = Notice(printable(str(item)), item.warning)
        except Exception as error:  # one input fails: say so, go on
            notice = Notice(printable(_unexpected(item, error)), False)
        notices.append(notice)
        dataset = dataset.with_problem(notice.line)
    return dataset, notices


def _small(request: OpenRequest) -> bool:
    """Whether the files of ``request`` are few and small enough to hash before the first
    paint (``AT_ONCE_FILES``, ``AT_ONCE_BYTES``)."""
    if len(request.inputs) > AT_ONCE_FILES:
        return False
    total = 0
    for item in request.inputs:
        with contextlib.suppress(OSError):
            total += item.path.stat().st_size
    return total <= AT_ONCE_BYTES


def _stopped(error: Exception) -> Item:
    """The problem line for what stopped the loading: the loader's own problem as it is;
    anything else, as the loader failing. Loading is a generator: once it raises it is
    finished, so the inputs after this one are not read."""
    if isinstance(error, DetainerError):
        return error
    return LoadingStopped(f"loading stopped: {describe(error)}")


def describe(error: Exception) -> str:
    """``KeyError: 'x'``: an unexpected error's kind and message, for one problem line."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _unexpected(item: Item, error: Exception) -> str:
    """The problem line for an input that was read but could not be shown."""
    if isinstance(item, Report):
        files = item.reports.get_column(schema.SOURCE_FILE, default=None)
        name = Path(files[0] or "").name if files is not None and len(files) else ""
        return f"{name or 'a report'}: cannot be shown ({describe(error)})"
    return f"{item} ({describe(error)})"
