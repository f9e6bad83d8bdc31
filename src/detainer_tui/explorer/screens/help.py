"""The help screen: ``help.md``'s prose with the key table's sections in place.

The page is drawn once per width and kept (``help_lines``): Textual's Markdown widget lays
out every paragraph and key table as widgets of their own each time it is shown, which took
a quarter of a second and more; Rich draws the same Markdown into lines in a fraction of
that, and the screen then only shows the lines in view. The main screen draws the page in
the background once the first pane is shown, so that even the first ``?`` is quick.
"""

from __future__ import annotations

import re
import threading
from importlib.resources import files
from typing import ClassVar

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip

from detainer_tui.explorer import keymap
from detainer_tui.explorer.screen_styles import StyledOnMount
from detainer_tui.explorer.screens.reading import Reading

_MARKER = re.compile(r"^<!-- keys: (?P<name>[a-z ]+) -->$", re.MULTILINE)

DIALOG_WIDTH = 100
"""The widest the help page is (``.dialog``'s ``max-width`` in ``app.tcss``)."""
_FRAME = 2 + 2 + 2
"""Cells of the dialog that are not text: its border, its padding and the scroll bar."""

_drawn: dict[tuple[int, str | None], list[Strip]] = {}
_drawing = threading.Lock()


def help_text() -> str:
    """The help page (Markdown): each ``<!-- keys: NAME -->`` replaced by that key table."""
    template = files("detainer_tui.explorer").joinpath("help.md").read_text(encoding="utf-8")
    return _MARKER.sub(lambda match: keymap.section(match["name"]).markdown(), template)


def text_width(screen_width: int) -> int:
    """The width the help page's text gets on a screen ``screen_width`` cells wide (as
    ``.dialog`` and ``#help`` in ``app.tcss`` size it)."""
    return max(20, min(screen_width * 9 // 10, DIALOG_WIDTH) - _FRAME)


def help_lines(console: Console, width: int) -> list[Strip]:
    """The help page drawn ``width`` cells wide, in ``console``'s colours; drawn once per
    width and colour system, then kept (safe to call from a worker thread)."""
    key = (width, console.color_system)
    with _drawing:
        if key not in _drawn:
            options = console.options.update_width(width)
            lines = console.render_lines(Markdown(help_text()), options, pad=False)
            _drawn[key] = [Strip(Segment.simplify(line)) for line in lines]
        return _drawn[key]


class HelpView(ScrollView, can_focus=True):
    """The drawn help page, of which only the lines in view are shown."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[Strip] = []

    def on_resize(self) -> None:
        self._lines = help_lines(self.app.console, text_width(self.app.size.width))
        self.virtual_size = Size(max((s.cell_length for s in self._lines), default=0), len(self))
        self.refresh()

    def __len__(self) -> int:
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)


class HelpScreen(Reading, StyledOnMount, ModalScreen[None]):
    """Keys for every pane; Escape, q or ? closes it."""

    PAGE = "HelpView"
    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.MODAL, keymap.HELP)

    def compose(self) -> ComposeResult:
        yield HelpView(id="help", classes="dialog")

    def action_close(self) -> None:
        self.dismiss(None)
