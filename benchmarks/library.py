"""``detainer-tui library list`` on large libraries: time grows with the number of entries.

Writes libraries of ``--small`` and ``--large`` entries (every second entry a revision of the
one before; their files are gone, so no file is hashed and only the listing is measured), runs
``library list`` on each in this process and prints the times and the time per entry. Linear
work shows as a ratio of times close to the ratio of sizes (10 for the defaults); the baseline
is the small library, measured in the same run.

    python benchmarks/library.py [--small 2000] [--large 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def write_library(folder: Path, count: int) -> None:
    """A library of ``count`` entries in ``folder`` (as ``XDG_DATA_HOME``)."""
    entries = []
    for number in range(1, count + 1):
        start = dt.date(1900, 1, 1) + dt.timedelta(weeks=(number - 1) // 2)
        entries.append(
            {
                "id": number,
                "path": f"/gone/{number}.pdf",
                "sha256": f"{number:064x}",
                "period_start": start.isoformat(),
                "period_end": (start + dt.timedelta(days=6)).isoformat(),
                "added": "2017-03-20T10:00:00+00:00",
            }
        )
    file = folder / "detainer-tui" / "library.json"
    file.parent.mkdir(parents=True)
    file.write_text(json.dumps({"format": 1, "reports": entries}))


def list_time(count: int, repeat: int) -> float:
    """Best time of ``library list`` over a library of ``count`` entries."""
    from detainer_tui.cli import main

    best = float("inf")
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_DATA_HOME"], os.environ["XDG_CACHE_HOME"] = data, cache
        write_library(Path(data), count)
        for _ in range(repeat):
            out = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(out):
                status = main(["library", "list"])
            best = min(best, time.perf_counter() - started)
            if status != 0 or out.getvalue().count(".pdf\n") != count:
                sys.exit(f"library list of {count} entries failed")
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    small = list_time(args.small, args.repeat)
    large = list_time(args.large, args.repeat)
    for count, seconds in ((args.small, small), (args.large, large)):
        each = seconds / count * 1e6
        print(f"library list, {count:>6,} entries: {seconds:6.2f} s ({each:.0f} µs each)")
    print(
        f"ratio of times {large / small:.1f} for a ratio of sizes {args.large / args.small:.1f} "
        "(linear: about equal)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
