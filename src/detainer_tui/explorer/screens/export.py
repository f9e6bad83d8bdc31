"""Export the current view: choose a format and a path; never overwrite without asking.

The dialog starts in the configured export folder, else the folder the last export went to,
else a ``detainer-tui`` folder in the user's documents folder; never the working directory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

import polars as pl
from textual import on
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from detainer_tui import paths
from detainer_tui.dataset.cells import counted
from detainer_tui.errors import DetainerError
from detainer_tui.explorer import keymap
from detainer_tui.explorer.screen_styles import StyledOnMount, preset_size_classes
from detainer_tui.explorer.widgets.plain import show_plain
from detainer_tui.formats import FORMAT_NAMES, FORMATS, SUFFIXES, format_from_suffix
from detainer_tui.text import printable

_LAST_FOLDER = "export_folder"
SHORT = 18
"""Terminal lines below which the export dialog is drawn without spacing or buttons."""


def export_folder(configured: Path | None) -> Path:
    """Where the export dialog starts: ``configured`` (``export_dir`` in config.toml), else the
    folder the last export went to, else ``detainer-tui`` in the documents folder."""
    return configured or remembered_folder() or paths.default_export_dir()


def _state() -> dict:
    try:
        state = json.loads(paths.explorer_state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # nothing remembered yet, or a damaged file that the next export replaces
    return state if isinstance(state, dict) else {}


def remembered_folder() -> Path | None:
    """The folder the last export went to, if it is remembered and still a folder."""
    folder = _state().get(_LAST_FOLDER)
    if not isinstance(folder, str) or not folder:
        return None
    path = Path(folder)
    return path if path.is_absolute() and path.is_dir() else None


def remember_folder(folder: Path) -> None:
    """Remember ``folder`` for the next export. Best effort: when the state folder cannot be
    written, the next export starts in the default folder again, and nothing else is lost."""
    state = {**_state(), _LAST_FOLDER: str(folder)}
    target = paths.explorer_state_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    except OSError:
        pass


class PathInput(Input):
    """The export path: an input line whose ctrl+u clears it entirely (a shell's ctrl+u
    leaves what is right of the cursor, which here would end up in the file name)."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.EXPORT_PATH)

    def action_clear(self) -> None:
        """Empty the field."""
        self.value = ""
        self.cursor_position = 0


