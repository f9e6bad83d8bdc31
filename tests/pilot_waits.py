"""Waiting in Pilot tests: every wait has a deadline, and says what it was waiting for."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Callable

from textual import events
from textual.pilot import Pilot

TIMEOUT = 20.0
"""Seconds any one wait may take: generous for a loaded machine, yet a hang fails the test."""

_POLL = 0.002


async def wait_until(condition: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
    """Return once ``condition()`` is true; fail the test after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(_POLL)


async def settle(pilot: Pilot) -> None:
    """Wait until the main screen is up, background queries have finished and their rows are
    drawn (a finished query may start another, hence twice)."""
    app = pilot.app
    await wait_until(lambda: app.default_screen.is_mounted, "the main screen")
    for _ in range(2):
        # A query replaced by a newer one is cancelled: wait on states, not on results.
        await wait_until(lambda: all(w.is_finished for w in app.workers), "background work")
        await pilot.pause()


def _key(character: str) -> str:
    """Textual's name for the key that types ``character`` (``a``, ``space``, ``full_stop``)."""
    if character.isalnum():
        return character
    return unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` as a quick typist or a paste over a slow link delivers it: every key at
    once, in order (``Pilot.press`` waits after each key). Then wait until it is all handled."""
    for character in text:
        pilot.app.post_message(events.Key(_key(character), character))
    await settle(pilot)
