"""The query line: ``:`` opens it, Enter runs the SQL typed, up and down recall earlier queries.

An error stays on one line under the prompt, and the prompt stays open with the text so it can
be fixed; a query that runs closes it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label
from textual.widgets.input import Selection

from detainer_tui.dataset import TABLE_NAMES
from detainer_tui.explorer import keymap
from detainer_tui.explorer.widgets.plain import show_plain
from detainer_tui.text import printable

PLACEHOLDER = f"SQL over {', '.join(TABLE_NAMES)}, e.g. SELECT state, count(*) FROM records …"


class QueryInput(Input):
    """The prompt itself; up and down walk through earlier queries."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.QUERY)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=False)
        self.history: list[str] = []
        self._position = 0
        self._draft = ""

    def recall_from(self, history: list[str]) -> None:
        """Start walking ``history`` (oldest first) from after its latest query."""
        self.history = list(history)
        self._position = len(self.history)
        self._draft = self.value

    def action_history(self, step: int) -> None:
        """The query before (-1) or after (+1) the one shown; past the latest, what was typed."""
        if not self.history:
            return
        if self._position == len(self.history):
            self._draft = self.value
        self._position = min(max(self._position + step, 0), len(self.history))
        recalled = self._draft if self._position == len(self.history) else None
        self.value = recalled if recalled is not None else self.history[self._position]
        self.cursor_position = len(self.value)

    def action_close(self) -> None:
        self.post_message(QueryLine.Closed())


class QueryLine(Vertical):
    """``:`` and the prompt, and the error line under it."""

    class Submitted(Message):
        """Enter: run ``text``."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        """Escape: put the prompt away."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="query-prompt"):
            yield Label(":", id="query-colon")
            yield QueryInput(id="query-input")
        yield Label("", id="query-error", markup=False)

    @property
    def input(self) -> QueryInput:
        """The prompt."""
        return self.query_one(QueryInput)

    def open(self, history: list[str]) -> None:
        """Show the prompt with what was last typed, selected so that typing replaces it;
        ``history`` to recall."""
        self.display = True
        self.input.cursor_blink = False
        self.input.recall_from(history)
        self.say("")
        # Focused now, not after this message: the keys typed next are already on their way.
        self.screen.set_focus(self.input)
        # The last query selected: typing replaces it, the cursor keys keep it to edit.
        self.input.selection = Selection(0, len(self.input.value))

    def say(self, message: str) -> None:
        """Show ``message`` (an error, or that the query runs) under the prompt."""
        error = self.query_one("#query-error", Label)
        show_plain(error, printable(message))
        error.display = bool(message)

    def close(self) -> None:
        """Put the prompt away (the text stays for next time)."""
        self.display = False

    @on(Input.Submitted, "#query-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))
