"""The parsed-report cache: one folder of Arrow IPC files per (file hash, parser version).

An entry is written into a temporary folder beside its final place and renamed into place in
one step, so a crash or a second instance never leaves a half-written entry visible. Each entry
carries a manifest with the size and SHA-256 of every file it holds; an entry that fails that
check (or cannot be read at all) is discarded and the caller parses the PDF again.

The frames are Arrow IPC (Feather) files, LZ4-compressed: every start reads every open report
from here, and Polars reads the five small IPC files of a report in about a seventh of the
time it takes for five Parquet files (1.7-2.2 ms against 11.8-14.1 ms for the three samples, in
a fresh process).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from detainer_tui import files, paths, schema
from detainer_tui.errors import DetainerError
from detainer_tui.report import Report

log = logging.getLogger(__name__)

# Bumped when the layout of an entry changes (independently of the parser version): an entry
# of another format is discarded and rebuilt as a damaged one is. 2: Arrow IPC, not Parquet.
ENTRY_FORMAT = 2
SUFFIX = ".arrow"
MANIFEST = "manifest.json"
# Frame name -> declared schema, in the order they are written.
FRAMES: dict[str, pl.Schema] = {**schema.TABLES, "diagnostics": schema.DIAGNOSTICS}

_ENTRY_NAME = re.compile(r"^(?P<sha>[0-9a-f]{64})-v(?P<version>[A-Za-z0-9._-]+)$")
_SAFE_VERSION = re.compile(r"^[A-Za-z0-9._-]+$")
_TEMP_PREFIX = ".tmp-"
_TRASH_PREFIX = ".trash-"
# Leftovers of a writer that crashed mid-entry are swept once they are this old (seconds).
_LEFTOVER_AGE = 24 * 3600


class CacheUnavailable(DetainerError):
    """A warning, not a failure: the cache folder cannot be written.

    Reports still load (they are parsed each time); it is reported once per load.
    """

    warning = True

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(
            f"{path}: cache not writable ({reason}); reports are parsed without caching"
        )


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, as lowercase hex (raises ``OSError`` if it can't be read)."""
    digest = hashlib.sha256()
    # A regular file only: a library entry's path may since have become a pipe or a device.
    with files.open_regular(path) as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class CacheInfo:
    """What ``detainer-tui cache info`` shows."""

    location: Path
    entries: int
    stale_entries: int  # written by another parser version or entry format; never read
    size_bytes: int
    problem: str | None = None  # why some of it could not be seen (a folder we may not read)


class DamagedEntry(Exception):
    """Internal: an entry on disk that does not match its manifest or its schema."""


