"""How exactly the parser reads reports laid out at random: the share of exact cells per table.

Renders ``--layouts`` reports in the generator's random-layout mode (``ddorgen.fuzz``: column
widths down to header-breaking narrowness, fonts and sizes, vertical alignment, ruling, row
fills, orientation, margins, header repetition, character spacing, glyph-by-glyph placement),
parses each, and compares every cell with the exact expected tables. Prints, per table, the
share of exact cells and of layouts read exactly, then the parameters of the worst layouts
(render one again with ``random_spec(SEED)``). The goal is 100%.

    .venv/bin/python benchmarks/fidelity.py [--layouts 300] [--first-seed 0] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from ddorgen.expected import expected_tables
from ddorgen.fuzz import describe, random_spec
from ddorgen.render import render

TABLES = ("rankings", "records", "policies")


@dataclass
class Outcome:
    """One layout's result: exact and total cells per table, and what went wrong."""

    seed: int
    exact: dict[str, int]
    cells: dict[str, int]
    complete_flag_right: bool
    error: str = ""
    layout: str = ""

    @property
    def wrong(self) -> int:
        return sum(self.cells.values()) - sum(self.exact.values())


def measure(seed: int, folder: str) -> Outcome:
    """Render and parse the layout of ``seed``; count its exact cells."""
    from detainer_tui.ingest import parse_report

    spec = random_spec(seed)
    rendered = render(spec, Path(folder) / f"layout-{seed}.pdf")
    expected = expected_tables(spec, rendered)
    cells = {t: expected[t].height * expected[t].width for t in TABLES}
    try:
        report = parse_report(rendered.path)
    except Exception as error:  # a layout the parser refuses counts as every cell wrong
        return Outcome(seed, dict.fromkeys(TABLES, 0), cells, False, str(error), describe(spec))
    exact = {}
    for table in TABLES:
        got, want = report.table(table).to_dicts(), expected[table].to_dicts()
        exact[table] = sum(
            1 for g, w in zip(got, want, strict=False) for key in w if g[key] == w[key]
        )
        # Rows read that the report does not print count as wrong cells too.
        cells[table] += max(0, len(got) - len(want)) * expected[table].width
    Path(rendered.path).unlink()
    # A report read exactly must say it is complete; one that is not must not.
    exactly = all(exact[t] == cells[t] for t in TABLES)
    return Outcome(seed, exact, cells, report.complete == exactly, layout=describe(spec))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layouts", type=int, default=300)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--worst", type=int, default=5, help="worst layouts to describe")
    args = parser.parse_args(argv)
    seeds = range(args.first_seed, args.first_seed + args.layouts)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, ProcessPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(measure, seeds, [folder] * len(seeds), chunksize=4))
    seconds = time.perf_counter() - start
    print(f"{len(outcomes)} random layouts (seeds {seeds.start}-{seeds.stop - 1}), {seconds:.0f} s")
    print(f"{'table':<10} {'exact cells':>14} {'share':>9} {'layouts exact':>14}")
    for table in TABLES:
        exact = sum(o.exact[table] for o in outcomes)
        cells = sum(o.cells[table] for o in outcomes)
        layouts = sum(1 for o in outcomes if o.exact[table] == o.cells[table])
        share = 100 * exact / cells if cells else 100.0
        print(f"{table:<10} {exact:>6}/{cells:<7} {share:>8.3f}% {layouts:>7}/{len(outcomes)}")
    flags = [o.seed for o in outcomes if not o.complete_flag_right]
    print(f"layouts whose 'complete' flag is wrong: {len(flags)} {flags or ''}")
    for name in ("ruling", "valign", "font", "orientation", "fills"):
        seen: dict[str, int] = {}
        for o in outcomes:
            value = o.layout.split(f"{name}=")[1].split(",")[0]
            seen[value] = seen.get(value, 0) + 1
        print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in sorted(seen.items())))
    worst = sorted((o for o in outcomes if o.wrong or o.error), key=lambda o: -o.wrong)
    for outcome in worst[: args.worst]:
        print(f"seed {outcome.seed}: {outcome.wrong} wrong cells {outcome.error}")
        print(f"  {outcome.layout}")
    if not worst:
        print("every layout read exactly")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
