"""Marks and notes in the explorer: space, n, M, the Triage pane, another analyst's marks,
and opening where the explorer was left."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pilot_waits import key_event, press, settle, type_text, wait_until
from test_explorer import (
    SIZE,
    chain_text,
    counts,
    main,
    pane,
    pilot_test,
    screen_lines,
    status_text,
)

from detainer_tui import paths, schema, store
from detainer_tui.dataset import Dataset
from detainer_tui.dataset.triage import MARK, MARK_SIGN, NOTE, Triage
from detainer_tui.explorer.app import DetainerApp
from detainer_tui.explorer.screens.detail import DetailScreen
from detainer_tui.explorer.screens.export import ConfirmScreen
from detainer_tui.explorer.screens.main import MainScreen
from detainer_tui.explorer.screens.prompt import PromptScreen
from detainer_tui.explorer.widgets.bars import SearchBar
from detainer_tui.store.sessions import Sessions, session_key


def marks_shown(app: DetainerApp) -> list[str]:
    view = pane(app).view
    assert view is not None
    return view.frame.get_column(MARK).to_list()


@pytest.fixture
def app(sample_dataset: Dataset) -> DetainerApp:
    return DetainerApp(dataset=sample_dataset, origin="bundled samples")


@pytest.fixture
def shared(sample_dataset: Dataset, tmp_path: Path) -> tuple[DetainerApp, Triage]:
    """An explorer on a triage database, and another analyst's connection to the same file."""
    path = tmp_path / "shared.sqlite"
    return DetainerApp(dataset=sample_dataset, triage=Triage.open(path)), Triage.open(path)


