"""How long parsing a DDOR takes, against pdfplumber's bare pass over the same pages.

For each sample PDF and a 13-page report the generator draws (or the PDFs given as
arguments) this prints, measured in the same run:

* ``bare``: a fresh ``pdfplumber.open`` and ``page.chars`` for every page, in this process —
  the least any pdfplumber-based reader must spend;
* ``parse``: ``parse_report`` cold, in a fresh interpreter (imports included);
* ``bounded``: ``parse_bounded`` cold, the same way: the file read in its child process, within
  its limits, as the program reads every PDF (goal: at most 0.7x ``bare`` at 13 pages), here
  as the command line does (its child forked from it);
* ``explorer``: the same from a process that runs a second thread and has polars imported, as
  the explorer does (its child comes from a fork server, which imports the reader);
* ``export``: the whole ``detainer-tui export PDF --table records --format csv --no-cache``
  process, from start to exit.

Each figure is the median of ``--repeat`` runs; ratios are against ``bare``. The goal is an
export ratio of at most 1.0.

Then the first run over all the PDFs together, as the store parses what the cache lacks, in a
fresh interpreter each (imports included, nothing cached):

* ``single``: each PDF alone through ``parse_bounded`` (its child process, within its limits);
* ``one at a time``: all of them one after another (the sum, as before parsing in parallel);
* ``in parallel``: all of them through ``parse_bounded_many``, one child per core.

The goal: ``in parallel`` within 1.3x the slowest ``single``. Beside each figure is the CPU
time the same span took (the interpreter and every process it started), and under them the
least any schedule can take for the parallel run: its CPU time spread over the cores (or the
slowest single, if more). Where a single parse already keeps every core busy (page workers),
no schedule can bring N reports down to the slowest of them. The load average is printed at
the start and the end: on a loaded machine the figures are the share of the cores this run
got, not what the parsing costs.

    .venv/bin/python benchmarks/parse.py [--repeat N] [--first-run-only] [PDF ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_reports"

PARSE_COLD = """
import sys, threading, time
if sys.argv[2] == "explorer":
    import polars
    threading.Thread(target=threading.Event().wait, daemon=True).start()
start = time.perf_counter()
from detainer_tui import ingest
# Only what each way imports: the store imports parse_bounded_many alone.
(ingest.parse_report if sys.argv[2] == "direct" else ingest.parse_bounded)(sys.argv[1])
print(time.perf_counter() - start)
"""


def bare_pass(path: Path) -> tuple[float, int]:
    """Seconds for pdfplumber to produce every page's characters; and the page count."""
    start = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.chars  # noqa: B018 - the access is the work being timed
        pages = len(pdf.pages)
    return time.perf_counter() - start, pages


