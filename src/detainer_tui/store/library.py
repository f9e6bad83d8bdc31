"""The library: every report the user has opened, remembered in a small JSON file.

Each entry records the file's path, the SHA-256 of its bytes, the report period and when it was
added. One entry per distinct file content: opening the same bytes from a new place moves the
entry; two different files covering the same period are both kept, as revisions of each other.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from detainer_tui import paths
from detainer_tui.errors import DetainerError
from detainer_tui.store.cache import file_sha256

try:  # POSIX only; elsewhere concurrent edits are simply not serialised.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

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
    def from_json(item: dict[str, object]) -> LibraryEntry:
        def day(value: object) -> date | None:
            return date.fromisoformat(str(value)) if value else None

        return LibraryEntry(
            id=int(item["id"]),  # type: ignore[arg-type]
            path=Path(str(item["path"])),
            sha256=str(item["sha256"]),
            report_start=day(item.get("period_start")),
            report_end=day(item.get("period_end")),
            added=datetime.fromisoformat(str(item["added"])),
        )


class Library:
    """The remembered reports, in the order they were added."""

    def __init__(self, entries: list[LibraryEntry] | None = None, file: Path | None = None) -> None:
        self.entries: list[LibraryEntry] = list(entries or [])
        self.file = file if file is not None else paths.library_file()

    # -- reading and writing ------------------------------------------------------------
    @classmethod
    def load(cls, file: Path | None = None) -> Library:
        """Read the library (an empty one if the file doesn't exist yet).

        Raises ``LibraryError`` naming the file if it is unreadable or damaged; it is never
        overwritten in that case, so the user can repair it.
        """
        file = file if file is not None else paths.library_file()
        try:
            text = file.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return cls([], file)
        except OSError as exc:
            raise LibraryError(f"{file}: cannot read the library ({exc.strerror})") from exc
        try:
            document = json.loads(text)
            if document.get("format") != LIBRARY_FORMAT:
                raise ValueError(f"unknown format {document.get('format')!r}")
            entries = [LibraryEntry.from_json(item) for item in document["reports"]]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise LibraryError(
                f"{file}: the library file is damaged ({exc}); repair or delete it"
            ) from exc
        return cls(entries, file)

    def save(self) -> None:
        """Write the library atomically (temporary file, then rename). Raises ``LibraryError``."""
        document = {"format": LIBRARY_FORMAT, "reports": [e.to_json() for e in self.entries]}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".library-", suffix=".tmp", dir=self.file.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(temp, self.file)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)
        except OSError as exc:
            raise LibraryUnavailable(
                f"{self.file}: cannot save the library ({exc.strerror or exc})"
            ) from exc

    # -- queries ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[LibraryEntry]:
        return iter(self.entries)

    def by_sha256(self, sha256: str) -> LibraryEntry | None:
        return next((e for e in self.entries if e.sha256 == sha256), None)

    def by_path(self, path: Path) -> LibraryEntry | None:
        path = Path(path).absolute()
        return next((e for e in self.entries if e.path == path), None)

    def by_id(self, entry_id: int) -> LibraryEntry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def revisions(self) -> dict[int, list[LibraryEntry]]:
        """For each entry id, the other entries covering the same (known) period."""
        result: dict[int, list[LibraryEntry]] = {}
        for entry in self.entries:
            if entry.report_start is None or entry.report_end is None:
                continue
            others = [
                other
                for other in self.entries
                if other.id != entry.id
                and other.period == entry.period
                and other.sha256 != entry.sha256
            ]
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
                id=max((e.id for e in self.entries), default=0) + 1,
                path=path,
                sha256=sha256,
                report_start=report_start,
                report_end=report_end,
                added=datetime.now(UTC).replace(microsecond=0),
            )
            self.entries.append(entry)
            return entry
        updated = replace(
            existing,
            path=path,
            sha256=sha256,
            report_start=report_start if report_start is not None else existing.report_start,
            report_end=report_end if report_end is not None else existing.report_end,
        )
        self.entries[self.entries.index(existing)] = updated
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
            except OSError as exc:  # absolute() of a relative path in a deleted folder
                raise UnknownEntry(f"{key}: cannot be opened ({exc.strerror or exc})") from exc
        if entry is None:
            raise UnknownEntry(f"{key}: no such entry in the library ({self.file})")
        self.entries.remove(entry)
        return entry


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

    Raises ``LibraryError`` (damaged file) or ``LibraryUnavailable`` (can't be written).
    """
    file = file if file is not None else paths.library_file()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        lock = open(file.with_name(file.name + ".lock"), "a")  # noqa: SIM115 - held across yield
    except OSError as exc:
        raise LibraryUnavailable(
            f"{file}: cannot save the library ({exc.strerror or exc})"
        ) from exc
    with lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        library = Library.load(file)
        yield library
        library.save()
