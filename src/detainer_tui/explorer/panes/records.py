"""2 Records: Section II, one row per declined detainer, from every open report; under the
table, the days from issue to decline of the records shown."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Label

from detainer_tui import schema
from detainer_tui.dataset import Dataset, Table, View
from detainer_tui.explorer import keymap
from detainer_tui.explorer.messages import ShowDetail, ShowPolicies
from detainer_tui.explorer.panes.base import TablePane
from detainer_tui.explorer.widgets.plain import show_plain


class RecordsPane(TablePane):
    """Every declined detainer; Enter shows one in full, p the policies that apply to it."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.RECORDS)

    pane_id = "records"
    title = "Records"

    def compose(self) -> ComposeResult:
        yield self.make_table()
        yield Label("", id="records-days", classes="note", markup=False)

    def model(self, dataset: Dataset) -> Table:
        return dataset.records

    def rows_shown(self) -> None:
        if self.dataset is None or self.view is None:
            return
        stats = self.dataset.days_stats(self.view)
        line = f"Days to decline: {stats.line()}"
        show_plain(self.query_one("#records-days", Label), line)

    def activate(self, row: dict[str, Any]) -> None:
        """Enter: the record in full."""
        if self.view is not None:
            self.open_record(row, self.view)

    def open_record(self, row: dict[str, Any], view: View) -> None:
        """A record in full, with the days of the records ``view`` shows around it."""
        if self.dataset is not None:
            self.post_message(ShowDetail(self.dataset.record_detail(row, view), row))

    def action_policy(self) -> None:
        """p: every policy that applies to the highlighted record (its county's or city's, and
        its state's), if a report lists one."""
        row = self.current_row()
        if row is None or self.dataset is None:
            return
        jurisdiction, state = row.get(schema.JURISDICTION), row.get(schema.STATE)
        place = ", ".join(value for value in (jurisdiction, state) if value)
        self.post_message(ShowPolicies(self.dataset.policy_drill(jurisdiction, state), place))
