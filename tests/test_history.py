"""The query line's history: kept between sessions; a damaged file costs a message, never a
failure, and is set aside rather than overwritten."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from detainer_tui import paths
from detainer_tui.store import QueryHistory
from detainer_tui.store.history import MAX_QUERIES


def test_queries_are_kept_between_sessions():
    history, problem = QueryHistory.load()
    assert (history.queries, problem) == ([], None)
    history.add("SELECT 1")
    history.add("SELECT 2")
    history.add("SELECT 1")  # again: it becomes the latest, once
    again, problem = QueryHistory.load()
    assert problem is None
    assert again.queries == ["SELECT 2", "SELECT 1"]
    assert paths.query_history_file().is_file()


def test_only_the_latest_queries_are_kept():
    history, _ = QueryHistory.load()
    history.queries = [f"SELECT {n}" for n in range(MAX_QUERIES + 5)]
    history._save()  # a file with more than are kept
    history.add("SELECT 'last'")
    kept = QueryHistory.load()[0].queries
    assert len(kept) == MAX_QUERIES and kept[-1] == "SELECT 'last'"


ADDER = """
import sys
import time
from pathlib import Path
from detainer_tui.store import QueryHistory
history, problem = QueryHistory.load(Path(sys.argv[1]))
assert problem is None, problem
Path(sys.argv[3], sys.argv[2]).touch()  # read: as a query line when it opens
# Both have read it before either adds; a test gone wrong is not waited for for ever.
given_up = time.monotonic() + 60
while not Path(sys.argv[3], "go").exists() and time.monotonic() < given_up:
    time.sleep(0.01)
for n in range(40):
    assert history.add(f"SELECT {n} AS {sys.argv[2]}") is None
"""


def test_two_explorers_adding_queries_at_once_keep_every_query(tmp_path: Path):
    # Two windows of one analyst's, each with its query line: each read the history when it
    # opened, and writing back its own copy lost the other's queries.
    import subprocess
    import sys
    import time

    file = tmp_path / "query_history.json"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    adders = [
        subprocess.Popen([sys.executable, "-c", ADDER, str(file), name, str(tmp_path)], env=env)
        for name in ("left", "right")
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / name).exists() for name in ("left", "right")):
        assert time.monotonic() < deadline, "the two did not start"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    assert [adder.wait(timeout=120) for adder in adders] == [0, 0]
    kept = QueryHistory.load(file)[0].queries
    wanted = [f"SELECT {n} AS {window}" for window in ("left", "right") for n in range(40)]
    assert sorted(kept) == sorted(wanted)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xff\xfe not text", "not UTF-8 text"),
        (b"{not json", "not JSON"),
        (b'{"format": 1, "queries": [1, 2]}', "not a list of text"),
        (b"[]", "not a query history"),
    ],
)
def test_a_damaged_history_is_set_aside_with_a_message(content: bytes, reason: str):
    file = paths.query_history_file()
    file.parent.mkdir(parents=True)
    file.write_bytes(content)
    history, problem = QueryHistory.load()
    assert history.queries == []
    assert problem is not None and reason in problem and "set aside" in problem
    aside = file.with_name(file.name + ".damaged")
    assert aside.read_bytes() == content
    history.add("SELECT 1")
    again, problem = QueryHistory.load()
    assert (again.queries, problem) == (["SELECT 1"], None)


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not apply to root")
def test_an_unreadable_history_is_left_alone(tmp_path: Path):
    file = paths.query_history_file()
    file.parent.mkdir(parents=True)
    file.write_text('{"format": 1, "queries": ["SELECT 1"]}')
    file.chmod(0)
    try:
        history, problem = QueryHistory.load()
        assert problem is not None and "cannot read the query history" in problem
        assert history.add("SELECT 2") is None  # kept for the session, the file untouched
        assert history.queries == ["SELECT 2"]
    finally:
        file.chmod(0o600)
    assert file.read_text() == '{"format": 1, "queries": ["SELECT 1"]}'


def test_a_history_that_cannot_be_saved_says_so_once(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    history = QueryHistory([], blocker / "query_history.json")
    problem = history.add("SELECT 1")
    assert problem is not None and "cannot save the query history" in problem
    assert history.add("SELECT 2") is None
    assert history.queries == ["SELECT 1", "SELECT 2"]
