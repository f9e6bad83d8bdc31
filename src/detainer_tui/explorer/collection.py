"""When Python's cyclic garbage collector runs in the explorer.

Start-up creates objects by the hundred thousand (modules, styles, widgets) and frees almost
none. The collector cannot know that: it scans them all again and again, about a tenth of a
second of a warm start on a 2-core machine. And once the explorer is up, a full collection
(every tracked object of the process scanned) now and then took up to 97 ms, landing on
whatever key was pressed then.

So the program starts with the collector paused (``pause``) and, once the first reports are
shown, moves every object alive then out of its reach for good (``gc.freeze``) and resumes it
(``settle``); once the hidden panes are built, it freezes what they made too. Collections
then scan only what was made since: a few milliseconds. Reference counting frees objects as
before; only cycles made before a freeze stay, and start-up makes few it later drops.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Pause the collector until ``settle`` (the program calls it before its imports)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def settle() -> None:
    """Put every object alive now beyond the collector's scans, and resume it if ``pause``
    stopped it. Called again later, freezes what was made since."""
    global _paused
    gc.freeze()
    if _paused:
        _paused = False
        gc.enable()
