"""The suite's own ``press`` sends what Textual's ``Pilot.press`` sends, for every kind of key
the explorer's tests press."""

from __future__ import annotations

import asyncio

from pilot_waits import press
from textual import events
from textual.app import App

KEYS = (  # not ctrl+p: Textual opens its command palette before any key handler sees it
    *"jJ2?/.",
    *("enter", "escape", "tab", "space", "slash", "colon", "question_mark", "full_stop"),
    *("less_than_sign", "greater_than_sign", "plus", "minus", "ctrl+u", "ctrl+c"),
    *("up", "down", "left", "right", "pageup", "pagedown", "home", "end", "backspace", "f1"),
)


class KeyLog(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[tuple[str, str | None]] = []

    async def on_key(self, event: events.Key) -> None:
        self.keys.append((event.key, event.character))
        event.prevent_default()  # ctrl+c must not quit, tab must not move focus


async def _pressed(with_pilot: bool) -> list[tuple[str, str | None]]:
    app = KeyLog()
    async with app.run_test() as pilot:
        for key in KEYS:
            if with_pilot:
                await pilot.press(key)
            else:
                await press(pilot, key)
        return app.keys


def test_press_sends_the_events_pilot_press_sends() -> None:
    ours, pilots = asyncio.run(_pressed(False)), asyncio.run(_pressed(True))
    assert len(ours) == len(KEYS)
    assert ours == pilots
