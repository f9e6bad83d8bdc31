"""Whether a damaged report is ever read as complete while rows are missing.

Makes ``--copies`` damaged copies of each sample report (bytes flipped at random places, a page
dropped from the page tree, a page's content stream cut short) and parses each. A copy is
fine when it is refused with a message, read in full, or marked partial; it is *silent* when it
yields fewer or different records than the original yet says it is complete. Prints the
counts per kind of damage. The goal is no silent copy.

    .venv/bin/python benchmarks/damage.py [--copies 133] [--seed 7] [--jobs N]
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from realpdf import damage  # noqa: E402

SAMPLES = ROOT / "sample_reports"
KINDS = ("bytes flipped", "page dropped", "stream cut short")


def damaged_copy(source: Path, kind: str, seed: int, target: Path, pages: int) -> Path:
    """The copy of ``source`` damaged as ``kind`` with ``seed`` (to look at one again)."""
    return _damaged(source, kind, random.Random(seed), target, pages)


def _damaged(source: Path, kind: str, rng: random.Random, target: Path, pages: int) -> Path:
    if kind == "bytes flipped":
        data = bytearray(source.read_bytes())
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        target.write_bytes(bytes(data))
        return target
    if kind == "page dropped":
        return damage.drop_page(source, target, rng.randint(1, pages))
    return damage.truncate_stream(source, target, rng.randint(1, pages), keep=rng.random())


@functools.cache
def _original(source: str):
    from detainer_tui.ingest import parse_report

    return parse_report(source)


def check(job: tuple[str, str, int, str]) -> tuple[str, str]:
    """Parse one damaged copy: (kind, outcome); a silent outcome names the copy."""
    from detainer_tui.errors import DetainerError
    from detainer_tui.ingest import parse_report

    source, kind, seed, folder = job
    path = Path(source)
    original = _original(source)
    target = Path(folder) / f"{path.stem}-{seed}.pdf"
    try:
        damaged_copy(path, kind, seed, target, original.reports.item(0, "pages"))
    except Exception:  # pypdf could not even write this copy; nothing to measure
        return kind, "not made"
    try:
        report = parse_report(target)
    except DetainerError:
        return kind, "refused with a message"
    except Exception as error:  # would be a traceback for the user
        return kind, f"crashed ({type(error).__name__})"
    finally:
        target.unlink(missing_ok=True)
    same = report.records.drop("source_page").equals(original.records.drop("source_page"))
    if same and report.complete:
        return kind, "read in full"
    if not report.complete:
        return kind, "marked partial"
    fewer = report.records.height < original.records.height
    what = "fewer records" if fewer else "different records"
    return kind, f"SILENT: {what} ({path.name}, seed {seed})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=133, help="damaged copies per sample")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args(argv)
    samples = sorted(SAMPLES.glob("*.pdf"))
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        jobs = [
            (str(sample), rng.choice(KINDS), rng.randrange(1 << 30), folder)
            for sample in samples
            for _ in range(args.copies)
        ]
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(check, jobs, chunksize=4))
    silent = [f"  {kind}: {outcome}" for kind, outcome in results if outcome.startswith("SILENT")]
    results = [(kind, outcome.split(" (")[0]) for kind, outcome in results]
    counts = Counter(results)
    print(f"{len(results)} damaged copies of {len(samples)} sample reports")
    for kind in KINDS:
        outcomes = {o: n for (k, o), n in counts.items() if k == kind}
        total = sum(outcomes.values())
        print(f"{kind} ({total}): " + ", ".join(f"{o} {n}" for o, n in sorted(outcomes.items())))
    print(f"silent partial reads: {len(silent)}")
    print("\n".join(silent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
