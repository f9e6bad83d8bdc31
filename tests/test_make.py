"""The Makefile's two entry points, as far as a test can see them without running them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_compiles_the_sources_before_it_starts_the_explorer():
    # Where bytecode is not written (PYTHONDONTWRITEBYTECODE), each start compiled every
    # module of the explorer afresh: about 90 ms more than a start from bytecode.
    planned = subprocess.run(
        ["make", "--dry-run", "--always-make", "run"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    compiles = [i for i, line in enumerate(planned) if "compileall" in line and " src" in line]
    starts = [i for i, line in enumerate(planned) if line.startswith(".venv/bin/detainer-tui")]
    assert compiles and starts and compiles[0] < starts[0], planned
