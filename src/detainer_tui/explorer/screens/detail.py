"""A row in full: every field, long values wrapped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from detainer_tui.explorer import keymap
from detainer_tui.text import printable


class DetailScreen(ModalScreen[str | None]):
    """Fields of one row. Dismisses with ``"policy"`` when p asks for the jurisdiction's policy."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.DETAIL

    def __init__(
        self, title: str, fields: Sequence[tuple[str, str]], *, footer: str = "", policy: bool
    ) -> None:
        super().__init__()
        self.heading = printable(title)
        self.fields = [(label, printable(value)) for label, value in fields]
        self.footer = footer
        self.policy = policy

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail", classes="dialog"):
            yield Label(Content(self.heading), classes="dialog-title")
            with Grid(id="detail-fields"):
                for label, value in self.fields:
                    yield Label(Content(label), classes="field-label")
                    yield Static(Content(value or "—"), classes="field-value")
            yield Label(Content(self.footer), classes="dialog-footer")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_policy(self) -> None:
        if self.policy:
            self.dismiss("policy")