class FormatChoice(Static, can_focus=True):
    """The export format: every format on one line, the chosen one in reverse video;
    right (or space) and left step through them, a click takes the next.

    Textual's ``Select`` did this with an overlay list built with the dialog, which made
    opening the dialog about a third slower for a choice of three."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.EXPORT_FORMAT)

    class Changed(Message):
        """The format was changed here."""

        def __init__(self, choice: FormatChoice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> FormatChoice:
            return self.choice

    def __init__(self, value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._value = value
        self._draw()

    @property
    def value(self) -> str:
        """The chosen format (one of ``FORMATS``)."""
        return self._value

    @value.setter
    def value(self, value: str) -> None:
        if value not in FORMATS or value == self._value:
            return
        self._value = value
        self._draw()
        self.post_message(self.Changed(self, value))

    def action_step(self, step: int) -> None:
        """The next format (``step`` 1) or the previous one (-1), round."""
        at = FORMATS.index(self._value)
        self.value = FORMATS[(at + step) % len(FORMATS)]

    def on_click(self) -> None:
        self.action_step(1)

    def _draw(self) -> None:
        self.update(
            Content(" ").join(
                Content.styled(f" {FORMAT_NAMES[fmt]} ", "reverse" if fmt == self._value else "")
                for fmt in FORMATS
            )
        )


@dataclass(frozen=True)
class ExportRequest:
    """Where and how to write the view."""

    path: Path
    fmt: str


def resolve_target(text: str, fmt: str, base: Path) -> tuple[Path, str]:
    """The file a typed path means, and its format: a known suffix wins, else ``fmt``'s.

    A relative path is taken inside ``base``. Raises ``RuntimeError`` for ``~user`` when
    there is no such user.
    """
    path = Path(text.strip()).expanduser()
    if not path.is_absolute():
        path = (base / path).absolute()
    implied = format_from_suffix(path)
    if implied is not None:
        return path, implied
    return path.with_name(path.name + SUFFIXES[fmt]), fmt


class ConfirmScreen(StyledOnMount, ModalScreen[bool]):
    """A yes/no question; y or Enter on Yes agrees, n or Escape declines."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.CONFIRM)

    def __init__(self, question: str, yes: str = "Overwrite", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Label(Content(self.question), classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ExportScreen(StyledOnMount, ModalScreen[ExportRequest | None]):
    """Asks for a format and a path; Enter exports, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.EXPORT)
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (SHORT, "-tall")]
    """Under ``SHORT`` lines the dialog drops its spacing and its buttons (enter and escape,
    said on its last line, do what they do), so that all of it fits."""

    def __init__(
        self,
        what: str,
        rows: int,
        folder: Path,
        name: str,
        current: Callable[[], pl.DataFrame | None] | None = None,
    ) -> None:
        """Export ``rows`` rows of ``what``; with ``current``, the rows the view shows when
        asked (``follow`` then keeps the count said up to date)."""
        super().__init__()
        self.what = what
        self.rows = rows
        self.current = current
        self.folder = folder
        self.fmt = "csv"
        self.default_path = folder / f"{name}{SUFFIXES[self.fmt]}"

    def compose(self) -> ComposeResult:
        preset_size_classes(self)
        with Vertical(id="export", classes="dialog"):
            yield Label(self._title(), id="export-title", classes="dialog-title", markup=False)
            with Horizontal(id="export-format-line"):
                yield Label("Format:", classes="field-label")
                yield FormatChoice(self.fmt, id="export-format")
            yield Label("Save to:", classes="field-label")
            yield PathInput(str(self.default_path), id="export-path", select_on_focus=False)
            yield Label("", id="export-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Export", id="export-go", variant="primary")
                yield Button("Cancel", id="export-cancel")
            yield Label(
                "enter: export · esc: cancel · shift+tab, ← →: format (or a suffix)",
                classes="dialog-footer",
            )

    def _title(self) -> str:
        noun = "row" if self.rows == 1 else "rows"
        return f"Export {counted(self.rows)} {noun} of {self.what}"

    def follow(self) -> None:
        """The view's rows changed while the dialog is open (reports still being read came
        in): say how many it holds now, which is what will be written."""
        frame = self.current() if self.current is not None else None
        if frame is not None and frame.height != self.rows:
            self.rows = frame.height
            show_plain(self.query_one("#export-title", Label), self._title())

    def on_mount(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)
        # Where the path is longer than the line, its end (the file name, what is edited)
        # is shown, by the cursor: Textual does not scroll to an input's first value.
        self.call_after_refresh(self._show_path_end)

    def _show_path_end(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.scroll_to(x=path_input.max_scroll_x, animate=False, immediate=True)

    @on(FormatChoice.Changed, "#export-format")
    def _format_chosen(self, event: FormatChoice.Changed) -> None:
        fmt = str(event.value)
        if fmt not in FORMATS or fmt == self.fmt:
            return
        self.fmt = fmt
        path_input = self.query_one("#export-path", Input)
        current = Path(path_input.value.strip())
        if format_from_suffix(current) is not None:
            path_input.value = str(current.with_suffix(SUFFIXES[fmt]))

    @on(Input.Changed, "#export-path")
    def _path_typed(self, event: Input.Changed) -> None:
        implied = format_from_suffix(Path(event.value.strip()))
        if implied is not None and implied != self.fmt:
            self.fmt = implied
            self.query_one("#export-format", FormatChoice).value = implied

    def action_submit(self) -> None:
        """Enter where it does not already export (on the format)."""
        self._submit()

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def _submit(self) -> None:
        text = self.query_one("#export-path", Input).value
        if not text.strip():
            self._error("Type a file name.")
            return
        try:
            path, fmt = resolve_target(text, self.fmt, self.folder)
            problem = self._check(path)
            exists = problem is None and path.exists()
        except (OSError, RuntimeError, ValueError) as error:
            # A name too long, ~nosuchuser, a folder we may not look into: said here, and
            # the dialog stays open for another try.
            self._error(f"Cannot use {printable(text.strip())}: {_reason(error)}")
            return
        if problem is not None:
            self._error(problem)
            return
        if exists:

            def answered(overwrite: bool | None) -> None:
                if overwrite:
                    self.dismiss(ExportRequest(path, fmt))

            self.app.push_screen(
                ConfirmScreen(f"{printable(str(path))} exists. Overwrite it?"), answered
            )
            return
        self.dismiss(ExportRequest(path, fmt))

    def _check(self, path: Path) -> str | None:
        """What is wrong with writing to ``path``, or None; creates the export folder.

        The export folder (and folders below it, named relative to it) is created when
        missing; any other missing folder is more likely a typing mistake, so it is reported.
        """
        if path.is_dir():
            return f"{printable(str(path))} is a folder: add a file name."
        parent = path.parent
        if parent.is_dir():
            return None
        # Compared with ``..`` collapsed: ``../x`` is not inside the export folder.
        if not Path(os.path.normpath(parent)).is_relative_to(os.path.normpath(self.folder)):
            return f"No such folder: {printable(str(parent))}"
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return f"Cannot create folder {printable(str(parent))}: {_reason(error)}"
        return None

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _error(self, message: str) -> None:
        """Say what is wrong on the dialog's one error line."""
        show_plain(self.query_one("#export-error", Label), printable(message))


def _reason(error: Exception) -> str:
    """The short reason of an ``OSError`` (``File name too long``), else its message."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


# -- writing ------------------------------------------------------------------------------
def export_view(
    owner: DOMNode,
    what: str,
    frame: pl.DataFrame,
    folder: Path,
    name: str,
    current: Callable[[], pl.DataFrame | None] | None = None,
    left_out: Callable[[], str] | None = None,
) -> None:
    """Ask where to write ``frame`` (the rows of ``what``), then write it in the background.
    With ``current``, what it returns once the analyst confirms is written instead: the rows
    shown then (a pane whose rows change while the dialog is open, as reports come in).
    ``left_out`` says then what those rows leave out (reports still being read), if anything:
    the notice of the export ends with it.

    ``owner`` (the screen the view is on) runs the writing worker, so it outlives the dialog;
    the outcome is a notification, an error included.
    """

    def chosen(request: ExportRequest | None) -> None:
        if request is None:
            return
        latest = current() if current is not None else None
        said = left_out() if left_out is not None else ""
        owner.run_worker(
            partial(
                write_export, owner.app, latest if latest is not None else frame, request, said
            ),
            thread=True,
            group="export",
            name="export",
        )

    owner.app.push_screen(ExportScreen(what, frame.height, folder, name, current), chosen)


def write_export(app: App, frame: pl.DataFrame, request: ExportRequest, left_out: str = "") -> None:
    """Write ``frame`` as asked (in a worker thread) and say how it went, and ``left_out``
    (what its rows leave out) after."""
    from detainer_tui.export import write_frame

    try:
        request.path.parent.mkdir(parents=True, exist_ok=True)
        write_frame(frame, request.fmt, request.path)
    except DetainerError as error:
        app.call_from_thread(app.notify, printable(str(error)), severity="error", markup=False)
        return
    except OSError as error:
        message = f"{request.path}: cannot write ({error.strerror or error})"
        app.call_from_thread(app.notify, printable(message), severity="error", markup=False)
        return
    remember_folder(request.path.parent)
    noun = "row" if frame.height == 1 else "rows"
    # The full path on a line of its own, so a narrow terminal breaks it only if it must.
    message = (
        printable(f"Wrote {counted(frame.height)} {noun} to") + "\n" + printable(str(request.path))
    )
    if left_out:
        message += "\n" + printable(left_out)
    app.call_from_thread(app.notify, message, markup=False)
