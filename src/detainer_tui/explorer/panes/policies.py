"""3 Policies: Section III, with the highlighted policy's full text beside or below the list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from detainer_tui import schema
from detainer_tui.dataset import REPORT, Dataset, Table
from detainer_tui.explorer.panes.base import TablePane


def policy_heading(row: dict) -> str:
    """``Travis County, TX · Policy · Jan 28 – Feb 3, 2017 · page 30``."""
    place = ", ".join(v for v in (row.get(schema.JURISDICTION), row.get(schema.STATE)) if v)
    parts = [place or "(no jurisdiction)"]
    if row.get(schema.POLICY_TYPE):
        parts.append(row[schema.POLICY_TYPE])
    if row.get(REPORT):
        parts.append(row[REPORT])
    if row.get(schema.SOURCE_PAGE) is not None:
        parts.append(f"page {row[schema.SOURCE_PAGE]}")
    return " · ".join(parts)


class PoliciesPane(TablePane):
    """Policies limiting cooperation, one per row; the text of the highlighted one in full."""

    pane_id = "policies"
    title = "Policies"
    pinned_columns = 2

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
            heading.update(Content("No policy selected"))
            text.update(Content(""))
            return
        heading.update(Content(policy_heading(row)))
        text.update(Content(row.get(schema.POLICY) or "(no text)"))
        self.query_one("#policy-panel", VerticalScroll).scroll_home(animate=False)

    def activate(self, row: dict) -> None:
        """Enter: the policy in full, in its own view."""
        self.app.show_policy(row)  # type: ignore[attr-defined]
