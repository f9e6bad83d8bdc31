"""3 Policies: Section III, with the highlighted policy's full text beside or below the list."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from detainer_tui import schema
from detainer_tui.dataset import Dataset, Table, policy_heading
from detainer_tui.explorer.messages import ShowDetail
from detainer_tui.explorer.panes.base import TablePane
from detainer_tui.explorer.widgets.plain import show_plain


class PoliciesPane(TablePane):
    """Policies limiting cooperation, one per row; the text of the highlighted one in full."""

    pane_id = "policies"
    title = "Policies"

    def compose(self) -> ComposeResult:
        yield self.make_table()
        with VerticalScroll(id="policy-panel", classes="panel"):
            yield Static("", id="policy-heading", classes="panel-heading", markup=False)
            yield Static("", id="policy-text", markup=False)

    def model(self, dataset: Dataset) -> Table:
        return dataset.policies

    def rows_shown(self) -> None:
        self._show_policy()

    def on_data_table_cell_highlighted(self) -> None:
        self._show_policy()

    def _show_policy(self) -> None:
        row = self.current_row()
        heading = self.query_one("#policy-heading", Static)
        text = self.query_one("#policy-text", Static)
        if row is None:
            show_plain(heading, "No policy selected")
            show_plain(text, "")
            return
        show_plain(heading, policy_heading(row))
        show_plain(text, row.get(schema.POLICY) or "(no text)")
        self.query_one("#policy-panel", VerticalScroll).scroll_home(animate=False)

    def activate(self, row: dict[str, Any]) -> None:
        """Enter: the policy in full, in its own view."""
        if self.dataset is not None:
            self.post_message(ShowDetail(self.dataset.policy_detail(row), row))
