"""The help screen: ``help.md``'s prose with the key table's sections in place."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from detainer_tui.explorer import keymap

_MARKER = re.compile(r"^<!-- keys: (?P<name>[a-z ]+) -->$", re.MULTILINE)


def help_text() -> str:
    """The help page (Markdown): each ``<!-- keys: NAME -->`` replaced by that key table."""
    template = files("detainer_tui.explorer").joinpath("help.md").read_text(encoding="utf-8")
    return _MARKER.sub(lambda match: keymap.section(match["name"]).markdown(), template)


class HelpScreen(ModalScreen[None]):
    """Keys for every pane; Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.MODAL, keymap.HELP)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Markdown(help_text())

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        scroller = self.query_one("#help", VerticalScroll)
        if direction == "down":
            scroller.scroll_down(animate=False)
        else:
            scroller.scroll_up(animate=False)
