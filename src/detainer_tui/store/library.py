"""The library: every report the user has opened, remembered in a small JSON file.

Each entry records the file's path, the SHA-256 of its bytes, the report period and when it was
added. One entry per distinct file content: opening the same bytes from a new place moves the
entry; two different files covering the same period are both kept, as revisions of each other.

A library file that cannot be read as one (not UTF-8 or UTF-16, not JSON, nested beyond reason,
entries of the wrong types) is never left to fail every later run, nor lost: it is moved aside
(``library.json.damaged-<time>``), the entries that could be read are kept, and the warning
(``LibraryRecovered``) says where the old file went.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import ClassVar

from detainer_tui import files, paths
from detainer_tui.errors import DetainerError
from detainer_tui.store.cache import file_sha256

LIBRARY_FORMAT = 1

OK = "ok"
MOVED = "moved"  # the file is gone from its path; the cache still has the report
MISSING = "missing"  # the file is gone and the cache does not have it either
CHANGED = "changed"  # the file at the path now has different content


class LibraryError(DetainerError):
    """The library file exists but cannot be read or written."""


class LibraryUnavailable(LibraryError):
    """A warning, not a failure: opened reports could not be remembered."""

    warning = True


class LibraryRecovered(LibraryError):
    """A warning, not a failure: the library file was damaged and has been moved aside."""

    warning = True


class LibraryAdded(DetainerError):
    """Not a problem but a note: opening files added them to the library, so that a start
    without arguments shows them again. Says how to see and remove them."""

    warning = True
    note: ClassVar[bool] = True

    def __init__(self, count: int) -> None:
        self.count = count
        reports = "1 report" if count == 1 else f"{count} reports"
        super().__init__(
            f"{reports} added to your library: detainer-tui with no arguments opens "
            f"{'it' if count == 1 else 'them'} again (detainer-tui library list shows the library, "
            "detainer-tui library remove ID forgets one)"
        )


class UnknownEntry(DetainerError):
    """``library remove`` was given an id or path that is not in the library."""


@dataclass(frozen=True)
class LibraryEntry:
    """One remembered report."""

    id: int
    path: Path
    sha256: str
    report_start: date | None
    report_end: date | None
    added: datetime

    @property
    def period(self) -> tuple[date | None, date | None]:
        return (self.report_start, self.report_end)

    def period_text(self) -> str:
        """``2017-01-28 – 2017-02-03``, or ``unknown period``."""
        if self.report_start is None or self.report_end is None:
            return "unknown period"
        return f"{self.report_start.isoformat()} – {self.report_end.isoformat()}"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "path": str(self.path),
            "sha256": self.sha256,
            "period_start": self.report_start.isoformat() if self.report_start else None,
            "period_end": self.report_end.isoformat() if self.report_end else None,
            "added": self.added.isoformat(timespec="seconds"),
        }

    @staticmethod
    def from_json(item: object) -> LibraryEntry:
        """An entry from its JSON object; ``ValueError`` naming what is wrong with it."""
        if not isinstance(item, dict):
            raise ValueError(f"an entry is a {type(item).__name__}, not an object")
        number, path, sha256 = item.get("id"), item.get("path"), item.get("sha256")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise ValueError(f"an entry's id is {number!r}, not a whole number")
        if not isinstance(path, str) or not path or "\x00" in path or not _encodable(path):
            raise ValueError(f"entry #{number} has no usable path")
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise ValueError(f"entry #{number} has no SHA-256")

        def day(key: str) -> date | None:
            value = item.get(key)
            if value is None:
                return None
            if not isinstance(value, str):
                raise ValueError(f"entry #{number}'s {key} is not a date")
            return date.fromisoformat(value)

        added = item.get("added")
        if not isinstance(added, str):
            raise ValueError(f"entry #{number} has no date added")
        return LibraryEntry(
            id=number,
            path=Path(path),
            sha256=sha256,
            report_start=day("period_start"),
            report_end=day("period_end"),
            added=datetime.fromisoformat(added),
        )


class Library:
    """The remembered reports, in the order they were added.

    Entries are indexed by id, hash and path, so that looking one up, recording an opened file
    and listing the library take time in proportion to what is asked, however long it is.
    """

    def __init__(self, entries: list[LibraryEntry] | None = None, file: Path | None = None) -> None:
        self._by_id: dict[int, LibraryEntry] = {}
        self._by_sha256: dict[str, list[LibraryEntry]] = {}
        self._by_path: dict[Path, list[LibraryEntry]] = {}
        for entry in entries or []:
            self._by_id[entry.id] = entry
            self._index(entry)
        self.file = file if file is not None else paths.library_file()
        self.notice: LibraryError | None = None
        """Set when loading found the file damaged and moved it aside: a warning to show."""

    @property
    def entries(self) -> list[LibraryEntry]:
        """Every entry, in the order they were added."""
        return list(self._by_id.values())

    def _index(self, entry: LibraryEntry) -> None:
        self._by_sha256.setdefault(entry.sha256, []).append(entry)
        self._by_path.setdefault(entry.path, []).append(entry)

    def _unindex(self, entry: LibraryEntry) -> None:
        for index, key in ((self._by_sha256, entry.sha256), (self._by_path, entry.path)):
            found = index[key]  # type: ignore[index]
            found.remove(entry)
            if not found:
                del index[key]  # type: ignore[arg-type]

    # -- reading and writing ------------------------------------------------------------
    @classmethod
    def load(cls, file: Path | None = None) -> Library:
        """Read the library (an empty one if the file doesn't exist yet).

        A damaged file is moved aside (under the library's lock), the entries that could be
        read are kept, and ``notice`` says so. Raises ``LibraryError`` naming the file when it
        cannot be read at all (permissions) or a damaged one cannot be moved aside.
        """
        file = file if file is not None else paths.library_file()
        try:
            return cls._read(file)
        except _Damaged:
            pass
        with _locked(file, or_say_damaged=True):
            return cls._load_locked(file)

    @classmethod
    def _load_locked(cls, file: Path) -> Library:
        """``load``, for a caller that holds the library's lock."""
        try:
            return cls._read(file)
        except _Damaged as damage:
            # Read again under the lock: another instance may have set it aside meanwhile.
            return cls._set_aside(file, damage)

    @classmethod
    def _read(cls, file: Path) -> Library:
        """The library in ``file``; ``_Damaged`` when it is not one, ``LibraryError`` when it
        cannot be read."""
        try:
            with files.open_regular(file) as handle:
                data = handle.read(MAX_LIBRARY_BYTES + 1)
        except (FileNotFoundError, NotADirectoryError):
            return cls([], file)
        except files.NotAFile as exc:
            raise _Damaged(f"it is {exc.what}") from exc
        except OSError as exc:
            raise LibraryError(f"{file}: cannot read the library ({exc.strerror or exc})") from exc
        if len(data) > MAX_LIBRARY_BYTES:
            raise _Damaged("it is far larger than a library")
        try:
            # From bytes, json tells UTF-8 (with or without a BOM), UTF-16 and UTF-32 apart.
            document = json.loads(data, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise _Damaged(_reason(exc)) from exc
        if not isinstance(document, dict) or document.get("format") != LIBRARY_FORMAT:
            raise _Damaged("it is not a detainer-tui library")
        items = document.get("reports")
        if not isinstance(items, list):
            raise _Damaged("it lists no reports")
        library = cls([], file)
        problems = []
        for item in items:
            try:
                entry = LibraryEntry.from_json(item)
                if entry.id in library._by_id:
                    raise ValueError(f"id {entry.id} appears twice")
            except ValueError as exc:
                problems.append(_reason(exc))
                continue
            library._by_id[entry.id] = entry
            library._index(entry)
        if problems:
            more = f", and {len(problems) - 1} more" if len(problems) > 1 else ""
            raise _Damaged(problems[0] + more, library.entries)
        return library

    @classmethod
    def _set_aside(cls, file: Path, damage: _Damaged) -> Library:
        """Move the damaged ``file`` aside, keep what could be read of it, and say so."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        aside = file.with_name(f"{file.name}.damaged-{stamp}")
        counter = 1
        while aside.exists() or aside.is_symlink():
            counter += 1
            aside = file.with_name(f"{file.name}.damaged-{stamp}-{counter}")
        try:
            os.rename(file, aside)
        except OSError as exc:
            raise _cannot_set_aside(file, damage, exc) from exc
        library = cls(damage.kept, file)
        outcome = "a new library was started"
        if damage.kept:
            count = len(damage.kept)
            outcome = f"the {count} {'entry' if count == 1 else 'entries'} that could be read kept"
            try:
                library.save()
            except LibraryError as exc:
                outcome = f"its readable entries could not be saved ({exc})"
        library.notice = LibraryRecovered(
            f"{file}: the library file was damaged ({damage}); it was moved to {aside.name} "
            f"and {outcome}"
        )
        return library

    def save(self) -> None:
        """Write the library atomically (temporary file, then rename). Raises ``LibraryError``."""
        document = {"format": LIBRARY_FORMAT, "reports": [e.to_json() for e in self.entries]}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        try:
            files.replace_text(self.file, text)
        except OSError as exc:
            raise LibraryUnavailable(
                f"{self.file}: cannot save the library ({exc.strerror or exc})"
            ) from exc

    # -- queries ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[LibraryEntry]:
        return iter(self.entries)

    def by_sha256(self, sha256: str) -> LibraryEntry | None:
        found = self._by_sha256.get(sha256)
        return found[0] if found else None

    def by_path(self, path: Path) -> LibraryEntry | None:
        found = self._by_path.get(Path(path).absolute())
        return found[0] if found else None

    def by_id(self, entry_id: int) -> LibraryEntry | None:
        return self._by_id.get(entry_id)

    def revisions(self) -> dict[int, list[LibraryEntry]]:
        """For each entry id, the other entries covering the same (known) period."""
        by_period: dict[tuple[date, date], list[LibraryEntry]] = {}
        for entry in self._by_id.values():
            if entry.report_start is not None and entry.report_end is not None:
                by_period.setdefault((entry.report_start, entry.report_end), []).append(entry)
        result: dict[int, list[LibraryEntry]] = {}
        for group in by_period.values():
            if len(group) < 2:
                continue
            for entry in group:
                others = [other for other in group if other.sha256 != entry.sha256]
                if others:
                    result[entry.id] = others
        return result

    # -- changes ------------------------------------------------------------------------
    def record(
        self,
        path: Path,
        sha256: str,
        report_start: date | None,
        report_end: date | None,
    ) -> LibraryEntry:
        """Remember a file that was opened; returns its (new or updated) entry.

        Same content already known: the entry follows the file to ``path``. Same path with new
        content: the entry takes the new hash and period. Otherwise a new entry is added.
        """
        path = Path(path).absolute()
        existing = self.by_sha256(sha256) or self.by_path(path)
        if existing is None:
            entry = LibraryEntry(
                id=max(self._by_id, default=0) + 1,
                path=path,
                sha256=sha256,
                report_start=report_start,
                report_end=report_end,
                added=datetime.now(UTC).replace(microsecond=0),
            )
            self._by_id[entry.id] = entry
            self._index(entry)
            return entry
        updated = replace(
            existing,
            path=path,
            sha256=sha256,
            report_start=report_start if report_start is not None else existing.report_start,
            report_end=report_end if report_end is not None else existing.report_end,
        )
        self._unindex(existing)
        self._by_id[existing.id] = updated  # the same id: it keeps its place in the order
        self._index(updated)
        return updated

    def remove(self, key: str) -> LibraryEntry:
        """Forget the entry with this id (or path). Raises ``UnknownEntry``."""
        # isascii: str.isdigit() also accepts digits like "²" that int() refuses.
        if key.isascii() and key.isdigit():
            entry = self.by_id(int(key))
        else:
            try:
                path = Path(key).expanduser()
            except RuntimeError:
                # "~someone" with no such user: the shell would have kept it literally too.
                path = Path(key)
            try:
                entry = self.by_path(path)
            except (OSError, ValueError) as exc:  # a deleted working folder; a NUL in the key
                raise UnknownEntry(f"{key}: cannot be opened ({_reason(exc)})") from exc
        if entry is None:
            raise UnknownEntry(f"{key}: no such entry in the library ({self.file})")
        del self._by_id[entry.id]
        self._unindex(entry)
        return entry


MAX_LIBRARY_BYTES = 256 << 20
"""A library of a hundred thousand reports is some 30 MB; a larger file is not one."""
_SHA256 = re.compile(r"[0-9a-f]{64}")


class _Damaged(Exception):
    """Internal: the library file is not a library; ``kept`` are the entries that could be read."""

    def __init__(self, reason: str, kept: list[LibraryEntry] | None = None) -> None:
        super().__init__(reason)
        self.kept = kept or []


def _cannot_set_aside(file: Path, damage: _Damaged, error: BaseException | None) -> LibraryError:
    reason = getattr(error, "strerror", None) or str(error)
    return LibraryError(
        f"{file}: the library file is damaged ({damage}) and cannot be moved aside ({reason}); "
        "repair or delete it"
    )


def _encodable(path: str) -> bool:
    """Whether the system can name a file so (a lone surrogate from JSON cannot be)."""
    try:
        os.fsencode(path)
    except UnicodeError:
        return False
    return True


def _refuse_constant(name: str) -> object:
    raise ValueError(f"it holds {name}, which is not a value a library holds")


def _reason(error: BaseException) -> str:
    """An error's message on one line, short enough to quote."""
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


@contextlib.contextmanager
def _locked(file: Path, *, or_say_damaged: bool = False) -> Iterator[None]:
    """Hold the library's lock (a file beside it) for the ``with`` block.

    ``LibraryUnavailable`` when the lock cannot be made (the folder cannot be written); with
    ``or_say_damaged``, a damaged library file is said to be that, the more useful news.
    """
    with contextlib.ExitStack() as holding:
        try:
            holding.enter_context(files.locked(file))
        except OSError as exc:
            if or_say_damaged:
                try:
                    Library._read(file)
                except _Damaged as damage:
                    raise _cannot_set_aside(file, damage, exc) from exc
                except LibraryError:
                    pass
            raise LibraryUnavailable(
                f"{file}: cannot save the library ({exc.strerror or exc})"
            ) from exc
        yield


def entry_status(entry: LibraryEntry, *, cached: bool) -> tuple[str, str | None]:
    """(status, current hash) of an entry's file: ``ok``, ``changed``, ``moved`` or ``missing``.

    ``cached`` says whether the cache holds the entry's report (what makes a moved file usable).
    The current hash is ``None`` when the file is gone.
    """
    try:
        current = file_sha256(entry.path)
    except OSError:
        # Gone, replaced by a folder, or unreadable: either way not the file that was added.
        return (MOVED if cached else MISSING), None
    return (OK if current == entry.sha256 else CHANGED), current


@contextlib.contextmanager
def editing(file: Path | None = None) -> Iterator[Library]:
    """Load, change and save the library while holding a lock, so two instances don't lose edits.

    A damaged library is moved aside first (``Library.notice`` says so). Raises
    ``LibraryError`` (it cannot be read, or moved aside) or ``LibraryUnavailable`` (it can't
    be written).
    """
    file = file if file is not None else paths.library_file()
    with _locked(file, or_say_damaged=True):
        library = Library._load_locked(file)
        yield library
        library.save()
