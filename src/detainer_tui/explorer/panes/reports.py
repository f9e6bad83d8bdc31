"""4 Reports: each open report, its totals and what the parser noticed while reading it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from detainer_tui.dataset import REPORT_INDEX, Dataset, Table
from detainer_tui.dataset.cells import counted
from detainer_tui.explorer.messages import ShowDetail
from detainer_tui.explorer.panes.base import TablePane
from detainer_tui.explorer.widgets.plain import show_plain
from detainer_tui.text import printable

PROBLEMS_LISTED = 50
"""Data problems listed one by one under a report; beyond this, counted."""


class ReportsPane(TablePane):
    """Open reports; below, the highlighted report's diagnostics and inputs that failed."""

    pane_id = "reports"
    title = "Reports"

    def compose(self) -> ComposeResult:
        yield self.make_table()
        with VerticalScroll(id="report-panel", classes="panel"):
            yield Static("", id="report-notes", markup=False)

    def model(self, dataset: Dataset) -> Table:
        return dataset.reports_table

    def rows_shown(self) -> None:
        self._show_notes()

    def on_data_table_cell_highlighted(self) -> None:
        self._show_notes()

    def notes(self) -> list[str]:
        """Lines for the panel: diagnostics of the highlighted report, then failed inputs."""
        lines: list[str] = []
        row = self.current_row()
        if self.dataset is not None and row is not None:
            index = row[REPORT_INDEX]
            # The file name only: the full path is in the report's detail view (Enter).
            source = self.dataset.file_name(index)
            diagnostics = self.dataset.diagnostics(index)
            lines.append(source)
            missing = self.dataset.read_status(index)
            if missing:
                lines.append("Read only in part; the rows that were read are shown:")
                lines.extend(f"  • {line}" for line in missing)
            if diagnostics:
                lines.append(f"Parser diagnostics ({len(diagnostics)}):")
                lines.extend(f"  • {d}" for d in diagnostics)
            else:
                lines.append("Parser diagnostics: none — every section read cleanly.")
            problems = self.dataset.date_problems(index)
            count = len(problems)
            if not problems:
                lines.append(
                    "Data problems: none — no decline before its issue or outside the period."
                )
            else:
                lines.append(
                    f"Data problems: {counted(count)} records whose dates cannot be right:"
                )
                lines.extend(f"  • {p}" for p in problems[:PROBLEMS_LISTED])
                if count > PROBLEMS_LISTED:
                    more = count - PROBLEMS_LISTED
                    lines.append(f"  … and {counted(more)} more (search Records for their flags)")
            corrected = self.dataset.corrections_of(index)
            if corrected:
                places = "; ".join(c.place for c in corrected)
                lines.append(f"ICE corrected this edition ({len(corrected)}): {places}")
        if self.dataset is not None and self.dataset.problems:
            lines.append(f"Could not open ({len(self.dataset.problems)}):")
            lines.extend(f"  • {printable(p)}" for p in self.dataset.problems)
        return lines

    def _show_notes(self) -> None:
        show_plain(self.query_one("#report-notes", Static), "\n".join(self.notes()))

    def activate(self, row: dict[str, Any]) -> None:
        """Enter: the report's details and every diagnostic."""
        if self.dataset is not None:
            self.post_message(ShowDetail(self.dataset.report_detail(row), row))
