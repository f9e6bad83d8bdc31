"""Loading begun before the explorer is up.

A start from the cache spends most of its time importing the terminal toolkit and reading the
cached tables; the two can overlap, since reading Parquet and hashing files leave the
interpreter free. ``EarlyLoad(request)`` starts ``iter_load`` at once in a thread of its own,
and ``events`` later hands over what it yielded, in order, as if ``iter_load`` were called
then.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from detainer_tui.store.loader import iter_load

if TYPE_CHECKING:
    from detainer_tui.errors import DetainerError
    from detainer_tui.report import Report
    from detainer_tui.store.inputs import OpenRequest
    from detainer_tui.store.loader import Progress

_PROGRESS, _ITEM, _RAISED, _DONE = "progress", "item", "raised", "done"


class EarlyLoad:
    """``iter_load(request)`` running in the background from the moment this is made."""

    def __init__(
        self,
        request: OpenRequest,
        load: Callable[[OpenRequest, Progress], Iterator[Report | DetainerError]] = iter_load,
    ) -> None:
        """Start loading ``request`` with ``load`` (``iter_load``)."""
        self.request = request
        self._load = load
        self._events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._taken = False
        # A daemon, as the explorer's own loading thread: quitting never waits for a parse.
        self._thread = threading.Thread(target=self._run, name="early load", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        def progress(fraction: float, message: str) -> None:
            self._events.put((_PROGRESS, (fraction, message)))

        try:
            for item in self._load(self.request, progress):
                self._events.put((_ITEM, item))
        except BaseException as error:  # handed over to whoever takes the events
            self._events.put((_RAISED, error))
        else:
            self._events.put((_DONE, None))

    def events(self, progress: Progress | None = None) -> Iterator[Report | DetainerError]:
        """What ``iter_load`` yielded and yields, in order (waiting for what is still to
        come), with its progress passed to ``progress``; raises what it raised. Once only."""
        if self._taken:
            raise RuntimeError("the early load's events were already taken")
        self._taken = True
        while True:
            kind, value = self._events.get()
            if kind == _PROGRESS:
                if progress is not None:
                    progress(*value)
            elif kind == _ITEM:
                yield value
            elif kind == _RAISED:
                raise value
            else:
                return
