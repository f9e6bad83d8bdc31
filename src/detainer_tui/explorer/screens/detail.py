"""A row in full: every field, long values wrapped."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from detainer_tui.dataset import Detail
from detainer_tui.explorer import keymap
from detainer_tui.explorer.screen_styles import StyledOnMount
from detainer_tui.explorer.screens.reading import Reading
from detainer_tui.text import printable

POLICY = "policy"
"""What the view is dismissed with when p asks for the policies that apply to the record."""
RECORDS = "records"
"""What the view is dismissed with when Enter asks for the records behind a correction."""


class DetailScreen(Reading, StyledOnMount, ModalScreen[str | None]):
    """The fields of one row (``Detail``, from the dataset). Dismisses with ``POLICY`` when p
    asks for the policies that apply to a record."""

    PAGE = "#detail"
    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.MODAL, keymap.DETAIL)

    def __init__(self, detail: Detail) -> None:
        super().__init__()
        self.detail = detail

    def footer(self) -> str:
        """The keys this view answers to."""
        copy = f"{keymap.COPY_DETAIL.shown}  copy"
        if self.detail.policy is not None:
            count = self.detail.policy_count
            which = "the policy that applies" if count == 1 else f"the {count} policies that apply"
            return f"p  {which}   {copy}   Esc  close"
        if self.detail.record:
            return f"No policy listed for this place, nor a state-wide one.   {copy}   Esc  close"
        if self.detail.records is not None:
            return f"Enter  the records behind this row   {copy}   Esc  close"
        return f"{copy}   Esc  close"

    def text(self) -> str:
        """The whole row as copied: its title, then one ``label: value`` line per field."""
        lines = [printable(self.detail.title)]
        lines.extend(f"{label}: {printable(value)}" for label, value in self.detail.fields)
        return "\n".join(lines) + "\n"

    def action_copy(self) -> None:
        """Copy the whole row, every field, to the clipboard."""
        self.app.copy_to_clipboard(self.text())
        count = len(self.detail.fields)
        self.notify(f"Copied {printable(self.detail.title)}: {count} fields", markup=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail", classes="dialog"):
            yield Label(Content(printable(self.detail.title)), classes="dialog-title")
            with Grid(id="detail-fields"):
                for label, value in self.detail.fields:
                    yield Label(Content(label), classes="field-label")
                    yield Static(Content(printable(value) or "—"), classes="field-value")
            yield Label(Content(self.footer()), classes="dialog-footer")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_enter(self) -> None:
        """Enter: the records behind a correction, else close."""
        self.dismiss(RECORDS if self.detail.records is not None else None)

    def action_policy(self) -> None:
        if self.detail.policy is not None:
            self.dismiss(POLICY)
