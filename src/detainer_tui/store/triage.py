"""The triage database: marks, notes and named views an analyst keeps, in one SQLite file.

By default ``triage.sqlite`` in the data folder; ``triage_db`` in ``config.toml`` puts it where
a team on one server can share it. Several explorers (and the command line) may use the file
at once:

- WAL journal mode, so readers never wait for a writer and a writer never blocks readers;
- every write is one short transaction (``BEGIN IMMEDIATE``) with a busy timeout, and it
  changes only the fields it is about (marking a row never touches its note), so two analysts
  writing at the same moment both keep what they wrote;
- every change is also appended to a log (``events``): who did what, and when;
- a note is written over only the note the analyst began from (``set_note``'s
  ``replacing``): one another analyst wrote meanwhile is shown to them, never overwritten
  unseen (``NoteChanged``);
- ``changed()`` asks SQLite whether another connection committed since we last read
  (``PRAGMA data_version``), which costs next to nothing, so callers can poll it on a timer;
- a file moved, replaced or deleted while open (a reset, a backup put back) is noticed by
  ``changed()`` and before every write (``replaced``): the file at the path is opened again,
  so that no mark goes to a file nobody reads any more, and ``news`` says so.

A file at the path that is not a triage database (another SQLite file, anything else) or is
damaged is moved aside beside it (``triage.sqlite.damaged-DATE-TIME``), with one message, and
a new database started: nothing in the old file is lost. A database that cannot be written
(its folder or file read-only, another user's) is opened read-only if it can be read, else not
at all; ``problem`` then says why marking is off (and what to ask of whom), and nothing else
stops working.

In a folder a team shares through a group (``/srv/ddor``, group-writable, ideally setgid),
each analyst's explorer must be able to write the file whoever created it. So the database
and its ``-wal`` and ``-shm`` files (which SQLite creates with the database's mode) are made
readable and writable by the folder's group, and given that group, when they are created and
whenever the analyst who owns them opens them again: a file made before, by an analyst whose
umask left it ``-rw-r--r--``, is set right by its owner's next start.

The rows are keyed by ``key``: the dataset's identity of a row (its table, its report period,
its own values and its occurrence among identical rows), never a file path or row number.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from detainer_tui import paths
from detainer_tui.text import printable

APPLICATION_ID = 0x44444F52
"""``PRAGMA application_id`` of a triage database ("DDOR"): tells it from other SQLite files."""
SCHEMA_VERSION = 1
"""``PRAGMA user_version`` of the current schema; ``_MIGRATIONS[n]`` takes version n to n+1."""
BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another process's write to finish before giving up."""

_MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: marks and notes, their log, named views.
    """
    CREATE TABLE marks (
        key TEXT PRIMARY KEY,
        tbl TEXT NOT NULL,
        identity TEXT NOT NULL,
        row_values TEXT NOT NULL,
        report_file TEXT,
        report_start TEXT,
        report_end TEXT,
        report_sha256 TEXT,
        marked INTEGER NOT NULL DEFAULT 0,
        marked_by TEXT,
        marked_at TEXT,
        note TEXT,
        noted_by TEXT,
        noted_at TEXT
    );
    CREATE INDEX marks_tbl ON marks (tbl);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL,
        what TEXT NOT NULL,
        value TEXT,
        user TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE views (
        name TEXT PRIMARY KEY,
        pane TEXT NOT NULL,
        state TEXT NOT NULL,
        saved_by TEXT NOT NULL,
        saved_at TEXT NOT NULL
    );
    """,
)


def login_name() -> str:
    """The user's login name, as marks and notes record it (never fails)."""
    try:
        name = getpass.getuser()
    except Exception:  # no LOGNAME/USER and no passwd entry (a container's bare uid)
        name = ""
    if not name:
        name = f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
    return printable(name)


def now() -> str:
    """The time a change is recorded with: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class RowRef:
    """A row as the triage database keeps it: its key and what is shown of it."""

    key: str
    table: str
    identity: dict[str, Any]
    """What makes the row this row (the dataset decides; see ``dataset.triage``)."""
    values: dict[str, Any]
    """The row's own values as shown, for the Triage pane and exports."""
    report_file: str | None = None
    report_start: str | None = None
    report_end: str | None = None
    report_sha256: str | None = None