def parse_cold(path: Path, env: dict[str, str], how: str = "direct") -> float:
    """Seconds for ``parse_report`` (or ``parse_bounded``: ``how="bounded"``, or as the
    explorer calls it: ``how="explorer"``) in a fresh interpreter, imports included."""
    out = subprocess.run(
        [sys.executable, "-c", PARSE_COLD, str(path), how],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


FIRST_RUN = """
import resource, sys, time
from detainer_tui.ingest import parse_bounded, parse_bounded_many
def cpu():
    return sum(
        u.ru_utime + u.ru_stime
        for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )
paths = sys.argv[2:]
start, start_cpu = time.perf_counter(), cpu()
if sys.argv[1] == "parallel":
    for _index, outcome in parse_bounded_many(paths):
        assert not isinstance(outcome, Exception), outcome
else:
    for path in paths:
        parse_bounded(path)
print(time.perf_counter() - start, cpu() - start_cpu)
"""


def first_run(mode: str, paths: list[Path], env: dict[str, str]) -> tuple[float, float]:
    """Seconds to parse ``paths`` (``parallel`` or one at a time) in a fresh interpreter,
    after its imports (the same for every mode); and the CPU seconds the same span took
    (user and system, of the interpreter and every process it started and waited for)."""
    out = subprocess.run(
        [sys.executable, "-c", FIRST_RUN, mode, *map(str, paths)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def _median_run(mode: str, paths: list[Path], repeat: int, env: dict[str, str]) -> tuple:
    runs = [first_run(mode, paths, env) for _ in range(repeat)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def measure_first_run(pdfs: list[Path], repeat: int, env: dict[str, str]) -> None:
    """Print each PDF parsed alone, all one at a time, and all in parallel, in one run."""
    singles = {path: _median_run("serial", [path], repeat, env) for path in pdfs}
    serial, serial_cpu = _median_run("serial", pdfs, repeat, env)
    parallel, parallel_cpu = _median_run("parallel", pdfs, repeat, env)
    slowest = max(wall for wall, _ in singles.values())
    cores = _cpus()
    least = max(slowest, parallel_cpu / cores)
    print(f"\nfirst run over {len(pdfs)} PDFs (median of {repeat}; ratio to the slowest single)")
    for path, (seconds, cpu) in singles.items():
        print(f"  single       {path.name:<24} {seconds:>7.2f} s {'':>7}  cpu {cpu:>6.2f} s")
    print(
        f"  one at a time{'':<25} {serial:>7.2f} s {serial / slowest:>6.2f}x  "
        f"cpu {serial_cpu:>6.2f} s"
    )
    print(
        f"  in parallel  {'':<25} {parallel:>7.2f} s {parallel / slowest:>6.2f}x  "
        f"cpu {parallel_cpu:>6.2f} s  (goal <= 1.30x)"
    )
    print(
        f"  least possible on {cores} cores{'':<13} {least:>7.2f} s {least / slowest:>6.2f}x  "
        f"(the parallel run's cpu / cores, or the slowest single)"
    )


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _load() -> str:
    """The load average (1, 5 and 15 minutes), as ``uptime`` shows it."""
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def thirteen_pages(folder: Path) -> Path:
    """A report of 13 pages (150 records, 8 policies), the size the cold-parse goal names:
    the samples are 25 and 35 pages, where what a parse costs beside pdfplumber's own pass is
    smaller."""
    sys.path.insert(0, str(REPO / "tools"))
    from ddorgen.model import Layout
    from ddorgen.variants import render, small_report

    spec = small_report(7, Layout(), records=150, policies=8)
    return Path(render(spec, folder / "thirteen-pages.pdf").path)


def export_process(path: Path, env: dict[str, str]) -> float:
    """Wall-clock seconds of the whole export command, output discarded."""
    command = [
        str(Path(sys.executable).parent / "detainer-tui"),
        "export",
        str(path),
        "--table",
        "records",
        "--format",
        "csv",
        "--no-cache",
    ]
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "pdfs", nargs="*", type=Path, help="PDFs (default: the samples and a 13-page report)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument(
        "--first-run-only", action="store_true", help="only the first run over all the PDFs"
    )
    args = parser.parse_args(argv)
    print(f"load average at the start: {_load()}")
    with tempfile.TemporaryDirectory() as home:
        # The first run is over the samples (what a newcomer opens); each file alone over
        # them and a 13-page report.
        together = args.pdfs or sorted(SAMPLES.glob("*.pdf"))
        if not together:
            print("no PDFs to measure", file=sys.stderr)
            return 1
        pdfs = together if args.pdfs else [thirteen_pages(Path(home)), *together]
        # Keep the user's cache and library out of it (and --no-cache bypasses the cache).
        env = dict(os.environ)
        for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            env[var] = str(Path(home) / var)
        if args.first_run_only:
            measure_first_run(together, args.repeat, env)
            pdfs = []
        else:
            print(f"{'report':<24} {'pages':>5} {'bare s':>7} {'parse s':>8} {'ratio':>6} "
                  f"{'bounded s':>10} {'ratio':>6} {'explorer s':>10} {'ratio':>6} "
                  f"{'export s':>9} {'ratio':>6}")  # fmt: skip
        for path in pdfs:
            bare, parse, bounded, explorer, export = [], [], [], [], []
            pages = 0
            for _ in range(args.repeat):
                seconds, pages = bare_pass(path)
                bare.append(seconds)
                parse.append(parse_cold(path, env))
                bounded.append(parse_cold(path, env, "bounded"))
                explorer.append(parse_cold(path, env, "explorer"))
                export.append(export_process(path, env))
            b, p, c, x, e = (
                statistics.median(xs) for xs in (bare, parse, bounded, explorer, export)
            )
            print(
                f"{path.name:<24} {pages:>5} {b:>7.2f} {p:>8.2f} {p / b:>6.2f} "
                f"{c:>10.2f} {c / b:>6.2f} {x:>10.2f} {x / b:>6.2f} {e:>9.2f} {e / b:>6.2f}"
            )
        if pdfs and len(together) > 1:
            measure_first_run(together, args.repeat, env)
    print(f"cpus available: {_cpus()}")
    print(f"load average at the end: {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
