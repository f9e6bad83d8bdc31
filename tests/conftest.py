"""Shared fixtures: every test runs with its own cache, data and config folders.

The bundled samples are parsed at most once per session (``parse_sample``), by the tests
about parsing. Tests that only need their tables take ``sample_reports``: the tables a correct
parser returns for them (``sample_reports/expected``, which ``tests/test_ingest.py`` checks the
parser does return). Explorer tests open ``sample_dataset``, one ``Dataset`` of them whose
tables are built once per session. Tests that open the samples through the store or the
command line start from a cache that already holds them (``seeded_cache``). So no test
parses a sample unless parsing is what it tests.
"""

from __future__ import annotations

import gc
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from detainer_tui import paths
from detainer_tui.dataset import Dataset
from detainer_tui.ingest import settings
from detainer_tui.report import Report
from detainer_tui.store import ReportCache

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_reports"


def pytest_configure(config: pytest.Config) -> None:
    """Collect garbage less often in test processes: the explorer's tests allocate many
    short-lived objects (widgets, styles, segments), and at Python's default threshold the
    collector ran every 700 of them, about a seventh of the suite's CPU time. Cycles are
    still collected, after 100,000 allocations."""
    gc.set_threshold(100_000, 50, 1000)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collecting imported (Textual, Polars, the parser...) stays for the whole run:
    frozen, the collector no longer sweeps it."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point platformdirs at fresh folders (the documents folder too, where exports go) so no
    test touches the user's real files."""
    root = tmp_path_factory.mktemp("xdg")
    for var in (
        "XDG_CACHE_HOME",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        "XDG_DOCUMENTS_DIR",
    ):
        (root / var).mkdir()
        monkeypatch.setenv(var, str(root / var))
    return root


@pytest.fixture(autouse=True)
def pages_read_in_process() -> Iterator[None]:
    """Tests read a PDF's pages in their own process: the suite already keeps every core busy
    with test processes, so page-reading workers would only add their start-up. The tests of
    parallel reading (``tests/test_ingest.py``) ask for workers, and check both ways agree."""
    with settings.use(replace(settings.current(), parallel_min_pages=sys.maxsize)):
        yield


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The bundled sample PDFs, in a stable order."""
    return sorted(SAMPLES.glob("*.pdf"))


@pytest.fixture(scope="session")
def sample_reports(sample_paths: list[Path]) -> list[Report]:
    """The bundled samples as the parser reads them, in ``sample_paths`` order.

    Shared by every test that asks: read them, never change them.
    """
    from ddorgen import load_expected

    # Every sample says on its first page that it is synthetic, not an ICE publication.
    return [Report(**load_expected(path), synthetic=True) for path in sample_paths]


@pytest.fixture(scope="session")
def sample_dataset(sample_reports: list[Report]) -> Dataset:
    """The samples as the explorer combines them. A ``Dataset`` builds each table once and
    never changes it, so every app in the session can show this one."""
    return Dataset(sample_reports)


@pytest.fixture(scope="session")
def parse_sample() -> Callable[[Path], Report]:
    """``parse_report`` for the bundled samples, each parsed once per session however many
    tests ask. Shared: read the reports, never change them."""
    from detainer_tui.ingest import parse_report

    parsed: dict[Path, Report] = {}

    def parse(path: Path) -> Report:
        if path not in parsed:
            parsed[path] = parse_report(path)
        return parsed[path]

    return parse


@pytest.fixture(scope="session")
def sample_cache(sample_reports: list[Report], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report cache folder holding the parsed samples (copied into tests that need it)."""
    root = tmp_path_factory.mktemp("sample-cache")
    cache = ReportCache(root=root)
    for report in sample_reports:
        cache.put(report)
    return root


@pytest.fixture
def seeded_cache(sample_cache: Path, isolated_dirs: Path) -> Path:
    """This test's cache, already holding the samples, as after opening them once."""
    target = paths.report_cache_dir()
    shutil.copytree(sample_cache, target)
    return target