@pilot_test
async def test_space_marks_the_row_and_the_status_line_counts_the_marks(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        assert set(marks_shown(app)) == {""}
        await press(pilot, "space", "j", "j", "space")
        assert [i for i, m in enumerate(marks_shown(app)) if m == MARK_SIGN] == [0, 2]
        assert "2 marked" in status_text(app)
        drawn = screen_lines(pane(app).table)  # the heading, then the rows
        assert [MARK_SIGN in line for line in drawn[1:4]] == [True, False, True]
        assert pane(app).table.cursor_row == 2  # marking does not move the cursor
        await press(pilot, "space")
        assert "1 marked" in status_text(app)
        (stored,) = main(app).triage.marks
        assert stored.table == "records" and stored.marked_by


@pilot_test
async def test_n_writes_a_note_shown_as_a_column_and_in_the_detail_view(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, PromptScreen)
        await type_text(pilot, "call the county [b]back[/b]")
        await press(pilot, "enter")
        assert NOTE in pane(app).view.table.columns
        assert pane(app).current_row()[NOTE] == "call the county [b]back[/b]"
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        fields = dict(app.screen.detail.fields)
        assert fields["Note"] == "call the county [b]back[/b]"
        await press(pilot, "escape")
        # Escape in the note line leaves the note as it was.
        await press(pilot, "n")
        await type_text(pilot, "x")
        await press(pilot, "escape")
        assert pane(app).current_row()[NOTE] == "call the county [b]back[/b]"


@pilot_test
async def test_M_shows_only_the_marked_rows_and_again_every_row(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        total = counts(app)[1]
        await press(pilot, "space", "j", "j", "j", "space", "M")
        await settle(pilot)
        assert counts(app) == (2, total)
        assert chain_text(app).endswith("marked only")
        await press(pilot, "space")  # unmarking a row here takes it away
        await settle(pilot)
        assert counts(app) == (1, total)
        await press(pilot, "M")
        await settle(pilot)
        assert counts(app) == (total, total)
        await press(pilot, "u")  # undoes taking it away: a filter like the others
        await settle(pilot)
        assert counts(app) == (1, total)
        await press(pilot, "backspace")
        await settle(pilot)
        assert counts(app) == (total, total)


@pilot_test
async def test_the_triage_pane_lists_marks_and_enter_goes_to_the_row(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        await settle(pilot)
        await press(pilot, "j", "j", "j", "space")
        policy = pane(app).current_row()
        await press(pilot, "2")
        await settle(pilot)
        await press(pilot, "j", "space")
        record = pane(app).current_row()
        await press(pilot, "5")
        await settle(pilot)
        assert len(pane(app).view.frame) == 2
        await press(pilot, "2", "j", "space", "k", "5")  # a third, with the pane shown before
        await settle(pilot)
        assert len(pane(app).view.frame) == 3
        await press(pilot, "2", "j", "space", "k", "5")  # and taken away again
        await settle(pilot)
        listed = pane(app).view.frame
        assert listed.get_column("table").to_list() == ["records", "policies"]
        assert record[schema.JURISDICTION] in listed.get_column("row")[0]
        await press(pilot, "j", "enter")
        await settle(pilot)
        assert pane(app).pane_id == "policies"
        assert pane(app).current_row()[schema.POLICY] == policy[schema.POLICY]
        # Hidden by a search: going to the row clears it.
        await press(pilot, "2")
        await press(pilot, "slash")
        await type_text(pilot, "zzzz no such row")
        await press(pilot, "enter")
        await press(pilot, "5", "g", "enter")
        await settle(pilot)
        assert pane(app).pane_id == "records"
        row = pane(app).current_row()
        assert row is not None and row["_row"] == record["_row"]


@pilot_test
async def test_another_analysts_mark_shows_without_a_restart(
    sample_dataset: Dataset, shared: tuple[DetainerApp, Triage]
):
    app, other = shared
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        theirs = other.annotate(sample_dataset.records)
        other.toggle_mark(theirs, theirs.row(1), sample_dataset.report_infos)
        # The explorer looks every second: within two it shows the mark.
        await wait_until(lambda: marks_shown(app)[1] == MARK_SIGN, "the other's mark", 5)
        await wait_until(lambda: "1 marked" in status_text(app), "the count of marks", 5)


@pilot_test
async def test_a_note_another_analyst_wrote_while_n_was_open_is_shown_not_overwritten(
    sample_dataset: Dataset, shared: tuple[DetainerApp, Triage]
):
    app, other = shared
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, PromptScreen)
        theirs = other.annotate(sample_dataset.records)
        other.set_note(theirs, theirs.row(0), "theirs", sample_dataset.report_infos)
        await type_text(pilot, "mine")
        await press(pilot, "enter")
        # Not saved: their note is shown, and what was typed is offered again.
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.title_text.startswith("Not saved: meanwhile ")
        assert app.screen.title_text.endswith(" wrote: theirs")
        assert app.screen.query_one("#prompt-input").value == "mine"
        assert [m.note for m in other.store.marks()] == ["theirs"]
        await press(pilot, "escape")  # keep theirs
        await wait_until(lambda: pane(app).current_row().get(NOTE) == "theirs", "theirs", 5)
        # Once seen, theirs is what a new note replaces.
        await press(pilot, "n")
        assert app.screen.query_one("#prompt-input").value == "theirs"
        await press(pilot, "end")  # the note starts selected: typing would replace it
        await type_text(pilot, " and mine")
        await press(pilot, "enter")
        assert not isinstance(app.screen, PromptScreen)
        assert [m.note for m in other.store.marks()] == ["theirs and mine"]
        # Saved over theirs when asked to: enter on the question again.
        await press(pilot, "n")
        other_view = other.annotate(sample_dataset.records)
        other.set_note(other_view, other_view.row(0), "theirs again", sample_dataset.report_infos)
        await press(pilot, "end")
        await type_text(pilot, "!")
        await press(pilot, "enter")
        assert app.screen.title_text.endswith(" wrote: theirs again")
        await press(pilot, "enter")
        assert not isinstance(app.screen, PromptScreen)
        assert [m.note for m in other.store.marks()] == ["theirs and mine!"]


@pilot_test
async def test_a_database_deleted_while_the_explorer_runs_is_said_and_marks_go_where_read(
    sample_dataset: Dataset, tmp_path: Path
):
    path = tmp_path / "shared.sqlite"
    app = DetainerApp(dataset=sample_dataset, triage=Triage.open(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        await press(pilot, "space")
        for suffix in ("", "-wal", "-shm"):  # a reset: rm triage.sqlite*
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        said = f"{path} was moved or deleted while the explorer was open"
        notes = lambda: [n.message for n in app._notifications]  # noqa: E731
        await wait_until(lambda: any(n.startswith(said) for n in notes()), "the news", 5)
        await wait_until(lambda: set(marks_shown(app)) == {""}, "the marks of the new file", 5)
        await press(pilot, "j", "space")
        assert [m.marked for m in Triage.open(path).marks] == [True]


@pilot_test
async def test_quitting_remembers_where_the_explorer_was_and_the_next_start_opens_there(
    sample_dataset: Dataset,
):
    first = DetainerApp(dataset=sample_dataset)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        await press(pilot, "space", "j", "space", "M", "l", "s", "minus")
        await settle(pilot)
        chosen = pane(first).query_state
        await press(pilot, "j", "l", "l", "l")
        column = pane(first).current_column()
        await press(pilot, "q")
    again = DetainerApp(dataset=sample_dataset)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(lambda: pane(again).pane_id == "records", "the Records pane")
        await settle(pilot)
        assert pane(again).query_state.to_state() == chosen.to_state()
        assert counts(again)[0] == 2
        assert len(pane(again).hidden) == 1
        assert pane(again).table.cursor_row == 1
        # The cursor is back in the column it was in, not in the first one.
        assert column not in pane(again).shown_columns[:2]
        assert pane(again).current_column() == column
        notes = [n.message for n in again._notifications]
        assert any(n.startswith("Restored where you left off: the Records pane") for n in notes)
    fresh = DetainerApp(dataset=sample_dataset, fresh=True)
    async with fresh.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pane(fresh).pane_id == "rankings"


@pilot_test
async def test_keys_typed_while_it_starts_act_where_the_explorer_was_left(
    sample_dataset: Dataset, seeded_cache: Path
):
    first = DetainerApp(dataset=sample_dataset)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        await press(pilot, "q")
    # As the program starts: the samples read from the cache, then where it was left restored.
    # A search typed before the first paint must reach the Records pane's search line, not
    # the Rankings pane's (closed by the restore, its last letters taken for keys).
    again = DetainerApp(request=store.resolve_open([], use_cache=True))
    for character in "/bastrop":
        again.post_message(key_event(character))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pane(again).pane_id == "records"
        search = again.screen.query_one(SearchBar)
        assert search.display and search.value == "bastrop"
        assert isinstance(again.screen, MainScreen)  # no view opened by a letter taken for a key
        await press(pilot, "enter")
        await settle(pilot)
        assert pane(again).search_text == "bastrop"
        assert pane(again).view is not None and pane(again).view.count > 0


@pilot_test
async def test_keys_typed_while_files_are_parsed_are_not_undone_by_reopening_where_it_was_left(
    sample_paths: list[Path], seeded_cache: Path
):
    import hashlib

    from detainer_tui.explorer.widgets.bars import LoadingBar
    from detainer_tui.store.cache import ReportCache

    uncached = Path(__file__).parent / "fixtures" / "real" / "chromium-carlito.pdf"

    def request() -> store.OpenRequest:
        return store.resolve_open([*sample_paths[:2], uncached], remember=False)

    first = DetainerApp(request=request())
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        await press(pilot, "q")
    # Parsed again on the next start (as after an upgrade of the parser): the analyst goes to
    # the Policies pane meanwhile, and is not taken back to Records when the parse ends.
    ReportCache().discard(hashlib.sha256(uncached.read_bytes()).hexdigest())
    again = DetainerApp(request=request())
    async with again.run_test(size=SIZE) as pilot:
        bar = again.query_one(LoadingBar)
        await wait_until(lambda: bar.display, "the loading bar, while the file is parsed")
        await press(pilot, "3")
        await settle(pilot)
        assert not bar.display and len(main(again).dataset.reports) == 3
        assert pane(again).pane_id == "policies"
        notes = [n.message for n in again._notifications]
        assert any(n.startswith("Not reopened where you left off: you began") for n in notes)


def reading_a_third(sample_paths: list[Path]) -> DetainerApp:
    """An explorer opening two cached samples and a report it must parse first (printed by a
    browser), so that it is still reading for a while after its first paint."""
    import hashlib

    from detainer_tui.store.cache import ReportCache

    uncached = Path(__file__).parent / "fixtures" / "real" / "chromium-carlito.pdf"
    ReportCache().discard(hashlib.sha256(uncached.read_bytes()).hexdigest())
    return DetainerApp(request=store.resolve_open([*sample_paths[:2], uncached], remember=False))


async def press_while_reading(pilot, key: str, opens: type) -> None:
    """Press ``key`` once the explorer shows it is reading, wait for the screen it
    ``opens``, then until every file is read."""
    from detainer_tui.explorer.widgets.bars import LoadingBar

    app = pilot.app
    bar = app.query_one(LoadingBar)
    await wait_until(lambda: bar.display, "the loading bar, while the file is parsed")
    await press(pilot, key)
    await wait_until(lambda: isinstance(app.screen, opens), f"the screen {key} opens")
    await wait_until(lambda: not bar.display, "every file read")
    await settle(pilot)


@pilot_test
async def test_an_export_asked_while_files_are_read_writes_the_rows_shown_when_confirmed(
    sample_paths: list[Path], seeded_cache: Path, tmp_path: Path
):
    from textual.widgets import Input

    from detainer_tui.explorer.screens.export import ExportScreen

    # `e` pressed while a report was still being parsed said "Export 10 rows", went on saying
    # so once the pane behind showed 20, and wrote the 10: the rows of one report of three.
    app = reading_a_third(sample_paths)
    target = tmp_path / "while-reading.csv"
    async with app.run_test(size=SIZE) as pilot:
        await press_while_reading(pilot, "e", ExportScreen)
        assert len(main(app).dataset.reports) == 3
        rows = main(app).current_pane.view.count
        title = str(app.screen.query_one(".dialog-title").render())
        assert title == f"Export {rows} rows of Rankings"
        app.screen.query_one("#export-path", Input).value = str(target)
        await press(pilot, "enter")
        await wait_until(target.exists, "the export written")
        await settle(pilot)
    assert len(target.read_text().splitlines()) == 1 + rows


@pilot_test
async def test_a_view_opened_while_files_are_read_says_when_it_counts_only_some(
    sample_paths: list[Path], seeded_cache: Path, tmp_path: Path
):
    from detainer_tui.explorer.screens.table import TableScreen

    # Week over week opened while the third report was parsed showed one week, and went on
    # showing it, with nothing to say the other reports had come in since.
    app = reading_a_third(sample_paths)
    async with app.run_test(size=SIZE) as pilot:
        await press_while_reading(pilot, "w", TableScreen)
        # The weeks the view shows: one column per report it was worked out from.
        view = app.screen.current_pane.view
        assert view is not None
        weeks = [c for c in view.table.columns if c.startswith("week")]
        said = [n.message for n in app._notifications if n.message.startswith("Every report")]
        if len(weeks) < 3:
            assert said == [
                "Every report is read now (3). This view counts only those read when it "
                "opened: close it and open it again to count them all."
            ]
        else:  # opened on all three: nothing to say
            assert said == []
        # Its export says the same of the rows it writes.
        await export_to(pilot, tmp_path / "weeks.csv")
        wrote = [n.message for n in app._notifications if n.message.startswith("Wrote")]
        assert len(wrote) == 1
        if len(weeks) < 3:
            assert wrote[0].endswith(
                f"They count the {len(weeks)} reports read when this view opened, of 3 now: "
                "open it again to count them all."
            )
        else:
            assert wrote[0].endswith("weeks.csv")


async def export_to(pilot, target: Path, settled: bool = True) -> None:
    """Export the rows shown to ``target`` (``e``, the path, ``enter``) and wait for it (and,
    if ``settled``, for every background work to end)."""
    from textual.widgets import Input

    from detainer_tui.explorer.screens.export import ExportScreen

    app = pilot.app
    await press(pilot, "e")
    await wait_until(lambda: isinstance(app.screen, ExportScreen), "the export dialog")
    app.screen.query_one("#export-path", Input).value = str(target)
    await press(pilot, "enter")
    await wait_until(target.exists, "the export written")
    if settled:
        await settle(pilot)
    else:
        await wait_until(
            lambda: any(n.message.startswith("Wrote") for n in app._notifications),
            "the export's notice",
        )


@pilot_test
async def test_an_export_confirmed_while_files_are_read_says_it_holds_only_those_read(
    sample_paths: list[Path], seeded_cache: Path, tmp_path: Path, monkeypatch
):
    import threading

    from detainer_tui.explorer.widgets.bars import LoadingBar

    # The file to parse is held back until the export is written: what it writes then is of
    # the two reports read, and the notice must not pass that off as all three.
    gate = threading.Event()
    real = store.iter_load_in_parts

    def held_back(request, progress=None, stop=None):
        first, rest = real(request, progress, stop)

        def after_the_gate():
            for item in rest:  # parsed (the loading bar shows) and held
                gate.wait(60)
                yield item

        return first, after_the_gate()

    monkeypatch.setattr(store, "iter_load_in_parts", held_back)
    app = reading_a_third(sample_paths)
    target = tmp_path / "early.csv"
    async with app.run_test(size=SIZE) as pilot:
        bar = app.query_one(LoadingBar)
        await wait_until(lambda: bar.display, "the loading bar, while the file is parsed")
        assert main(app)._loading and len(main(app).dataset.reports) == 2
        try:
            await export_to(pilot, target, settled=False)
        finally:
            gate.set()
        await settle(pilot)
        assert len(main(app).dataset.reports) == 3
        await export_to(pilot, tmp_path / "all.csv")
    wrote = [n.message for n in app._notifications if n.message.startswith("Wrote")]
    assert len(wrote) == 2
    assert wrote[0].endswith(
        "early.csv\nReports are still being read: they count the 2 reports read so far."
    )
    assert wrote[1].endswith("all.csv")  # once every report is read: nothing to add


@pilot_test
async def test_state_that_no_longer_applies_is_dropped_with_a_note(sample_dataset: Dataset):
    key = session_key(report.sha256 for report in sample_dataset.opened)
    sessions, _ = Sessions.load()
    saved = {
        "state": {
            "chain": [{"kind": "equals", "column": "gone", "values": ["x"]}, {"kind": "marked"}],
            "sort": {"column": "also gone", "descending": True},
            "hidden": ["vanished"],
            "widths": {},
        },
        "cursor": 10_000,
    }
    sessions.put(key, {"pane": "records", "panes": {"records": saved, "nonsense": 3}})
    app = DetainerApp(dataset=sample_dataset)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(lambda: pane(app).pane_id == "records", "the Records pane")
        await settle(pilot)
        notes = " ".join(n.message for n in app._notifications)
        assert "gone" in notes and "vanished" in notes
        assert chain_text(app) == "no rows: marked only"  # nothing is marked here


@pilot_test
async def test_a_damaged_sessions_file_is_set_aside(sample_dataset: Dataset):
    paths.sessions_file().parent.mkdir(parents=True, exist_ok=True)
    paths.sessions_file().write_text(json.dumps({"format": 99}))
    app = DetainerApp(dataset=sample_dataset)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = " ".join(n.message for n in app._notifications)
        assert "set aside" in notes
        assert pane(app).pane_id == "rankings"


@pilot_test
async def test_W_saves_a_named_view_and_the_palette_opens_it(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        await press(pilot, "space", "M", "W")
        assert isinstance(app.screen, PromptScreen)
        await type_text(pilot, "my marks")
        await press(pilot, "enter")
        await press(pilot, "M", "1")
        await settle(pilot)
        commands = {c.title: c for c in main(app).commands()}
        assert "View: my marks" in commands
        commands["View: my marks"].callback()
        await settle(pilot)
        assert pane(app).pane_id == "records"
        assert counts(app)[0] == 1 and chain_text(app) == "marked only"


@pilot_test
async def test_the_palette_deletes_a_named_view_once_confirmed(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main(app).triage.save_view("old view", "records", {})
        commands = {c.title: c for c in main(app).commands()}
        commands["Delete view: old view"].callback()
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")  # kept
        assert [v.name for v in main(app).triage.views()] == ["old view"]
        commands["Delete view: old view"].callback()
        await settle(pilot)
        await press(pilot, "y")
        await settle(pilot)
        assert main(app).triage.views() == []
        assert "View old view deleted" in [n.message for n in app._notifications]
        assert "Delete view: old view" not in {c.title for c in main(app).commands()}


@pilot_test
async def test_W_with_the_name_of_a_view_another_analyst_saved_replaces_it_only_if_confirmed(
    shared: tuple[DetainerApp, Triage],
):
    app, other = shared
    other.store.user = "alice"
    other.save_view("travis", "policies", {"search": "Travis"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        await press(pilot, "W")
        await type_text(pilot, " travis ")
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.startswith("A view called travis exists, saved by alice (")
        await press(pilot, "n")  # hers is kept
        assert [(v.name, v.pane, v.saved_by) for v in other.store.views()] == [
            ("travis", "policies", "alice")
        ]
        await press(pilot, "W")
        await type_text(pilot, "travis")
        await press(pilot, "enter")
        await press(pilot, "y")
        await settle(pilot)
        [(name, pane_id, by)] = [(v.name, v.pane, v.saved_by) for v in other.store.views()]
        assert (name, pane_id) == ("travis", "records") and by != "alice"
        assert "View saved as travis (ctrl+p lists it)" in [n.message for n in app._notifications]
        # A new name is saved at once.
        await press(pilot, "W")
        await type_text(pilot, "mine")
        await press(pilot, "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert {v.name for v in other.store.views()} == {"travis", "mine"}


@pilot_test
async def test_marking_off_says_why_and_the_explorer_works(sample_dataset: Dataset, tmp_path: Path):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    app = DetainerApp(dataset=sample_dataset, triage=Triage.open(blocked / "t.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        await press(pilot, "space")
        notes = [n.message for n in app._notifications]
        assert notes[0].startswith("Marking is off: ")
        assert notes[-1].startswith("Marking is off: ")
        assert set(marks_shown(app)) == {""}
        await press(pilot, "j")
        assert pane(app).table.cursor_row == 1


@pilot_test
async def test_a_marked_ranking_row_is_found_in_its_ranking(app: DetainerApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "v", "r")  # declined by jurisdiction, the first report alone
        await settle(pilot)
        await press(pilot, "j", "space")
        marked = pane(app).current_row()
        await press(pilot, "V", "R")  # back to Section I, all reports
        await settle(pilot)
        await press(pilot, "5", "enter")
        await settle(pilot)
        rankings = main(app).rankings
        assert (rankings.source.name, rankings.chosen_report()) == ("jurisdiction", 0)
        row = pane(app).current_row()
        assert row is not None and row[MARK] == MARK_SIGN
        assert row[schema.JURISDICTION] == marked[schema.JURISDICTION]
