"""The explorer: starts the main screen on the open reports, and stops.

``run_explorer(request)`` is what the command line calls. ``DetainerApp`` can also be built
with reports already loaded (``DetainerApp(reports=[...], origin="...")``), or with a
``Dataset`` of them (``DetainerApp(dataset=...)``: its tables are built once, however many
apps show it), which is how the tests drive it. Everything on screen is
``screens/main.py``'s.
"""

from __future__ import annotations

import asyncio
import contextlib
import locale
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.command import Provider
from textual.filter import LineFilter, Monochrome, NoColor
from textual.screen import Screen

from detainer_tui.dataset import Dataset
from detainer_tui.explorer import keymap
from detainer_tui.explorer.colours import FEW_COLOURS, Colourless, few_colours
from detainer_tui.explorer.commands import LiteralCommands
from detainer_tui.explorer.screens.main import MainScreen
from detainer_tui.report import Report

if TYPE_CHECKING:
    from detainer_tui.config import Config
    from detainer_tui.dataset import Triage
    from detainer_tui.store import OpenRequest

HANGUP_CHECK_SECONDS = 1.0
"""How often the explorer looks whether its terminal is still there (see ``terminal_gone``)."""
HANGUP_GRACE_SECONDS = 10.0
"""How long the explorer, its terminal gone, has to quit as ``q`` does before its process is
ended regardless (Textual's writes to a terminal that is gone can leave it stuck)."""


def can_be_resumed() -> bool:
    """Whether a shell with job control started the explorer, so that its ``fg`` can bring
    it back once suspended: the shell is in the explorer's session, in a process group of its
    own. Started otherwise (``ssh host detainer-tui``, ``su -c``), nothing could: suspended,
    it would be stopped for good, and the terminal with it."""
    try:
        parent = os.getppid()
        return os.getsid(parent) == os.getsid(0) and os.getpgid(parent) != os.getpgid(0)
    except OSError:
        return False


def terminal_gone(fd: int) -> bool:
    """Whether the terminal at ``fd`` has hung up: its window closed, or the SSH connection
    that showed it dropped (the other end of the pseudo-terminal is closed). Its settings
    can no longer be read then (EIO). (Not ``poll``, which macOS documents as not working on
    terminal devices.)"""
    import termios  # POSIX only, as the watch is (see on_mount)

    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError, ValueError):
        return True
    return False


