"""What the explorer's keys do, driven through Textual's Pilot on the sample reports."""

from __future__ import annotations

import asyncio
import functools
import io
import itertools
import json
import os
import re
from collections.abc import Callable, Coroutine, Iterator
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from pilot_waits import key_event, pause, press, settle, type_text, wait_until
from rich.console import Console
from textual import events
from textual.command import CommandList, CommandPalette
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Input

from detainer_tui import schema
from detainer_tui.dataset import (
    DECLINED,
    POLICY_LINK,
    RANKING_SOURCES,
    REPORT,
    SCOPE,
    Dataset,
    Query,
    ranking_source,
)
from detainer_tui.explorer import keymap
from detainer_tui.explorer.app import DetainerApp
from detainer_tui.explorer.colours import FEW_COLOURS, few_colours
from detainer_tui.explorer.panes.base import TablePane
from detainer_tui.explorer.panes.policies import PoliciesPane
from detainer_tui.explorer.panes.rankings import RankingsPane
from detainer_tui.explorer.panes.records import RecordsPane
from detainer_tui.explorer.panes.reports import ReportsPane
from detainer_tui.explorer.screens.detail import DetailScreen
from detainer_tui.explorer.screens.export import ConfirmScreen, ExportScreen, FormatChoice
from detainer_tui.explorer.screens.help import HelpScreen, help_text
from detainer_tui.explorer.screens.main import MainScreen
from detainer_tui.explorer.widgets.bars import LoadingBar, SearchBar
from detainer_tui.explorer.widgets.frame_table import FrameTable
from detainer_tui.ingest import parse_report
from detainer_tui.report import Report

SIZE = (80, 24)
"""The smallest terminal the explorer is made for, and the size most tests run at."""
WIDE = (100, 30)
"""Wide enough for the header's detailed summary."""
STATUS = re.compile(r"(\d[\d,]*) of (\d[\d,]*) rows")


