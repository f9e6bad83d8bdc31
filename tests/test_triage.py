"""Marks and notes: the triage database (store) and how marks find their rows (dataset)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from ddorgen.model import Layout
from ddorgen.variants import render, small_report
from test_dataset import WEEK1, WEEK2, make_report

from detainer_tui import paths, schema
from detainer_tui.config import load_config
from detainer_tui.dataset import Dataset, Query
from detainer_tui.dataset.rankings import ranking_source
from detainer_tui.dataset.triage import (
    MARK,
    MARK_SIGN,
    MARKED,
    NOTE,
    TRIAGE_KEY,
    Marked,
    MarkingOff,
    Triage,
    shown_time,
    trim_export,
    with_marked_only,
)
from detainer_tui.ingest import parse_report
from detainer_tui.store.sessions import Sessions, session_key
from detainer_tui.store.triage import (
    SCHEMA_VERSION,
    NoteChanged,
    RowRef,
    TriageStore,
    ViewExists,
)

D = WEEK1[0]
ROWS = [
    ("TX", "Travis County", "Travis County Jail", "Mexico", ["Assault"], D, 2),
    ("TX", "Travis County", "Travis County Jail", "Mexico", ["Assault"], D, 2),  # the same again
    ("IL", "Cook County", "Cook County Jail", "Guatemala", [], D, 3),
    ("OR", "Multnomah County", "Inverness Jail", "Honduras", ["Burglary"], D, 3),
]


def marked_rows(triage: Triage, table) -> list[dict]:
    """The rows of ``table`` (annotated) that show a mark, with their notes."""
    annotated = triage.annotate(table)
    frame = annotated.frame.filter(pl.col(MARK) == MARK_SIGN)
    return frame.select(
        "_row", schema.STATE, schema.JURISDICTION, schema.CITIZENSHIP, NOTE
    ).to_dicts()


def mark(triage: Triage, table, row: int, dataset: Dataset, note: str | None = None):
    annotated = triage.annotate(table)
    annotated, marked = triage.toggle_mark(annotated, annotated.row(row), dataset.report_infos)
    assert marked
    if note is not None:
        annotated = triage.set_note(annotated, annotated.row(row), note, dataset.report_infos)
    return annotated


# -- what a mark is attached to --------------------------------------------------------------
def test_a_mark_survives_a_reparse_and_a_moved_renamed_copy(tmp_path: Path) -> None:
    # Drawn and parsed (a fraction of a second): the marks must find their rows in a new
    # parse of the file, moved, renamed and with other bytes (another SHA-256).
    spec = small_report(7, Layout(ruling="grid"), records=6, policies=2)
    first = parse_report(render(spec, tmp_path / "ddor.pdf").path)
    dataset = Dataset([first])
    triage = Triage.open(tmp_path / "triage.sqlite")
    mark(triage, dataset.records, 3, dataset, note="ask the county")
    mark(triage, dataset.policies, 1, dataset)
    before = dataset.records.row(3)
    policy = dataset.policies.row(1)
    triage.close()

    moved = tmp_path / "elsewhere" / "renamed.pdf"
    moved.parent.mkdir()
    shutil.move(tmp_path / "ddor.pdf", moved)
    with moved.open("ab") as handle:
        handle.write(b"\n% a copy with other bytes\n")
    again = parse_report(moved)
    assert again.sha256 != first.sha256
    dataset = Dataset([again])
    triage = Triage.open(tmp_path / "triage.sqlite")
    (record,) = marked_rows(triage, dataset.records)
    assert dataset.records.row(record["_row"])[schema.FACILITY] == before[schema.FACILITY]
    assert (record[schema.STATE], record[schema.JURISDICTION], record[NOTE]) == (
        before[schema.STATE],
        before[schema.JURISDICTION],
        "ask the county",
    )
    annotated = triage.annotate(dataset.policies)
    shown = annotated.frame.filter(pl.col(MARK) == MARK_SIGN)
    assert shown.get_column(schema.POLICY).to_list() == [policy[schema.POLICY]]
    # The mark records the file it was last seen in; the export says which.
    (stored,) = [m for m in triage.marks if m.table == "records"]
    assert stored.report_file == first.source_file
    assert stored.report_start == "2017-03-04"


def test_identical_rows_are_two_rows_each_marked_on_its_own(tmp_path: Path) -> None:
    dataset = Dataset([make_report(WEEK1, ROWS)])
    triage = Triage.open(tmp_path / "triage.sqlite")
    mark(triage, dataset.records, 1, dataset)  # the second of the two identical rows
    fresh = Dataset([make_report(WEEK1, ROWS, name="copy.pdf", sha="other")])
    again = Triage.open(tmp_path / "triage.sqlite")
    assert [r["_row"] for r in marked_rows(again, fresh.records)] == [1]
    mark(again, fresh.records, 0, fresh)
    assert [r["_row"] for r in marked_rows(again, fresh.records)] == [0, 1]
    assert len(again.marks) == 2


def test_a_mark_is_never_shown_on_a_different_row(tmp_path: Path) -> None:
    dataset = Dataset([make_report(WEEK1, ROWS)])
    triage = Triage.open(tmp_path / "triage.sqlite")
    mark(triage, dataset.records, 2, dataset)  # Cook County
    # The same place in another week, and the rows in another order: no mark moves.
    other_week = Dataset([make_report(WEEK2, ROWS)])
    assert marked_rows(triage, other_week.records) == []
    shuffled = Dataset([make_report(WEEK1, [ROWS[3], ROWS[2], ROWS[0], ROWS[1]])])
    (row,) = marked_rows(triage, shuffled.records)
    assert (row["_row"], row[schema.JURISDICTION]) == (1, "Cook County")


def test_a_corrected_revision_keeps_the_marks_of_the_rows_it_prints_unchanged(
    tmp_path: Path,
) -> None:
    dataset = Dataset([make_report(WEEK1, ROWS)])
    triage = Triage.open(tmp_path / "triage.sqlite")
    mark(triage, dataset.records, 2, dataset, note="unchanged in the revision")
    mark(triage, dataset.records, 3, dataset, note="corrected in the revision")
    corrected = [*ROWS[:3], ("OR", "Multnomah County", "Inverness Jail", "Mexico", [], D, 3)]
    revision = Dataset([make_report(WEEK1, corrected, name="ddor-corrected.pdf")])
    rows = marked_rows(triage, revision.records)
    assert [(r[schema.JURISDICTION], r[NOTE]) for r in rows] == [
        ("Cook County", "unchanged in the revision")
    ]
    # The mark on the row the revision changed stays listed, on the values it was made on.
    listing = triage.listing().frame
    assert len(listing) == 2
    assert any("Honduras" in text for text in listing.get_column("row").to_list())


def test_rankings_rows_are_marked_by_what_they_rank(tmp_path: Path) -> None:
    rankings = [(1, "Travis County", "TX", 142), (2, "Cook County", "IL", 20)]
    week1 = make_report(WEEK1, ROWS, rankings=rankings)
    week2 = make_report(WEEK2, ROWS, rankings=[(1, "Cook County", "IL", 50)], name="w2.pdf")
    dataset = Dataset([week1, week2])
    triage = Triage.open(tmp_path / "triage.sqlite")
    summed = triage.annotate(dataset.rankings())
    cook = next(
        i for i in range(summed.total) if summed.row(i)[schema.JURISDICTION] == "Cook County"
    )
    triage.toggle_mark(summed, summed.row(cook), dataset.report_infos)
    # Summed over all reports, Cook County is marked whatever its rank or count...
    resummed = Dataset([week1, week2])
    shown = triage.annotate(resummed.rankings()).frame.filter(pl.col(MARK) == MARK_SIGN)
    assert shown.get_column(schema.JURISDICTION).to_list() == ["Cook County"]
    # ...but not in one report's Section I, which is another ranking.
    alone = triage.annotate(resummed.rankings(report=0)).frame
    assert alone.filter(pl.col(MARK) == MARK_SIGN).height == 0


def test_the_triage_listing_names_a_ranking_row_by_its_place_first_and_when_to_the_minute(
    tmp_path: Path,
) -> None:
    rankings = [(1, "Travis County", "TX", 142), (2, "Cook County", "IL", 20)]
    dataset = Dataset([make_report(WEEK1, ROWS, rankings=rankings)])
    triage = Triage.open(tmp_path / "triage.sqlite")
    mark(triage, dataset.rankings(), 1, dataset, note="ask the county")
    row = triage.listing().frame.row(0, named=True)
    # The place leads: a narrow Row column cuts the ranking's long title, not the county.
    assert row["row"].startswith("2 · Cook County · IL · 20 · ")
    assert row["row"].endswith(ranking_source("issued").title)
    # When, to the minute, in this machine's time zone; stored (and exported) as UTC.
    stored = triage.mark(row[TRIAGE_KEY])
    assert stored is not None and stored.noted_at.endswith("Z")
    assert row["at"] == shown_time(stored.noted_at)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row["at"])
    assert shown_time("2017-02-03T14:05:09Z") == datetime(
        2017, 2, 3, 14, 5, tzinfo=UTC
    ).astimezone().strftime("%Y-%m-%d %H:%M")
    assert shown_time("not a time") == "not a time"


# -- marks as columns ------------------------------------------------------------------------
def test_marked_only_is_a_filter_of_the_chain_and_reads_back(tmp_path: Path) -> None:
    dataset = Dataset([make_report(WEEK1, ROWS)])
    triage = Triage.open(tmp_path / "triage.sqlite")
    table = mark(triage, dataset.records, 2, dataset)
    query = with_marked_only(Query(search="county"))
    assert table.query(query).count == 1
    assert {"kind": "marked"} in query.to_state()["chain"]
    read_back, notes = Query.from_state(query.to_state(), table)
    assert notes == [] and any(isinstance(step, Marked) for step in read_back.chain)
    assert with_marked_only(query) == Query(search="county")


def test_marks_and_notes_are_columns_to_sql_and_export(tmp_path: Path) -> None:
    dataset = Dataset([make_report(WEEK1, ROWS)])
    triage = Triage.open(tmp_path / "triage.sqlite")
    table = mark(triage, dataset.records, 3, dataset, note="=HYPERLINK(x)")
    result = dataset.sql("SELECT jurisdiction, note FROM records WHERE marked", triage)
    assert result.export.rows() == [("Multnomah County", "=HYPERLINK(x)")]
    exported = trim_export(table.query(Query()).export_frame())
    assert exported.get_column(MARKED).to_list() == [False, False, False, True]
    nothing = trim_export(table.query(Query(search="cook")).export_frame())
    assert MARKED not in nothing.columns and NOTE not in nothing.columns


# -- the database --------------------------------------------------------------------------
def test_every_mark_and_note_records_who_and_when(tmp_path: Path) -> None:
    store = TriageStore.open(tmp_path / "triage.sqlite")
    ref = RowRef("k", "records", {"a": 1}, {"state": "TX"})
    store.set_mark(ref, True)
    store.set_note(ref, "  a note\x1b[31m  ")
    stored = store.mark("k")
    assert stored is not None and stored.marked and stored.note == "a note[31m"
    assert stored.marked_by == stored.noted_by == store.user and store.user
    assert stored.marked_at.endswith("Z") and stored.noted_at.endswith("Z")
    assert store.events() == 2
    with sqlite3.connect(tmp_path / "triage.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_note_is_written_only_over_the_note_it_began_from(tmp_path: Path) -> None:
    path = tmp_path / "triage.sqlite"
    alice, bob = TriageStore.open(path), TriageStore.open(path)
    bob.user = "bob"
    ref = RowRef("k", "records", {"a": 1}, {"state": "TX"})
    alice.set_note(ref, "first", replacing=None)  # no note yet: written
    bob.set_note(ref, "bob's", replacing="first")
    with pytest.raises(NoteChanged) as changed:
        alice.set_note(ref, "alice's", replacing="first")  # began from "first": stale
    assert (changed.value.note, changed.value.by) == ("bob's", "bob")
    assert changed.value.at and alice.mark("k").note == "bob's" and alice.events() == 2
    alice.set_note(ref, "bob's", replacing="first")  # the same text as now: nothing lost
    alice.set_note(ref, "  alice's\n", replacing=" bob's ")  # as shown: trimmed, plain
    assert alice.mark("k").note == "alice's"
    bob.set_note(ref, "", replacing="alice's")  # removed
    with pytest.raises(NoteChanged) as changed:
        alice.set_note(ref, "again", replacing="alice's")
    assert changed.value.note is None
    alice.set_note(ref, "whatever", replacing=None)
    bob.set_note(ref, "bob wins")  # without replacing: written over whatever is there
    assert alice.mark("k").note == "bob wins"


def test_a_view_is_saved_over_one_of_the_same_name_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "triage.sqlite"
    alice, bob = TriageStore.open(path), TriageStore.open(path)
    alice.user = "alice"
    alice.save_view("travis", "records", {"search": "Travis"})
    with pytest.raises(ViewExists) as exists:
        bob.save_view(" travis ", "policies", {}, replace=False)
    assert (exists.value.name, exists.value.by) == ("travis", "alice") and exists.value.at
    assert [(v.pane, v.saved_by) for v in bob.views()] == [("records", "alice")]
    bob.save_view("travis", "policies", {})  # replace (the default): asked for
    assert [(v.pane, v.saved_by) for v in alice.views()] == [("policies", bob.user)]
    bob.save_view("new", "records", {}, replace=False)
    assert [v.name for v in alice.views()] == ["new", "travis"]


VIEW_SAVER = """
import sys
import time
from pathlib import Path
from detainer_tui.store.triage import TriageStore, ViewExists
store = TriageStore.open(Path(sys.argv[1]))
store.user = sys.argv[2]
Path(sys.argv[3], sys.argv[2]).touch()
given_up = time.monotonic() + 60  # a test gone wrong is not waited for for ever
while not Path(sys.argv[3], "go").exists() and time.monotonic() < given_up:
    time.sleep(0.001)
