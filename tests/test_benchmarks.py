"""The benchmarks build their inputs from the current schema: one that no longer matches fails
here, not the next time someone measures."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from detainer_tui import schema
from detainer_tui.dataset import Dataset, Query

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_explorer_benchmark_builds_reports_the_explorer_can_open() -> None:
    explorer = load("explorer")
    report = explorer.synthetic_report(120)
    for table, columns in (
        (report.reports, schema.REPORTS),
        (report.records, schema.RECORDS),
        (report.rankings, schema.RANKINGS),
        (report.policies, schema.POLICIES),
    ):
        assert table.schema == schema.empty(columns).schema
    dataset = Dataset([report, explorer.synthetic_report(80, explorer.START.replace(day=4))])
    assert dataset.records.query(Query()).count == 200


def test_the_filters_benchmark_counts_what_polars_counts(monkeypatch, capsys) -> None:
    # It imports the explorer benchmark's reports, as it does when run from benchmarks/.
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    filters = load("filters")
    filters.measure_dataset(filters.synthetic_report(3000))  # asserts each count matches
    printed = capsys.readouterr().out
    assert "chain of three" in printed and "polars" in printed


def test_the_damage_benchmark_calls_an_undamaged_copys_export_exact(tmp_path: Path) -> None:
    # The benchmark compares each damaged copy's export with the report read in process. An
    # export column it did not know of (county_fips once) made every readable copy "silent".
    import polars as pl

    damage = load("damage")
    fixture = Path(__file__).parent / "fixtures" / "real" / "chromium-carlito.pdf"
    original = damage._original(str(fixture))
    for table in damage.TABLES:
        out = tmp_path / f"{table}.parquet"
        status, lines = damage._export(fixture, table, out)
        assert status == 0, lines
        assert damage._rows(pl.read_parquet(out)) == original[table]


def test_the_damage_benchmark_tells_rows_a_copy_no_longer_prints_from_silent_loss(
    tmp_path: Path,
) -> None:
    # Content cut cleanly after Section I's first row of a LibreOffice Calc report: the copy
    # is a well-formed page with a one-row table, which every reader reads as such. The
    # benchmark called it silent, as if the export had lost the three rows cut off.
    damage = load("damage")
    fixture = Path(__file__).parent / "fixtures" / "real"
    calc = fixture / "calc-liberation-sans-bottom-unbordered.pdf"
    *_, outcome, _, problem, first = damage.check(
        (str(calc), "content cut at an operator", 355820954, str(tmp_path))
    )
    assert (outcome, problem) == ("rows gone", None), first


def test_the_startup_benchmark_caches_every_report_before_it_measures(tmp_path: Path) -> None:
    """A start ended at its first rows may leave reports unparsed: a measured "warm" start
    would then parse them, and be measured with a parse beside it."""
    import os

    from detainer_tui.paths import sample_reports_dir

    startup = load("startup")
    env = dict(os.environ)
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        (tmp_path / name).mkdir()
        env[name] = str(tmp_path / name)
    samples = sorted(sample_reports_dir().glob("*.pdf"))
    startup.fill_cache([], env, tmp_path)  # no paths: the samples, as the explorer opens
    entries = list((tmp_path / "XDG_CACHE_HOME" / "detainer-tui" / "reports").iterdir())
    assert len(samples) >= 2
    assert len(entries) == len(samples)
