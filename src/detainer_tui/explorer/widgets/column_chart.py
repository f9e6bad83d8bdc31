"""A column chart of a dated series, drawn with block characters: one column per day (or
month), its height in eighths of a cell (``▁▂▃▄▅▆▇█``), a scale on the left, each report's
week marked under the bars, the busiest days labelled with their count above them.

Only characters carry meaning, so the chart reads the same without colour (``NO_COLOR``) and
on a 16-colour terminal: the column under the cursor is marked ``▲`` on the axis and its date
is shown in reverse video under it; a day no open report covers is ``·`` on the axis.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from detainer_tui.dataset import ChartSeries, ReportWeek
from detainer_tui.dataset.cells import counted, counted_fraction

EIGHTHS = " ▁▂▃▄▅▆▇█"
CURSOR_MARK = "▲"
UNCOVERED_MARK = "·"
AXIS = "─"
WIDEST = 5
"""Cells across a column at most (a few days on a wide terminal)."""
BUSIEST_LABELLED = 3
"""How many of the highest columns get their count written above them."""

_CURSOR = Style(reverse=True, bold=True)
_BOLD = Style(bold=True)


@dataclass(frozen=True)
class Layout:
    """Where the columns go: the first shown, how many, each one's width and gap."""

    first: int
    shown: int
    width: int
    gap: int
    axis_width: int

    @property
    def step(self) -> int:
        """Cells from one column's start to the next's."""
        return self.width + self.gap

    def x(self, position: int) -> int:
        """The cell the column at ``position`` (in the series) starts at."""
        return self.axis_width + (position - self.first) * self.step


def scale_labels(largest: int) -> tuple[str, str, str]:
    """The scale's top, middle and bottom labels."""
    return counted(largest), counted_fraction(largest / 2, 0) if largest > 1 else "", "0"


