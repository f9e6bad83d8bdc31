"""Column filters, the chain line, undo, the column prompt, copying and sorting, driven through
Pilot on the sample reports at 80x24.

Each test opens the explorer on the samples and presses a dozen keys or more, each waited for
(1-2 s a test, as in test_explorer.py); related checks share one app to keep that down."""

from __future__ import annotations

import pytest
from pilot_waits import press, settle, type_text, wait_until
from test_explorer import SIZE, main, pane, pilot_test
from test_explorer_analysis import counts, result, settle_view, status_text, to_column

from detainer_tui import schema
from detainer_tui.dataset import DAYS, PERIOD, VALUE, Compare, Dataset, Empty, ranking_source
from detainer_tui.explorer.app import DetainerApp
from detainer_tui.explorer.screens.detail import DetailScreen
from detainer_tui.explorer.widgets.bars import SearchBar
from detainer_tui.explorer.widgets.prompt_line import PromptLine
from detainer_tui.explorer.widgets.query_line import QueryLine
from detainer_tui.report import Report


@pytest.fixture
def app(sample_dataset: Dataset) -> DetainerApp:
    return DetainerApp(dataset=sample_dataset, origin="bundled samples")


def chain(app: DetainerApp) -> str:
    """The chain line of the screen on top (empty while hidden)."""
    line = app.screen.query_one("#chain")
    return str(line.render()) if line.display else ""


def values(app: DetainerApp, column: str) -> list:
    view = app.screen.current_pane.view
    assert view is not None
    return view.frame.get_column(column).to_list()


def records(sample_reports: list[Report]) -> list[dict]:
    return [row for r in sample_reports for row in r.records.iter_rows(named=True)]


async def open_records(pilot) -> None:
    await settle(pilot)
    await press(pilot, "2")
    await settle(pilot)


@pilot_test
async def test_equals_keeps_bang_drops_backspace_removes_u_undoes(
    app: DetainerApp, sample_reports: list[Report]
):
    rows = records(sample_reports)
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        state = pane(app).current_row()[schema.STATE]
        in_state = sum(r[schema.STATE] == state for r in rows)
        await press(pilot, "equals_sign")
        await settle(pilot)
        assert counts(app) == (in_state, len(rows))
        assert set(values(app, schema.STATE)) == {state}
        assert chain(app) == f"State = {state}"
        assert "State" not in status_text(app)  # N of M stays; the chain is on its own line

        await to_column(pilot, schema.CITIZENSHIP)
        country = pane(app).current_row()[schema.CITIZENSHIP]
        await press(pilot, "exclamation_mark")
        await settle(pilot)
        kept = sum(r[schema.STATE] == state and r[schema.CITIZENSHIP] != country for r in rows)
        assert counts(app)[0] == kept
        assert chain(app) == f"State = {state} › Citizenship ≠ {country}"

        await press(pilot, "backspace")
        await settle(pilot)
        assert chain(app) == f"State = {state}"
        assert counts(app)[0] == in_state
        await press(pilot, "u")  # the removed filter comes back
        await settle(pilot)
        assert chain(app) == f"State = {state} › Citizenship ≠ {country}"
        await press(pilot, "u", "u")  # back to no filter at all
        await settle(pilot)
        assert chain(app) == ""
        assert not app.screen.query_one("#chain").display
        assert counts(app) == (len(rows), len(rows))

        # u undoes hidden and widened columns too
        await to_column(pilot, schema.JURISDICTION)
        await press(pilot, "greater_than_sign", "minus")
        assert pane(app).hidden == {schema.JURISDICTION}
        assert schema.JURISDICTION in pane(app).chosen_widths
        await press(pilot, "u")
        await settle(pilot)
        assert not pane(app).hidden and schema.JURISDICTION in pane(app).chosen_widths
        await press(pilot, "u")
        await settle(pilot)
        assert not pane(app).chosen_widths


