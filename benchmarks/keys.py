"""Every key of the key table, from the key to the drawn screen, on the samples at 100x30.

    .venv/bin/python benchmarks/keys.py [--size COLSxROWS] [--runs N] [PATH ...]

Opens the reports (the bundled samples unless PATHs are given; parsed once into a cache of its
own) in the explorer, headless, and presses each key of ``explorer/keymap.py`` that acts on
the main screen once, in the order of the key table: the panes' keys on the Rankings pane, the
Records pane's on Records. A key that opens something over the main screen (help, palette,
frequency, map, a record, the search or query line) is closed again with ``escape`` before the
next, and that is not counted. The quit keys are left out.

Each latency runs from the key's event being posted until the app has handled it, the
background work it started has finished and the screen is drawn: until the process is first
idle for a window of 2 ms (as ``tests/pilot_waits.py`` waits), that window not counted. The
baseline, measured in the same run and the same way, is a bare Textual app whose key changes
the text of its one label. Beside the wall clock, the CPU time the process used meanwhile
(which a machine busy with other work disturbs less). The goal: every key under 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.keys import REPLACED_KEYS, key_to_character
from textual.widgets import Label

GOAL_MS = 100.0
_POLL = 0.002
_QUIET = _POLL / 10
TIMEOUT = 30.0


def key_event(key: str) -> events.Key:
    """The event Textual sends for ``key`` (a key name or one character)."""
    if len(key) == 1:
        return events.Key(key, key)  # a letter or digit: its own name
    return events.Key(key, key_to_character(REPLACED_KEYS.get(key, key)))


async def handled(app: App, began: float, cpu_began: float | None = None) -> tuple[float, float]:
    """Seconds from ``began`` until ``app`` and its workers went idle (the idle window not
    counted), and the CPU seconds the process used since ``cpu_began`` until then."""
    deadline = began + TIMEOUT
    cpu_began = time.process_time() if cpu_began is None else cpu_began
    while True:
        window_start = time.perf_counter()
        used = time.process_time()
        await asyncio.sleep(_POLL)
        if time.process_time() - used < _QUIET and all(w.is_finished for w in app.workers):
            return window_start - began, used - cpu_began
        if time.perf_counter() > deadline:
            raise SystemExit(f"the app was still busy after {TIMEOUT:.0f}s")


async def press(app: App, key: str) -> tuple[float, float]:
    """Press ``key``; seconds until it was handled and drawn, and the CPU seconds that took
    (which a machine busy with other work disturbs less than the wall clock)."""
    began = time.perf_counter()
    cpu_began = time.process_time()
    app.post_message(key_event(key))
    return await handled(app, began, cpu_began)


async def settle(app: App) -> None:
    await handled(app, time.perf_counter())
    await handled(app, time.perf_counter())


class _BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("baseline")

    def on_key(self, event: events.Key) -> None:
        self.query_one(Label).update(f"key {event.key}")


async def bare_redraw(size: tuple[int, int], times: int = 15) -> list[tuple[float, float]]:
    app = _BareApp()
    async with app.run_test(size=size):
        await settle(app)
        return [await press(app, "x") for _ in range(times)]


def keys_to_press() -> list[tuple[str, str, str]]:
    """(scope, key, name) for each key of the key table acting on the main screen, once."""
    from detainer_tui.explorer import keymap

    scopes = (keymap.PANE, keymap.TABLE, keymap.RANKINGS, keymap.APP, keymap.RECORDS)
    chosen: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key in keymap.all_keys():
        if key.scope not in scopes or key in (keymap.QUIT, keymap.QUIT_CTRL_C):
            continue
        name = key.keys[0]
        if (key.scope, name) in seen:
            continue
        seen.add((key.scope, name))
        chosen.append((key.scope, name, key.name))
    # The Records pane's own keys after the others: they are pressed there.
    return sorted(chosen, key=lambda item: item[0] == keymap.RECORDS)


async def measure_keys(
    reports: list, size: tuple[int, int]
) -> list[tuple[str, str, tuple[float, float]]]:
    from detainer_tui.explorer import keymap
    from detainer_tui.explorer.app import DetainerApp
    from detainer_tui.explorer.screens.main import MainScreen

    # As the program starts it: what first uses need is built once the first pane is shown.
    app = DetainerApp(reports=reports, origin="benchmark", warm_up=True)
    results: list[tuple[str, str, tuple[float, float]]] = []
    async with app.run_test(size=size):
        screen = app.default_screen
        assert isinstance(screen, MainScreen)
        await settle(app)
        # The program builds the hidden panes once the first is shown: measured after that.
        while not all(pane.view is not None for pane in screen.panes):
            await asyncio.sleep(_POLL)
        await settle(app)
        for scope, key, name in keys_to_press():
            # Every key starts on the main screen, on its pane (Records for the Records
            # pane's keys, Rankings for the others), its table focused, nothing filtered.
            while app.screen is not screen:
                app.pop_screen()
                await settle(app)
            start = "records" if scope == keymap.RECORDS else "rankings"
            if screen.current_pane.pane_id != start:
                await screen.show_pane(start)
            pane = screen.current_pane
            if pane.query_state.search or pane.query_state.drill is not None:
                pane.drill(None)
            screen.set_focus(pane.table)
            await settle(app)
            results.append((keymap.key_label(key), name, await press(app, key)))
            if app.screen is not screen or app.focused is not pane.table:
                await press(app, "escape")
    return results


def _median_pair(times: list[tuple[float, float]]) -> tuple[float, float]:
    """The median wall clock and the median CPU time of ``times``."""
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def load_reports(paths: list[str]) -> list:
    from detainer_tui import store

    request = store.resolve_open([Path(p) for p in paths], use_cache=True, remember=False)
    result = store.load(request)
    if not result.reports:
        raise SystemExit("no report could be opened")
    return result.reports


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="reports to open (default: the samples)")
    parser.add_argument("--size", default="100x30")
    parser.add_argument("--runs", type=int, default=3, help="explorers started afresh (median)")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    home = Path(tempfile.mkdtemp(prefix="detainer-keys-"))
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        (home / name).mkdir()
        os.environ[name] = str(home / name)
    reports = load_reports(args.paths)
    bare = asyncio.run(bare_redraw((width, height)))
    floor = statistics.median(wall for wall, _cpu in bare)
    cpu_floor = statistics.median(cpu for _wall, cpu in bare)
    runs = [asyncio.run(measure_keys(reports, (width, height))) for _ in range(max(1, args.runs))]
    results = [
        (shown, name, _median_pair([run[i][2] for run in runs]))
        for i, (shown, name, _times) in enumerate(runs[0])
    ]
    print(
        f"keys at {width}x{height}, from key to drawn screen (each pressed once in each of"
        f" {len(runs)} explorers started afresh; medians)"
    )
    print(f"{'':<46}{'wall':>8} {'':>7} {'CPU':>8}")
    print(
        f"    {'baseline: a bare Textual app redrawing':<42}{floor * 1000:>6.1f}ms {'':>7}"
        f" {cpu_floor * 1000:>6.1f}ms (median)"
    )
    for shown, name, (wall, cpu) in results:
        over = "  over 100ms" if wall * 1000 > GOAL_MS else ""
        print(
            f"    {shown:<8} {name:<33} {wall * 1000:>6.1f}ms {wall / floor:>6.1f}x"
            f" {cpu * 1000:>6.1f}ms{over}"
        )
    worst = max(results, key=lambda r: r[2][0])
    worst_cpu = max(results, key=lambda r: r[2][1])
    print(
        f"worst: {worst[0]} ({worst[1]}) {worst[2][0] * 1000:.1f}ms;"
        f" in CPU time {worst_cpu[0]} ({worst_cpu[1]}) {worst_cpu[2][1] * 1000:.1f}ms"
        f" (goal: under {GOAL_MS:.0f}ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