try:
    store.save_view("travis", "records", {"by": sys.argv[2]}, replace=False)
    print("saved")
except ViewExists as exists:
    print("exists", exists.by)
"""


def test_analysts_saving_one_view_name_at_once_replace_nobodys(tmp_path: Path) -> None:
    # Three real processes save a view of the same name at the same moment, none asked to
    # replace one: one is saved, and the others are told whose it is.
    path = tmp_path / "shared.sqlite"
    TriageStore.open(path).close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    names = ("alice", "bob", "carol")
    savers = [
        subprocess.Popen(
            [sys.executable, "-c", VIEW_SAVER, str(path), name, str(tmp_path)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    wait_for_files(*(tmp_path / name for name in names))
    (tmp_path / "go").touch()
    said = [saver.communicate(timeout=120)[0].split() for saver in savers]
    assert [saver.returncode for saver in savers] == [0, 0, 0]
    [view] = TriageStore.open(path).views()
    winner = view.saved_by
    assert view.state == {"by": winner}
    assert sorted(said) == sorted(
        [["saved"] if name == winner else ["exists", winner] for name in names]
    )


APPENDER = """
import sys
from pathlib import Path
from detainer_tui.store.triage import NoteChanged, RowRef, TriageStore
path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = TriageStore.open(path)
shared = RowRef("shared", "records", {"shared": True}, {})
for number in range(count):
    while True:  # as an analyst does: edit the note as now shown, or see theirs and redo it
        stored = store.mark("shared")
        shown = stored.note if stored is not None else None
        try:
            store.set_note(shared, f"{shown or ''} {name}{number}", replacing=shown)
            break
        except NoteChanged:
            continue
