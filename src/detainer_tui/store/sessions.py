"""Where the explorer was left, per set of reports: ``sessions.json`` in the state folder.

Each set of reports shown (told by their files' SHA-256, in any order) keeps what the explorer
showed when it quit: the pane, each pane's filters, sort, hidden and widened columns and the
cursor's row and column (as the explorer writes them: plain JSON). The next start on the same
reports opens there. This is one analyst's own state, so it lives in their state folder, not in
the triage database a team may share.

Like the query history, the file is only a convenience: one that cannot be read is set aside
with a message and a new one started; one that cannot be written is said once, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from detainer_tui import paths
from detainer_tui.files import locked, replace_text
from detainer_tui.text import printable

SESSIONS_FORMAT = 1
MAX_SESSIONS = 100
"""Sets of reports remembered; the least recently used are forgotten."""


def session_key(hashes: Iterable[str | None]) -> str:
    """The key of a set of reports: their files' SHA-256s, sorted, hashed."""
    joined = "\n".join(sorted(h for h in hashes if h))
    return hashlib.sha256(joined.encode("ascii", "replace")).hexdigest()


class Sessions:
    """Every remembered session; ``get`` and ``put`` by ``session_key``."""

    def __init__(self, sessions: dict[str, Any], file: Path) -> None:
        self.sessions = sessions
        self.file = file

    @classmethod
    def load(cls, file: Path | None = None) -> tuple[Sessions, str | None]:
        """The sessions, and a message if the file could not be used. Never raises."""
        file = file if file is not None else paths.sessions_file()
        try:
            data = file.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return cls({}, file), None
        except OSError as exc:
            return cls({}, file), printable(
                f"{file}: cannot read where you left off ({exc.strerror or exc}); starting afresh"
            )
        try:
            document = json.loads(data.decode("utf-8"))
            if not isinstance(document, dict) or document.get("format") != SESSIONS_FORMAT:
                raise ValueError("not a sessions file of a known format")
            sessions = document.get("sessions")
            if not isinstance(sessions, dict):
                raise ValueError("its sessions are not a table")
        except (UnicodeDecodeError, ValueError) as exc:
            aside = file.with_name(f"{file.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
            try:
                os.replace(file, aside)
            except OSError:
                return cls({}, file), printable(f"{file}: damaged ({exc}); not read")
            return cls({}, file), printable(
                f"{file}: damaged ({exc}); set aside as {aside.name}, starting afresh"
            )
        return cls({k: v for k, v in sessions.items() if isinstance(v, dict)}, file), None

    def get(self, key: str) -> dict[str, Any] | None:
        """The session saved for ``key``, if any."""
        return self.sessions.get(key)

    def put(self, key: str, session: dict[str, Any]) -> str | None:
        """Keep ``session`` for ``key`` and save the file; a message if it cannot be saved.

        The file is read again under its lock first, and only ``key`` changed: two explorers
        of one analyst's (two windows, on other reports) that quit at once each keep theirs.
        """
        session = {**session, "saved_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        problem = None
        try:
            with locked(self.file):
                saved, problem = Sessions.load(self.file)
                self.sessions = saved.sessions
                self.sessions.pop(key, None)
                self.sessions[key] = session
                while len(self.sessions) > MAX_SESSIONS:
                    self.sessions.pop(next(iter(self.sessions)))
                document = {"format": SESSIONS_FORMAT, "sessions": self.sessions}
                text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
                replace_text(self.file, text)
        except (OSError, TypeError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            return printable(f"{self.file}: cannot save where you left off ({reason})")
        return problem
