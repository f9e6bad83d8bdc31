"""2 Records: Section II, one row per declined detainer, from every open report."""

from __future__ import annotations

from detainer_tui.dataset import Dataset, Table
from detainer_tui.explorer.panes.base import TablePane


class RecordsPane(TablePane):
    """Every declined detainer; Enter shows one in full, p its jurisdiction's policy."""

    pane_id = "records"
    title = "Records"
    pinned_columns = 2

    def model(self, dataset: Dataset) -> Table:
        return dataset.records

    def activate(self, row: dict) -> None:
        """Enter: the record in full."""
        self.app.show_record(row)  # type: ignore[attr-defined]

    def action_policy(self) -> None:
        """p: the policy of the highlighted record's jurisdiction, if a report lists one."""
        row = self.current_row()
        if row is not None:
            self.app.jump_to_policy(row)  # type: ignore[attr-defined]