"""


def test_processes_editing_one_note_at_once_lose_no_edit(tmp_path: Path) -> None:
    # Three real processes each add to the same note a hundred times, each time from the
    # note as they read it: every addition must be in the end (none written over unseen).
    path = tmp_path / "shared.sqlite"
    TriageStore.open(path).close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    names = ("alice", "bob", "carol")
    editors = [
        subprocess.Popen([sys.executable, "-c", APPENDER, str(path), name, "100"], env=env)
        for name in names
    ]
    for editor in editors:
        assert editor.wait(timeout=120) == 0
    note = TriageStore.open(path).mark("shared").note
    assert sorted(note.split()) == sorted(f"{name}{n}" for name in names for n in range(100))


WRITER = """
import sys
from pathlib import Path
from detainer_tui.store.triage import RowRef, TriageStore
path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = TriageStore.open(path)
assert store.problem is None, store.problem
shared = RowRef("shared", "records", {"shared": True}, {})
for number in range(count):
    ref = RowRef(f"{name}-{number}", "records", {"n": number}, {"n": number})
    store.set_mark(ref, True)
    store.set_note(ref, f"{name} {number}")
    if number == count // 2:
        store.set_mark(shared, True) if name == "alice" else store.set_note(shared, "by bob")
    # Named views too: each saved, every other one deleted again.
    store.save_view(f"{name} {number}", "records", {"n": number})
    if number % 2 == 0:
        assert store.delete_view(f"{name} {number}")
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    # Two real processes (about half a second each to start) write to one file at the same
    # time; every write must be there, and the row both wrote keeps the mark and the note;
    # of the named views each saved, those it did not delete again.
    path = tmp_path / "shared.sqlite"
    TriageStore.open(path).close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "150"], env=env)
        for name in ("alice", "bob")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    store = TriageStore.open(path)
    marks = store.marks()
    assert len([m for m in marks if m.key != "shared"]) == 300
    assert all(m.marked and m.note for m in marks if m.key != "shared")
    shared = store.mark("shared")
    assert shared is not None and shared.marked and shared.note == "by bob"
    assert store.events() == 602
    views = {view.name for view in store.views()}
    assert views == {f"{name} {n}" for name in ("alice", "bob") for n in range(1, 150, 2)}


