"""A one-line question over the screen: a row's note, a view's name. Enter answers, Escape
leaves everything as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label

from detainer_tui.dataset.triage import MarkingOff, NoteChanged, shown_time
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


def ask_note(widget: Widget, note: str | None, save: Callable[[str, str | None], None]) -> None:
    """Ask for a row's note, starting from ``note`` (the one shown), and ``save(text,
    replacing)`` it over the note it began from. Should another analyst have changed the note
    meanwhile (``NoteChanged``), nothing is overwritten: their note is shown, with the text
    typed, to be saved over it (enter) or left (escape). Marking off is said in a notice."""

    def ask(value: str, replacing: str | None, title: str, hint: str = "") -> None:
        def answered(text: str | None) -> None:
            if text is None:
                return
            try:
                save(text, replacing)
            except NoteChanged as changed:
                ask(text, changed.note, *_changed_meanwhile(changed))
            except MarkingOff as error:
                widget.notify(str(error), severity="warning", markup=False)

        widget.app.push_screen(PromptScreen(title, value, "a one-line note", hint), answered)

    ask(note or "", note, "Note on this row")


def _changed_meanwhile(changed: NoteChanged) -> tuple[str, str]:
    """The title and footer that ask again once another analyst has changed the note."""
    who = f"{changed.by or 'Someone else'} ({shown_time(changed.at)})".replace(" ()", "")
    what = f"wrote: {changed.note}" if changed.note is not None else "removed the note"
    return (
        f"Not saved: meanwhile {who} {what}",
        f"{keymap.ASK_SUBMIT.shown}  save yours over it   {keymap.ASK_CANCEL.shown}  keep theirs",
    )
