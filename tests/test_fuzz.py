"""Reports under random layouts read exactly: a fixed-seed sample of the generator's
random-layout mode (``benchmarks/fidelity.py`` runs hundreds more and prints the figures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ddorgen.expected import expected_tables
from ddorgen.fuzz import describe, random_spec
from ddorgen.render import render

from detainer_tui import schema
from detainer_tui.ingest import parse_report

SEEDS = range(1000, 1020)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_layout_reads_exactly(seed: int, tmp_path: Path) -> None:
    # Small reports (a few rows each) keep the whole set to a few seconds.
    spec = random_spec(seed, records=(3, 6), policies=(1, 2))
    rendered = render(spec, tmp_path / f"layout-{seed}.pdf")
    report = parse_report(rendered.path)
    expected = expected_tables(spec, rendered)
    for table in schema.TABLES:
        got, want = report.table(table).to_dicts(), expected[table].to_dicts()
        assert got == want, f"{table} differs under layout {seed}: {describe(spec)}"
    assert report.complete and report.diagnostics == []