class ReportCache:
    """Parsed reports keyed by the SHA-256 of the PDF's bytes and the parser version."""

    def __init__(self, root: Path | None = None, parser_version: str | None = None) -> None:
        # Resolved at construction (not import) so the XDG variables in force at use time count.
        self.root = root if root is not None else paths.report_cache_dir()
        self.parser_version = (
            parser_version if parser_version is not None else schema.PARSER_VERSION
        )

    # -- lookup -------------------------------------------------------------------------
    def entry_dir(self, sha256: str) -> Path:
        """The folder holding the entry for ``sha256`` under this parser version."""
        version = self.parser_version
        if not _SAFE_VERSION.match(version):
            version = hashlib.sha256(version.encode()).hexdigest()[:16]
        return self.root / f"{sha256}-v{version}"

    def get(self, sha256: str, source_file: str | None = None) -> Report | None:
        """The cached report for ``sha256``, or ``None`` on a miss.

        A damaged or unreadable entry is logged, discarded and reported as a miss. When
        ``source_file`` is given it replaces the recorded file name (the file may have been
        renamed since it was parsed; the content is the same).
        """
        entry = self.entry_dir(sha256)
        try:
            if not entry.is_dir():
                if entry.is_symlink() or entry.exists():
                    # A file (or a dangling link) where the entry's folder belongs: in the way
                    # of the entry being written again, so it goes.
                    log.info("removing %s: not a cache entry folder", entry)
                    self._remove(entry)
                return None
            report = self._read(entry, sha256)
        except (DamagedEntry, *_DAMAGE) as exc:
            # Whatever is wrong with an entry (or the folders above it: a folder we may not
            # read), it is a miss: the PDF is parsed again and the entry rewritten if it can be.
            log.info("discarding damaged cache entry %s: %s", entry, exc)
            self.discard(sha256)
            return None
        if source_file is not None:
            report.reports = report.reports.with_columns(
                pl.lit(source_file, dtype=pl.String).alias(schema.SOURCE_FILE)
            )
        return report

    def contains(self, sha256: str) -> bool:
        """Whether an entry exists for ``sha256`` (without verifying it); False when the
        cache cannot be looked into."""
        try:
            return (self.entry_dir(sha256) / MANIFEST).is_file()
        except OSError:
            return False

    def cached(self) -> set[str]:
        """The hashes with an entry under this parser version (without verifying them), from
        one look at the cache folder: for asking about many files at once."""
        version = self.entry_dir("0" * 64).name[64:]  # "-v2": what follows the hash
        return {
            child.name[:64]
            for child in self._children()
            if child.name[64:] == version and _ENTRY_NAME.match(child.name)
        }

    def _read(self, entry: Path, sha256: str) -> Report:
        manifest = _manifest(entry / MANIFEST)
        if manifest.get("format") != ENTRY_FORMAT:
            raise DamagedEntry(f"entry format {manifest.get('format')!r}")
        if (
            manifest.get("sha256") != sha256
            or manifest.get("parser_version") != self.parser_version
        ):
            raise DamagedEntry("manifest does not match the entry's key")
        listed = manifest.get("files")
        if not isinstance(listed, dict):
            raise DamagedEntry("manifest lists no files")
        frames: dict[str, pl.DataFrame] = {}
        for name, declared in FRAMES.items():
            expected = listed.get(f"{name}{SUFFIX}")
            if not isinstance(expected, dict):
                raise DamagedEntry(f"manifest does not describe {name}{SUFFIX}")
            data = files.read_regular(entry / f"{name}{SUFFIX}")
            if len(data) != expected.get("bytes") or hashlib.sha256(
                data
            ).hexdigest() != expected.get("sha256"):
                raise DamagedEntry(f"{name}{SUFFIX} does not match the manifest")
            frame = pl.read_ipc(io.BytesIO(data), memory_map=False)
            if frame.schema != declared:
                raise DamagedEntry(f"{name}{SUFFIX} has an unexpected schema")
            frames[name] = frame
        if frames["reports"].height != 1 or frames["reports"].item(0, schema.SHA256) != sha256:
            raise DamagedEntry(f"reports{SUFFIX} does not describe this file")
        return Report(
            reports=frames["reports"],
            rankings=frames["rankings"],
            records=frames["records"],
            policies=frames["policies"],
            diagnostics=Report.diagnostics_from_frame(frames["diagnostics"]),
            synthetic=manifest.get("synthetic") is True,
        )

    # -- writing ------------------------------------------------------------------------
    def put(self, report: Report) -> Path:
        """Store ``report`` under its ``sha256``; returns the entry folder.

        Raises ``OSError`` when the cache folder can't be written (read-only, full, ...). If
        another process finishes the same entry first, its copy is kept and this one dropped.
        """
        sha256 = report.sha256
        entry = self.entry_dir(sha256)
        self.root.mkdir(parents=True, exist_ok=True)
        self._sweep_leftovers()
        temp = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=self.root))
        try:
            files: dict[str, dict[str, object]] = {}
            frames = {name: report.table(name) for name in schema.TABLES}
            frames["diagnostics"] = report.diagnostics_frame()
            for name, declared in FRAMES.items():
                buffer = io.BytesIO()
                schema.conform(frames[name], declared).write_ipc(buffer, compression="lz4")
                data = buffer.getvalue()
                (temp / f"{name}{SUFFIX}").write_bytes(data)
                files[f"{name}{SUFFIX}"] = {
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            manifest = {
                "format": ENTRY_FORMAT,
                "sha256": sha256,
                "parser_version": self.parser_version,
                "source_file": report.source_file,
                "synthetic": report.synthetic,
                "files": files,
            }
            # No fsync: an entry damaged by a power cut fails the manifest check and is rebuilt.
            (temp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            try:
                os.rename(temp, entry)
            except OSError:
                # Renaming onto an existing folder fails: another process stored the entry
                # first. Something else in its place (a file) is removed and the rename tried
                # once more. Anything else is a real write failure.
                if entry.is_dir() and not entry.is_symlink():
                    log.info("cache entry %s was written concurrently; keeping it", entry)
                elif entry.is_symlink() or entry.exists():
                    self._remove(entry)
                    os.rename(temp, entry)
                else:
                    raise
        finally:
            if temp.exists():
                shutil.rmtree(temp, ignore_errors=True)
        return entry

    def discard(self, sha256: str) -> None:
        """Remove the entry for ``sha256`` if present (quietly: a cache is disposable)."""
        self._remove(self.entry_dir(sha256))

    def _remove(self, folder: Path) -> None:
        # Rename first so a concurrent reader sees either the whole entry or none of it.
        trash = self.root / f"{_TRASH_PREFIX}{uuid.uuid4().hex}"
        try:
            os.rename(folder, trash)
        except FileNotFoundError:
            return
        except OSError as exc:
            log.info("could not discard cache entry %s: %s", folder, exc)
            return
        if trash.is_dir() and not trash.is_symlink():
            shutil.rmtree(trash, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                trash.unlink()

    def _sweep_leftovers(self) -> None:
        cutoff = time.time() - _LEFTOVER_AGE
        for child in self._children():
            if child.name.startswith((_TEMP_PREFIX, _TRASH_PREFIX)):
                with contextlib.suppress(OSError):
                    if child.stat().st_mtime < cutoff:
                        shutil.rmtree(child)

    # -- maintenance --------------------------------------------------------------------
    def info(self) -> CacheInfo:
        """Location, number of entries and total size on disk (what can be seen of them: a
        folder that may not be read counts as empty), and ``CacheInfo.problem``: why the cache
        cannot be fully read or written, if it cannot."""
        entries = stale = 0
        problem = _access_problem(self.root)
        try:
            children = sorted(self.root.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            children = []
        except OSError as exc:
            children, problem = [], exc.strerror or str(exc)
        for child in children:
            match = _ENTRY_NAME.match(child.name)
            try:
                is_entry = bool(match) and child.is_dir()
            except OSError as exc:
                problem = exc.strerror or str(exc)
                continue
            if match and is_entry:
                entries += 1
                if child != self.entry_dir(match["sha"]) or not self._current_format(child):
                    stale += 1
        return CacheInfo(self.root, entries, stale, _tree_size(self.root), problem)

    @staticmethod
    def _current_format(entry: Path) -> bool:
        """Whether ``entry`` was written in this program's entry format (one written in an
        earlier one is never read: it is rebuilt when its report is next opened). An entry
        whose manifest cannot be read counts as current: it is discarded as damaged."""
        try:
            return _manifest(entry / MANIFEST).get("format") == ENTRY_FORMAT
        except (DamagedEntry, *_DAMAGE):
            return True

    def clear(self) -> tuple[int, int]:
        """Empty the cache; returns (entries removed, bytes freed). Raises ``OSError``."""
        before = self.info()
        try:
            children = sorted(self.root.iterdir())
        except FileNotFoundError:
            children = []
        for child in children:
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        return before.entries, before.size_bytes - _tree_size(self.root)

    def _children(self) -> list[Path]:
        try:
            return sorted(self.root.iterdir())
        except OSError:  # not created yet, or not readable: nothing usable in it
            return []


# What reading a damaged entry can raise besides ``DamagedEntry``: a manifest of the wrong
# shape or nesting, files that are not files or may not be read, Parquet that is not Parquet.
_DAMAGE = (
    OSError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    RecursionError,
    pl.exceptions.PolarsError,
)
MAX_MANIFEST_BYTES = 1 << 20
"""A manifest lists five files; anything much larger is not one."""


def _access_problem(folder: Path) -> str | None:
    """Why this process may not read, search and write ``folder`` (or the first folder above
    it that exists), or None."""
    while True:
        try:
            os.stat(folder)
            break
        except FileNotFoundError:
            if folder.parent == folder:
                return None
            folder = folder.parent
        except OSError as exc:  # a folder above it that may not be searched
            return exc.strerror or str(exc)
    effective = os.access in os.supports_effective_ids
    try:
        allowed = os.access(folder, os.R_OK | os.W_OK | os.X_OK, effective_ids=effective)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None if allowed else os.strerror(errno.EACCES)


def _manifest(path: Path) -> dict:
    """An entry's manifest as a dictionary (``DamagedEntry`` if it is not one)."""
    with files.open_regular(path) as handle:
        text = handle.read(MAX_MANIFEST_BYTES + 1)
    if len(text) > MAX_MANIFEST_BYTES:
        raise DamagedEntry("manifest is far too large")
    manifest = json.loads(text.decode("utf-8"))
    if not isinstance(manifest, dict):
        raise DamagedEntry(f"manifest is a {type(manifest).__name__}, not an object")
    return manifest


def _tree_size(root: Path) -> int:
    total = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_size
    return total