class DetainerApp(App[int]):
    """Rankings, Records, Policies, Reports and Triage of the open DDOR reports."""

    CSS_PATH = "app.tcss"
    TITLE = "detainer-tui"
    # The palette shows command names literally: some contain file names.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {LiteralCommands}
    COMMAND_PALETTE_BINDING: ClassVar[str] = keymap.palette_key()

    def __init__(
        self,
        reports: Sequence[Report] | None = None,
        *,
        dataset: Dataset | None = None,
        origin: str = "",
        problems: Sequence[str] = (),
        request: OpenRequest | None = None,
        config: Config | None = None,
        pane: str | None = None,
        warm_up: bool = False,
        triage: Triage | None = None,
        fresh: bool = False,
    ) -> None:
        """Open ``reports`` (already loaded) or ``dataset`` (a Dataset of them), or load
        ``request`` in the background; marks and notes from ``triage`` (default: the
        configured triage database). Unless ``fresh``, it opens where it was left on the
        same reports. With ``warm_up``, what the first use of other keys needs is built once
        the first pane is shown, while the screen is idle."""
        super().__init__()
        self._quitting = False
        self._hangup_lock = threading.Lock()
        self._last_resort: threading.Timer | None = None
        self._early_keys: list[events.Key] | None = []
        """Keys typed before the main screen could take them (None once it can)."""
        self.keys_handled = 0
        """Keys the screens have been given so far: whether the analyst has begun."""
        self._keys_let_through = False
        """Whether keys typed before the main screen could take them were let through."""
        if dataset is not None and (reports is not None or problems):
            raise TypeError("give either reports and problems, or a dataset")
        loaded = dataset is not None or reports is not None
        self._colourless = Colourless()
        self.config = config
        self._main = MainScreen(
            dataset if dataset is not None else Dataset(reports or (), problems),
            origin=request.origin if request is not None and not origin else origin,
            request=None if loaded else request,
            config=config,
            pane=pane,
            warm_up=warm_up,
            triage=triage,
            restore=not fresh,
        )

    def get_default_screen(self) -> Screen:
        return self._main

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self._quitting = True
        super().exit(*args, **kwargs)

    async def on_event(self, event: events.Event) -> None:
        # Keys typed after q (fast typing, or a paste) would open screens on an app that is
        # closing, which Textual no longer composes: their handlers then fail.
        if isinstance(event, events.Key) and self._quitting:
            return
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and self._early_keys is not None
        ):
            # Typed while the explorer starts (right after the command, or a paste): the
            # screen cannot take keys before its first pane has the focus, and Textual would
            # drop them. They wait, in order, until it can.
            self._early_keys.append(event)
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.keys_handled += 1
        await super().on_event(event)

    def take_keys(self) -> None:
        """The main screen can take keys now: those typed before are handled, in order, ahead
        of any typed since (this runs as a message of the app's, after those already in its
        queue)."""
        if self._early_keys is not None:
            self._keys_let_through = bool(self._early_keys)
            self.call_later(self._replay_early_keys)

    @property
    def began(self) -> bool:
        """Whether the analyst has begun: a key handled, or typed early and let through to
        be (the keys are handled a moment later: where the explorer was left must not be
        restored over what they do)."""
        return self.keys_handled > 0 or self._keys_let_through

    def _replay_early_keys(self) -> None:
        early, self._early_keys = self._early_keys or [], None
        for key in early:
            self.post_message(events.Key(key.key, key.character))

    def on_mount(self) -> None:
        if self.config is not None and self.config.theme:
            self.theme = self.config.theme
        self.set_class(self.no_color or few_colours(self.console.color_system), FEW_COLOURS)
        terminal = sys.__stdin__
        if (
            os.name == "posix"
            and not self.is_headless
            and terminal is not None
            and os.isatty(terminal.fileno())
        ):
            threading.Thread(
                target=self._watch_terminal, args=(terminal.fileno(),), name="hangup", daemon=True
            ).start()
            # The hang-up signal, when it comes, quits the same way rather than at once; so
            # does a polite kill (SIGTERM: an administrator, the end of a login session).
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(signum, self._hung_up)
        self.app_resume_signal.subscribe(self, self._resumed)

    def action_suspend(self) -> None:
        """ctrl+z: back to the shell, which ``fg`` leaves for the explorer again; where no
        shell could, say so rather than stop."""
        if can_be_resumed():
            self.action_suspend_process()
        else:
            self.notify(
                "Not suspended: no shell here could bring the explorer back (it was not "
                "started from one with job control). q quits, and the next start opens where "
                "you were.",
                severity="warning",
                markup=False,
            )

    def _resumed(self, _app: App) -> None:
        """Back from ``ctrl+z`` (the shell's ``fg``): the terminal's screen was given back to
        the shell meanwhile, so every line is drawn again, not only those that changed."""
        self.refresh(repaint=True, layout=True)

    def _watch_terminal(self, fd: int) -> None:
        """Quit, as ``q`` does (where the explorer was is remembered), once the terminal has
        hung up. A hang-up usually stops the program (SIGHUP), but not one that runs in a
        session of its own (under ``su -c``, say): Textual's input thread then reads the end
        of its input over and over, and the explorer went on using a core, for good.

        Watched from a thread of its own: should the app be stuck writing to the terminal
        that is gone, the process still ends (marks and notes are written as they are made)."""
        while not terminal_gone(fd):
            time.sleep(HANGUP_CHECK_SECONDS)
        self._end_in_any_case()
        with contextlib.suppress(RuntimeError):  # the app has ended already
            self.call_from_thread(self._hung_up)

    def _hung_up(self) -> None:
        """The terminal is gone (or the explorer is asked to end): quit as ``q`` does."""
        self._end_in_any_case()
        if not self._quitting:
            self._main.save_session()
            self.exit()

    def _end_in_any_case(self) -> None:
        """End the process in ``HANGUP_GRACE_SECONDS`` if quitting has not by then."""
        with self._hangup_lock:
            if self._last_resort is None:
                self._last_resort = threading.Timer(HANGUP_GRACE_SECONDS, os._exit, (0,))
                self._last_resort.daemon = True
                self._last_resort.start()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, but under ``NO_COLOR`` every colour removed rather than greyed
        (see ``colours.py``)."""
        filters = super().get_line_filters()
        if not self.no_color:
            return filters
        kept = [f for f in filters if not isinstance(f, (Monochrome, NoColor))]
        return [*kept, self._colourless]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, and on the main screen every action by name (ctrl+p)."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            yield from screen.commands()


def run_explorer(request: OpenRequest, *, fresh: bool = False) -> int:
    """Open the explorer on ``request``, loading it in the background; the exit status.
    With ``fresh``, it does not open where it was left."""
    from detainer_tui.config import load_config

    # Tables print counts with the user's thousands separator (3,083), which needs the
    # locale from the environment; a locale the system lacks leaves plain digits.
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_NUMERIC, "")
    app = DetainerApp(request=request, config=load_config(), warm_up=True, fresh=fresh)
    app.run()
    return app.return_code or 0
