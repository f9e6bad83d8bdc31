"""5 Triage: every marked or noted row of every table, latest change first; Enter goes to the
row in its own pane."""

from __future__ import annotations

from typing import Any

from detainer_tui.dataset import TRIAGE_KEY, Dataset, MarkingOff, Table, listing_of_nothing
from detainer_tui.explorer.messages import GoToMarked
from detainer_tui.explorer.panes.base import TablePane


class TriagePane(TablePane):
    """The rows analysts marked or noted; space unmarks, n edits the note, Enter goes there."""

    pane_id = "triage"
    title = "Triage"
    pinned_columns = 1

    annotated = False

    def model(self, dataset: Dataset) -> Table:
        if self.triage is None:
            return listing_of_nothing()
        return self.triage.listing()

    def marks_stale(self) -> bool:
        model = self._table_model
        return self.triage is not None and model is not None and model is not self.triage.listing()

    def activate(self, row: dict[str, Any]) -> None:
        """Enter: the row in its own pane."""
        key = row.get(TRIAGE_KEY)
        if key:
            self.post_message(GoToMarked(key))

    def action_toggle_mark(self) -> None:
        """Space: unmark the listed row (or mark it again)."""
        if self.triage is not None:
            self._change(self.triage.toggle_stored)

    def action_note(self) -> None:
        """n: edit the listed row's note."""
        row = self.current_row()
        if row is None or self.triage is None:
            return
        key = row.get(TRIAGE_KEY)
        stored = self.triage.mark(key) if key else None
        if stored is None:
            return
        from detainer_tui.explorer.screens.prompt import ask_note

        triage = self.triage

        def save(text: str, replacing: str | None) -> None:
            try:
                triage.note_stored(key, text, replacing=replacing)
            finally:
                self.post_message(GoToMarked.Changed())  # read again, theirs or ours

        ask_note(self, stored.note, save)

    def _change(self, change: Any) -> None:
        row = self.current_row()
        if row is None or self.triage is None:
            return
        key = row.get(TRIAGE_KEY)
        if not key:
            return
        try:
            change(key)
        except MarkingOff as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.post_message(GoToMarked.Changed())
