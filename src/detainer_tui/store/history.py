"""The queries typed in the explorer's query line, kept between sessions.

They live in ``query_history.json`` in the user data folder, oldest first. The file is only
ever a convenience: one that cannot be read is set aside (or, if it cannot be moved, left
alone and not written) with a message, never a failure, and the query line works without it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from detainer_tui import paths
from detainer_tui.files import locked, replace_text
from detainer_tui.text import printable

HISTORY_FORMAT = 1
MAX_QUERIES = 500
"""Queries kept; older ones are forgotten."""


class QueryHistory:
    """Earlier queries, oldest first; ``add`` keeps a new one (and saves)."""

    def __init__(self, queries: list[str], file: Path, *, writable: bool = True) -> None:
        self.queries = queries
        self.file = file
        self.writable = writable
        """False when the file could not be read or written: it is then left as it is."""

    @classmethod
    def load(cls, file: Path | None = None) -> tuple[QueryHistory, str | None]:
        """The history, and a message when its file could not be used (None when all is well).

        Never raises: a file that cannot be read leaves an empty history.
        """
        file = file if file is not None else paths.query_history_file()
        try:
            data = file.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return cls([], file), None
        except OSError as exc:
            # Perhaps only unreadable to us: leave it alone rather than replace it.
            reason = exc.strerror or str(exc)
            return cls([], file, writable=False), printable(
                f"{file}: cannot read the query history ({reason}); earlier queries are not "
                "shown and new ones are not kept"
            )
        try:
            return cls(_parse(data), file), None
        except ValueError as exc:
            return cls._set_aside(file, str(exc))

    @classmethod
    def _set_aside(cls, file: Path, reason: str) -> tuple[QueryHistory, str]:
        aside = _free_name(file.with_name(file.name + ".damaged"))
        try:
            os.replace(file, aside)
        except OSError as exc:
            return cls([], file, writable=False), printable(
                f"{file}: the query history is damaged ({reason}) and cannot be set aside "
                f"({exc.strerror or exc}); new queries are not kept"
            )
        return cls([], file), printable(
            f"{file}: the query history is damaged ({reason}); set aside as {aside.name}, "
            "starting a new one"
        )

    def add(self, query: str) -> str | None:
        """Keep ``query`` as the latest (an earlier copy of it moves up); save the file.

        Returns a message when it cannot be saved (once; later queries are then only kept
        for this session).
        """
        query = query.strip()
        if not query:
            return None
        self.queries = _with(self.queries, query)
        if not self.writable:
            return None
        try:
            # Under the file's lock, the history as saved now, with this query: another
            # explorer of this analyst's may have added its own since this one read it.
            with locked(self.file):
                saved, problem = QueryHistory.load(self.file)
                if not saved.writable:
                    self.writable = False
                    return problem
                self.queries = _with(saved.queries, query)
                self._save()
                return problem
        except OSError as exc:
            self.writable = False
            return printable(
                f"{self.file}: cannot save the query history ({exc.strerror or exc}); "
                "queries are kept for this session only"
            )
        return None

    def _save(self) -> None:
        """Write atomically (a temporary file, then rename)."""
        document = {"format": HISTORY_FORMAT, "queries": self.queries}
        text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        replace_text(self.file, text)


def _with(queries: list[str], query: str) -> list[str]:
    """``queries`` with ``query`` the latest (an earlier copy of it moves up)."""
    return ([q for q in queries if q != query] + [query])[-MAX_QUERIES:]


def _parse(data: bytes) -> list[str]:
    """The queries in a history file; ``ValueError`` saying what is wrong with it."""
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError("not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at line {exc.lineno}") from exc
    if not isinstance(document, dict) or document.get("format") != HISTORY_FORMAT:
        raise ValueError("not a query history of a known format")
    queries = document.get("queries")
    if not isinstance(queries, list) or not all(isinstance(q, str) for q in queries):
        raise ValueError("its queries are not a list of text")
    # One line each, as the query line shows them.
    return [printable(q) for q in queries if q.strip()][-MAX_QUERIES:]


def _free_name(path: Path) -> Path:
    """``path``, or ``path.1``, ``path.2``... whichever does not exist yet."""
    candidate, number = path, 0
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.{number}")
    return candidate
