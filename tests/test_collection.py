"""The explorer's garbage-collector policy (``explorer/collection.py``), in a process of its
own: pausing and freezing the collector is process-wide."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import gc
from detainer_tui.explorer import collection
{before}
collection.pause()
paused = gc.isenabled()
collection.settle()
print(paused, gc.isenabled(), gc.get_freeze_count() > 0)
"""


def run(before: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(before=before)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


def test_the_collector_is_paused_then_resumed_with_what_lives_frozen() -> None:
    assert run() == "False True True"


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    assert run("gc.disable()") == "False False True"