def layout(count: int, cursor: int, first: int, width: int, largest: int) -> Layout:
    """Columns as wide as the room allows (up to ``WIDEST`` cells and a gap), scrolled so that
    ``cursor`` is in view (keeping ``first`` if it already is)."""
    axis_width = max(len(label) for label in scale_labels(largest)) + 2
    room = max(1, width - axis_width)
    per = room // max(count, 1)
    if per >= 2:
        column, gap = min(per - 1, WIDEST), 1
    else:
        column, gap = 1, 0
    shown = max(1, min(count, room // (column + gap)))
    first = max(0, min(first, count - shown))
    if cursor < first:
        first = cursor
    elif cursor >= first + shown:
        first = cursor - shown + 1
    return Layout(first, shown, column, gap, axis_width)


class ColumnChart(Widget):
    """The chart of one ``ChartSeries``; ``cursor`` is the column the status line describes."""

    DEFAULT_CSS = "ColumnChart { height: 1fr; }"

    def __init__(self, series: ChartSeries, cursor: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series = series
        self.cursor = cursor
        self.first = 0

    def show(self, series: ChartSeries, cursor: int) -> None:
        """Draw ``series`` instead, the cursor on ``cursor``."""
        self.series, self.cursor, self.first = series, cursor, 0
        self.refresh()

    def move_to(self, cursor: int) -> None:
        """Put the cursor on column ``cursor`` (scrolling the chart to keep it in view)."""
        self.cursor = cursor
        self.refresh()

    def page(self) -> int:
        """Columns in view at once."""
        series = self.series
        return layout(
            len(series.counts), self.cursor, self.first, self.size.width, series.largest
        ).shown

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.size.width, self.size.height))

    def lines(self, width: int, height: int) -> list[Text]:
        """The chart as ``height`` lines of ``width`` cells."""
        series = self.series
        counts = series.counts
        if not counts:
            return [Text("No dated records among the rows shown.")]
        largest = max(series.largest, 1)
        shape = layout(len(counts), self.cursor, self.first, width, series.largest)
        self.first = shape.first
        # Below the bars: the axis, the weeks, the dates. Above: one line of counts.
        bar_rows = max(1, height - 4)
        grid = [[" "] * width for _ in range(bar_rows + 1)]
        top, middle, _ = scale_labels(series.largest)
        axis = shape.axis_width - 2
        # The scale: the top row's cells reach the largest count, the middle row's half of it.
        for row, label in ((1, top), (1 + bar_rows // 2, middle)):
            if label:
                _put(grid[row], 0, label.rjust(axis) + " ┤")
        for row in range(1, bar_rows + 1):
            if grid[row][axis + 1] == " ":
                grid[row][axis + 1] = "│"
        shown = range(shape.first, shape.first + shape.shown)
        eighths_tall = bar_rows * 8
        for position in shown:
            x = shape.x(position)
            eighths = round(counts[position] / largest * eighths_tall)
            if counts[position] and not eighths:
                eighths = 1  # a day with any decline is never drawn as none
            full, part = divmod(eighths, 8)
            for level in range(full):
                _put(grid[bar_rows - level], x, "█" * shape.width)
            if part and full < bar_rows:
                _put(grid[bar_rows - full], x, EIGHTHS[part] * shape.width)
        for position in series.busiest(BUSIEST_LABELLED):
            if position not in shown:
                continue
            eighths = round(counts[position] / largest * eighths_tall)
            row = bar_rows - (eighths + 7) // 8
            label = counted(counts[position])
            x = shape.x(position) + shape.width // 2 - len(label) // 2
            x = max(shape.axis_width, min(x, width - len(label)))
            if all(c == " " for c in grid[max(row, 0)][x : x + len(label)]):
                _put(grid[max(row, 0)], x, label)
        lines = [Text("".join(cells), no_wrap=True, end="") for cells in grid]
        lines.append(self._axis_line(shape, width))
        lines.append(self._weeks_line(shape, width))
        lines.append(self._dates_line(shape, width))
        return lines

    def _axis_line(self, shape: Layout, width: int) -> Text:
        series = self.series
        cells = [" "] * width
        _put(cells, 0, scale_labels(series.largest)[2].rjust(shape.axis_width - 2) + " └")
        for position in range(shape.first, shape.first + shape.shown):
            x = shape.x(position)
            mark = AXIS if series.covered[position] else UNCOVERED_MARK
            _put(cells, x, mark * shape.step)
        end = shape.x(shape.first + shape.shown)
        if shape.first + shape.shown < len(series.counts):
            _put(cells, min(end, width - 1), "▶")
        if shape.first > 0:
            _put(cells, shape.axis_width - 1, "◀")
        text = Text("".join(cells), no_wrap=True, end="")
        x = shape.x(self.cursor) + shape.width // 2
        if 0 <= x < width:
            text.plain = text.plain[:x] + CURSOR_MARK + text.plain[x + 1 :]
            text.stylize(_BOLD, x, x + 1)
        return text

    def _weeks_line(self, shape: Layout, width: int) -> Text:
        """Each report's week under its days: ``├── Jan 28 ──┤``, its label as room allows."""
        series = self.series
        cells = [" "] * width
        if series.unit != "day":
            return Text(" " * width)
        last = shape.first + shape.shown - 1
        spans = {}
        for week in series.weeks:
            inside = [
                p for p in range(shape.first, last + 1) if week.start <= series.dates[p] <= week.end
            ]
            if inside:
                spans[week] = shape.x(inside[-1]) + shape.width - shape.x(inside[0])
        # Every week labelled alike: the longest form that fits under each of them.
        form = next(
            (
                i
                for i in range(3)
                if all(len(_week_labels(w)[i]) <= span - 4 for w, span in spans.items())
            ),
            None,
        )
        for week in series.weeks:
            inside = [
                p for p in range(shape.first, last + 1) if week.start <= series.dates[p] <= week.end
            ]
            if not inside:
                continue
            start, end = shape.x(inside[0]), shape.x(inside[-1]) + shape.width - 1
            span = end - start + 1
            if span >= 2:
                drawn = ["─"] * span
                drawn[0] = "├" if series.dates[inside[0]] == week.start else "─"
                drawn[-1] = "┤" if series.dates[inside[-1]] == week.end else "─"
                label = _week_labels(week)[form] if form is not None else ""
                if label:
                    at = (span - len(label)) // 2
                    drawn[at - 1 : at + len(label) + 1] = list(f" {label} ")
                _put(cells, start, "".join(drawn))
            else:
                _put(cells, start, "│")
        return Text("".join(cells), no_wrap=True, end="")

    def _dates_line(self, shape: Layout, width: int) -> Text:
        """The cursor's date in reverse video; other dates where they fit: each week's first
        day (or each year's first month), then at even steps."""
        series = self.series
        cells = [" "] * width
        taken = [False] * width
        text_spans: list[tuple[int, int]] = []

        def place(position: int, label: str, style: bool = False) -> None:
            x = shape.x(position) + shape.width // 2 - (len(label) - 1) // 2
            x = max(shape.axis_width, min(x, width - len(label)))
            lo, hi = max(0, x - 1), min(width, x + len(label) + 1)
            if x < 0 or any(taken[lo:hi]):
                return
            _put(cells, x, label)
            for i in range(x, x + len(label)):
                taken[i] = True
            if style:
                text_spans.append((x, x + len(label)))

        place(self.cursor, self._short(self.cursor, full=True), style=True)
        shown = range(shape.first, shape.first + shape.shown)
        place(shape.first, self._short(shape.first, full=True))
        starts = {w.start for w in series.weeks}
        for position in shown:
            day = series.dates[position]
            if (series.unit == "day" and day in starts) or (
                series.unit != "day" and day.month == 1
            ):
                place(position, self._short(position))
        # At even steps, as far apart as the longest label needs (and a space).
        longest = max(len(self._short(p)) for p in shown)
        step = -(-(longest + 1) // shape.step)
        for position in shown:
            if (position - shape.first) % step == 0:
                place(position, self._short(position))
        text = Text("".join(cells), no_wrap=True, end="")
        for start, end in text_spans:
            text.stylize(_CURSOR, start, end)
        return text

    def _short(self, position: int, *, full: bool = False) -> str:
        """``Feb 1`` for a day; for a month ``2016`` (a January), ``Jun``, or in ``full``
        ``Jun 2016`` (the cursor's and the first shown: the others' year follows from
        them)."""
        day = self.series.dates[position]
        if self.series.unit == "day":
            return f"{day:%b} {day.day}"
        if full:
            return f"{day:%b %Y}"
        return f"{day.year}" if day.month == 1 else f"{day:%b}"


def _week_labels(week: ReportWeek) -> tuple[str, ...]:
    """A week's label, longest first: its report's label, its days, its first day."""
    start, end = week.start, week.end
    days = (
        f"{start:%b} {start.day}–{end.day}"
        if start.month == end.month
        else (f"{start:%b} {start.day}–{end:%b} {end.day}")
    )
    return (week.label, days, f"{start:%b} {start.day}")


def _put(cells: list[str], x: int, text: str) -> None:
    for offset, char in enumerate(text):
        if 0 <= x + offset < len(cells):
            cells[x + offset] = char