@dataclass(frozen=True)
class MarkRow:
    """One row of the ``marks`` table: a marked or noted row.

    Its identity and values are kept as the database has them (JSON) and read when first
    asked for: a start reads every mark, and a team's thousands of them cost tens of
    milliseconds to read through, while the first pane needs only the identities of its own
    table's."""

    key: str
    table: str
    identity_json: str
    values_json: str
    report_file: str | None
    report_start: str | None
    report_end: str | None
    report_sha256: str | None
    marked: bool
    marked_by: str | None
    marked_at: str | None
    note: str | None
    noted_by: str | None
    noted_at: str | None

    @cached_property
    def identity(self) -> dict[str, Any]:
        """What the row is (see the dataset's ``RowIdentity``)."""
        return _json(self.identity_json)

    @cached_property
    def values(self) -> dict[str, Any]:
        """The row's own values when it was last marked or noted."""
        return _json(self.values_json)


@dataclass(frozen=True)
class SavedView:
    """A named view: a pane and its filters, as the explorer saved them."""

    name: str
    pane: str
    state: dict[str, Any]
    saved_by: str
    saved_at: str


class TriageUnavailable(Exception):
    """A write was asked of a database that cannot be written (``TriageStore.problem``)."""


class NoteChanged(Exception):
    """A note was not written: since the analyst began from the one they saw, another analyst
    (or another explorer) changed it to ``note`` (None: removed it), ``by`` whom, ``at``."""

    def __init__(self, note: str | None, by: str | None, at: str | None) -> None:
        super().__init__(f"changed meanwhile by {by or 'someone else'}")
        self.note, self.by, self.at = note, by, at


class ViewExists(Exception):
    """A view was not saved: one of that name exists, saved ``by`` whom, ``at`` (UTC)."""

    def __init__(self, name: str, by: str, at: str) -> None:
        super().__init__(f"a view called {name} exists, saved by {by}")
        self.name, self.by, self.at = name, by, at


ANY_NOTE: Any = object()
"""``set_note``'s ``replacing`` when the note is written whatever it is now."""