def pilot_test(test: Callable[..., Coroutine[None, None, None]]) -> Callable[..., None]:
    """Run an async Pilot test in its own event loop (no async plugin needed)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def main(app: DetainerApp) -> MainScreen:
    screen = app.default_screen
    assert isinstance(screen, MainScreen)
    return screen


def pane(app: DetainerApp) -> TablePane:
    return main(app).current_pane


def status_text(app: DetainerApp) -> str:
    return str(app.query_one("#status").render())


def chain_text(app: DetainerApp) -> str:
    """The chain line above the status bar (empty while it is hidden)."""
    chain = app.screen.query_one("#chain")
    return str(chain.render()) if chain.display else ""


def shown_counts(app: DetainerApp) -> tuple[int, int] | None:
    """Rows shown and rows in all, as the status bar says; None while it says something else."""
    match = STATUS.search(status_text(app))
    if match is None:
        return None
    return int(match[1].replace(",", "")), int(match[2].replace(",", ""))


def counts(app: DetainerApp) -> tuple[int, int]:
    shown = shown_counts(app)
    assert shown is not None, status_text(app)
    return shown


def column(app: DetainerApp, name: str) -> list:
    view = pane(app).view
    assert view is not None
    return view.frame.get_column(name).to_list()


def screen_lines(table: FrameTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


@pytest.fixture
def app(sample_dataset: Dataset) -> DetainerApp:
    return DetainerApp(dataset=sample_dataset, origin="bundled samples")


@pilot_test
async def test_opens_on_rankings_with_header_and_status(app: DetainerApp):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.query_one(ContentSwitcher).current == "rankings"
        summary = str(app.query_one("#summary").render())
        assert summary.startswith(
            "3 reports (3 synthetic): Jan 28–Feb 3 · Feb 4–10 · Feb 11–17, 2017"
        )
        assert str(app.query_one("#origin").render()) == "bundled samples"
        shown, total = counts(app)
        assert shown == total > 0
        assert isinstance(app.focused, FrameTable)
        assert not app.query_one(LoadingBar).display


@pilot_test
async def test_number_keys_switch_panes(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, pane_id in [*reversed(keymap.PANES.items()), *keymap.PANES.items()]:
            await press(pilot, key)
            await settle(pilot)
            assert app.query_one(ContentSwitcher).current == pane_id
            tabs = [tab.id for tab in app.query(".tab.-active")]
            assert tabs == [f"tab-{pane_id}"]
            assert app.focused is pane(app).table
            assert pane(app).title in status_text(app)


@pilot_test
async def test_records_pane_shows_every_record_with_its_report(
    app: DetainerApp, sample_reports: list[Report]
):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        total = sum(r.records.height for r in sample_reports)
        assert counts(app) == (total, total)
        assert len(set(column(app, REPORT))) == 3
        assert set(column(app, schema.SOURCE_PAGE)) <= set(range(1, 100))


@pilot_test
async def test_search_filters_accent_insensitively_enter_keeps_escape_clears(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "slash")
        search = app.query_one("#search", SearchBar)
        assert search.display and app.focused is search
        await type_text(pilot, "dona ana")
        shown, total = counts(app)
        assert 0 < shown < total
        assert set(column(app, schema.JURISDICTION)) == {"Doña Ana County"}
        assert "/dona ana" in chain_text(app)

        await press(pilot, "enter")
        await settle(pilot)
        assert not search.display
        assert app.focused is pane(app).table
        assert counts(app) == (shown, total)

        # the search line opens again on the same search; Escape clears it
        await press(pilot, "slash")
        assert search.value == "dona ana"
        await press(pilot, "escape")
        await settle(pilot)
        assert not search.display
        assert counts(app) == (total, total)
        assert chain_text(app) == ""


@pilot_test
async def test_escape_in_the_table_clears_the_kept_search(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3", "slash")
        await type_text(pilot, "california")
        await press(pilot, "enter")
        await settle(pilot)
        shown, total = counts(app)
        assert shown < total
        assert all(s == "CA" for s in column(app, schema.STATE))
        await press(pilot, "escape")
        await settle(pilot)
        assert counts(app) == (total, total)


@pilot_test
async def test_each_pane_keeps_its_own_search(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "slash")
        await type_text(pilot, "mexico")
        await press(pilot, "enter", "3")
        await settle(pilot)
        shown, total = counts(app)
        assert shown == total
        await press(pilot, "2")
        await settle(pilot)
        assert "/mexico" in chain_text(app)


@pilot_test
async def test_s_sorts_by_the_column_under_the_cursor_and_again_reverses(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "l")  # State -> Jurisdiction
        await press(pilot, "s")
        await settle(pilot)
        names = column(app, schema.JURISDICTION)
        assert names == sorted(names)
        assert "sort Jurisdiction ▲" in chain_text(app)
        await press(pilot, "s")
        await settle(pilot)
        names = column(app, schema.JURISDICTION)
        assert names == sorted(names, reverse=True)
        assert "sort Jurisdiction ▼" in chain_text(app)
        header = pane(app).table.render_line(0).text
        assert "Jurisdiction ▼" in header


@pilot_test
async def test_sorting_keeps_the_cursor_on_the_same_row(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "j", "j", "j", "l")
        before = pane(app).current_row()
        await press(pilot, "s")
        await settle(pilot)
        assert pane(app).current_row() == before


@pilot_test
async def test_movement_keys(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        table = pane(app).table
        last = table.row_count - 1
        await press(pilot, "j", "j", "down")
        assert table.cursor_row == 3
        await press(pilot, "k", "up")
        assert table.cursor_row == 1
        await press(pilot, "G")
        assert table.cursor_row == last
        await press(pilot, "g")
        assert table.cursor_row == 0
        await press(pilot, "pagedown")
        assert table.cursor_row > 5
        await press(pilot, "pageup")
        assert table.cursor_row == 0
        await press(pilot, "end")
        assert table.cursor_row == last
        await press(pilot, "home")
        assert table.cursor_row == 0
        first = table.cursor_column  # the row's first own column, after its mark
        await press(pilot, "l", "right")
        assert table.cursor_column == first + 2
        await press(pilot, "h", "left")
        assert table.cursor_column == first


def heading_line(table: FrameTable) -> str:
    return table.render_line(0).text


@pilot_test
async def test_columns_fit_the_terminal_and_80_columns_keep_both_dates(
    sample_dataset: Dataset,
):
    for size in ((80, 24), (200, 50)):
        app = DetainerApp(dataset=sample_dataset)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await press(pilot, "2")
            await settle(pilot)
            heading = heading_line(pane(app).table)
            assert "Issued" in heading and "Declined" in heading, heading
            if size[0] == 200:
                # every heading in full (the county code last), and the room left over goes
                # to the offences
                assert heading.rstrip().endswith("FIPS"), heading
                widths = pane(app)._shown_widths
                assert widths[schema.CRIMINAL_ACTIVITY] == max(widths.values())


@pilot_test
async def test_scrolling_sideways_moves_by_whole_columns(sample_dataset: Dataset):
    app = DetainerApp(dataset=sample_dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        records = pane(app)
        table = records.table
        labels = [records._table_model.label(c) for c in records.shown_columns]
        pinned = sum(c.render_width for c in table.ordered_columns[: table.fixed_columns])
        seen = set()
        for _ in range(len(labels)):
            await press(pilot, "l")
            await settle(pilot)
            # right of the pinned columns, the heading line starts with a whole heading
            scrolled = heading_line(table)[pinned:].strip()
            assert any(scrolled.startswith(label) for label in labels), scrolled
            # left of them, whose row it is stays in view: its marks, state and jurisdiction
            assert heading_line(table)[:pinned].split() == ["✓", "State", "Jurisdiction"]
            seen.add(scrolled.split("  ")[0])
            # and the column under the cursor is in view
            current = records._table_model.label(records.current_column())
            assert current in heading_line(table)
        assert {"Facility", "Report"} <= seen


@pilot_test
async def test_the_column_under_the_cursor_can_be_widened_hidden_and_shown_again(
    app: DetainerApp,
):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        records = pane(app)
        for _ in records.shown_columns:  # to the citizenship column
            if records.current_column() == schema.CITIZENSHIP:
                break
            await press(pilot, "l")
            await settle(pilot)
        column = records.current_column()
        assert column == schema.CITIZENSHIP
        before = records._shown_widths[column]
        await press(pilot, "greater_than_sign")
        await settle(pilot)
        assert records._shown_widths[column] == before + 8
        assert records.current_column() == column
        await press(pilot, "less_than_sign", "less_than_sign")
        await settle(pilot)
        assert records._shown_widths[column] == before - 8

        await press(pilot, "minus")
        await settle(pilot)
        assert column not in records.shown_columns
        assert "1 column hidden (+ shows)" in status_text(app)
        label = records._table_model.label(column)
        assert label not in heading_line(records.table)
        await press(pilot, "plus")
        await settle(pilot)
        assert column in records.shown_columns
        assert "hidden" not in status_text(app)


@pilot_test
async def test_enter_on_a_ranking_drills_into_its_records(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "v")  # declined by jurisdiction
        await settle(pilot)
        rankings = pane(app)
        assert rankings.source == ranking_source("jurisdiction")
        top = rankings.current_row()
        assert top is not None
        await press(pilot, "enter")
        await settle(pilot)
        assert app.query_one(ContentSwitcher).current == "records"
        assert counts(app)[0] == top[DECLINED]
        assert set(column(app, schema.JURISDICTION)) == {top[schema.JURISDICTION]}
        assert f"Jurisdiction = {top[schema.JURISDICTION]}" in chain_text(app)
        # Escape drops the drill-down
        await press(pilot, "escape")
        await settle(pilot)
        shown, total = counts(app)
        assert shown == total


@pilot_test
async def test_every_computed_ranking_drills_down(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rankings = pane(app)
        for source in RANKING_SOURCES[1:]:
            await press(pilot, "1", "v")
            await settle(pilot)
            assert rankings.source == source
            await press(pilot, "j")
            row = rankings.current_row()
            assert row is not None and row[DECLINED] > 0
            await press(pilot, "enter")
            if isinstance(app.screen, DetailScreen):  # a row ICE corrected: its correction
                await press(pilot, "enter")  # then the records
            await settle(pilot)
            assert app.query_one(ContentSwitcher).current == "records"
            assert counts(app)[0] == row[DECLINED], source.name


@pilot_test
async def test_v_and_r_choose_ranking_and_report(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rankings = pane(app)
        summed = counts(app)[0]
        await press(pilot, "r")
        await settle(pilot)
        assert rankings.report == 0
        assert counts(app)[0] <= summed
        assert rankings.report_label() == main(app).dataset.labels[0]
        await press(pilot, "R", "R")
        await settle(pilot)
        assert rankings.report == 2
        await press(pilot, "r")
        assert rankings.report is None
        await press(pilot, "V")
        await settle(pilot)
        assert rankings.source.name == "offence"
        assert "Declined by offence" in str(app.query_one("#rankings-choice").render())


@pilot_test
async def test_enter_on_a_record_lists_every_policy_that_applies_and_p_shows_them(
    app: DetainerApp,
):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Section III names Multnomah's policy after its Sheriff's Office, and Oregon has a
        # state-wide law: a Multnomah County record has both
        await press(pilot, "2", "slash")
        await type_text(pilot, "multnomah")
        await press(pilot, "enter")
        await settle(pilot)
        assert set(column(app, POLICY_LINK)) == {"local + state-wide"}
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        fields = {
            str(label.render()): str(value.render())
            for label, value in zip(
                app.screen.query(".field-label"), app.screen.query(".field-value"), strict=True
            )
        }
        assert fields["Jurisdiction"] == "Multnomah County"
        assert fields["Policy"].startswith("Multnomah County Sheriff's Office, OR · Policy")
        assert fields["State-wide policy"].startswith("State of Oregon, OR · Law")
        assert "2 policies" in str(app.screen.query_one(".dialog-footer").render())
        await press(pilot, "p")
        await settle(pilot)
        assert not isinstance(app.screen, DetailScreen)
        assert app.query_one(ContentSwitcher).current == "policies"
        assert set(column(app, schema.JURISDICTION)) == {
            "Multnomah County Sheriff's Office",
            "State of Oregon",
        }
        assert set(column(app, SCOPE)) == {"local", "state-wide"}
        assert "policies for Multnomah County, OR" in chain_text(app)


def _policy_known(app: DetainerApp, row: dict) -> bool:
    return main(app).dataset.policy_drill(row[schema.JURISDICTION], row[schema.STATE]) is not None


@pilot_test
async def test_p_in_records_jumps_to_the_policy_or_says_there_is_none(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        records = main(app).dataset.records.query(Query()).frame.rows(named=True)
        with_policy = next(i for i, row in enumerate(records) if _policy_known(app, row))
        without = next(i for i, row in enumerate(records) if not _policy_known(app, row))

        await press(pilot, "2")
        await settle(pilot)
        table = pane(app).table
        table.move_cursor(row=with_policy)
        await press(pilot, "p")
        await settle(pilot)
        assert app.query_one(ContentSwitcher).current == "policies"
        row = records[with_policy]
        linked = main(app).dataset.linked_policies(row[schema.JURISDICTION], row[schema.STATE])
        assert set(column(app, schema.JURISDICTION)) == {p.jurisdiction for p in linked}

        await press(pilot, "2")
        await settle(pilot)
        table.move_cursor(row=without)
        await press(pilot, "p")
        await settle(pilot)
        assert app.query_one(ContentSwitcher).current == "records"
        missing = records[without][schema.JURISDICTION]
        notes = [str(n.message) for n in app._notifications]
        assert any(n.startswith(f"No policy listed for {missing}") for n in notes), notes


@pilot_test
async def test_policies_pane_shows_the_highlighted_policy_text(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        await settle(pilot)
        policies = pane(app)
        for _ in range(3):
            row = policies.current_row()
            text = str(app.query_one("#policy-text").render())
            assert text.split()[:5] == row[schema.POLICY].split()[:5]
            await press(pilot, "j")
            await pause(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "escape")
        assert not isinstance(app.screen, DetailScreen)


@pilot_test
async def test_reports_pane_lists_each_report(app: DetainerApp, sample_reports: list[Report]):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        await settle(pilot)
        assert counts(app) == (3, 3)
        files = column(app, "file")
        assert files == [Path(r.source_file).name for r in sample_reports]
        notes = str(app.query_one("#report-notes").render())
        assert files[0] in notes and "diagnostics" in notes.lower()
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "q")  # closes the detail view, not the app
        assert not isinstance(app.screen, DetailScreen)
        assert app.is_running


@pilot_test
async def test_a_report_read_in_part_is_marked_and_its_rows_stay(sample_reports: list[Report]):
    # A real PDF two of whose Section II pages are scans (no text layer).
    scanned = parse_report(
        Path(__file__).parent / "fixtures/real/writer-liberation-serif-scanned.pdf"
    )
    app = DetainerApp(reports=[sample_reports[0], scanned], origin="2 files")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # both say they are synthetic samples (the scanned copy on a page it still reads)
        assert "2 reports (1 read in part, 2 synthetic)" in str(app.query_one("#summary").render())
        await press(pilot, "4", "j")
        await settle(pilot)
        assert column(app, "read") == ["complete", "partial 56/114 rows"]
        notes = str(app.query_one("#report-notes").render())
        assert "Read only in part" in notes
        assert "Section II: 56 of 114 rows read (pages 2–3)" in notes
        await press(pilot, "2")
        await settle(pilot)
        assert counts(app)[1] == sample_reports[0].records.height + scanned.records.height


@pilot_test
async def test_help_lists_every_key(app: DetainerApp):
    text = help_text()
    assert "<!--" not in text  # every key table was put in place
    widgets = (TablePane, RankingsPane, RecordsPane, PoliciesPane, ReportsPane, FrameTable)
    bound = {key for widget in widgets for b in widget.BINDINGS for key in b.key.split(",")}
    assert {"slash", "s", "e", "q", "question_mark", "j", "G", "v", "R", "p"} <= bound
    for key in bound | {app.COMMAND_PALETTE_BINDING}:
        # (a pipe is escaped inside a Markdown table)
        assert f"`{keymap.key_label(key).replace('|', chr(92) + '|')}`" in text, key
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "2")  # panes wait while help is open
        assert app.query_one(ContentSwitcher).current == "rankings"
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


@pilot_test
async def test_command_palette_runs_actions(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await wait_until(lambda: isinstance(app.screen, CommandPalette), "the palette")
        await type_text(pilot, "show policies")
        await wait_until(
            lambda: palette_prompts(app)[:1] == ["Show Policies"], "the palette's best match"
        )
        await press(pilot, "enter")
        await settle(pilot)
        assert app.query_one(ContentSwitcher).current == "policies"


@pilot_test
async def test_command_palette_lists_every_action(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for expected in (
            "Show Rankings",
            "Show Records",
            "Show Policies",
            "Show Reports",
            "Search",
            "Sort by column",
            "Clear search or filters",
            "Open row",
            "Export view",
            "Policies that apply",
            "Widen column",
            "Hide column",
            "Show hidden columns",
            "Help",
            "Rankings: all reports",
            "Rankings: Declined by offence",
            f"Rankings: {main(app).dataset.labels[0]}",
        ):
            assert expected in titles
        # every command of the key table, named as its binding is
        assert {k.name for k in keymap.all_keys() if k.palette} <= titles


def _command(app: DetainerApp, title: str):
    return next(c for c in app.get_system_commands(app.screen) if c.title == title).callback


@pilot_test
async def test_palette_commands_act_where_their_keys_do(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "l")
        await _command(app, "Sort by column")()
        await settle(pilot)
        assert "sort Jurisdiction ▲" in chain_text(app)
        await _command(app, "Search")()
        assert app.focused is app.query_one("#search", SearchBar)
        await type_text(pilot, "cook")
        await press(pilot, "enter")
        await settle(pilot)
        assert set(column(app, schema.JURISDICTION)) == {"Cook County"}
        await _command(app, "Show Reports")()
        await settle(pilot)
        assert app.query_one(ContentSwitcher).current == "reports"


async def _export(pilot: Pilot, path: Path) -> None:
    await press(pilot, "e")
    await pause(pilot)
    assert isinstance(pilot.app.screen, ExportScreen)
    pilot.app.screen.query_one("#export-path", Input).value = str(path)
    await pause(pilot)
    await press(pilot, "enter")
    await settle(pilot)


@pilot_test
async def test_export_writes_the_filtered_sorted_view(app: DetainerApp, tmp_path: Path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "slash")
        await type_text(pilot, "mexico")
        await press(pilot, "enter", "l", "s")
        await settle(pilot)
        shown, _ = counts(app)
        target = tmp_path / "records.csv"
        await _export(pilot, target)
        written = pl.read_csv(target)
        assert written.height == shown
        assert set(written.get_column(schema.CITIZENSHIP)) == {"Mexico"}
        names = written.get_column(schema.JURISDICTION).to_list()
        assert names == sorted(names)

        json_target = tmp_path / "records.json"
        await _export(pilot, json_target)
        rows = json.loads(json_target.read_text())
        assert len(rows) == shown and isinstance(rows[0][schema.CRIMINAL_ACTIVITY], list)

        await press(pilot, "1")
        await _export(pilot, tmp_path / "rankings.parquet")
        assert pl.read_parquet(tmp_path / "rankings.parquet").height == counts(app)[0]


@pilot_test
async def test_export_format_choice_sets_the_suffix(app: DetainerApp, tmp_path: Path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        await pause(pilot)
        screen = app.screen
        path_input = screen.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "view.csv")
        await pause(pilot)
        screen.query_one("#export-format", FormatChoice).value = "parquet"
        await pause(pilot)
        assert path_input.value.endswith("view.parquet")
        await press(pilot, "enter")
        await settle(pilot)
        assert (tmp_path / "view.parquet").exists()


@pilot_test
async def test_export_never_overwrites_without_asking(app: DetainerApp, tmp_path: Path):
    target = tmp_path / "existing.csv"
    target.write_text("keep me\n")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _export(pilot, target)
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert target.read_text() == "keep me\n"
        await press(pilot, "enter")
        await pause(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        await settle(pilot)
        assert not isinstance(app.screen, (ConfirmScreen, ExportScreen))
        assert pl.read_csv(target).height == counts(app)[0]


@pilot_test
async def test_export_reports_a_missing_folder_and_escape_cancels(app: DetainerApp, tmp_path: Path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _export(pilot, tmp_path / "nowhere" / "x.csv")
        assert isinstance(app.screen, ExportScreen)
        assert "No such folder" in str(app.screen.query_one("#export-error").render())
        await press(pilot, "escape")
        assert not isinstance(app.screen, ExportScreen)
        assert not (tmp_path / "nowhere").exists()


@pilot_test
async def test_a_section_one_row_with_no_declined_record_says_why_none_is_shown(
    app: DetainerApp,
):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Clark County, NV tops Section I in the samples, and Section II has none of its
        row = pane(app).current_row()
        assert (row[schema.JURISDICTION], row[schema.STATE]) == ("Clark County", "NV")
        await press(pilot, "enter")
        await settle(pilot)
        assert counts(app)[0] == 0
        notes = [str(n.message) for n in app._notifications]
        assert any(
            n.startswith("Section I counts detainers issued (135 for Clark County, NV); none")
            for n in notes
        ), notes


@pilot_test
async def test_escape_or_q_closes_the_keys_panel_before_anything_else(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("escape", "q"):
            app.action_show_help_panel()
            await pause(pilot)
            assert app.screen.query("HelpPanel")
            await press(pilot, key)
            await pause(pilot)
            assert not app.screen.query("HelpPanel") and app.is_running
        await press(pilot, "q")
        await pause(pilot)
        assert not app.is_running


@pilot_test
async def test_a_60_column_terminal_wraps_footers_and_keeps_key_lists_whole(
    app: DetainerApp,
):
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "enter")
        await settle(pilot)
        footer = app.screen.query_one(".dialog-footer")
        shown = " ".join(footer.render_line(y).text.strip() for y in range(footer.size.height))
        assert shown.endswith("Esc  close"), shown
        # the pane keys are one unbreakable run in the help's narrow key column
        assert "`1`·`2`·`3`·`4`" in help_text()


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
@pilot_test
async def test_q_or_ctrl_c_quits(app: DetainerApp, key: str):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, key)
        await pause(pilot)
        assert not app.is_running


@pilot_test
async def test_keys_typed_right_after_q_do_nothing(app: DetainerApp):
    """Typed fast (or pasted): keys after q used to open screens on the closing app, whose
    handlers then failed with a traceback (e.g. the export dialog's, on "qe")."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("q", "e", "question_mark", "F", "m"):
            app.post_message(key_event(key))
        await pause(pilot)
        assert not app.is_running
    assert app.return_code == 0  # run_test re-raises what failed on the way out


def hostile_report() -> Report:
    start, end = date(2017, 1, 28), date(2017, 2, 3)
    return Report(
        reports=pl.DataFrame(
            [("odd.pdf", "x", start, end, 1, 1, 1, "1", True)], schema=schema.REPORTS, orient="row"
        ),
        rankings=pl.DataFrame(schema=schema.RANKINGS),
        records=pl.DataFrame(
            [
                (
                    start,
                    end,
                    "TX",
                    "[bold]Loud[/bold] County",
                    "Jail\x1b[2J\x1b[31m",
                    "[link=http://x]Mars[/link]",
                    ["[red]Assault"],
                    start,
                    end,
                    1,
                    "x",
                )
            ],
            schema=schema.RECORDS,
            orient="row",
        ),
        policies=pl.DataFrame(schema=schema.POLICIES),
    )


@pilot_test
async def test_text_from_the_pdf_is_shown_literally():
    app = DetainerApp(reports=[hostile_report()], origin="[i]odd[/i]")
    async with app.run_test(size=(180, 20)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        lines = "\n".join(screen_lines(pane(app).table))
        assert "[bold]Loud[/bold] County" in lines
        assert "[link=http://x]Mars[/link]" in lines
        assert "[red]Assault" in lines
        assert "\x1b" not in lines
        assert "Jail[2J[31m" in lines
        assert str(app.query_one("#origin").render()) == "[i]odd[/i]"
        await press(pilot, "enter")
        values = [str(w.render()) for w in app.screen.query(".field-value")]
        assert "[bold]Loud[/bold] County" in values


_COLOUR_CODE = re.compile(r"(?:^|;)(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;|$)")


def terminal_output(app: DetainerApp, color_system: str) -> str:
    """The whole screen as the terminal would receive it (Textual's own screenshot path),
    on a terminal of ``color_system``."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=color_system,  # type: ignore[arg-type]
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.file.getvalue()  # type: ignore[attr-defined]


def colour_codes(output: str) -> list[str]:
    """The SGR sequences of ``output`` that set a foreground or background colour."""
    sgr = re.findall(r"\x1b\[([0-9;]*)m", output)
    return [s for s in sgr if _COLOUR_CODE.search(s)]


@pilot_test
async def test_no_color_sends_no_colour_code_and_the_cursor_is_reversed(
    sample_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NO_COLOR", "1")
    app = DetainerApp(dataset=sample_dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color and app.has_class(FEW_COLOURS)
        for keys in (("2", "j", "l"), ("3",), ("question_mark",), ("escape", "e")):
            await press(pilot, *keys)
            await settle(pilot)
            output = terminal_output(app, "truecolor")
            assert colour_codes(output) == [], keys
        await press(pilot, "escape", "2")
        await settle(pilot)
        before = terminal_output(app, "truecolor")
        await press(pilot, "j")
        await settle(pilot)
        after = terminal_output(app, "truecolor")
        assert after != before
        table = pane(app).table
        cursor = table.get_component_rich_style("datatable--cursor")
        assert cursor.reverse and cursor.bold
        # the cursor's cell is drawn reversed, the other cells of its row bold
        y = table.cursor_row + 1  # below the headings; the top rows need no scrolling
        (line,) = table.render_lines(Region(0, y, table.size.width, 1))
        styles = [seg.style for seg in line if seg.text.strip() and seg.style is not None]
        assert any(style.reverse for style in styles)
        assert all(style.color is None and style.bgcolor is None for style in styles)


@pytest.mark.parametrize("term", ["screen", "linux", "vt100", "xterm"])
def test_terminals_of_16_colours_or_fewer_are_told_apart(
    term: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TERM", term)
    assert few_colours(DetainerApp().console.color_system)
    monkeypatch.setenv("TERM", f"{term}-256color")
    assert not few_colours(DetainerApp().console.color_system)


@pilot_test
async def test_the_cursor_stands_out_on_a_16_colour_terminal(
    sample_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TERM", "screen")
    app = DetainerApp(dataset=sample_dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.console.color_system == "standard" and app.has_class(FEW_COLOURS)
        await press(pilot, "2")
        await settle(pilot)
        # the cursor starts in a pinned column, whose shade it shared on 16 colours
        screens = [terminal_output(app, "standard")]
        for key in ("j", "j", "l", "l", "j"):
            await press(pilot, key)
            await settle(pilot)
            screens.append(terminal_output(app, "standard"))
        assert all(a != b for a, b in itertools.pairwise(screens))
        table = pane(app).table
        assert table.get_component_rich_style("datatable--fixed-cursor").reverse


@pilot_test
async def test_a_colour_terminal_keeps_its_shades(
    sample_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLORTERM", "truecolor")
    app = DetainerApp(dataset=sample_dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.has_class(FEW_COLOURS)
        assert not pane(app).table.get_component_rich_style("datatable--cursor").reverse
        assert colour_codes(terminal_output(app, "truecolor"))


# The tests that load a request start from a cache holding the samples: what they test is
# the loading in the background, not the parser (tests/test_store.py parses).
@pilot_test
async def test_loads_a_request_in_the_background(sample_paths: list[Path], seeded_cache: Path):
    from detainer_tui.store import resolve_open

    paths = sample_paths[:2]
    request = resolve_open(paths, remember=False)
    app = DetainerApp(request=request)
    async with app.run_test(size=SIZE) as pilot:
        # The reports the cache has are read before the first paint: no loading bar.
        await wait_until(lambda: main(app).is_mounted, "the main screen")
        assert len(main(app).dataset.reports) == len(paths)
        assert not app.query_one(LoadingBar).display
        await settle(pilot)
        assert len(main(app).dataset.reports) == len(paths)
        assert not app.query_one(LoadingBar).display
        assert str(app.query_one("#summary").render()).startswith(f"{len(paths)} reports")
        await press(pilot, "2")
        await settle(pilot)
        assert counts(app)[0] > 0


@pilot_test
async def test_unreadable_inputs_are_listed_and_the_rest_load(
    sample_paths: list[Path], tmp_path: Path, seeded_cache: Path
):
    from detainer_tui.store import resolve_open

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"<html>not a pdf</html>")
    request = resolve_open([broken, sample_paths[0]], remember=False)
    app = DetainerApp(request=request)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(main(app).dataset.reports) == 1
        assert any("broken.pdf" in p for p in main(app).dataset.problems)
        await press(pilot, "4")
        await settle(pilot)
        notes = str(app.query_one("#report-notes").render())
        assert "Could not open (1)" in notes and "broken.pdf" in notes


@pilot_test
async def test_exports_go_to_the_documents_folder_then_to_the_last_folder_used(
    sample_dataset: Dataset, tmp_path: Path, isolated_dirs: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # never the working directory
    documents = isolated_dirs / "XDG_DOCUMENTS_DIR" / "detainer-tui"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    app = DetainerApp(dataset=sample_dataset)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "e")
        await pause(pilot)
        path_input = app.screen.query_one("#export-path", Input)
        assert Path(path_input.value) == documents / "records.csv"
        await press(pilot, "enter")
        await settle(pilot)
        assert pl.read_csv(documents / "records.csv").height == counts(app)[0]
        assert list(tmp_path.iterdir()) == [elsewhere]
        # the full path of what was written, on a line of its own
        notes = [str(n.message) for n in app._notifications]
        assert any(n.endswith(f"rows to\n{documents / 'records.csv'}") for n in notes), notes

        await _export(pilot, elsewhere / "mine.json")
        assert (elsewhere / "mine.json").exists()
    # the next run starts where the last export went
    app = DetainerApp(dataset=sample_dataset)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        await pause(pilot)
        path = Path(app.screen.query_one("#export-path", Input).value)
        assert path == elsewhere / "rankings-issued.csv"


@pilot_test
async def test_ctrl_u_clears_the_whole_export_path(app: DetainerApp, tmp_path: Path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        await pause(pilot)
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value
        path_input.cursor_position = 3  # anywhere in the path
        await press(pilot, "ctrl+u")
        assert path_input.value == ""
        await type_text(pilot, str(tmp_path / "typed.csv"))
        await press(pilot, "enter")
        await settle(pilot)
        assert (tmp_path / "typed.csv").exists()


@pilot_test
async def test_configuration_sets_the_first_pane_and_export_folder(
    sample_dataset: Dataset, tmp_path: Path
):
    from detainer_tui.config import Config

    config = Config(default_pane="policies", export_dir=tmp_path)
    app = DetainerApp(dataset=sample_dataset, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.query_one(ContentSwitcher).current == "policies"
        assert app.query_one("#tab-policies").has_class("-active")
        await press(pilot, "e")
        await pause(pilot)
        path = Path(app.screen.query_one("#export-path", Input).value)
        assert path == tmp_path / "policies.csv"
        await press(pilot, "enter")
        await settle(pilot)
        assert pl.read_csv(path).height == counts(app)[0]


@pilot_test
async def test_a_pane_is_built_when_first_shown_with_what_it_was_asked_meanwhile(
    sample_dataset: Dataset,
):
    from detainer_tui.config import Config

    app = DetainerApp(dataset=sample_dataset, config=Config(default_pane="policies"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Opening builds the first pane alone: Rankings, Records and Reports wait.
        assert [pane.id for pane in app.query(TablePane)] == ["policies"]
        policies = sum(report.policies.height for report in sample_dataset.reports)
        assert counts(app) == (policies, policies)
        # Asked while not built: leave out ICE's corrections, then rank by offence.
        await press(pilot, "c")
        _command(app, "Rankings: Declined by offence")()
        await settle(pilot)
        assert app.query_one(ContentSwitcher).current == "rankings"
        assert app.focused is main(app).rankings.table
        assert "Declined by offence" in str(app.query_one("#rankings-choice").render())
        assert main(app).rankings.leave_out_corrected
        assert counts(app)[0] > 0
        assert [pane.id for pane in app.query(TablePane)] == ["policies", "rankings"]
        await press(pilot, "2")
        await settle(pilot)
        records = sum(report.records.height for report in sample_dataset.reports)
        assert counts(app) == (records, records)
        assert app.focused is pane(app).table


@pilot_test
async def test_keys_typed_at_once_after_slash_all_reach_the_search(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # as a paste or a fast typist over a slow link delivers them: all queued together
        for key, char in [("2", "2"), ("slash", "/"), *[(c, c) for c in "travis"]]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert app.query_one("#search", SearchBar).value == "travis"
        assert app.query_one(ContentSwitcher).current == "records"
        assert set(column(app, schema.JURISDICTION)) == {"Travis County"}


@pilot_test
async def test_pane_keys_are_plain_text_in_the_search_line(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "slash", "1", "s", "e", "q", "question_mark", "slash")
        await settle(pilot)
        assert app.is_running
        assert app.query_one(ContentSwitcher).current == "records"
        assert app.query_one("#search", SearchBar).value == "1seq?/"
        assert counts(app)[0] == 0


@pilot_test
async def test_keys_arriving_together_act_in_the_order_typed(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        third = main(app).dataset.records.row(2)
        for key in ("2", "l", "s", "j", "j"):
            app.post_message(events.Key(key, key))
        await settle(pilot)
        assert "sort Jurisdiction ▲" in chain_text(app)
        # the cursor went down two rows while the sort ran, and stays on that record
        current = pane(app).current_row()
        assert current is not None and {k: current[k] for k in third} == third
        assert pane(app).current_column() == schema.JURISDICTION

        for key, char in [("slash", "/"), *[(c, c) for c in "cook"], ("enter", "\r"), ("l", "l")]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert "/cook" in chain_text(app)
        assert set(column(app, schema.JURISDICTION)) == {"Cook County"}
        assert pane(app).current_column() == pane(app).shown_columns[3]  # one more to the right


@pilot_test
async def test_typing_a_path_in_the_export_dialog_is_plain_text(app: DetainerApp, tmp_path: Path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        await pause(pilot)
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = f"{tmp_path}/"
        path_input.cursor_position = len(path_input.value)
        await type_text(pilot, "q1s2e?j.json")
        await pause(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert path_input.value == f"{tmp_path}/q1s2e?j.json"
        assert app.screen.query_one("#export-format", FormatChoice).value == "json"
        await press(pilot, "enter")
        await settle(pilot)
        assert app.is_running
        assert (tmp_path / "q1s2e?j.json").exists()


@pilot_test
async def test_the_export_format_is_chosen_with_the_keys(app: DetainerApp, tmp_path: Path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        await pause(pilot)
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = f"{tmp_path}/ranked.csv"
        choice = app.screen.query_one("#export-format", FormatChoice)
        await press(pilot, "shift+tab")  # from the path back to the format
        assert app.focused is choice
        await press(pilot, "right")
        await pause(pilot)
        assert choice.value == "json"
        assert path_input.value == f"{tmp_path}/ranked.json"  # the suffix follows
        await press(pilot, "left", "left")
        await pause(pilot)
        assert choice.value == "parquet"  # round from the first to the last
        assert path_input.value == f"{tmp_path}/ranked.parquet"
        assert "Parquet" in str(choice.render())
        await press(pilot, "enter")  # on the format, as in the path
        await settle(pilot)
        assert pl.read_parquet(tmp_path / "ranked.parquet").height > 0


# -- file names and errors are shown literally; nothing a user types or a file holds crashes ---
HOSTILE_NAME = "[bold]x[@click=app.quit]y\x1b[31m\u202e.pdf"
SHOWN_NAME = "[bold]x[@click=app.quit]y[31m.pdf"


def renamed(report: Report, name: str) -> Report:
    """``report`` as if read from a file called ``name``."""
    return Report(
        reports=report.reports.with_columns(pl.lit(name).alias(schema.SOURCE_FILE)),
        rankings=report.rankings,
        records=report.records,
        policies=report.policies,
        diagnostics=report.diagnostics,
    )


def palette_prompts(app: DetainerApp) -> list[str]:
    """The palette's commands, best match first; none while the palette is still being built."""
    lists = app.screen.query(CommandList)
    if not lists:
        return []
    commands = lists.first()
    return [
        str(commands.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(commands.option_count)
    ]


@pilot_test
async def test_file_names_in_labels_are_shown_literally(sample_reports: list[Report]):
    first = renamed(sample_reports[0], f"/data/{HOSTILE_NAME}")
    second = renamed(sample_reports[0], f"/data/b{HOSTILE_NAME}")
    app = DetainerApp(reports=[first, second])
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        wanted = {f"Rankings: Jan 28–Feb 3, 2017 · {n}" for n in (SHOWN_NAME, f"b{SHOWN_NAME}")}
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert wanted <= titles

        await press(pilot, "ctrl+p")
        await wait_until(lambda: isinstance(app.screen, CommandPalette), "the palette")
        await wait_until(lambda: wanted <= set(palette_prompts(app)), "every command listed")
        await type_text(pilot, "rankings: jan")
        await wait_until(
            lambda: set(palette_prompts(app)) and wanted <= set(palette_prompts(app)),
            "the matching commands",
        )
        await press(pilot, "escape")
        await settle(pilot)
        assert app.is_running

        await press(pilot, "r")
        await settle(pilot)
        toolbar = str(app.query_one("#rankings-choice").render())
        assert f"2017 · {SHOWN_NAME}" in toolbar and "\x1b" not in toolbar
        await press(pilot, "enter")
        await settle(pilot)
        assert app.query_one(ContentSwitcher).current == "records"
        assert f"2017 · {SHOWN_NAME}" in chain_text(app)


@pilot_test
async def test_cached_reports_are_drawn_first_and_a_file_to_parse_follows_under_a_loading_bar(
    sample_paths: list[Path], seeded_cache: Path
):
    from detainer_tui.store import resolve_open

    # A file the cache lacks (a browser's print of a report) is parsed in the background.
    uncached = Path(__file__).parent / "fixtures" / "real" / "chromium-carlito.pdf"
    request = resolve_open([*sample_paths[:2], uncached], remember=False)
    app = DetainerApp(request=request)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: main(app).is_mounted, "the main screen")
        assert len(main(app).dataset.reports) == 2
        bar = app.query_one(LoadingBar)
        await wait_until(lambda: bar.display, "the loading bar, while the file is parsed")
        await settle(pilot)
        assert len(main(app).dataset.reports) == 3
        assert not bar.display


@pilot_test
async def test_a_request_too_large_to_hash_before_the_first_paint_is_read_in_the_background(
    sample_paths: list[Path], seeded_cache: Path, tmp_path: Path
):
    from ddorgen import hostile

    from detainer_tui.explorer.loading import AT_ONCE_BYTES
    from detainer_tui.store import resolve_open

    # A file larger than the first paint may wait for (read through to find it in the cache).
    big = hostile.sparse(tmp_path / "big.pdf", AT_ONCE_BYTES + 1, head=b"%PDF-1.4\n")
    request = resolve_open([sample_paths[0], big], remember=False)
    app = DetainerApp(request=request)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: main(app).is_mounted, "the main screen")
        assert main(app).dataset.reports == ()
        assert app.query_one(LoadingBar).display
        await settle(pilot)
        assert len(main(app).dataset.reports) == 1
        assert len(main(app).dataset.problems) == 1
        assert not app.query_one(LoadingBar).display


@pilot_test
async def test_loading_messages_are_printable(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.query_one(LoadingBar)
        bar.progress(0.5, f"Reading {HOSTILE_NAME}")
        await pause(pilot)
        assert str(bar.query_one("#loading-message").render()) == f"Reading {SHOWN_NAME}"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("x" * 300 + ".csv", "File name too long"),
        ("~no-such-user-here/x.csv", "Cannot use ~no-such-user-here/x.csv"),
    ],
    ids=["name-too-long", "unknown-user"],
)
@pilot_test
async def test_export_dialog_says_why_a_path_cannot_be_used(
    app: DetainerApp, tmp_path: Path, typed: str, said: str
):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _export(pilot, tmp_path / typed if typed.startswith("x") else Path(typed))
        assert app.is_running
        assert isinstance(app.screen, ExportScreen)
        assert said in str(app.screen.query_one("#export-error").render())


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not apply to root")
@pilot_test
async def test_export_dialog_says_a_folder_cannot_be_read(app: DetainerApp, tmp_path: Path):
    locked = tmp_path / "locked"
    (locked / "inner").mkdir(parents=True)
    locked.chmod(0)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await _export(pilot, locked / "inner" / "x.csv")
            assert isinstance(app.screen, ExportScreen)
            assert "Permission denied" in str(app.screen.query_one("#export-error").render())
    finally:
        locked.chmod(0o755)


