"""Opening the analyst's views over the main screen: a frequency and the rows behind one of its
values, week over week, a query's result, the state map, the charts of the records shown
(declines per day, days to decline).

Each is a screen of its own; what it shows comes from the dataset (built in the background for
a table), and Enter on a row opens what a row of the table it came from opens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from detainer_tui.dataset import (
    CHAIN_SEPARATOR,
    COUNT,
    DAYS_BIN,
    SCALE_PER_ROW,
    SCALE_SHARED,
    VALUE,
    ChartSeries,
    Dataset,
    Filter,
    NotCorrected,
    Query,
    RankingSource,
    Table,
    View,
    days_bin_filter,
    describe,
    frequency_heading,
    key_column,
    ranking_source,
    table_row_detail,
    value_filter,
)
from detainer_tui.dataset.cells import counted
from detainer_tui.explorer.panes.base import TablePane
from detainer_tui.schema import STATE
from detainer_tui.text import printable

if TYPE_CHECKING:
    from detainer_tui.explorer.screens.built_on import BuiltOn
    from detainer_tui.explorer.screens.table import Activate, Host

# The screens of the views are imported when a view first opens (in the program, while the
# screen is idle after the first paint: see screens/main.py's LATER_SCREENS).


def _show(host: Host, screen: BuiltOn) -> None:
    """Push ``screen`` over ``host``, worked out from ``host``'s dataset."""
    screen.built_on = host.dataset
    host.app.push_screen(screen)


def _open_table(host: Host, **spec: Any) -> None:
    """Push a result screen showing the table ``spec`` (a ``TableSpec``'s fields) describes."""
    from detainer_tui.explorer.screens.table import TableScreen, TableSpec

    _show(host, TableScreen(host, TableSpec(**spec)))


def view_summary(pane: TablePane) -> str:
    """``Records: 251 of 567 rows, State = TX › /travis``: which rows a view holds."""
    view = pane.view
    if view is None:
        return pane.title
    parts = pane.status_parts()
    chain = pane.chain_line()
    filters = " › ".join(chain.steps)
    return f"{parts[0]}: {', '.join([*parts[1:], *([filters] if filters else [])])}"


def open_frequency(host: Host, pane: TablePane, activate: Activate | None) -> None:
    """The frequency of the column under ``pane``'s cursor, over the rows it shows."""
    view, column = pane.view, pane.current_column()
    if view is None or column is None or view.count == 0:
        host.notify("No rows to count.", markup=False)
        return
    label = frequency_heading(view.table, column)
    dataset, query = host.dataset, pane.query_state
    over = view_summary(pane)

    def rows() -> View:
        # Asked afresh each time: leaving out ICE's corrections changes a ranking's rows.
        return pane.model(dataset).query(query)

    def build(leave_out: bool, width: int) -> Table:
        return dataset.frequency(rows(), column, leave_out_corrected=leave_out, bar_width=width)

    def opened(row: dict[str, Any], shown: View) -> None:
        open_rows_behind(host, rows, column, row, activate)

    def status(shown: View) -> list[str]:
        values = int(shown.table.frame.get_column(COUNT).sum() or 0)
        extra = [f"{counted(shown.table.total)} distinct", f"{counted(values)} counted"]
        if host.leave_out_corrected:
            extra.append("ICE's corrections left out")
        return extra

    _open_table(
        host,
        name=f"Frequency: {label}",
        title=f"Frequency of {label} in {over}   (enter: the rows, esc: back)",
        build=build,
        export_name=f"frequency-{column}",
        activate=opened,
        status=status,
    )


def open_rows_behind(
    host: Host,
    rows: Callable[[], View],
    column: str,
    row: dict[str, Any],
    activate: Activate | None,
) -> None:
    """The rows (of the view ``rows`` gives) whose ``column`` holds a frequency ``row``'s
    value: that view's table, its chain and one filter more (and ICE's corrections left out
    if the frequency left them out), so that ``backspace`` steps back to the whole view."""
    value = row[key_column(VALUE)]
    counting = rows()
    steps = (*counting.query.steps, value_filter(column, value))
    if host.leave_out_corrected:
        steps += (NotCorrected(),)
    chain_line = Query(chain=steps).chain_line(counting.table)

    def build(leave_out: bool, width: int) -> Table:
        return rows().table

    _open_table(
        host,
        name=chain_line.steps[len(counting.query.steps)],
        title=f"Rows with {CHAIN_SEPARATOR.join(chain_line.steps)}   (esc: back to the frequency)",
        build=build,
        export_name=f"rows-{column}",
        activate=activate,
        chain=steps,
        corrections_filter=True,
    )


def week_over_week_table(
    dataset: Dataset, source: RankingSource, leave_out: bool, width: int, *, shared: bool = False
) -> Table:
    """The table ``w`` shows of ``source``, with bars for a terminal ``width`` wide."""
    from detainer_tui.explorer.screens.table import NARROW_BAR

    # Its columns fill a wide terminal already: the bar stays short.
    short = min(width, NARROW_BAR)
    return dataset.week_over_week(
        source, leave_out_corrected=leave_out, bar_width=short, shared_scale=shared
    )


