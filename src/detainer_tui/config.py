"""The optional user configuration: ``config.toml`` in the platform's config folder.

    theme = "nord"                 # any built-in Textual theme
    export_dir = "~/ddor-exports"  # where the explorer's exports go (default: the last folder
                                   # used, else detainer-tui in the documents folder)
    default_pane = "records"       # rankings | records | policies | reports | triage
    triage_db = "/srv/ddor/triage.sqlite"  # marks and notes (default: triage.sqlite in the
                                   # data folder); a team on one server can share one file

Every key is optional; a missing file means all defaults. A mistake is reported as a
``UsageError`` naming the file, the key and what is allowed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from detainer_tui import paths

PANES = ("rankings", "records", "policies", "reports", "triage")
"""The explorer's panes, in tab order (keys 1, 2, ...): the names ``default_pane`` takes."""
DEFAULT_PANE = "rankings"
KEYS = ("theme", "export_dir", "default_pane", "triage_db")


@dataclass(frozen=True)
class Config:
    """Settings read from ``config.toml`` (``None`` means: use the built-in default)."""

    theme: str | None = None
    export_dir: Path | None = None
    default_pane: str = DEFAULT_PANE
    triage_db: Path | None = None


def load_config(path: Path | None = None) -> Config:
    """Read the configuration; a missing file gives the defaults.

    Raises ``UsageError`` for a file that isn't valid TOML, an unknown key, or a bad value.
    """
    from detainer_tui.errors import UsageError

    path = path if path is not None else paths.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the configuration ({exc})") from exc
    import tomllib  # here: most starts have no configuration file to parse (2 ms saved)

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from exc

    unknown = [key for key in document if key not in KEYS]
    if unknown:
        raise UsageError(f"{path}: unknown key {unknown[0]!r}; the keys are {', '.join(KEYS)}")
    theme = document.get("theme")
    if theme is not None:
        themes = _themes()
        if not isinstance(theme, str) or theme not in themes:
            raise UsageError(
                f"{path}: theme = {theme!r} is not a theme; use one of {', '.join(themes)}"
            )
    export_dir = document.get("export_dir")
    if export_dir is not None:
        if not isinstance(export_dir, str) or not export_dir.strip():
            raise UsageError(
                f"{path}: export_dir = {export_dir!r} must be a folder path (a string)"
            )
        try:
            folder = Path(os.path.expandvars(export_dir)).expanduser()
        except RuntimeError as exc:  # "~someone" with no such user
            reason = str(exc).rstrip(".") or type(exc).__name__
            raise UsageError(
                f"{path}: export_dir = {export_dir!r} cannot be used ({reason})"
            ) from exc
        if not folder.is_absolute():
            # Relative to the config file, so the setting means the same from any directory.
            folder = path.parent / folder
        try:
            is_file = folder.exists() and not folder.is_dir()
        except OSError as exc:  # a name too long, a parent we may not search
            raise UsageError(
                f"{path}: export_dir = {export_dir!r} cannot be used ({exc.strerror or exc})"
            ) from exc
        if is_file:
            raise UsageError(f"{path}: export_dir = {export_dir!r} is a file, not a folder")
        export_dir = folder
    triage_db = document.get("triage_db")
    if triage_db is not None:
        triage_db = _triage_db(path, triage_db)
    pane = document.get("default_pane", DEFAULT_PANE)
    if pane not in PANES:
        raise UsageError(
            f"{path}: default_pane = {pane!r} is not a pane; use one of {', '.join(PANES)}"
        )
    return Config(theme=theme, export_dir=export_dir, default_pane=pane, triage_db=triage_db)


def _triage_db(path: Path, value: object) -> Path:
    """The ``triage_db`` setting as a file path (relative to the config file)."""
    from detainer_tui.errors import UsageError

    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{path}: triage_db = {value!r} must be a file path (a string)")
    try:
        file = Path(os.path.expandvars(value)).expanduser()
    except RuntimeError as exc:  # "~someone" with no such user
        reason = str(exc).rstrip(".") or type(exc).__name__
        raise UsageError(f"{path}: triage_db = {value!r} cannot be used ({reason})") from exc
    if not file.is_absolute():
        file = path.parent / file
    try:
        is_folder = file.is_dir()
    except OSError as exc:
        raise UsageError(
            f"{path}: triage_db = {value!r} cannot be used ({exc.strerror or exc})"
        ) from exc
    if is_folder:
        raise UsageError(f"{path}: triage_db = {value!r} is a folder; give a file name")
    return file


def _themes() -> list[str]:
    # Imported only when a theme is set: textual is not needed on the export path otherwise.
    from textual.theme import BUILTIN_THEMES

    return sorted(BUILTIN_THEMES)
