"""Cold parse vs cached open, as whole ``detainer-tui export`` processes.

For each sample PDF: run ``detainer-tui export SAMPLE --table records --format csv`` with an
empty cache folder (cold: the PDF is parsed), then the same command again (warm: the cache is
read). Prints both times and their ratio; the cached run should take at most a third of the cold
one. Each measurement is the best of ``--repeat`` runs; every cold run gets a fresh cache.

    python benchmarks/cache.py [--repeat N] [PDF ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1 / 3


def command() -> list[str]:
    """The installed ``detainer-tui`` script beside this Python, else ``python -m``."""
    script = Path(sys.executable).with_name("detainer-tui")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "detainer_tui"]


def run(args: list[str], home: Path) -> tuple[float, bytes]:
    """Run one whole process with its XDG folders under ``home``; (seconds, stdout)."""
    env = dict(os.environ)
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(home / name)
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode().strip()}")
    return elapsed, done.stdout


def measure(pdf: Path, repeat: int) -> tuple[float, float]:
    """Best cold and best cached time for exporting ``pdf``'s records as CSV."""
    args = [*command(), "export", str(pdf), "--table", "records", "--format", "csv"]
    cold_times, warm_times = [], []
    for _ in range(repeat):
        home = Path(tempfile.mkdtemp(prefix="detainer-bench-"))
        try:
            cold, cold_out = run(args, home)
            cold_times.append(cold)
            warm, warm_out = run(args, home)
            warm_times.append(warm)
            if warm_out != cold_out:
                sys.exit(f"{pdf}: cached output differs from the parsed output")
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return min(cold_times), min(warm_times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="default: the bundled samples")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((REPO / "sample_reports").glob("*.pdf"))
    if not pdfs:
        sys.exit("no PDFs to measure (run `make samples` first)")
    print(f"{'sample':<40} {'cold s':>8} {'cached s':>9} {'ratio':>6}")
    worst = 0.0
    for pdf in pdfs:
        cold, warm = measure(pdf, args.repeat)
        ratio = warm / cold
        worst = max(worst, ratio)
        print(f"{pdf.name:<40} {cold:8.3f} {warm:9.3f} {ratio:6.2f}")
    verdict = "ok" if worst <= TARGET_RATIO else "TOO SLOW"
    print(f"worst ratio {worst:.2f} (target <= {TARGET_RATIO:.2f}): {verdict}")
    return 0 if worst <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
