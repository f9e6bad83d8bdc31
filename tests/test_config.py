"""config.toml: defaults, every key, and a clear message for every kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from detainer_tui import paths
from detainer_tui.config import DEFAULT_PANE, PANES, Config, load_config
from detainer_tui.errors import UsageError


def write_config(text: str) -> Path:
    file = paths.config_dir() / "config.toml"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def test_missing_file_means_defaults() -> None:
    assert load_config() == Config(theme=None, export_dir=None, default_pane=DEFAULT_PANE)


def test_every_key(tmp_path: Path) -> None:
    write_config(f'theme = "nord"\nexport_dir = "{tmp_path}"\ndefault_pane = "records"\n')
    assert load_config() == Config(theme="nord", export_dir=tmp_path, default_pane="records")


def test_export_dir_expands_home_and_is_relative_to_the_config_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    write_config('export_dir = "~/exports"\n')
    assert load_config().export_dir == tmp_path / "exports"
    file = write_config('export_dir = "exports"\n')
    assert load_config().export_dir == file.parent / "exports"


def test_explicit_path(tmp_path: Path) -> None:
    file = tmp_path / "elsewhere.toml"
    file.write_text('default_pane = "policies"\n')
    assert load_config(file).default_pane == "policies"


@pytest.mark.parametrize("pane", PANES)
def test_every_pane_is_accepted(pane: str) -> None:
    write_config(f'default_pane = "{pane}"\n')
    assert load_config().default_pane == pane


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("theme = \n", "not valid TOML"),
        ('default_pane = "charts"\n', "default_pane = 'charts' is not a pane; use one of rankings"),
        ("default_pane = 3\n", "default_pane = 3 is not a pane"),
        ('theme = "no-such-theme"\n', "theme = 'no-such-theme' is not a theme; use one of"),
        ("theme = 1\n", "theme = 1 is not a theme"),
        ("export_dir = 5\n", "export_dir = 5 must be a folder path"),
        ('export_dir = ""\n', "export_dir = '' must be a folder path"),
        ('colour = "red"\n', "unknown key 'colour'; the keys are theme, export_dir, default_pane"),
        ("[theme]\nname = 'nord'\n", "is not a theme"),
    ],
)
def test_mistakes_name_the_file_key_and_allowed_values(text: str, expected: str) -> None:
    file = write_config(text)
    with pytest.raises(UsageError) as caught:
        load_config()
    message = str(caught.value)
    assert message.startswith(f"{file}: ")
    assert expected in message
    assert "\n" not in message


def test_export_dir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    write_config(f'export_dir = "{tmp_path / "a-file"}"\n')
    with pytest.raises(UsageError, match="is a file, not a folder"):
        load_config()


@pytest.mark.parametrize(
    ("export_dir", "reason"),
    [("~no-such-user-ddor/x", "home directory"), ("x" * 300, "File name too long")],
)
def test_unusable_export_dir_names_the_file_and_key(export_dir: str, reason: str) -> None:
    file = write_config(f'export_dir = "{export_dir}"\n')
    with pytest.raises(UsageError) as caught:
        load_config()
    message = str(caught.value)
    assert message.startswith(f"{file}: export_dir = {export_dir!r} cannot be used (")
    assert reason in message
