"""Opening a screen without styling its widgets twice, nor failing if it is closed at once.

Each widget is styled as it is mounted. Textual then styles the whole screen again twice more
on its way to the first frame, and on a screen of tables and bars those passes are most of
the time from a key to the drawn screen:

- on the screen's first resize it sets the ``HORIZONTAL_BREAKPOINTS`` class (``-narrow``,
  ``-wide``) and the ``VERTICAL_BREAKPOINTS`` one (``-short``), and styles every widget again
  for them. ``preset_size_classes`` sets those classes while composing, so the resize changes
  nothing;
- when a screen is shown (``ScreenResume``) it styles every widget again, for what may have
  changed while it was hidden (the theme, the app's classes). A screen just mounted has had
  no time to miss anything: ``StyledOnMount`` restyles only the screen itself then (its own
  CSS is loaded after it is mounted), and leaves later resumes as Textual does them.

A screen pushed and closed again before it was mounted (a query's result that arrives as
``escape`` is pressed) is mounted all the same, its widgets already taken down:
``closed_before_mounted`` tells its ``on_mount`` to leave them alone.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


def preset_size_classes(screen: Screen) -> None:
    """Give ``screen`` the classes its ``HORIZONTAL_BREAKPOINTS`` and
    ``VERTICAL_BREAKPOINTS`` choose for the terminal's width and height, without styling
    anything (call it first thing in ``compose``)."""
    app = screen.app
    for breakpoints, size in (
        (screen.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or [], app.size.width),
        (screen.VERTICAL_BREAKPOINTS or app.VERTICAL_BREAKPOINTS or [], app.size.height),
    ):
        reached = [(threshold, name) for threshold, name in breakpoints if size >= threshold]
        chosen = max(reached)[1] if reached else None
        for _, name in breakpoints:
            screen.set_class(name == chosen, name, update=False)


class StyledOnMount:
    """For a ``Screen`` subclass (listed before it): its first ``ScreenResume``, which
    follows its mounting, styles the screen alone rather than every widget on it again."""

    _resumed_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Called before Screen's own handler (Textual calls each class's, most derived first).
        if self._resumed_before:
            return
        self._resumed_before = True
        if event.refresh_styles and isinstance(self, Screen):
            event.refresh_styles = False
            self.app.stylesheet.apply(self, animate=False)


def closed_before_mounted(screen: Screen) -> bool:
    """Whether ``screen`` was closed (popped, or the explorer is quitting) before its
    ``on_mount`` ran: its widgets are being taken down, and asking for them would fail."""
    return not screen.app.is_running or screen not in screen.app.screen_stack
