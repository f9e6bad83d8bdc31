"""Handing a worker thread's result back to the explorer.

A worker thread (a query, a load, the search text built ahead) can finish after the explorer
has begun to end: ``q``, a hang-up, a kill. By then the screen's widgets are being taken
down, and a result applied to them looked for a widget that was gone and ended the program
with a traceback and exit status 1 (seen about one kill in fifty on a busy machine, as the
warm-up began). Results are applied only while their widget is still part of the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message_pump import MessagePump
from textual.types import NoActiveAppError


def call_from_thread(node: MessagePump, callback: Callable[..., Any], *args: Any) -> None:
    """From a worker thread: ``callback(*args)`` on the app's loop, as Textual's own
    ``call_from_thread`` does, unless ``node`` is no longer part of the app by the time it
    would run (the explorer is ending, or ``node`` was removed): then nothing is done."""

    def while_attached() -> Any:
        if node.is_attached:
            return callback(*args)
        return None

    try:
        app = node.app
    except NoActiveAppError:
        return  # taken down already: the explorer has ended
    app.call_from_thread(while_attached)
