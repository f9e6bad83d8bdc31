"""Waiting in Pilot tests: every wait has a deadline, and says what it was waiting for.

Pilot's own ``press`` and ``pause()`` decide the app has finished with a key by watching the
process's CPU time over windows of 20 ms: at least 40 ms a key, however little the key does.
Summed over the explorer's test files that was 49 s in which a test process did nothing;
``press`` and ``pause`` below wait for the same things, in the same order, with windows of
2 ms, and leave 9 s.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Callable

from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS, REPLACED_KEYS, key_to_character
from textual.pilot import Pilot

TIMEOUT = 20.0
"""Seconds any one wait may take: generous for a loaded machine, yet a hang fails the test."""

_POLL = 0.002
_QUIET = _POLL / 10
"""CPU seconds under which a ``_POLL`` window counts as idle (Pilot's own ratio)."""


async def wait_until(condition: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
    """Return once ``condition()`` is true; fail the test after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(_POLL)


async def _idle(timeout: float = TIMEOUT) -> None:
    """Return once the process (the app and its worker threads) has used almost no CPU over a
    window of ``_POLL`` seconds: nothing is left running, not even what a handler started."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        used = time.process_time()
        await asyncio.sleep(_POLL)
        if time.process_time() - used < _QUIET:
            return
        if loop.time() > deadline:
            raise AssertionError(f"the app was still busy after {timeout:.0f} s")


async def pause(pilot: Pilot) -> None:
    """What ``Pilot.pause()`` waits for: every widget has handled the messages posted to it,
    the process is idle, and the screen is drawn."""
    await pilot.pause(0)
    await _idle()
    await pilot.pause(0)


def key_event(key: str) -> events.Key:
    """The event ``Pilot.press(key)`` sends: ``key`` is a key name (``enter``, ``ctrl+p``,
    ``slash``) or a single character (``j``, ``/``)."""
    if len(key) == 1 and not key.isalnum():
        key = _key(key)
    if len(key) == 1:
        return events.Key(key, key)
    return events.Key(key, key_to_character(REPLACED_KEYS.get(key, key)))


async def press(pilot: Pilot, *keys: str) -> None:
    """Press ``keys`` one after another as ``Pilot.press`` does: each is handled, and whatever
    it started has finished, before the next is sent."""
    for key in keys:
        pilot.app.post_message(key_event(key))
        await pause(pilot)


async def settle(pilot: Pilot) -> None:
    """Wait until the main screen is up, background queries have finished and their rows are
    drawn (a finished query may start another, hence twice)."""
    app = pilot.app
    await wait_until(lambda: app.default_screen.is_mounted, "the main screen")
    for _ in range(2):
        # A query replaced by a newer one is cancelled: wait on states, not on results.
        await wait_until(lambda: all(w.is_finished for w in app.workers), "background work")
        await pause(pilot)


def _key(character: str) -> str:
    """Textual's name for the key that types ``character`` (``a``, ``space``, ``slash``)."""
    if character.isalnum():
        return character
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` as a quick typist or a paste over a slow link delivers it: every key at
    once, in order (``Pilot.press`` waits after each key). Then wait until it is all handled."""
    for character in text:
        pilot.app.post_message(key_event(character))
    await settle(pilot)
