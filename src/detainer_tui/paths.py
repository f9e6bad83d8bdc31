"""Where detainer-tui keeps files: every location on disk is decided here."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "detainer-tui"


def cache_dir() -> Path:
    """Parsed-report cache (Parquet), safe to delete at any time."""
    return Path(platformdirs.user_cache_dir(APP_NAME))


def data_dir() -> Path:
    """The report library (which files the user has opened)."""
    return Path(platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    """Where the optional ``config.toml`` lives."""
    return Path(platformdirs.user_config_dir(APP_NAME))


def state_dir() -> Path:
    """What the explorer remembers between runs (the last export folder)."""
    return Path(platformdirs.user_state_dir(APP_NAME))


def default_export_dir() -> Path:
    """Where exports go unless configured or another folder was used last: a
    ``detainer-tui`` folder in the user's documents folder."""
    return Path(platformdirs.user_documents_dir()) / APP_NAME


def explorer_state_file() -> Path:
    """What the explorer remembers between runs (JSON)."""
    return state_dir() / "explorer.json"


def sample_reports_dir() -> Path:
    """The bundled synthetic sample reports: the checkout's, or an installed copy's."""
    checkout = Path(__file__).resolve().parents[2] / "sample_reports"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / APP_NAME / "sample_reports"


def report_cache_dir() -> Path:
    """Cached parsed reports: one folder of Arrow IPC files per (file hash, parser version)."""
    return cache_dir() / "reports"


def library_file() -> Path:
    """The human-readable list of reports the user has opened (JSON)."""
    return data_dir() / "library.json"


def query_history_file() -> Path:
    """The queries typed in the explorer's query line (JSON), kept between sessions."""
    return data_dir() / "query_history.json"


def triage_db_file() -> Path:
    """The triage database (marks, notes, named views): SQLite, unless ``triage_db`` in
    ``config.toml`` names another (a team's shared one)."""
    return data_dir() / "triage.sqlite"


def sessions_file() -> Path:
    """Where each set of reports was left (pane, filters, cursor), for the next start (JSON)."""
    return state_dir() / "sessions.json"


def config_file() -> Path:
    """The optional user configuration file."""
    return config_dir() / "config.toml"