@pilot_test
async def test_export_names_are_relative_to_the_export_folder(
    sample_dataset: Dataset, tmp_path: Path
):
    from detainer_tui.config import Config

    folder = tmp_path / "exports" / "new"
    app = DetainerApp(dataset=sample_dataset, config=Config(export_dir=folder))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _export(pilot, Path("mine.json"))
        assert not isinstance(app.screen, ExportScreen)
        rows = json.loads((folder / "mine.json").read_text())
        assert len(rows) == counts(app)[0]


@pilot_test
async def test_export_says_when_the_export_folder_cannot_be_created(
    sample_dataset: Dataset, tmp_path: Path
):
    from detainer_tui.config import Config

    (tmp_path / "a-file").write_text("")
    app = DetainerApp(dataset=sample_dataset, config=Config(export_dir=tmp_path / "a-file" / "x"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _export(pilot, Path("mine.csv"))
        assert isinstance(app.screen, ExportScreen)
        assert "Cannot create folder" in str(app.screen.query_one("#export-error").render())


@pilot_test
async def test_a_failed_write_is_a_notification(app: DetainerApp, tmp_path: Path):
    # The name fits, but the temporary file written beside it is too long a name.
    target = tmp_path / ("x" * 246 + ".csv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _export(pilot, target)
        assert app.is_running
        assert not target.exists()
        assert any("cannot write" in str(n.message) for n in app._notifications)


def _failing(items: Iterator, fail_after: int, error: Exception) -> Iterator:
    """``items`` that stop with ``error`` after ``fail_after`` of them (at their end, if
    there are fewer)."""
    for count, item in enumerate(items):
        if count == fail_after:
            raise error
        yield item
    raise error


def _failing_load(real: Callable, part: int, fail_after: int, error: Exception) -> Callable:
    """``iter_load_in_parts`` whose ``part`` (0: what is read at once, 1: the background)
    stops with ``error`` after ``fail_after`` items."""

    def iter_load_in_parts(request, progress, stop=None):
        parts = list(real(request, progress, stop))
        parts[part] = _failing(parts[part], fail_after, error)
        return tuple(parts)

    return iter_load_in_parts


@pilot_test
@pytest.mark.parametrize(("part", "fail_after", "loaded"), [(0, 1, 1), (1, 0, 2)])
async def test_an_unexpected_loading_error_is_listed_and_what_loaded_stays(
    sample_paths: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    seeded_cache: Path,
    part: int,
    fail_after: int,
    loaded: int,
):
    from detainer_tui import store

    # Whether it fails while the cached reports are read before the first paint, or later
    # in the background, the error is a problem line and what loaded stays.
    request = store.resolve_open(sample_paths[:2], remember=False)
    failing = _failing_load(store.iter_load_in_parts, part, fail_after, RuntimeError("\x1b[2Jodd"))
    monkeypatch.setattr(store, "iter_load_in_parts", failing)
    app = DetainerApp(request=request)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running
        assert len(main(app).dataset.reports) == loaded
        assert main(app).dataset.problems == ("loading stopped: RuntimeError: [2Jodd",)
        assert not app.query_one(LoadingBar).display


@pilot_test
async def test_a_report_that_cannot_be_shown_is_listed_and_the_rest_load(
    sample_paths: list[Path],
    sample_reports: list[Report],
    monkeypatch: pytest.MonkeyPatch,
    seeded_cache: Path,
):
    from detainer_tui import store

    # A report whose records cannot take the declared schema: adding it to the dataset fails.
    broken = Report(
        reports=renamed(sample_reports[0], "/data/broken.pdf").reports,
        rankings=sample_reports[0].rankings,
        records=pl.DataFrame({schema.SOURCE_PAGE: ["not a page"]}),
        policies=sample_reports[0].policies,
    )

    real = store.iter_load_in_parts

    def iter_load_in_parts(request, progress, stop=None):
        first, rest = real(request, progress, stop)
        return itertools.chain([broken], first), rest

    request = store.resolve_open(sample_paths[:1], remember=False)
    monkeypatch.setattr(store, "iter_load_in_parts", iter_load_in_parts)
    app = DetainerApp(request=request)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running
        assert len(main(app).dataset.reports) == 1
        assert len(main(app).dataset.problems) == 1
        assert main(app).dataset.problems[0].startswith("broken.pdf: cannot be shown (")