@pilot_test
async def test_equals_on_offences_keeps_rows_holding_them(
    app: DetainerApp, sample_reports: list[Report]
):
    rows = records(sample_reports)
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        offence = next(o for r in rows for o in r[schema.CRIMINAL_ACTIVITY] or [])
        holding = sum(offence in (r[schema.CRIMINAL_ACTIVITY] or []) for r in rows)
        await press(pilot, "vertical_line")
        line = app.screen.query_one(PromptLine)
        assert line.display
        await press(pilot, "escape")
        assert not line.display
        await press(pilot, "J")
        await type_text(pilot, "offences")
        await press(pilot, "enter")
        await settle(pilot)
        assert pane(app).current_column() == schema.CRIMINAL_ACTIVITY
        await press(pilot, "vertical_line")
        await type_text(pilot, offence.lower())
        await press(pilot, "enter")
        await settle(pilot)
        assert chain(app) == f"Offences has {offence.lower()}"
        assert counts(app)[0] == holding
        await press(pilot, "backspace", "vertical_line")
        await type_text(pilot, f"not {offence}")
        await press(pilot, "enter")
        await settle(pilot)
        assert counts(app)[0] == len(rows) - holding


@pilot_test
async def test_a_mistyped_filter_is_explained_and_nothing_changes(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        await to_column(pilot, "days")
        before = counts(app)
        await press(pilot, "vertical_line")
        line = app.screen.query_one(PromptLine)
        await type_text(pilot, "> a year")
        await press(pilot, "enter")
        await settle(pilot)
        error = app.screen.query_one("#prompt-error")
        assert error.display
        assert str(error.render()) == 'Days holds numbers: "a year" is not one.'
        assert line.display and line.input.value == "> a year"
        assert counts(app) == before and chain(app) == ""

        line.input.value = "> 365"
        await press(pilot, "enter")
        await settle(pilot)
        assert not line.display
        assert chain(app) == "Days > 365"
        assert all(days > 365 for days in values(app, "days"))
        assert app.focused is pane(app).table


@pilot_test
async def test_an_empty_result_names_the_filter_that_emptied_it(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        await press(pilot, "equals_sign", "slash")
        await type_text(pilot, "zzzz")
        await press(pilot, "enter")
        await settle(pilot)
        state = pane(app).query_state.steps[0].values[0]
        assert counts(app)[0] == 0
        assert chain(app) == f"no rows: State = {state} › /zzzz"
        # the line fits 80 columns, however long the chain: the latest filters stay
        await press(pilot, "backspace", "backspace")
        await settle(pilot)
        pane(app).add_filters(
            *(Empty(schema.JURISDICTION, negate=True) for _ in range(4)), Compare(DAYS, ">", -9)
        )
        await settle(pilot)
        text = chain(app)
        assert text.startswith("…") and text.endswith("Jurisdiction not empty › Days > -9")
        assert len(text) <= SIZE[0] - 2


@pilot_test
async def test_search_and_query_lines_open_with_the_old_text_selected(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "state-wide")
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, "slash")
        search = app.screen.query_one(SearchBar)
        assert search.value == "state-wide"
        assert search.selected_text == "state-wide"
        await type_text(pilot, "oregon")  # replaces the old search
        assert search.value == "oregon"
        await press(pilot, "enter")
        await settle(pilot)
        assert chain(app).endswith("/oregon")

        await press(pilot, "colon")
        query = app.screen.query_one(QueryLine).input
        await type_text(pilot, "SELECT 1 AS one")
        await press(pilot, "escape", "colon")
        assert query.selected_text == "SELECT 1 AS one"
        await type_text(pilot, "SELECT 2")
        assert query.value == "SELECT 2"


@pilot_test
async def test_j_jumps_to_a_column_by_name_and_the_header_marks_it(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        await press(pilot, "J")
        await type_text(pilot, "zzz")
        await press(pilot, "enter")
        error = str(app.screen.query_one("#prompt-error").render())
        assert error.startswith('No column "zzz"; the columns: ✓, State, Jurisdiction')
        line = app.screen.query_one(PromptLine).input
        line.value = "fac"
        await press(pilot, "tab")  # completes the name
        assert line.value.casefold() == "facility"
        await press(pilot, "enter")
        await settle(pilot)
        assert pane(app).current_column() == schema.FACILITY
        header = pane(app).table.render_line(0)
        marked = [s.text.strip() for s in header if s.style and s.style.reverse and s.text.strip()]
        assert marked == ["Facility"]
        # a hidden column is shown again
        await press(pilot, "minus")
        await settle(pilot)
        assert schema.FACILITY not in pane(app).shown_columns
        await press(pilot, "J")
        await type_text(pilot, "facility")
        await press(pilot, "enter")
        await settle(pilot)
        assert pane(app).current_column() == schema.FACILITY


@pilot_test
async def test_y_copies_the_cell_and_Y_the_row_with_headings(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        await to_column(pilot, schema.JURISDICTION)
        row = pane(app).current_row()
        await press(pilot, "y")
        assert app.clipboard == row[schema.JURISDICTION]
        notes = [n.message for n in app._notifications]
        assert f"Copied Jurisdiction: {row[schema.JURISDICTION]}" in notes

        await press(pilot, "Y")
        heading, line, end = app.clipboard.split("\n")
        assert end == ""
        headings, cells = heading.split("\t"), line.split("\t")
        model = pane(app).view.table
        assert headings == [model.label(c) for c in model.columns]
        assert len(cells) == len(headings)
        assert cells[headings.index("Jurisdiction")] == row[schema.JURISDICTION]
        assert cells[headings.index("Declined")] == str(row[schema.DETAINER_DECLINED])

        await press(pilot, "enter")  # the record in full: y copies every field
        await wait_until(lambda: isinstance(app.screen, DetailScreen), "the record")
        await press(pilot, "y")
        assert f"Jurisdiction: {row[schema.JURISDICTION]}\n" in app.clipboard
        assert app.clipboard.count("\n") == len(app.screen.detail.fields) + 1


@pilot_test
async def test_y_and_filters_work_in_a_frequency_and_its_rows(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        await press(pilot, "equals_sign")  # State = the first record's
        await settle(pilot)
        state = pane(app).query_state.steps[0].values[0]
        await to_column(pilot, schema.CITIZENSHIP)
        await press(pilot, "F")
        await settle_view(pilot)
        top = values(app, VALUE)[0]
        await press(pilot, "y")
        assert app.clipboard == top
        await press(pilot, "enter")  # the rows behind it: the chain and one filter more
        await settle_view(pilot)
        assert chain(app) == f"State = {state} › Citizenship = {top}"
        assert set(values(app, schema.CITIZENSHIP)) == {top}
        shown = counts(app)[0]
        await press(pilot, "backspace")
        await settle_view(pilot)
        assert chain(app) == f"State = {state}"
        assert counts(app)[0] >= shown
        await press(pilot, "escape")  # nothing of its own left to clear: back
        await settle_view(pilot)
        assert "Frequency" in status_text(app)
        assert result(app)


@pilot_test
async def test_a_drill_down_from_rankings_is_filters_of_the_chain(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rankings = main(app).rankings
        rankings.choose(source=ranking_source("jurisdiction"))
        await settle(pilot)
        top = rankings.current_row()
        await press(pilot, "enter")
        await settle(pilot)
        assert chain(app) == f"Jurisdiction = {top[schema.JURISDICTION]} › State = {top['state']}"
        assert counts(app)[0] == top["declined"]
        await press(pilot, "backspace")
        await settle(pilot)
        assert chain(app) == f"Jurisdiction = {top[schema.JURISDICTION]}"
        await press(pilot, "escape")  # drops the whole chain
        await settle(pilot)
        assert chain(app) == ""


@pilot_test
async def test_s_cycles_up_down_and_back_keeping_the_cursor_on_its_row(
    app: DetainerApp, sample_reports: list[Report]
):
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        original = values(app, schema.JURISDICTION)
        await press(pilot, "j", "j", "j", "j", "j")
        await to_column(pilot, schema.JURISDICTION)
        row = pane(app).current_row()
        for mark in ("▲", "▼", None):
            await press(pilot, "s")
            await settle(pilot)
            names = values(app, schema.JURISDICTION)
            if mark == "▲":
                assert names == sorted(names, key=lambda n: (n is None, n))
            elif mark == "▼":
                assert names == sorted(names, key=lambda n: (n is not None, n), reverse=True)
            else:
                assert names == original
            assert chain(app) == (f"sort Jurisdiction {mark}" if mark else "")
            assert pane(app).current_row() == row  # the cursor stays on its row
            cursor = pane(app).table.cursor_row
            table = pane(app).table
            assert table.scroll_y <= cursor < table.scroll_y + table.size.height
            if cursor > table.size.height:
                # moved far by the sort, it shows mid-screen, rows before it in view above:
                # at the top, it would look like the first of the order
                shown = table.size.height - table.header_height
                assert abs(cursor - table.scroll_y - shown // 2) <= 1

        # periods sort by date, not alphabetically ("Feb 11–17" before "Feb 4–10")
        await press(pilot, "4")
        await settle(pilot)
        await to_column(pilot, PERIOD)
        await press(pilot, "s")
        await settle(pilot)
        starts = sorted(r.reports.item(0, schema.REPORT_START) for r in sample_reports)
        shown = values(app, PERIOD)
        assert [s.split("–")[0] for s in shown] == [f"{d:%b} {d.day}" for d in starts]


@pilot_test
async def test_undo_after_switching_rankings_drops_what_no_longer_applies(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_column(pilot, schema.JURISDICTION)
        await press(pilot, "equals_sign", "s")  # Section I: Jurisdiction = its first, sorted
        await settle(pilot)
        await press(pilot, "v", "v")  # declined by state: it has no Jurisdiction column
        await settle(pilot)
        before = counts(app)
        await press(pilot, "u")  # back to before the sort: its filter cannot apply here
        await settle(pilot)
        assert counts(app) == before
        assert chain(app) == ""
        notes = [n.message for n in app._notifications]
        assert any(note.startswith("Undo: filter Jurisdiction = ") for note in notes), notes


@pilot_test
async def test_y_on_the_map_and_on_a_chart(app: DetainerApp, sample_reports: list[Report]):
    from collections import Counter

    from detainer_tui.explorer.screens.chart import ChartScreen
    from detainer_tui.explorer.screens.map import MapScreen

    per_day = Counter(r[schema.DETAINER_DECLINED] for r in records(sample_reports))
    busiest, most = per_day.most_common(1)[0]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        await wait_until(lambda: isinstance(app.screen, MapScreen), "the map")
        screen = app.screen
        await press(pilot, "y")  # the state under the cursor and its count
        state, count = app.clipboard.rstrip("\n").split("\t")
        assert state == screen.current
        assert int(count) == screen.state_map.counts.get(state, 0)

        await press(pilot, "escape", "2", "t")
        await wait_until(lambda: isinstance(app.screen, ChartScreen), "the chart")
        await press(pilot, "y")  # the cursor starts on the busiest day: it and its count
        assert app.clipboard == f"{busiest.isoformat()}\t{most}\n"


@pilot_test
async def test_c_in_the_rows_behind_a_value_follows_as_a_filter(
    app: DetainerApp, sample_dataset: Dataset
):
    import polars as pl

    from detainer_tui.dataset import CORRECTION

    frame = sample_dataset.records.frame
    corrected = frame.filter(pl.col(CORRECTION).is_not_null())
    assert corrected.height, "the samples have records ICE corrected"
    state = corrected.item(0, schema.STATE)
    in_state = frame.filter(pl.col(schema.STATE) == state)
    left = in_state.filter(pl.col(CORRECTION).is_null()).height
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        await press(pilot, "F")  # the State column
        await settle_view(pilot)
        result(app).current_pane.table.move_cursor(row=values(app, VALUE).index(state))
        await press(pilot, "enter")
        await settle_view(pilot)
        assert counts(app)[0] == in_state.height
        await press(pilot, "c")
        await settle_view(pilot)
        assert counts(app)[0] == left
        assert chain(app) == f"State = {state} › ICE's corrections left out"
        await press(pilot, "c")
        await settle_view(pilot)
        assert counts(app)[0] == in_state.height
        assert chain(app) == f"State = {state}"


@pilot_test
async def test_what_is_typed_right_after_the_key_that_opens_a_line_goes_into_it(app: DetainerApp):
    # A fast typist, or a paste over a slow link: the keys after |, : or J arrive at once,
    # before the line they open has been drawn; they must be typed into it, not taken for
    # keys of the table (> widens a column, 1 shows Rankings).
    async with app.run_test(size=SIZE) as pilot:
        await open_records(pilot)
        for opening, typed, line_type in (
            ("|", "> 10", PromptLine),
            (":", "SELECT 1", QueryLine),
            ("J", "fac", PromptLine),
        ):
            await type_text(pilot, opening + typed)
            line = app.screen.query_one(line_type)
            assert line.display and line.input.value == typed, (opening, line.input.value)
            await press(pilot, "escape")
            await settle(pilot)
        await to_column(pilot, schema.STATE)
        await press(pilot, "F")
        await settle_view(pilot)
        await type_text(pilot, "|> 10")  # the same on a view's own filter line
        line = result(app).query_one(PromptLine)
        assert line.display and line.input.value == "> 10"
