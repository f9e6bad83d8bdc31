"""The analyst's views in the explorer, driven through Pilot on the sample reports: frequency,
days to decline, week over week, the query line, the state map and ICE's corrections."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from pilot_waits import pause, press, settle, type_text, wait_until
from test_explorer import SIZE, STATUS, main, pilot_test
from textual.widgets import ContentSwitcher, Input

from detainer_tui import paths, schema
from detainer_tui.dataset import DAYS, FLAG, VALUE, Dataset
from detainer_tui.explorer.app import DetainerApp
from detainer_tui.explorer.panes.result import ResultPane
from detainer_tui.explorer.screens.detail import DetailScreen
from detainer_tui.explorer.screens.export import ExportScreen
from detainer_tui.explorer.screens.map import MapScreen, StateTiles
from detainer_tui.explorer.screens.table import TableScreen
from detainer_tui.explorer.widgets.query_line import QueryLine
from detainer_tui.report import Report

VALUES = re.compile(r"(\d[\d,]*) of (\d[\d,]*) values · (\d[\d,]*) distinct · (\d[\d,]*) counted")


@pytest.fixture
def app(sample_dataset: Dataset) -> DetainerApp:
    return DetainerApp(dataset=sample_dataset, origin="bundled samples")


async def settle_view(pilot) -> None:
    """``settle``, and on a result's screen wait for its table too (built in the background
    once the screen is up, which ``settle`` may not yet see)."""
    await settle(pilot)
    screen = pilot.app.screen
    if isinstance(screen, TableScreen):
        await wait_until(lambda: result_shown(screen), "the result's rows")
        await settle(pilot)


def result_shown(screen: TableScreen) -> bool:
    """Whether a result's screen shows its rows: its pane is composed (not yet, the instant the
    screen is pushed) and has its table."""
    panes = screen.query(ResultPane)
    return bool(panes) and panes.first().view is not None


def status_text(app: DetainerApp) -> str:
    """The status bar of the screen on top."""
    return str(app.screen.query_one("#status").render())


def counts(app: DetainerApp) -> tuple[int, int]:
    match = STATUS.search(status_text(app))
    assert match, status_text(app)
    return int(match[1].replace(",", "")), int(match[2].replace(",", ""))


def records(sample_reports: list[Report]) -> list[dict]:
    return [row for r in sample_reports for row in r.records.iter_rows(named=True)]


def result(app: DetainerApp) -> TableScreen:
    assert isinstance(app.screen, TableScreen), type(app.screen).__name__
    return app.screen


def shown(app: DetainerApp, column: str) -> list:
    view = result(app).current_pane.view
    assert view is not None
    return view.frame.get_column(column).to_list()


async def to_column(pilot, name: str) -> None:
    """Put the cursor of the pane on screen on the column called ``name``."""
    pane = pilot.app.screen.current_pane
    assert pane.view is not None and name in pane.shown_columns, (name, pane.shown_columns)
    pane.table.move_cursor(column=pane.shown_columns.index(name))
    await pause(pilot)
    assert pane.current_column() == name


async def export_to(pilot, path: Path) -> None:
    await press(pilot, "e")
    await wait_until(lambda: isinstance(pilot.app.screen, ExportScreen), "the export dialog")
    pilot.app.screen.query_one("#export-path", Input).value = str(path)
    await pause(pilot)
    await press(pilot, "enter")
    await wait_until(path.exists, f"{path} written")
    await settle_view(pilot)


# -- frequency --------------------------------------------------------------------------------
@pilot_test
async def test_f_counts_a_column_of_the_rows_shown_enter_opens_its_rows_escape_returns(
    app: DetainerApp, sample_reports: list[Report]
):
    expected = Counter(r["citizenship"] for r in records(sample_reports))
    travis = [r for r in records(sample_reports) if r["jurisdiction"] == "Travis County"]
    offences: Counter[str] = Counter()
    for row in travis:
        offences.update(row["criminal_activity"] or ["(none listed)"])
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "2")
        await to_column(pilot, schema.CITIZENSHIP)
        await press(pilot, "F")
        await settle_view(pilot)
        status = VALUES.search(status_text(app))
        assert status, status_text(app)
        distinct, total = len(expected), sum(expected.values())
        assert status.groups() == (str(distinct), str(distinct), str(distinct), str(total))
        top, count = expected.most_common(1)[0]
        assert shown(app, VALUE)[0] == top
        await press(pilot, "enter")
        await settle_view(pilot)
        # the records' table with one filter more, read on the chain line
        assert counts(app) == (count, total)
        assert set(shown(app, schema.CITIZENSHIP)) == {top}
        assert str(app.screen.query_one("#chain").render()) == f"Citizenship = {top}"
        # the columns saying whose row it is stay in view when scrolling sideways, as in Records
        rows = app.screen.current_pane
        assert list(rows.shown_columns[: rows.table.fixed_columns]) == [
            schema.STATE,
            schema.JURISDICTION,
        ]
        await press(pilot, "enter")  # a record opens in full, as it would in Records
        await settle_view(pilot)
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "escape", "escape")
        await settle_view(pilot)
        assert VALUES.search(status_text(app))
        await press(pilot, "escape")
        await settle_view(pilot)
        assert app.screen is main(app)
        assert app.query_one(ContentSwitcher).current == "records"

        # On a filtered view it counts what is shown; a list column counts each item.
        await press(pilot, "slash")
        await type_text(pilot, "travis")
        await press(pilot, "enter")
        await to_column(pilot, schema.CRIMINAL_ACTIVITY)
        await press(pilot, "F")
        await settle_view(pilot)
        frame = result(app).current_pane.view.frame
        assert dict(zip(frame[VALUE], frame["count"], strict=True)) == dict(offences)
        assert f"Records: {len(travis)} of" in str(app.screen.query_one("#result-title").render())
        # the frequency is a table like any other: search, sort, export
        await press(pilot, "slash")
        await type_text(pilot, "assault")
        await press(pilot, "enter")
        await settle_view(pilot)
        found = shown(app, VALUE)
        assert "Assault" in found and all("assault" in v.lower() for v in found)


@pilot_test
async def test_f_works_in_rankings_and_in_result_tables(app: DetainerApp, tmp_path: Path):
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await to_column(pilot, schema.STATE)
        await press(pilot, "F")  # which states Section I lists, summed over the reports
        await settle_view(pilot)
        states = dict(zip(shown(app, VALUE), shown(app, "count"), strict=True))
        assert states["WA"] == 2 and states["IA"] == 2
        await press(pilot, "slash")
        await type_text(pilot, "wa")
        await press(pilot, "enter", "enter")
        await settle_view(pilot)
        assert set(shown(app, schema.JURISDICTION)) == {"Snohomish County", "King County"}
        await export_to(pilot, tmp_path / "wa.csv")
        assert pl.read_csv(tmp_path / "wa.csv").get_column(schema.STATE).to_list() == ["WA"] * 2
        await press(pilot, "escape", "escape", "escape", "w")  # rows, search, frequency
        await settle_view(pilot)
        await press(pilot, "l", "l", "F")  # week over week, its first week's column
        await settle_view(pilot)
        assert "Frequency: Jan 28" in status_text(app)
        assert "(blank)" in shown(app, VALUE)  # weeks a jurisdiction was not listed


# -- days -------------------------------------------------------------------------------------
@pilot_test
async def test_records_show_days_sorted_with_their_statistics(
    app: DetainerApp, sample_reports: list[Report]
):
    days = sorted(
        (r["detainer_declined"] - r["detainer_issued"]).days for r in records(sample_reports)
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "2")
        await to_column(pilot, DAYS)
        await press(pilot, "s", "s")
        await settle_view(pilot)
        pane = main(app).current_pane
        assert pane.view.frame.get_column(DAYS).to_list() == sorted(days, reverse=True)
        line = str(app.query_one("#records-days").render())
        assert line.startswith(f"Days to decline: {len(days)} records · min {days[0]}")
        assert line.endswith(f"max {days[-1]:,}")
        await press(pilot, "slash")
        await type_text(pilot, "williamson")
        await press(pilot, "enter", "enter")
        await settle_view(pilot)
        assert isinstance(app.screen, DetailScreen)
        fields = [str(w.render()) for w in app.screen.query(".field-label, .field-value")]
        text = " ".join(fields)
        assert "Days to decline" in text and "Days, records shown" in text
        assert "6 records" in text  # Williamson's records in the three samples


@pilot_test
async def test_dates_that_cannot_be_right_are_flagged_and_listed(sample_reports: list[Report]):
    first = sample_reports[0]
    # One record as a damaged report might print it: declined before it was issued.
    bad = first.records.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit(date(2017, 3, 1)))
        .otherwise(pl.col(schema.DETAINER_ISSUED))
        .alias(schema.DETAINER_ISSUED)
    )
    app = DetainerApp(reports=[replace(first, records=bad), *sample_reports[1:]])
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "2", "slash")
        await type_text(pilot, "before issued")
        await press(pilot, "enter")
        await settle_view(pilot)
        assert counts(app)[0] == 1
        assert main(app).current_pane.view.frame.item(0, FLAG) == "before issued"
        await press(pilot, "4")
        await settle_view(pilot)
        notes = str(app.query_one("#report-notes").render())
        assert "Data problems: 1 records whose dates cannot be right" in notes
        assert "issued 2017-03-01" in notes and "declined before it was issued" in notes
        assert "ICE corrected this edition (9): Franklin County, IA; Franklin County, NY" in notes


# -- week over week ---------------------------------------------------------------------------
@pilot_test
async def test_w_shows_a_ranking_week_over_week(
    app: DetainerApp, sample_reports: list[Report], tmp_path: Path
):
    texas = [r.records.filter(pl.col(schema.STATE) == "TX").height for r in sample_reports]
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "w")
        await settle_view(pilot)
        screen = result(app)
        title = str(screen.query_one("#result-title").render())
        assert "each week lists only its top jurisdictions" in title
        table = screen.current_pane.view.table
        labels = [table.label(c) for c in table.columns[2:6]]
        assert labels == ["Jan 28", "Feb 4", "Feb 11", "Sum listed"]
        # At 80 columns the change and the shape stay in view, whole; the sum (Rankings has
        # it) is reached by scrolling.
        assert "Feb 11  Change  Trend" in screen.current_pane.table.render_line(0).text
        # Its 20 rows fill the height, until the sideways scroll bar takes a line: the
        # columns are fitted to the width left beside the vertical scroll bar that then shows.
        pane = screen.current_pane
        assert pane._room == pane.table.scrollable_content_region.width == SIZE[0] - 2
        travis = shown(app, schema.JURISDICTION).index("Travis County")
        assert [shown(app, c)[travis].strip() for c in ("week0", "week1", "week2")] == [
            "–",
            "11",
            "61",
        ]
        listed = {
            place
            for report in sample_reports
            for place in report.rankings.select(schema.JURISDICTION, schema.STATE).rows()
        }
        assert f"{len(listed)} of {len(listed)} rows" in status_text(app)
        await to_column(pilot, "change_shown")
        await press(pilot, "s", "s")
        await settle_view(pilot)
        assert shown(app, schema.JURISDICTION)[0] == "Travis County"  # +50, the largest rise
        await export_to(pilot, tmp_path / "weeks.csv")
        written = pl.read_csv(tmp_path / "weeks.csv")
        assert written.columns[:5] == [
            "jurisdiction",
            "state",
            "2017-01-28",
            "2017-02-04",
            "2017-02-11",
        ]
        assert written.row(0, named=True)["change"] == 50
        await press(pilot, "g", "enter")  # the records behind the top row
        await settle_view(pilot)
        assert app.screen is main(app)
        assert set(main(app).current_pane.view.frame[schema.JURISDICTION]) == {"Travis County"}

        await press(pilot, "1", "v", "v", "w")  # the ranking of the moment: declined by state
        await settle_view(pilot)
        assert "Weeks: state" in status_text(app)
        title = str(app.screen.query_one("#result-title").render())
        assert title.startswith("Declined by state, week over week")
        row = shown(app, schema.STATE).index("TX")
        weeks = [int(shown(app, c)[row]) for c in ("week0", "week1", "week2")]
        assert weeks == texas


# -- the query line ---------------------------------------------------------------------------
QUERY = "SELECT citizenship, count(*) AS n FROM records GROUP BY citizenship ORDER BY n DESC"


@pilot_test
async def test_a_query_opens_as_a_table_and_is_remembered(
    app: DetainerApp, sample_reports: list[Report], sample_dataset: Dataset, tmp_path: Path
):
    expected = Counter(r["citizenship"] for r in records(sample_reports))
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "colon")
        line = app.query_one(QueryLine)
        assert line.display and app.focused is line.input
        await type_text(pilot, QUERY)
        await press(pilot, "enter")
        await wait_until(lambda: isinstance(app.screen, TableScreen), "the query's result")
        await settle_view(pilot)
        assert counts(app) == (len(expected), len(expected))
        assert shown(app, "column0")[0] == expected.most_common(1)[0][0]
        await press(pilot, "F")  # results count, search and export like any table
        await settle_view(pilot)
        assert VALUES.search(status_text(app))
        await press(pilot, "escape")
        await settle_view(pilot)
        await export_to(pilot, tmp_path / "query.json")
        assert len(pl.read_json(tmp_path / "query.json")) == len(expected)
    assert QUERY in paths.query_history_file().read_text()

    again = DetainerApp(dataset=sample_dataset)
    async with again.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "colon")
        await settle_view(pilot)
        line = again.query_one(QueryLine)
        await press(pilot, "up")
        assert line.input.value == QUERY
        await press(pilot, "down")
        assert line.input.value == ""


@pilot_test
async def test_a_query_error_stays_under_the_prompt_and_queries_change_nothing(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "2")
        await settle_view(pilot)
        before = counts(app)
        await press(pilot, "colon")
        await type_text(pilot, "SELECT nothing FROM records")
        await press(pilot, "enter")
        line = app.query_one(QueryLine)
        error = line.query_one("#query-error")
        await wait_until(lambda: "nothing" in str(error.render()), "the error")
        assert app.screen is main(app) and line.display
        assert line.input.value == "SELECT nothing FROM records"
        assert app.focused is line.input
        assert "\n" not in str(error.render())
        # It names the columns there are: longer than a line, it wraps rather than being cut.
        assert len(str(error.render())) > error.size.width
        await wait_until(lambda: error.size.height > 1, "the error read in full")
        # what was typed never reached the pane's search
        assert counts(app) == before

        # only SELECT runs: anything else is refused under the prompt, which stays open
        line.input.value = "DELETE FROM records"
        await press(pilot, "enter")
        await wait_until(lambda: "Only SELECT" in str(error.render()), "the refusal")
        assert app.screen is main(app) and line.display
        # a query with no rows says so, with the query
        line.input.value = "SELECT * FROM records WHERE state = 'ZZ'"
        await press(pilot, "enter")
        await wait_until(lambda: "No rows" in str(error.render()), "no rows")
        assert "state = 'ZZ'" in str(error.render())
        assert app.screen is main(app) and line.display
        line.input.value = "SELECT count(*) AS n FROM records"
        await press(pilot, "enter")
        await wait_until(lambda: isinstance(app.screen, TableScreen), "the result")
        await settle_view(pilot)
        assert shown(app, "column0") == [before[1]]
        await press(pilot, "escape")
        await settle_view(pilot)
        await press(pilot, "colon")
        await press(pilot, "escape")
        await settle_view(pilot)
        assert not line.display and app.focused is main(app).current_pane.table
        assert counts(app) == before


@pilot_test
async def test_a_query_that_needs_gigabytes_is_stopped_and_the_explorer_goes_on(app: DetainerApp):
    # 74 million rows, sorted: in the explorer's own process Polars took memory until it
    # aborted the explorer. It runs in a worker of its own, within 1,024 MB.
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "colon")
        await type_text(pilot, "SELECT a.state FROM records a, records b, records c ORDER BY 1")
        await press(pilot, "enter")
        line = app.query_one(QueryLine)
        error = line.query_one("#query-error")
        await wait_until(lambda: "MB of memory" in str(error.render()), "the refusal", 60)
        assert str(error.render()).startswith("The query needed more than 1,024 MB of memory")
        assert app.screen is main(app) and line.display
        line.input.value = "SELECT count(*) AS n FROM records"
        await press(pilot, "enter")
        await wait_until(lambda: isinstance(app.screen, TableScreen), "the next query's result")
        await settle_view(pilot)
        assert shown(app, "column0") == [421]


@pilot_test
async def test_escape_gives_up_a_query_still_running(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "colon")
        queries = main(app)._queries
        # 177,241 rows of every column: most of a second, results sent back included.
        await type_text(pilot, "SELECT * FROM records a, records b")
        await press(pilot, "enter")
        await wait_until(lambda: queries._lock.locked(), "the query under way")
        await press(pilot, "escape")
        await wait_until(lambda: not queries._lock.locked(), "the query given up", 10)
        assert queries._worker is None  # ended: the next query starts another
        await settle_view(pilot)  # no result comes, nor a message
        assert app.screen is main(app) and not app.query_one(QueryLine).display
        # Had it finished just as escape was pressed, its answer would be dropped too.
        answer = main(app).dataset.sql("SELECT 1 AS one")
        main(app)._query_done("SELECT 1 AS one", answer, main(app)._queries_asked - 1)
        main(app)._say_under_query("late", main(app)._queries_asked - 1)
        await settle_view(pilot)
        assert app.screen is main(app) and not app.query_one(QueryLine).display
        await press(pilot, "colon")
        app.query_one(QueryLine).input.value = "SELECT count(*) AS n FROM policies"
        await press(pilot, "enter")
        await wait_until(lambda: isinstance(app.screen, TableScreen), "the next query's result")


@pilot_test
async def test_an_unreadable_history_costs_a_message(app: DetainerApp):
    file = paths.query_history_file()
    file.parent.mkdir(parents=True)
    file.write_bytes(b"\x00\xff damaged")
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        await press(pilot, "colon")
        await settle_view(pilot)
        notes = [str(n.message) for n in app._notifications]
        assert any("query history is damaged" in n and "set aside" in n for n in notes), notes
        assert app.query_one(QueryLine).display
    assert file.with_name(file.name + ".damaged").read_bytes() == b"\x00\xff damaged"


# -- the state map ----------------------------------------------------------------------------
@pilot_test
async def test_m_shows_the_states_arrows_move_enter_opens_records(
    sample_reports: list[Report],
    sample_dataset: Dataset,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    by_state = Counter(r["state"] for r in records(sample_reports))
    # Without colour: the shading characters alone carry the scale.
    monkeypatch.setenv("NO_COLOR", "1")
    app = DetainerApp(dataset=sample_dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_view(pilot)
        await press(pilot, "2", "m")
        await settle_view(pilot)
        assert isinstance(app.screen, MapScreen)
        status = status_text(app)
        assert f"{len(by_state)} of 52 states" in status
        assert f"TX {by_state['TX']}" in status
        legend = str(app.screen.query_one("#map-legend").render())
        assert legend.startswith("▒ ") and f"█ {by_state['TX']}" in legend
        tiles = app.screen.query_one(StateTiles).render().plain
        assert "TX ███" in tiles and "CA ▓▓▓" in tiles and "AK    " in tiles
        await press(pilot, "up", "left")  # Texas -> Oklahoma -> New Mexico
        assert f"NM {by_state['NM']}" in status_text(app)
        await export_to(pilot, tmp_path / "map.csv")
        assert dict(pl.read_csv(tmp_path / "map.csv").select("state", "count").rows()) == dict(
            by_state
        )
        await press(pilot, "enter")
        await settle_view(pilot)
        assert app.screen is main(app)
        assert counts(app)[0] == by_state["NM"]
        assert set(main(app).current_pane.view.frame[schema.STATE]) == {"NM"}


@pilot_test
async def test_a_narrow_map_keeps_its_shades_and_one_too_narrow_says_so(
    app: DetainerApp, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NO_COLOR", "1")
    async with app.run_test(size=(50, 20)) as pilot:
        await settle_view(pilot)
        await press(pilot, "m")
        await settle_view(pilot)
        assert isinstance(app.screen, MapScreen)
        tiles = app.screen.query_one(StateTiles)
        # At 50 columns a tile has room for its code and one cell: the shade, not a space.
        shown = tiles.render().plain
        assert "NV█" in shown and "TX█" in shown and "OR▓" in shown
        assert all(len(line) <= tiles.size.width for line in shown.splitlines())
        # Narrower than the grid: no wrapped, misplaced states, but what to do.
        await pilot.resize_terminal(40, 12)
        await settle_view(pilot)
        said = " ".join(tiles.render().plain.split())
        assert said == (
            f"The map needs {StateTiles.NARROWEST} columns, this terminal has "
            f"{tiles.size.width}: widen it to see the map."
        )
        await pilot.resize_terminal(80, 24)
        await settle_view(pilot)
        assert "TX ███" in tiles.render().plain


# -- ICE's corrections ------------------------------------------------------------------------
@pilot_test
async def test_c_leaves_out_corrected_rows_and_brings_them_back(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle_view(pilot)
        ranked = main(app).current_pane.view.frame.get_column(schema.JURISDICTION).to_list()
        row = ranked.index("Nassau County")  # the first edition's
        await press(pilot, *["j"] * row)
        await settle_view(pilot)
        note = str(app.query_one("#rankings-note").render())
        assert note.startswith("corrected: ICE told Nassau County, NY")
        assert "Long Island Press, Apr. 10, 2017" in note
        total = counts(app)[1]
        await press(pilot, "c")
        await settle_view(pilot)
        assert "ICE's corrections left out" in status_text(app)
        assert counts(app)[1] == total - 5  # Nassau, Montgomery IA and Franklin IA, NY, PA
        assert not app.query_one("#rankings-note").display
        await to_column(pilot, schema.STATE)
        await press(pilot, "F")
        await settle_view(pilot)
        assert "ICE's corrections left out" in status_text(app)
        assert "IA" not in shown(app, VALUE)
        await press(pilot, "c")  # from the frequency: counted again, and recounted here
        await settle_view(pilot)
        assert "IA" in shown(app, VALUE)
        await press(pilot, "escape")
        await settle_view(pilot)
        assert counts(app)[1] == total
