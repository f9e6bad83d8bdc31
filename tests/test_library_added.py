"""Opening files adds them to the library: said once, with how to see and remove them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from detainer_tui.cli import main
from detainer_tui.dataset import Dataset
from detainer_tui.explorer.loading import add_arrivals
from detainer_tui.report import Report
from detainer_tui.store import LibraryAdded, iter_load, resolve_open


def test_opening_files_says_they_were_added_to_the_library(
    sample_paths: list[Path], seeded_cache: Path, capsys
):
    items = list(iter_load(told(sample_paths[:2])))
    notes = [item for item in items if isinstance(item, LibraryAdded)]
    assert [note.count for note in notes] == [2]
    line = str(notes[0])
    assert line.startswith("2 reports added to your library: detainer-tui with no arguments")
    assert "detainer-tui library remove ID" in line and "library list" in line
    # a note, not a problem: the explorer tells it without listing it among the problems
    dataset, notices = add_arrivals(Dataset(), items)
    assert [n.note for n in notices] == [True] and dataset.problems == ()
    assert len(dataset.reports) == 2
    # opened again: nothing new to say; one more file: said for that one
    again = list(iter_load(told(sample_paths)))
    assert [i.count for i in again if isinstance(i, LibraryAdded)] == [1]
    assert not [i for i in iter_load(told(sample_paths)) if isinstance(i, LibraryAdded)]
    # the commands it names work: the library lists them, remove forgets one
    assert main(["library", "list"]) == 0
    assert main(["library", "remove", "1"]) == 0
    capsys.readouterr()


def told(paths: list[Path]):
    """The request the explorer makes: to be told when the library grows."""
    return replace(resolve_open(paths), tell_remembered=True)


def test_opening_without_asking_or_remembering_says_nothing(
    sample_paths: list[Path], seeded_cache: Path
):
    for request in (resolve_open(sample_paths, remember=False), resolve_open(sample_paths)):
        items = list(iter_load(request))
        assert all(isinstance(item, Report) for item in items)
