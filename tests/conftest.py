"""Shared fixtures: every test runs with its own cache, data and config folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from detainer_tui.report import Report

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


@pytest.fixture(scope="session")
def sample_reports(sample_paths: list[Path]) -> list[Report]:
    """The bundled samples, parsed (once per test session)."""
    from detainer_tui.ingest import parse_report

    return [parse_report(path) for path in sample_paths]
