"""1 Rankings: Section I as printed, or rankings computed from the declined records."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from typing import Any, ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Label

from detainer_tui import schema
from detainer_tui.dataset import (
    FLAG,
    ISSUED,
    RANKING_SOURCES,
    Dataset,
    Query,
    RankingSource,
    Table,
    summed_label,
)
from detainer_tui.dataset.cells import counted
from detainer_tui.explorer import keymap
from detainer_tui.explorer.messages import ShowDetail, ShowRecords, ShowWeekOverWeek
from detainer_tui.explorer.panes.base import WIDE, TablePane
from detainer_tui.explorer.widgets.plain import show_plain


class RankingsPane(TablePane):
    """Rankings with an inline bar; Enter drills into the records behind a row."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.RANKINGS)

    pane_id = "rankings"
    title = "Rankings"

    KEYS = (
        f"{keymap.NEXT_SOURCE.shown} ranking  {keymap.NEXT_REPORT.shown} report  "
        f"{keymap.WEEK_OVER_WEEK.shown} weeks"
    )
    """The toolbar's keys, shown beside what is ranked where that leaves it room."""
    CHOICE_LINES = 2
    """The most lines what is ranked may wrap onto with the keys beside it."""

    def __init__(self) -> None:
        super().__init__()
        self.source: RankingSource = RANKING_SOURCES[0]
        self.report: int | None = None  # None: all open reports together
        self._bar_width = 16
        self.leave_out_corrected = False
        self._choice = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="rankings-toolbar", classes="toolbar"):
            yield Label("", id="rankings-choice", markup=False)
            yield Label(self.KEYS, id="rankings-keys", markup=False)
        yield self.make_table()
        yield Label("", id="rankings-note", classes="note", markup=False)

    def on_mount(self) -> None:
        self._show_choice()
        self.query_one("#rankings-note", Label).display = False

    def chosen_report(self) -> int | None:
        """The report ranked alone, or None for all of them together."""
        if self.dataset is None or self.report is None:
            return None
        return self.report if self.report < len(self.dataset.reports) else None

    def model(self, dataset: Dataset) -> Table:
        return dataset.rankings(
            self.source, self.chosen_report(), self._bar_width, self.leave_out_corrected
        )

    def leave_out(self, corrected: bool) -> None:
        """Count (False) or leave out (True) the rows ICE corrected."""
        if corrected != self.leave_out_corrected:
            self.leave_out_corrected = corrected
            self.refresh_rows(keep_cursor=True)

    # -- ICE's corrections of the highlighted row -------------------------------------------
    def rows_shown(self) -> None:
        self._show_note()

    def on_data_table_cell_highlighted(self) -> None:
        self._show_note()

    def note(self) -> str:
        """What ICE corrected among the rows the highlighted ranking row counts, if anything."""
        row = self.current_row()
        if row is None or self.dataset is None:
            return ""
        found = self.dataset.corrections_behind(row)
        if not found:
            return ""
        said = " ".join(f"{c.text} ({c.source})" for c in found)
        return (
            f"{row.get(FLAG)}: {said}   ({keymap.ACTIVATE.shown}: in full, "
            f"{keymap.CORRECTIONS.shown}: leave out)"
        )

    def _show_note(self) -> None:
        label = self.query_one("#rankings-note", Label)
        text = self.note()
        show_plain(label, text)
        label.display = bool(text)

    def set_dataset(self, dataset: Dataset) -> None:
        if self.report is not None and self.report >= len(dataset.reports):
            self.report = None
        super().set_dataset(dataset)
        self._show_choice()

    def report_label(self) -> str:
        """Which report the ranking covers, as the toolbar says it."""
        report = self.chosen_report()
        if self.dataset is None or report is None:
            return summed_label(self.source)
        return self.dataset.labels[report]

    def _show_choice(self) -> None:
        if not self.children:  # not mounted yet: its on_mount shows the choice
            return
        label = self.query_one("#rankings-choice", Label)
        # Shown plain: the report label may hold a file name, shown as it is.
        # Its keys beside it, whole, where they leave it room; the text wraps onto a second
        # line rather than being cut where it does not fit.
        self._choice = f"{self.source.title} · {self.report_label()}"
        show_plain(label, self._choice)
        self._fit_toolbar()

    def _fit_toolbar(self) -> None:
        """Show the keys beside what is ranked only while that leaves it at most
        ``CHOICE_LINES`` lines: on a narrow terminal, a long choice squeezed beside them
        wrapped onto a line per word and left no room for the rows (the keys are in the
        status bar's hints and in help)."""
        width = self.size.width or self.app.size.width
        keys = self.query_one("#rankings-keys", Label)
        # The toolbar's padding (1 each side) and the keys' own (2 before them).
        room = width - 2 - cell_len(self.KEYS) - 2
        fits = room > 0 and len(textwrap.wrap(self._choice, room)) <= self.CHOICE_LINES
        if keys.display != fits:
            keys.display = fits

    def on_resize(self) -> None:
        if self.children:
            self._fit_toolbar()
        width = 30 if self.app.size.width >= WIDE else 16
        if width != self._bar_width:
            self._bar_width = width
            self.refresh_rows(keep_cursor=True)
        else:
            super().on_resize()

    # -- choosing what to rank ------------------------------------------------------------
    def choose(
        self, source: RankingSource | None = None, report: int | str | None = "keep"
    ) -> None:
        """Show ``source`` for ``report`` (an index, None for all, "keep" for unchanged)."""
        if source is not None:
            self.source = source
        if report != "keep":
            self.report = report if isinstance(report, int) else None
        # Another ranking has other columns: its sort starts afresh, its search is kept.
        self.query_state = Query().with_search(self.search_text)
        self._show_choice()
        self.refresh_rows(cursor_row=0)

    def action_next_source(self) -> None:
        """Rank by the next dimension (issued, jurisdiction, state, ...)."""
        self._step_source(1)

    def action_previous_source(self) -> None:
        """Rank by the previous dimension."""
        self._step_source(-1)

    def _step_source(self, step: int) -> None:
        index = RANKING_SOURCES.index(self.source)
        self.choose(source=RANKING_SOURCES[(index + step) % len(RANKING_SOURCES)])

    def action_next_report(self) -> None:
        """Rank the next report alone (after the last one: all reports together)."""
        self._step_report(1)

    def action_previous_report(self) -> None:
        """Rank the previous report alone."""
        self._step_report(-1)

    def _step_report(self, step: int) -> None:
        count = len(self.dataset.reports) if self.dataset is not None else 0
        choices: list[int | None] = [None, *range(count)]
        position = choices.index(self.report) if self.report in choices else 0
        self.choose(report=choices[(position + step) % len(choices)])

    def export_name(self) -> str:
        return f"rankings-{self.source.name}"

    def mark_report(self) -> int | None:
        return self.chosen_report()

    def status_parts(self) -> list[str]:
        parts = super().status_parts()
        parts[0] = f"Rankings: {self.source.name}"
        if self.leave_out_corrected:
            parts.append("ICE's corrections left out")
        return parts

    def activate(self, row: dict[str, Any]) -> None:
        """Enter: the records behind this ranking row; on a row ICE corrected, first the
        correction in full (Enter there goes on to the records)."""
        if self.dataset is None:
            return
        drill = self.dataset.records_drill(self.source, row, self.chosen_report())
        note = ""
        if self.source is ISSUED and self.dataset.records.query(Query(drill=drill)).count == 0:
            issued = row.get(schema.DETAINERS_ISSUED)
            note = (
                f"Section I counts detainers issued ({counted(issued)} for {drill.label}); none of "
                "them is among the declined detainers of Section II."
                if isinstance(issued, int)
                else f"Section I counts detainers issued; none for {drill.label} was declined."
            )
        corrected = self.dataset.correction_detail(self.source, row, self.chosen_report())
        if corrected is not None:
            self.post_message(ShowDetail(replace(corrected, records_note=note)))
            return
        self.post_message(ShowRecords(drill, note))

    def action_week_over_week(self) -> None:
        """This ranking per report period, side by side."""
        self.post_message(ShowWeekOverWeek(self.source))
