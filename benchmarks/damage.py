"""Whether a damaged report is ever read as complete while rows are missing, or crashes,
hangs or says more than one line.

Makes ``--copies`` damaged copies of each sample report, the kinds of damage taken in turn
(``realpdf.damage.MUTATIONS``: bits flipped, the file cut short, a page dropped from the page
tree, a page's content stream emptied or cut short), and reads each as ``detainer-tui`` does,
in a child process within time and memory limits. A copy is fine when it is refused with a
one-line message, read in full (the original's tables), or marked partial; it is *silent*
when it is read as complete with fewer rows, or with different rows although its text (as
PDFium reads it) is the original's. Prints the counts per kind of damage, the time taken and
the slowest copies. The goal is no silent copy and no crash. ``tests/test_damage_fuzz.py``
runs a hundred small copies of the same kinds in the test suite.

    .venv/bin/python benchmarks/damage.py [--copies 133] [--seed 7] [--jobs N]
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from realpdf import damage  # noqa: E402

SAMPLES = ROOT / "sample_reports"
KINDS = damage.MUTATIONS


@functools.cache
def _original(source: str):
    from detainer_tui.ingest import parse_report

    return parse_report(source)


def check(job: tuple[str, str, int, str]) -> tuple[str, str, float]:
    """Read one damaged copy: (kind, outcome, seconds); a silent outcome names the copy."""
    from detainer_tui.errors import DetainerError
    from detainer_tui.ingest import parse_bounded

    source, kind, seed, folder = job
    path = Path(source)
    original = _original(source)
    target = Path(folder) / f"{path.stem}-{seed}.pdf"
    try:
        damage.mutant(path, target, kind, random.Random(seed))
    except Exception:  # pypdf could not even write this copy; nothing to measure
        return kind, "not made", 0.0
    started = time.perf_counter()
    try:
        report = parse_bounded(target)
    except DetainerError as error:
        outcome = "refused in one line" if "\n" not in str(error) else "SAYS MORE THAN ONE LINE"
        if "took longer than" in str(error):
            outcome = "STOPPED: took too long"
        return kind, outcome, time.perf_counter() - started
    except Exception as error:  # would be a traceback for the user
        return kind, f"CRASHED ({type(error).__name__})", time.perf_counter() - started
    finally:
        elapsed = time.perf_counter() - started
    try:
        if not report.complete:
            return kind, "marked partial", elapsed
        changed = [
            t
            for t in ("rankings", "records", "policies")
            if not report.table(t).drop("sha256").equals(original.table(t).drop("sha256"))
        ]
        if not changed:
            return kind, "read in full", elapsed
        fewer = any(report.table(t).height < original.table(t).height for t in changed)
        if not fewer and damage.document_text(target) != damage.document_text(path):
            return kind, "read in full (its text changed)", elapsed
        what = "fewer rows" if fewer else "different rows"
        return kind, f"SILENT: {what} ({path.name}, seed {seed})", elapsed
    finally:
        target.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=133, help="damaged copies per sample")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args(argv)
    samples = sorted(SAMPLES.glob("*.pdf"))
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        jobs = [
            (str(sample), KINDS[n % len(KINDS)], rng.randrange(1 << 30), folder)
            for sample in samples
            for n in range(args.copies)
        ]
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(check, jobs, chunksize=4))
    elapsed = time.perf_counter() - started
    bad = [f"  {kind}: {outcome}" for kind, outcome, _ in results if outcome[:4].isupper()]
    counts = Counter((kind, outcome.split(" (")[0]) for kind, outcome, _ in results)
    reading = [seconds for _, _, seconds in results]
    mean = sum(reading) / max(len(reading), 1)
    print(
        f"{len(results)} damaged copies of {len(samples)} sample reports, {args.jobs} jobs, "
        f"{elapsed:.0f} s in all (originals parsed once per job); reading a copy took "
        f"{mean:.2f} s on average"
    )
    for kind in KINDS:
        outcomes = {o: n for (k, o), n in counts.items() if k == kind}
        total = sum(outcomes.values())
        print(f"{kind} ({total}): " + ", ".join(f"{o} {n}" for o, n in sorted(outcomes.items())))
    slowest = sorted(results, key=lambda item: item[2])[-3:]
    print("slowest: " + ", ".join(f"{k} {s:.1f} s ({o.split(' (')[0]})" for k, o, s in slowest))
    print(f"silent, crashed, stopped or multi-line: {len(bad)}")
    print("\n".join(bad))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