class TriageStore:
    """The triage database at ``path``; ``open`` never raises for a problem with the file."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection | None, problem: str | None, notice: str
    ) -> None:
        self.path = path
        self._db = connection
        self.problem = problem
        """Why marking is off (None: the database can be written)."""
        self.notice = notice
        """Something worth saying once about opening it (a damaged file set aside)."""
        self.user = login_name()
        self._data_version: int | None = None
        self._opened = _identity(path) if connection is not None else None
        """Which file was opened (device, inode): see ``replaced``."""
        self.news: list[str] = []
        """What happened to the file since it was opened, for the analyst (``reopen``)."""

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None = None) -> TriageStore:
        """The database at ``path`` (default: ``triage.sqlite`` in the data folder), created
        if need be. Never raises for a problem with the file: see ``problem`` and ``notice``.
        """
        path = path if path is not None else paths.triage_db_file()
        notice = ""
        refused = _not_writable(path)
        if refused is not None:
            # SQLite would open it read-only without a word and fail each write (another
            # analyst's file that their umask left -rw-r--r--), and make -wal and -shm files
            # that could not be shared: not even tried.
            return cls._read_only(path, refused)
        try:
            return cls(path, _connect(path), None, notice)
        except _NotTriage as exc:
            aside = _set_aside(path)
            if aside is None:
                return cls._read_only(
                    path,
                    f"{path}: not a triage database ({exc}) and cannot be moved aside",
                )
            notice = f"{path}: {exc}; moved aside to {aside.name}, starting a new triage database"
        except (sqlite3.Error, OSError) as exc:
            return cls._read_only(path, f"{path}: cannot be written ({_reason(exc)})")
        try:
            return cls(path, _connect(path), None, printable(notice))
        except (_NotTriage, sqlite3.Error, OSError) as exc:
            return cls(path, None, printable(f"{path}: {_reason(exc)}"), notice)

    @classmethod
    def _read_only(cls, path: Path, why: str) -> TriageStore:
        """The database opened for reading only (if it exists and can be read)."""
        problem = printable(why)
        try:
            if not path.is_file():
                return cls(path, None, problem, "")
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            if _version(connection) != SCHEMA_VERSION:
                connection.close()
                return cls(path, None, problem, "")
            connection.execute("SELECT count(*) FROM marks").fetchone()
        except (sqlite3.Error, OSError, ValueError):
            return cls(path, None, problem, "")
        # Reading made the -wal and -shm files if they were not there: others must write them.
        _share_as_folder(path)
        return cls(path, connection, problem, "")

    @property
    def writable(self) -> bool:
        """Whether marks and notes can be written."""
        return self._db is not None and self.problem is None

    @property
    def readable(self) -> bool:
        """Whether marks can be read (a read-only database can)."""
        return self._db is not None

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def replaced(self) -> bool:
        """Whether the file at ``path`` is no longer the one open: moved or deleted (a reset,
        a backup put back) while the explorer ran. SQLite would go on writing to the file it
        has open, where no other explorer, nor this one's next start, would ever read it."""
        return self._opened is not None and _identity(self.path) != self._opened

    def reopen(self) -> None:
        """Open the database at ``path`` again (``open``'s way: made if it is gone), in place
        of the file that was there; ``news`` says so."""
        there = self.path.exists()
        self.close()
        again = TriageStore.open(self.path)
        self._db, self.problem, self._opened = again._db, again.problem, again._opened
        self._data_version = None
        if there:
            said = (
                f"{self.path} was replaced while the explorer was open: marks and notes are "
                "now those of the database there"
            )
        else:
            said = (
                f"{self.path} was moved or deleted while the explorer was open: a new one is "
                "started there (the marks and notes made before are in the file that was "
                "moved, if it was kept)"
            )
        self.news.extend(printable(line) for line in (said, again.notice) if line)

    # -- reading --------------------------------------------------------------------------
    def changed(self) -> bool:
        """Whether another connection (another explorer) changed the database since the last
        call, or the file at ``path`` is another now (it is then opened: ``reopen``).

        Cheap (no table is read): meant to be asked every second or so.
        """
        reopened = self.replaced()
        if reopened:
            self.reopen()
        if self._db is None:
            return reopened
        try:
            # Changes only when another connection commits: our own writes the caller
            # knows of already.
            current = self._db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return False
        changed = current != self._data_version
        self._data_version = current
        return changed

    def marks(self, table: str | None = None) -> list[MarkRow]:
        """Every marked or noted row (of ``table`` if given), oldest change first."""
        if self._db is None:
            return []
        sql = "SELECT * FROM marks WHERE (marked OR note IS NOT NULL)"
        args: tuple[Any, ...] = ()
        if table is not None:
            sql += " AND tbl = ?"
            args = (table,)
        sql += " ORDER BY coalesce(max(marked_at, noted_at), marked_at, noted_at), key"
        try:
            rows = self._db.execute(sql, args).fetchall()
        except sqlite3.Error:
            return []
        return [_mark_row(row) for row in rows]

    def mark(self, key: str) -> MarkRow | None:
        """The row stored under ``key`` (marked, noted, or no longer either), if any."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT * FROM marks WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return _mark_row(row) if row is not None else None

    def views(self) -> list[SavedView]:
        """Every named view, by name."""
        if self._db is None:
            return []
        try:
            rows = self._db.execute(
                "SELECT name, pane, state, saved_by, saved_at FROM views ORDER BY name"
            ).fetchall()
        except sqlite3.Error:
            return []
        views = []
        for name, pane, state, by, at in rows:
            with contextlib.suppress(ValueError):
                views.append(SavedView(name, pane, json.loads(state), by, at))
        return views

    def events(self) -> int:
        """How many changes the log holds."""
        if self._db is None:
            return 0
        return int(self._db.execute("SELECT count(*) FROM events").fetchone()[0])

    # -- writing --------------------------------------------------------------------------
    def set_mark(self, row: RowRef, marked: bool) -> None:
        """Mark (or unmark) ``row``; raises ``TriageUnavailable`` if marking is off."""
        at = now()
        self._write(
            row,
            "marked = excluded.marked, marked_by = excluded.marked_by, "
            "marked_at = excluded.marked_at",
            {"marked": int(marked), "marked_by": self.user, "marked_at": at},
            ("mark" if marked else "unmark", None, at),
        )

    def set_note(self, row: RowRef, note: str, *, replacing: str | None = ANY_NOTE) -> None:
        """Write ``note`` on ``row`` (empty: remove it); raises ``TriageUnavailable`` if
        marking is off. With ``replacing`` (the note the analyst began from, None for none),
        only if the stored note is still that one (or already ``note``): else it raises
        ``NoteChanged`` with the note as it is now, and writes nothing."""
        text = _note_text(note)
        at = now()

        def unchanged(db: sqlite3.Connection) -> None:
            if replacing is ANY_NOTE:
                return
            found = db.execute(
                "SELECT note, noted_by, noted_at FROM marks WHERE key = ?", (row.key,)
            ).fetchone()
            current, by, when = found if found is not None else (None, None, None)
            if current not in (_note_text(replacing or ""), text):
                raise NoteChanged(current, by, when)

        self._write(
            row,
            "note = excluded.note, noted_by = excluded.noted_by, noted_at = excluded.noted_at",
            {"note": text, "noted_by": self.user, "noted_at": at},
            ("note", text, at),
            unchanged,
        )

    def _write(
        self,
        row: RowRef,
        update: str,
        fields: dict[str, Any],
        event: tuple[str, str | None, str],
        check: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        values = {
            "key": row.key,
            "tbl": row.table,
            "identity": json.dumps(row.identity, sort_keys=True, default=str),
            "row_values": json.dumps(row.values, default=str),
            "report_file": row.report_file,
            "report_start": row.report_start,
            "report_end": row.report_end,
            "report_sha256": row.report_sha256,
            "marked": 0,
            **fields,
        }
        names = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        # The row's values and report are refreshed too: the latest file it was seen in.
        sql = (
            f"INSERT INTO marks ({names}) VALUES ({marks}) ON CONFLICT(key) DO UPDATE SET "
            f"{update}, row_values = excluded.row_values, report_file = excluded.report_file, "
            "report_sha256 = excluded.report_sha256"
        )
        what, value, at = event
        with self._transaction() as db:
            if check is not None:
                check(db)  # in the transaction: nobody writes between the check and the write
            db.execute(sql, values)
            db.execute(
                "INSERT INTO events (key, what, value, user, at) VALUES (?, ?, ?, ?, ?)",
                (row.key, what, value, self.user, at),
            )

    def save_view(
        self, name: str, pane: str, state: dict[str, Any], *, replace: bool = True
    ) -> None:
        """Keep ``state`` (a pane's filters) under ``name``, replacing a view of that name;
        unless ``replace``, a view of that name (another analyst's perhaps) is left as it is
        and ``ViewExists`` says whose it is."""
        name = printable(name).strip()
        with self._transaction() as db:
            if not replace:
                found = db.execute(
                    "SELECT saved_by, saved_at FROM views WHERE name = ?", (name,)
                ).fetchone()
                if found is not None:
                    raise ViewExists(name, *found)
            db.execute(
                "INSERT INTO views (name, pane, state, saved_by, saved_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET pane = excluded.pane, state = excluded.state, "
                "saved_by = excluded.saved_by, saved_at = excluded.saved_at",
                (name, pane, json.dumps(state, default=str), self.user, now()),
            )

    def delete_view(self, name: str) -> bool:
        """Forget the view called ``name``; whether there was one."""
        with self._transaction() as db:
            return db.execute("DELETE FROM views WHERE name = ?", (name,)).rowcount > 0

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.replaced():  # written where it will be read, not to a file moved away
            self.reopen()
        if self._db is None or self.problem is not None:
            raise TriageUnavailable(self.problem or f"{self.path}: cannot be written")
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                if db.in_transaction:
                    db.execute("ROLLBACK")
            raise TriageUnavailable(
                printable(f"{self.path}: cannot write ({_reason(exc)})")
            ) from exc


# -- the file -------------------------------------------------------------------------------
class _NotTriage(Exception):
    """The file at the path is not a triage database (or is damaged); says what it is."""


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to the triage database at ``path``, created or migrated as needed.

    Raises ``_NotTriage`` for a file that is something else or damaged, ``sqlite3.Error`` or
    ``OSError`` when it cannot be written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not path.is_file():
        raise OSError(f"{path} is not a regular file")
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as handle:
            head = handle.read(16)
        if head != b"SQLite format 3\x00":
            raise _NotTriage("not a SQLite database")
    if not path.exists():
        # Created here, not by SQLite, so that it is shared as its folder is before SQLite
        # makes the -wal and -shm files after its mode.
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    _share_as_folder(path)
    # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE), one a write.
    db = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            raise _NotTriage(f"damaged ({_reason(exc)})") from exc
        if check != "ok":
            raise _NotTriage(f"damaged ({printable(str(check))[:80]})")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot use a write-ahead log (journal mode {mode})")
        db.execute("PRAGMA synchronous = NORMAL")
        _migrate(db)
        _share_as_folder(path)  # the -wal and -shm files SQLite has just made
    except BaseException:
        db.close()
        raise
    return db


def _files(path: Path) -> tuple[Path, Path, Path]:
    """The database and the write-ahead log and shared-memory files beside it."""
    return path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _share_as_folder(path: Path) -> None:
    """Make the database files this user owns readable and writable by the group of their
    folder, and of that group, when the folder is writable by its group (a folder a team
    shares); otherwise leave them as they are."""
    folder = path.parent.stat()
    if not folder.st_mode & stat.S_IWGRP:
        return
    for file in _files(path):
        try:
            found = file.stat()
            if found.st_uid != os.geteuid():
                continue  # another analyst's: theirs to change (see _not_writable)
            if found.st_gid != folder.st_gid:
                os.chown(file, -1, folder.st_gid)
            mode = stat.S_IMODE(found.st_mode) | stat.S_IRGRP | stat.S_IWGRP
            if mode != stat.S_IMODE(found.st_mode):
                os.chmod(file, mode)
        except OSError:
            continue  # gone meanwhile, or not a group of ours: _not_writable tells the others


def _not_writable(path: Path) -> str | None:
    """Why this user may not write the database at ``path`` (one of its files is not
    writable by them), saying whom to ask what; None if they may."""
    for file in _files(path):
        try:
            found = file.stat()
        except OSError:
            continue
        if os.access(file, os.W_OK):
            continue
        owner = _name(found.st_uid, "user")
        group = _name(found.st_gid, "group")
        said = f"{file}: not writable by you ({stat.filemode(found.st_mode)} {owner} {group})"
        if path.parent.stat().st_mode & stat.S_IWGRP:
            return (
                f"{said}; ask {owner} to start detainer-tui once (it then shares the file "
                f"with the folder's group), or an administrator to run: chmod g+w {path}*"
            )
        return (
            f"{said}, and its folder is not writable by a group; to share the database, "
            f"make the folder writable by a group every analyst is in (chmod g+ws)"
        )
    return None


def _name(number: int, kind: str) -> str:
    """The name of user (or group) ``number``, else the number."""
    import grp
    import pwd

    try:
        if kind == "user":
            return pwd.getpwuid(number).pw_name
        return grp.getgrgid(number).gr_name
    except KeyError:
        return str(number)


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _migrate(db: sqlite3.Connection) -> None:
    """Bring the schema to ``SCHEMA_VERSION`` in one transaction (another process may be
    doing the same: the second finds it done)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        application = db.execute("PRAGMA application_id").fetchone()[0]
        version = _version(db)
        tables = db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        if application != APPLICATION_ID and (application or version or tables):
            raise _NotTriage("an SQLite database of something else, not triage")
        if version > SCHEMA_VERSION:
            raise sqlite3.OperationalError(
                f"written by a newer detainer-tui (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); not changed"
            )
        for step in range(version, SCHEMA_VERSION):
            for statement in _MIGRATIONS[step].split(";"):
                if statement.strip():
                    db.execute(statement)
        # Only when something changed: a write would tell every other explorer to re-read.
        if application != APPLICATION_ID:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if version != SCHEMA_VERSION:
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _set_aside(path: Path) -> Path | None:
    """Move ``path`` (and its ``-wal``, ``-shm`` files) aside; the new name, or None."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 0
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}.{number}")
    try:
        os.replace(path, aside)
    except OSError:
        return None
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        with contextlib.suppress(OSError):
            if companion.exists():
                os.replace(companion, aside.with_name(aside.name + suffix))
    return aside


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _identity(path: Path) -> tuple[int, int] | None:
    """The file at ``path`` (device, inode), None if there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _note_text(note: str) -> str | None:
    """A note as it is stored: plain text, trimmed; None for an empty one."""
    return printable(note).strip() or None


def _mark_row(row: Sequence[Any]) -> MarkRow:
    (
        key,
        table,
        identity,
        values,
        report_file,
        report_start,
        report_end,
        report_sha256,
        marked,
        marked_by,
        marked_at,
        note,
        noted_by,
        noted_at,
    ) = row
    return MarkRow(
        key,
        table,
        identity if isinstance(identity, str) else "",
        values if isinstance(values, str) else "",
        report_file,
        report_start,
        report_end,
        report_sha256,
        bool(marked),
        marked_by,
        marked_at,
        note,
        noted_by,
        noted_at,
    )


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
