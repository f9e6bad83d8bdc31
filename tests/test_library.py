"""The library file: what is remembered, how it reads, and what happens to moved files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from detainer_tui import paths
from detainer_tui.store import file_sha256
from detainer_tui.store.library import (
    CHANGED,
    MISSING,
    MOVED,
    OK,
    Library,
    LibraryRecovered,
    LibraryUnavailable,
    UnknownEntry,
    entry_status,
)

WEEK1 = (dt.date(2017, 1, 28), dt.date(2017, 2, 3))
WEEK2 = (dt.date(2017, 2, 4), dt.date(2017, 2, 10))


def a_file(path: Path, content: str) -> Path:
    path.write_text(content)
    return path


def test_empty_when_no_file_yet() -> None:
    library = Library.load()
    assert len(library) == 0
    assert library.file == paths.library_file()
    assert not library.file.exists()


def test_saved_file_is_readable_json(tmp_path: Path) -> None:
    library = Library.load()
    pdf = a_file(tmp_path / "Doña Ana.pdf", "x")
    library.record(pdf, "a" * 64, *WEEK1)
    library.save()

    document = json.loads(paths.library_file().read_text(encoding="utf-8"))
    assert document["format"] == 1
    [item] = document["reports"]
    assert item["id"] == 1
    assert item["path"] == str(pdf)
    assert item["sha256"] == "a" * 64
    assert (item["period_start"], item["period_end"]) == ("2017-01-28", "2017-02-03")
    assert dt.datetime.fromisoformat(item["added"]).tzinfo is not None
    assert "Doña Ana" in paths.library_file().read_text(encoding="utf-8")

    [entry] = Library.load()
    assert entry == library.entries[0]


def test_same_content_elsewhere_moves_the_entry(tmp_path: Path) -> None:
    library = Library.load()
    first = library.record(tmp_path / "a.pdf", "a" * 64, *WEEK1)
    moved = library.record(tmp_path / "sub" / "b.pdf", "a" * 64, *WEEK1)
    assert len(library) == 1
    assert (moved.id, moved.added, moved.path) == (
        first.id,
        first.added,
        tmp_path / "sub" / "b.pdf",
    )


def test_new_content_at_the_same_path_updates_the_entry(tmp_path: Path) -> None:
    library = Library.load()
    first = library.record(tmp_path / "a.pdf", "a" * 64, *WEEK1)
    again = library.record(tmp_path / "a.pdf", "b" * 64, *WEEK2)
    assert len(library) == 1
    assert (again.id, again.sha256, again.period) == (first.id, "b" * 64, WEEK2)


def test_revisions_are_same_period_different_content(tmp_path: Path) -> None:
    library = Library.load()
    one = library.record(tmp_path / "a.pdf", "a" * 64, *WEEK1)
    two = library.record(tmp_path / "b.pdf", "b" * 64, *WEEK1)
    three = library.record(tmp_path / "c.pdf", "c" * 64, *WEEK2)
    library.record(tmp_path / "d.pdf", "d" * 64, None, None)
    revisions = library.revisions()
    assert [e.id for e in revisions[one.id]] == [two.id]
    assert [e.id for e in revisions[two.id]] == [one.id]
    assert three.id not in revisions
    assert len(revisions) == 2


def test_ids_are_never_reused_while_higher_ones_exist(tmp_path: Path) -> None:
    library = Library.load()
    for name in "abc":
        library.record(tmp_path / f"{name}.pdf", name * 64, *WEEK1)
    library.remove("2")
    assert [e.id for e in library] == [1, 3]
    assert library.record(tmp_path / "d.pdf", "d" * 64, *WEEK1).id == 4


def test_remove_by_path_and_unknown_entries(tmp_path: Path) -> None:
    library = Library.load()
    library.record(tmp_path / "a.pdf", "a" * 64, *WEEK1)
    assert library.remove(str(tmp_path / "a.pdf")).sha256 == "a" * 64
    with pytest.raises(UnknownEntry, match="7: no such entry"):
        library.remove("7")


def test_damaged_file_is_moved_aside_and_its_readable_entries_kept(tmp_path: Path) -> None:
    file = paths.library_file()
    file.parent.mkdir(parents=True)
    good = {
        "id": 2,
        "path": str(tmp_path / "a.pdf"),
        "sha256": "a" * 64,
        "period_start": "2017-01-28",
        "period_end": "2017-02-03",
        "added": "2017-03-20T10:00:00+00:00",
    }
    text = json.dumps({"format": 1, "reports": [{"id": "one"}, good]})
    file.write_text(text)
    library = Library.load()
    assert [entry.id for entry in library] == [2]
    assert isinstance(library.notice, LibraryRecovered) and library.notice.warning
    [aside] = file.parent.glob("library.json.damaged-*")
    assert aside.read_text() == text  # the user's file, as it was
    assert str(library.notice) == (
        f"{file}: the library file was damaged (an entry's id is 'one', not a whole number); "
        f"it was moved to {aside.name} and the 1 entry that could be read kept"
    )
    # The kept entries were saved: the next load is clean.
    again = Library.load()
    assert again.notice is None and [entry.id for entry in again] == [2]


def test_unwritable_library_is_a_warning(tmp_path: Path) -> None:
    # A regular file where the data folder should be: nothing can be created under it.
    blocker = Path(paths.data_dir())
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("")
    library = Library.load()
    library.record(tmp_path / "a.pdf", "a" * 64, *WEEK1)
    with pytest.raises(LibraryUnavailable, match="cannot save the library"):
        library.save()


def test_entry_status(tmp_path: Path) -> None:
    library = Library.load()
    pdf = a_file(tmp_path / "a.pdf", "first")
    entry = library.record(pdf, file_sha256(pdf), *WEEK1)
    assert entry_status(entry, cached=False) == (OK, entry.sha256)
    a_file(pdf, "second")
    assert entry_status(entry, cached=True) == (CHANGED, file_sha256(pdf))
    pdf.unlink()
    assert entry_status(entry, cached=True) == (MOVED, None)
    assert entry_status(entry, cached=False) == (MISSING, None)


_ADDER = """
import sys, time
from pathlib import Path
from detainer_tui.store.library import editing
go, name = Path(sys.argv[1]), sys.argv[2]
while not go.exists():
    time.sleep(0.001)
for i in range(10):
    with editing() as library:
        sha = f"{name}{i:02d}".ljust(64, "0")
        library.record(Path(f"/reports/{name}-{i}.pdf"), sha, None, None)
"""


def test_two_processes_editing_lose_nothing(tmp_path: Path) -> None:
    go = tmp_path / "go"
    adders = [
        subprocess.Popen([sys.executable, "-c", _ADDER, str(go), name], stderr=subprocess.PIPE)
        for name in ("a", "b")
    ]
    go.touch()
    for adder in adders:
        _out, err = adder.communicate(timeout=60)
        assert adder.returncode == 0, err.decode()
    library = Library.load()
    assert len(library) == 20
    assert sorted(e.id for e in library) == list(range(1, 21))


@pytest.mark.parametrize("key", ["²", "١", "~no-such-user-ddor/a.pdf", "x" * 300 + ".pdf"])
def test_remove_odd_keys_are_unknown_entries(tmp_path: Path, key: str) -> None:
    library = Library()
    library.record(a_file(tmp_path / "a.pdf", "a"), "a" * 64, *WEEK1)
    with pytest.raises(UnknownEntry, match="no such entry in the library"):
        library.remove(key)
    assert len(library) == 1