def open_week_over_week(host: Host, source: RankingSource) -> None:
    """``source`` (a ranking) per report period, side by side; its sparklines on each row's
    own scale until ``a`` puts them on one."""
    dataset = host.dataset
    scale = {"shared": False}

    def build(leave_out: bool, width: int) -> Table:
        return week_over_week_table(dataset, source, leave_out, width, shared=scale["shared"])

    def opened(row: dict[str, Any], shown: View) -> None:
        host.show_records(dataset.records_drill(source, row, None))

    def status(shown: View) -> list[str]:
        # Said here as well as above the table, whose line a narrow terminal cuts short.
        said = [SCALE_SHARED if scale["shared"] else SCALE_PER_ROW]
        return [*said, "ICE's corrections left out"] if host.leave_out_corrected else said

    def switch() -> str:
        scale["shared"] = not scale["shared"]
        return describe(source, dataset.weeks(), shared_scale=scale["shared"])

    _open_table(
        host,
        name=f"Weeks: {source.name}",
        title=describe(source, dataset.weeks()),
        build=build,
        export_name=f"weeks-{source.name}",
        activate=opened,
        status=status,
        switch=switch,
    )


def open_query_result(host: Host, text: str, table: Table) -> None:
    """A query's result; Enter shows a row in full."""

    def opened(row: dict[str, Any], shown: View) -> None:
        host.show_detail(table_row_detail(shown.table, row, "Query result"))

    _open_table(
        host,
        name="Query",
        title=f":{printable(text)}",
        build=lambda leave_out, width: table,
        export_name="query",
        activate=opened,
    )


def open_map(
    host: Host,
    source: RankingSource,
    report: int | None,
    report_label: str,
) -> None:
    """The state map of ``source``'s measure, for ``report`` (None: every open report)."""
    from detainer_tui.explorer.screens.map import MapScreen

    dataset = host.dataset
    state_map = dataset.state_map(source, report, leave_out_corrected=host.leave_out_corrected)
    left_out = " · ICE's corrections left out" if host.leave_out_corrected else ""
    title = (
        f"{state_map.measure} by state · {report_label}{left_out}   "
        "(arrows: move, enter: records, esc: back)"
    )
    by_state = ranking_source("state")

    def open_state(state: str) -> None:
        host.show_records(dataset.records_drill(by_state, {key_column(STATE): state}, report))

    def export() -> None:
        view = state_map.table.query(Query())
        host.export_rows("the state map", view.export_frame(), "state-map", built_on=dataset)

    screen = MapScreen(
        state_map,
        title,
        host.header(),
        open_state=open_state,
        export=export,
        show_help=host.action_help,
    )
    _show(host, screen)


def open_declines_per_day(host: Host, pane: TablePane, activate: Activate | None) -> None:
    """The records ``pane`` shows, as declines per day (or issued per month, a key away)."""
    view = pane.view
    if view is None or view.count == 0:
        host.notify("No records to chart.", markup=False)
        return
    # Imported when first drawn: a start-up that draws no chart does not pay for it.
    from detainer_tui.explorer.screens.chart import ChartScreen

    dataset = host.dataset
    over = view_summary(pane)

    def series(issued: bool) -> ChartSeries:
        if issued:
            return dataset.issued_per_month(view)
        return dataset.declines_per_day(view)

    def open_rows(series: ChartSeries, position: int) -> None:
        # The records shown, and one filter more: the chart's day (or month).
        label = series.label(position)
        what = "declined on" if series.unit == "day" else "issued in"
        open_records_behind(
            host,
            view,
            series.filter_at(position),
            name=f"Records {what} {label}",
            title=f"Records {what} {label}, of {over}   (esc: back to the chart)",
            export_name=f"records-{series.dates[position].isoformat()}",
            activate=activate,
        )

    def export(series: ChartSeries) -> None:
        name = "declines-per-day" if series.unit == "day" else "issued-per-month"
        host.export_rows(series.title.lower(), series.table.export, name, built_on=dataset)

    screen = ChartScreen(
        series,
        over,
        host.header(),
        open_rows=open_rows,
        export=export,
        show_help=host.action_help,
    )
    _show(host, screen)


def open_records_behind(
    host: Host,
    view: View,
    step: Filter,
    *,
    name: str,
    title: str,
    export_name: str,
    activate: Activate | None,
) -> None:
    """The records ``view`` shows, with one filter more (``step``: a chart's day, a bin's
    days), in a result screen whose chain line shows them all."""
    _open_table(
        host,
        name=name,
        title=title,
        build=lambda leave_out, width: view.table,
        export_name=export_name,
        activate=activate,
        chain=(*view.query.steps, step),
    )


def open_days_histogram(host: Host, pane: TablePane, activate: Activate | None) -> None:
    """Days to decline of the records ``pane`` shows, in fixed bins; Enter opens a bin's
    records."""
    view = pane.view
    if view is None or view.count == 0:
        host.notify("No records to count.", markup=False)
        return
    dataset = host.dataset
    over = view_summary(pane)

    def opened(row: dict[str, Any], shown: View) -> None:
        label = str(row[DAYS_BIN])
        open_records_behind(
            host,
            view,
            days_bin_filter(label),
            name=f"Days to decline: {label}",
            title=f"Records declined {label} days after issue, of {over}   (esc: back)"
            if label[0].isdigit()
            else f"Records {label}, of {over}   (esc: back)",
            export_name="records-days-to-decline",
            activate=activate,
        )

    _open_table(
        host,
        name="Days to decline",
        title=f"Days to decline of {over}: {dataset.days_stats(view).line()}   "
        "(enter: the records, esc: back)",
        build=lambda leave_out, width: dataset.days_histogram(view, bar_width=width),
        export_name="days-to-decline",
        activate=opened,
    )