# -- a team sharing a folder through a group ------------------------------------------------
needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="acting as other users needs root"
)
TEAM = 43000
"""The group the analysts share the folder through (a number no account needs to have)."""
ALICE, BOB = 43001, 43002


def as_analyst(uid: int, work) -> int:
    """Run ``work`` (true: it went well) in a process of its own as user ``uid``, in the
    team's group, with the umask most logins have (022): its exit code. A fork, not a new
    interpreter: the Python running the tests may live where another user cannot read."""
    import grp  # noqa: F401 - imported before the fork: the child looks names up
    import pwd  # noqa: F401

    pid = os.fork()
    if pid == 0:  # the analyst
        code = 70
        try:
            os.setgroups([TEAM])
            os.setgid(uid)
            os.setuid(uid)
            os.umask(0o022)
            code = 0 if work() else 1
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.fixture
def team_folder():
    """A folder writable by the team's group, setgid, as an administrator would set one up
    (under /tmp: the analysts can reach it)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ddor-team-", dir="/tmp"))
    os.chown(folder, 0, TEAM)
    os.chmod(folder, 0o2775)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def mark_as(key: str, path: Path, close: bool = True):
    """What an analyst's explorer does: open the database, mark a row (and, unless
    ``close``, keep it open, leaving the -wal and -shm files in place as a running explorer
    does)."""

    def work() -> bool:
        store = TriageStore.open(path)
        if store.problem is not None:
            print(store.problem)
            return False
        store.set_mark(RowRef(key, "records", {"key": key}, {}), True)
        if close:
            store.close()
        return True

    return work


@needs_root
def test_analysts_sharing_a_folder_through_a_group_each_write_the_database(team_folder: Path):
    # Alice's explorer makes the database and is still running (its -wal and -shm files in
    # place); Bob's must write to them all. Made -rw-r--r-- (her umask), Bob's explorer
    # opened the file without a word, and every mark then failed: a readonly database.
    path = team_folder / "triage.sqlite"
    assert as_analyst(ALICE, mark_as("alice's", path, close=False)) == 0
    assert as_analyst(BOB, mark_as("bob's", path)) == 0
    assert {m.key for m in TriageStore.open(path).marks()} == {"alice's", "bob's"}
    for file in team_folder.iterdir():
        found = file.stat()
        assert found.st_gid == TEAM and found.st_mode & 0o060 == 0o060, file.name


@needs_root
def test_a_database_another_analyst_left_unshared_says_whom_to_ask_and_their_start_fixes_it(
    team_folder: Path,
):
    path = team_folder / "triage.sqlite"
    assert as_analyst(ALICE, mark_as("alice's", path)) == 0
    os.chmod(path, 0o644)  # as an earlier version, or her umask, left it
    said = []

    def bob_opens() -> bool:
        store = TriageStore.open(path)
        said.append(store.problem)
        print(store.problem)
        # Marking is off, said at once, and Alice's marks still show.
        return (
            not store.writable
            and store.readable
            and [m.key for m in store.marks()] == ["alice's"]
            and store.problem.startswith(
                f"{path}: not writable by you (-rw-r--r-- {ALICE} {TEAM}); ask {ALICE} to "
                "start detainer-tui once"
            )
        )

    assert as_analyst(BOB, bob_opens) == 0
    assert as_analyst(ALICE, lambda: TriageStore.open(path).writable) == 0
    assert path.stat().st_mode & 0o060 == 0o060
    assert as_analyst(BOB, mark_as("bob's", path)) == 0


def test_another_explorers_change_is_seen_by_polling(tmp_path: Path) -> None:
    dataset = Dataset([make_report(WEEK1, ROWS)])
    mine = Triage.open(tmp_path / "t.sqlite")
    theirs = Triage.open(tmp_path / "t.sqlite")
    assert not mine.refresh()
    mark(theirs, dataset.records, 0, dataset)
    assert not theirs.refresh()  # its own write it knows of already
    assert mine.refresh()
    assert [r["_row"] for r in marked_rows(mine, dataset.records)] == [0]
    assert not mine.refresh()


def _move_database(path: Path, to: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if path.with_name(path.name + suffix).exists():
            os.replace(path.with_name(path.name + suffix), to.with_name(to.name + suffix))


def test_a_database_moved_away_while_open_is_not_written_where_nobody_reads(
    tmp_path: Path,
) -> None:
    # SQLite went on writing to the file it had open: after a reset or a backup put back,
    # this explorer's marks went to a file no other explorer (nor its own next start) reads.
    path = tmp_path / "triage.sqlite"
    store = TriageStore.open(path)
    store.set_mark(RowRef("before", "records", {"a": 1}, {}), True)
    _move_database(path, tmp_path / "moved.sqlite")
    assert store.replaced()
    store.set_mark(RowRef("after", "records", {"a": 2}, {}), True)
    assert [m.key for m in TriageStore.open(path).marks()] == ["after"]
    assert [m.key for m in TriageStore.open(tmp_path / "moved.sqlite").marks()] == ["before"]
    [said] = store.news
    assert said.startswith(f"{path} was moved or deleted while the explorer was open: a new")
    assert not store.replaced()
    assert store.changed() and not store.changed()  # its marks are to be read again, once


def test_a_database_put_in_the_place_of_the_open_one_is_read_at_the_next_poll(
    tmp_path: Path,
) -> None:
    path, other = tmp_path / "triage.sqlite", tmp_path / "backup.sqlite"
    triage = Triage.open(path)
    triage.store.set_mark(RowRef("mine", "records", {"a": 1}, {}), True)
    backup = TriageStore.open(other)
    backup.set_mark(RowRef("theirs", "records", {"a": 2}, {}), True)
    backup.close()
    assert not triage.refresh()
    _move_database(path, tmp_path / "old.sqlite")  # a backup put back in its place
    _move_database(other, path)
    assert triage.refresh()
    assert [m.key for m in triage.marks] == ["theirs"]
    [said] = triage.news()
    assert said.startswith(f"{path} was replaced while the explorer was open")
    assert triage.news() == [] and not triage.refresh()


@pytest.mark.parametrize(
    "content",
    [
        b"not a database at all\n",
        b"SQLite format 3\x00" + b"\xff" * 4000,
    ],
    ids=["text", "damaged"],
)
def test_a_file_that_is_not_a_triage_database_is_moved_aside(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "triage.sqlite"
    path.write_bytes(content)
    triage = Triage.open(path)
    assert triage.problem is None
    assert "moved aside to triage.sqlite.damaged-" in triage.notice
    (aside,) = tmp_path.glob("triage.sqlite.damaged-*")
    assert aside.read_bytes() == content
    dataset = Dataset([make_report(WEEK1, ROWS)])
    mark(triage, dataset.records, 0, dataset)
    assert len(Triage.open(path).marks) == 1


def test_an_sqlite_database_of_something_else_is_moved_aside_untouched(tmp_path: Path) -> None:
    path = tmp_path / "triage.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE accounts (name TEXT)")
        db.execute("INSERT INTO accounts VALUES ('kept')")
    db.close()
    triage = Triage.open(path)
    assert "not triage" in triage.notice
    (aside,) = tmp_path.glob("triage.sqlite.damaged-*")
    with sqlite3.connect(aside) as db:
        assert db.execute("SELECT name FROM accounts").fetchall() == [("kept",)]
    db.close()


def test_a_database_that_cannot_be_written_leaves_marking_off_and_says_why(
    tmp_path: Path,
) -> None:
    # A folder that cannot be made (a file is in its way): true whoever runs the test.
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    triage = Triage.open(blocked / "triage.sqlite")
    assert triage.problem is not None and "a-file" in triage.problem
    dataset = Dataset([make_report(WEEK1, ROWS)])
    table = triage.annotate(dataset.records)
    assert table.frame.get_column(MARK).to_list() == [""] * 4  # the tables still work
    with pytest.raises(MarkingOff, match="Marking is off"):
        triage.toggle_mark(table, table.row(0), dataset.report_infos)


def test_a_newer_schema_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "triage.sqlite"
    TriageStore.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    store = TriageStore.open(path)
    assert store.problem is not None and "newer" in store.problem
    assert not list(tmp_path.glob("*.damaged-*"))


def test_triage_db_in_the_config_names_the_shared_file(tmp_path: Path) -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('triage_db = "team/triage.sqlite"\n')
    assert load_config().triage_db == config.parent / "team" / "triage.sqlite"
    config.write_text("triage_db = 3\n")
    with pytest.raises(Exception, match="triage_db = 3 must be a file path"):
        load_config()


def test_named_views_are_kept_in_the_database(tmp_path: Path) -> None:
    triage = Triage.open(tmp_path / "t.sqlite")
    state = {"state": with_marked_only(Query(search="travis")).to_state()}
    triage.save_view("travis marked", "records", state)
    (view,) = Triage.open(tmp_path / "t.sqlite").views()
    assert (view.name, view.pane, view.state) == (
        "travis marked",
        "records",
        json.loads(json.dumps(state)),
    )


def test_a_named_view_deleted_is_gone_for_every_explorer_on_the_database(tmp_path: Path) -> None:
    mine, theirs = Triage.open(tmp_path / "t.sqlite"), Triage.open(tmp_path / "t.sqlite")
    mine.save_view("keep", "records", {})
    mine.save_view("drop", "policies", {})
    assert theirs.delete_view("drop") is True
    assert [v.name for v in mine.views()] == ["keep"]
    assert theirs.delete_view("drop") is False  # already gone: said, not an error


SESSION_WRITER = """
import sys
import time
from pathlib import Path
from detainer_tui.store.sessions import Sessions
sessions, problem = Sessions.load(Path(sys.argv[1]))
assert problem is None, problem
Path(sys.argv[3], sys.argv[2]).touch()  # read: as an explorer at its start
# Both have read it before either writes; a test gone wrong is not waited for for ever.
given_up = time.monotonic() + 60
while not Path(sys.argv[3], "go").exists() and time.monotonic() < given_up:
    time.sleep(0.01)
