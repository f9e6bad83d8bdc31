"""The help screen: every key, per pane, from ``help.md``."""

from __future__ import annotations

from importlib.resources import files
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from detainer_tui.explorer import keymap


def help_text() -> str:
    """The help page (Markdown)."""
    return files("detainer_tui.explorer").joinpath("help.md").read_text(encoding="utf-8")


class HelpScreen(ModalScreen[None]):
    """Keys for every pane; Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *keymap.MODAL,
        ("question_mark", "close"),
        ("j", "scroll('down')"),
        ("k", "scroll('up')"),
    ]

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
