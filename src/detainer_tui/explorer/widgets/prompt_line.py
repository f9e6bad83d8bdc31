"""A one-line prompt above the status bar, with its error under it: the filter line (``|``)
and the column prompt (``J``).

What is typed is read by whoever opened it (the screen, through the dataset); a mistake is
said under the line with ``say`` and the line stays open with the text, so nothing changes
until it reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label
from textual.widgets.input import Selection

from detainer_tui.explorer import keymap
from detainer_tui.explorer.widgets.plain import show_plain
from detainer_tui.text import printable


class PromptInput(Input):
    """The prompt's input; ``tab`` takes the suggested completion."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.PROMPT)

    def action_close(self) -> None:
        self.post_message(PromptLine.Closed())

    def action_complete(self) -> None:
        """Take the suggestion shown after the text, if any."""
        if self._suggestion and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)


class PromptLine(Vertical):
    """A label, the input, and a line under it for what is wrong with what was typed."""

    class Submitted(Message):
        """Enter: ``text`` was typed for ``purpose``."""

        def __init__(self, purpose: str, text: str) -> None:
            super().__init__()
            self.purpose = purpose
            self.text = text

    class Closed(Message):
        """Escape: put the line away."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.purpose = ""
        """What the line is open for (the screen that opened it decides)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="prompt-line"):
            yield Label("", id="prompt-label", markup=False)
            yield PromptInput(id="prompt-input", select_on_focus=False)
        yield Label("", id="prompt-error", markup=False)

    @property
    def input(self) -> PromptInput:
        """The input."""
        return self.query_one(PromptInput)

    def open(
        self,
        purpose: str,
        label: str,
        *,
        value: str = "",
        placeholder: str = "",
        suggestions: Sequence[str] = (),
    ) -> None:
        """Show the line for ``purpose``, saying ``label`` before the input, with ``value``
        selected (typing replaces it); ``suggestions`` complete what is typed."""
        self.purpose = purpose
        self.display = True
        show_plain(self.query_one("#prompt-label", Label), printable(label))
        field = self.input
        field.cursor_blink = False
        field.placeholder = placeholder
        field.suggester = (
            SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
        )
        field.value = value
        self.say("")
        # Focused now, not after this message (as ``focus()`` would): keys typed right after
        # the one that opened the line (a fast typist, a paste) are already on their way.
        self.screen.set_focus(field)
        field.selection = Selection(0, len(value))

    def say(self, message: str) -> None:
        """Show ``message`` (what is wrong) under the line; empty: nothing."""
        error = self.query_one("#prompt-error", Label)
        show_plain(error, printable(message))
        error.display = bool(message)

    def close(self) -> None:
        """Put the line away."""
        self.display = False
        self.purpose = ""

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self.purpose, event.value))
