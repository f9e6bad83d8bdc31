"""A one-line question over the screen: a row's note, a view's name. Enter answers, Escape
leaves everything as it was."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from detainer_tui.explorer import keymap
from detainer_tui.explorer.screen_styles import StyledOnMount
from detainer_tui.text import printable


class PromptScreen(StyledOnMount, ModalScreen[str | None]):
    """Asks for one line of plain text (``value`` to start from); dismisses with the text,
    or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.ASK)

    def __init__(self, title: str, value: str = "", placeholder: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt", classes="dialog"):
            yield Label(Content(printable(self.title_text)), classes="dialog-title")
            yield Input(
                printable(self.value),
                placeholder=self.placeholder,
                id="prompt-input",
                select_on_focus=True,
            )
            footer = self.hint or (
                f"{keymap.ASK_SUBMIT.shown}  save   {keymap.ASK_CANCEL.shown}  cancel"
            )
            yield Label(Content(footer), classes="dialog-footer")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = False
        self.set_focus(field)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
