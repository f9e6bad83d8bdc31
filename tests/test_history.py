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
    for n in range(MAX_QUERIES + 5):
        history.queries.append(f"SELECT {n}")
    history.add("SELECT 'last'")
    assert len(QueryHistory.load()[0].queries) == MAX_QUERIES


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
