"""A chart of a dated series over the main screen: declines per day of the records shown, or
detainers issued per month (``i`` switches). Arrows move from day to day, Enter opens the
day's records, ``e`` exports the series, Escape goes back."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Label

from detainer_tui.dataset import ChartSeries, period_label
from detainer_tui.dataset.cells import counted
from detainer_tui.explorer import keymap
from detainer_tui.explorer.panes.base import WIDE
from detainer_tui.explorer.screen_styles import (
    StyledOnMount,
    closed_before_mounted,
    preset_size_classes,
)
from detainer_tui.explorer.screens.built_on import BuiltOn
from detainer_tui.explorer.widgets.bars import HeaderBar, StatusBar
from detainer_tui.explorer.widgets.column_chart import BUSIEST_LABELLED, ColumnChart
from detainer_tui.explorer.widgets.plain import show_plain


class ChartScreen(BuiltOn, StyledOnMount, Screen[None]):
    """One chart of a series; its keys are ``keymap.CHART``'s."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings(keymap.CHART)
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(
        self,
        series: Callable[[bool], ChartSeries],
        over: str,
        header: tuple[tuple[str, ...], str],
        *,
        open_rows: Callable[[ChartSeries, int], None],
        export: Callable[[ChartSeries], None],
        show_help: Callable[[], None],
    ) -> None:
        """``series(issued)`` gives declines per day (False) or issued per month (True);
        ``over`` says which rows they count."""
        super().__init__()
        self._make = series
        self.issued = False
        self.series = series(False)
        self.over = over
        self.header = header
        self._open_rows = open_rows
        self._export = export
        self._show_help = show_help
        self.cursor = _start(self.series)

    def compose(self) -> ComposeResult:
        preset_size_classes(self)
        yield HeaderBar(id="header")
        yield Label("", id="chart-title", classes="toolbar", markup=False)
        yield ColumnChart(self.series, self.cursor, id="chart")
        yield Label("", id="chart-busiest", classes="toolbar", markup=False)
        yield StatusBar(id="statusbar")

    def on_mount(self) -> None:
        if closed_before_mounted(self):
            return
        self.query_one(HeaderBar).show(*self.header)
        self._show_text()

    @property
    def chart(self) -> ColumnChart:
        """The chart widget."""
        return self.query_one(ColumnChart)

    def title_line(self) -> str:
        """``Declines per day · Records: 567 of 567 rows   (←→ day, enter …)``."""
        other = "declines per day" if self.issued else "issued per month"
        keys = (
            f"enter: its rows · {keymap.CHART_SWITCH.shown}: {other} · "
            f"{keymap.CHART_EXPORT.shown}: export · esc: back"
        )
        return f"{self.series.title} · {self.over}   ({keys})"

    def busiest_line(self) -> str:
        """``Busiest: Feb 1, 2017 143 · Jan 30, 2017 12``, and what the chart leaves out."""
        series = self.series
        busiest = [
            f"{series.label(p)} {counted(series.counts[p])}"
            for p in series.busiest(BUSIEST_LABELLED)
        ]
        parts = [f"Busiest: {' · '.join(busiest)}" if busiest else "Nothing counted"]
        if series.undated:
            parts.append(f"{counted(series.undated)} without a date, not drawn")
        return "   ".join(parts)

    def status_parts(self) -> list[str]:
        """The cursor's day (or month), its count, its week; the series' extent."""
        series = self.series
        if not series.counts:
            return [series.title, "nothing to draw"]
        at = self.cursor
        count = series.counts[at]
        here = f"{series.label(at)}"
        if series.unit == "day":
            here += f" ({series.dates[at]:%a})"
        parts = [series.title, f"{here}: {counted(count)}"]
        if series.unit == "day":
            week = series.week_of(at)
            if week is None:
                parts.append("no open report covers this day")
            else:
                period = period_label(week.start, week.end)
                # A report's label is its period, unless two files cover the same one.
                named = week.label if week.label == period else f"{week.label} ({period})"
                parts.append(f"week {named}")
        noun = "days" if series.unit == "day" else "months"
        parts.append(f"{counted(len(series.counts))} {noun}, {counted(series.records)} records")
        return parts

    def _show_text(self) -> None:
        show_plain(self.query_one("#chart-title", Label), self.title_line())
        show_plain(self.query_one("#chart-busiest", Label), self.busiest_line())
        self.query_one(StatusBar).show(self.status_parts())

    def _move_to(self, position: int) -> None:
        if not self.series.counts:
            return
        self.cursor = max(0, min(position, len(self.series.counts) - 1))
        self.chart.move_to(self.cursor)
        self.query_one(StatusBar).show(self.status_parts())

    # -- keys -------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        """To the next (or previous) day, or month."""
        self._move_to(self.cursor + step)

    def action_page(self, pages: int) -> None:
        """A chart's width of days further on (or back)."""
        self._move_to(self.cursor + pages * self.chart.page())

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.series.counts) - 1)

    def action_busiest(self) -> None:
        """To the busiest day (or month), then the next busiest, and round again."""
        busiest = self.series.busiest(BUSIEST_LABELLED)
        if not busiest:
            return
        after = busiest.index(self.cursor) + 1 if self.cursor in busiest else 0
        self._move_to(busiest[after % len(busiest)])

    def action_switch(self) -> None:
        """Declines per day, or detainers issued per month."""
        self.issued = not self.issued
        self.series = self._make(self.issued)
        self.cursor = _start(self.series)
        self.chart.show(self.series, self.cursor)
        self._show_text()

    def action_open(self) -> None:
        """The records counted on the day (or month) under the cursor."""
        if self.series.counts:
            self._open_rows(self.series, self.cursor)

    def action_export(self) -> None:
        self._export(self.series)

    def action_copy(self) -> None:
        """Copy the day (or month) under the cursor and its count: ``2017-02-01\t143``."""
        series = self.series
        if not series.counts:
            self.notify("Nothing to copy.", markup=False)
            return
        day, count = series.dates[self.cursor], series.counts[self.cursor]
        self.app.copy_to_clipboard(f"{day.isoformat()}\t{count}\n")
        self.notify(f"Copied {series.label(self.cursor)}: {counted(count)}", markup=False)

    def action_close(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        self._show_help()


def _start(series: ChartSeries) -> int:
    """Where the cursor starts: on the busiest day (or month)."""
    busiest = series.busiest(1)
    return busiest[0] if busiest else 0
