"""Shared fixtures: every test runs with its own cache, data and config folders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_reports"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point platformdirs at fresh folders so no test touches the user's real files."""
    root = tmp_path_factory.mktemp("xdg")
    for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        (root / var).mkdir()
        monkeypatch.setenv(var, str(root / var))
    return root


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The bundled sample PDFs, in a stable order."""
    return sorted(SAMPLES.glob("*.pdf"))