for n in range(40):
    assert sessions.put(f"{sys.argv[2]} {n}", {"pane": "records", "n": n}) is None
"""


def wait_for_files(*files: Path) -> None:
    deadline = time.monotonic() + 60
    while not all(file.exists() for file in files):
        assert time.monotonic() < deadline, f"not made in time: {files}"
        time.sleep(0.01)


def test_two_explorers_quitting_at_once_each_keep_where_they_were(tmp_path: Path) -> None:
    # Two windows of one analyst's, on other reports, both read sessions.json when they
    # started; each quit wrote back its own copy, and the other's place was lost.
    path = tmp_path / "sessions.json"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", SESSION_WRITER, str(path), name, str(tmp_path)], env=env
        )
        for name in ("left", "right")
    ]
    wait_for_files(tmp_path / "left", tmp_path / "right")
    (tmp_path / "go").touch()
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    sessions, problem = Sessions.load(path)
    assert problem is None
    assert set(sessions.sessions) == {f"{w} {n}" for w in ("left", "right") for n in range(40)}


def test_sessions_are_kept_per_set_of_reports_and_a_damaged_file_set_aside(
    tmp_path: Path,
) -> None:
    key = session_key(["b", "a"])
    assert key == session_key(["a", "b"]) != session_key(["a"])
    sessions, problem = Sessions.load(tmp_path / "sessions.json")
    assert problem is None and sessions.get(key) is None
    assert sessions.put(key, {"pane": "records"}) is None
    again, _ = Sessions.load(tmp_path / "sessions.json")
    assert again.get(key)["pane"] == "records"
    (tmp_path / "sessions.json").write_text("{not json")
    broken, problem = Sessions.load(tmp_path / "sessions.json")
    assert problem is not None and "set aside" in problem and broken.get(key) is None
