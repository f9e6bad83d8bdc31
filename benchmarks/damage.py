"""Damaged copies of reports, exported as a user would: is a row ever lost, changed or doubled
without a word, does anything crash, and does a refusal name its cause in three lines or
fewer?

Makes damaged copies (``realpdf.damage``: bits flipped, the file cut short, a page dropped or
duplicated, a content stream emptied, its compressed bytes cut short, its content cut at any
point or right after an operator, a font's ``/ToUnicode`` removed, the cross-reference table
removed, the ``%PDF-`` header lost, an ``/Encrypt`` entry that is not a dictionary) of the
real-producer fixtures (``tests/fixtures/real/``: reports LibreOffice and chromium made, not
this project) and of the bundled samples; no two copies have the same bytes. Each copy is
exported with ``detainer-tui export --table records`` in a process of its own; where that
exits 0, ``--table rankings`` and ``--table policies`` too, and the tables are compared with
the original's. Each copy is then one of:

- *exact*: exit 0 and the original's tables;
- *text changed*: exit 0, the same number of rows, and some values differ where the
  document's text itself differs for another reader (PDFium): a bit flipped in a stream that
  carries no checksum changes the document;
- *rows gone*: exit 0, and the original's tables less rows that the copy itself no longer
  prints, for another reader (PDFium) too: content cut cleanly between two rows leaves a
  well-formed page with a shorter table, which no reader can tell from the real thing;
- *refused cleanly*: exit 1 with at most three lines on stderr for the file;
- *refused noisily*: exit 1 with more;
- *silent*: exit 0 with rows lost (that the copy still prints), changed or doubled;
- *crash*: a traceback, another exit status, or no answer within the time limit.

A copy refused because it was read only in part is also read as ``--partial`` would export
it, and counted if it has rows doubled, rows changed (a value from a damaged page that
looks like a good one) or lost more rows than its diagnostics count ("at least N" and
uncounted losses aside). Prints the table per kind of damage, then the totals for the copies
of reports this project did not make (the goal: no silent copy, no crash, at most one
refusal in ten over three lines) and for all.

    .venv/bin/python benchmarks/damage.py [--copies 3] [--sample-copies 1] [--seed 7] [--jobs N]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
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
FIXTURES = ROOT / "tests" / "fixtures" / "real"
KINDS = (*damage.MUTATIONS, *damage.FILE_MUTATIONS)
OUTCOMES = (
    "exact", "text changed", "rows gone", "refused cleanly", "refused noisily", "silent", "crash"
)  # fmt: skip
HEADINGS = ("exact", "text chg", "rows gone", "refused<=3", "refused>3", "silent", "crash")
"""The outcomes as the table heads them (refused in three lines or fewer, or more)."""
TABLES = ("rankings", "records", "policies")


def _init(folder: str) -> None:
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        os.environ[name] = tempfile.mkdtemp(dir=folder)


def _export(copy: Path, table: str, out: Path, *partial: str) -> tuple[int, list[str]]:
    """``detainer-tui export`` in this process: (exit status, stderr lines)."""
    from detainer_tui.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["export", str(copy), "--table", table, "--format", "parquet", "-o",
                       str(out), *partial])  # fmt: skip
    return status, err.getvalue().splitlines()


def _rows(frame, *drop: str) -> Counter:
    """The rows of a table as a multiset (lists, the offences, as tuples), without the file's
    hash and ``county_fips``: the export adds the code, worked out from the jurisdiction and
    state compared here; a report read in this process has none."""
    return Counter(
        tuple(tuple(v) if isinstance(v, list) else v for v in row)
        for row in frame.drop("sha256", "county_fips", *drop, strict=False).iter_rows()
    )


_ORIGINALS: dict[str, dict] = {}


def _original(source: str) -> dict:
    if source not in _ORIGINALS:
        from detainer_tui.ingest import parse_report

        report = parse_report(source)
        _ORIGINALS[source] = (
            {t: _rows(report.table(t)) for t in TABLES}
            | {f"{t} by content": _rows(report.table(t), "source_page") for t in TABLES[1:]}
            | {"rankings by content": _rows(report.table("rankings"))}
        )
    return _ORIGINALS[source]


def _partial_check(copy: Path, original: dict) -> str | None:
    """What is wrong with the rows a ``--partial`` export of ``copy`` gives, or None."""
    from detainer_tui import store
    from detainer_tui.report import TABLE_SECTIONS

    # The export just read it: the report comes from the cache, as a second export's would.
    loaded = store.load(store.resolve_open([copy], use_cache=True, remember=False))
    if not loaded.reports:
        return None
    report = loaded.reports[0]
    for table in TABLES:
        # Pages dropped or repeated move the rows after them: source pages are left aside.
        page = () if table == "rankings" else ("source_page",)
        got, want = _rows(report.table(table), *page), original[f"{table} by content"]
        if any(got[row] > want[row] for row in got):
            extra = got - want
            return "rows changed" if any(row not in want for row in extra) else "rows doubled"
        lost = sum((want - got).values())
        section = TABLE_SECTIONS[table]
        found = [d for d in report.partial_reasons() if d.section in (section, None)]
        counted = sum(d.rows or 0 for d in found)
        if lost and not any(d.rows is None for d in found) and lost > counted:
            return f"rows lost beyond the count ({lost} lost, {table})"
    return None


def check(job: tuple[str, str, int, str]) -> tuple[str, str, str, float, str | None, str]:
    """One damaged copy: (source, kind, outcome, seconds, what a --partial export gets
    wrong, first stderr line)."""
    import polars as pl

    source, kind, seed, folder = job
    path = Path(source)
    copy = Path(folder) / f"{path.stem}-{abs(hash(kind)) % 997}-{seed}.pdf"
    out = copy.with_suffix(".parquet")
    original = _original(source)
    started = time.perf_counter()
    try:
        damage.mutant(path, copy, kind, random.Random(seed))
    except Exception:  # pypdf could not write this copy: nothing to measure
        return source, kind, "not made", 0.0, None, ""
    try:
        status, lines = _export(copy, "records", out)
        mine = [line for line in lines if copy.name in line]
        first = mine[0] if mine else (lines[0] if lines else "")
        if status == 1:
            outcome = "refused cleanly" if len(mine) <= 3 else "refused noisily"
            wrong = _partial_check(copy, original)
            return source, kind, outcome, time.perf_counter() - started, wrong, first
        if status != 0 or any("Traceback" in line for line in lines):
            return source, kind, "crash", time.perf_counter() - started, None, first
        tables = {"records": pl.read_parquet(out)}
        for table in ("rankings", "policies"):
            status, _ = _export(copy, table, out)
            tables[table] = pl.read_parquet(out)
        got = {t: _rows(frame) for t, frame in tables.items()}
        want = {t: original[t] for t in TABLES}
        elapsed = time.perf_counter() - started
        if got == want:
            return source, kind, "exact", elapsed, None, first
        same_size = all(sum(got[t].values()) == sum(want[t].values()) for t in TABLES)
        if same_size and damage.document_text(copy) != damage.document_text(path):
            return source, kind, "text changed", elapsed, None, first
        lost = damage.text_values(row for t in TABLES for row in (want[t] - got[t]).elements())
        only_lost = not any(got[t] - want[t] for t in TABLES)
        if only_lost and damage.no_longer_printed(copy, path, lost):
            return source, kind, "rows gone", elapsed, None, f"{path.name} seed {seed}"
        return source, kind, "silent", elapsed, None, f"{path.name} seed {seed}"
    except BaseException as error:  # a crash is what is measured
        return source, kind, "crash", time.perf_counter() - started, None, repr(error)[:120]
    finally:
        copy.unlink(missing_ok=True)
        out.unlink(missing_ok=True)


def plan(sources: list[Path], copies: int, rng: random.Random) -> list[tuple[str, str, int]]:
    """(source, kind, seed) of every copy: ``copies`` per kind drawn at random, one per
    structural damage; seeds whose copy has the bytes of one already planned are redrawn."""
    jobs = []
    seen: set[str] = set()
    with tempfile.TemporaryDirectory() as scratch:
        for source in sources:
            for kind in KINDS:
                wanted = 1 if kind in damage.FILE_MUTATIONS else copies
                made = tries = 0
                while made < wanted and tries < 10 * wanted:
                    tries += 1
                    seed = rng.randrange(1 << 30)
                    target = Path(scratch) / "copy.pdf"
                    try:
                        damage.mutant(source, target, kind, random.Random(seed))
                    except Exception:
                        continue
                    digest = hashlib.sha256(target.read_bytes()).hexdigest()
                    if digest in seen:
                        continue
                    seen.add(digest)
                    jobs.append((str(source), kind, seed))
                    made += 1
    return jobs


def _line(label: str, counts: Counter) -> str:
    total = sum(counts.values())
    cells = "".join(f"{counts.get(o, 0):>11}" for o in OUTCOMES)
    return f"{label:<28}{total:>6}{cells}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=3, help="copies per kind per fixture")
    parser.add_argument("--sample-copies", type=int, default=1, help="copies per kind per sample")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args(argv)
    fixtures = sorted(p for p in FIXTURES.glob("*.pdf") if "scanned" not in p.name)
    samples = sorted(SAMPLES.glob("*.pdf"))
    rng = random.Random(args.seed)
    started = time.perf_counter()
    jobs = plan(fixtures, args.copies, rng) + plan(samples, args.sample_copies, rng)
    with tempfile.TemporaryDirectory() as folder:
        work = [(source, kind, seed, folder) for source, kind, seed in jobs]
        with ProcessPoolExecutor(args.jobs, initializer=_init, initargs=(folder,)) as pool:
            results = list(pool.map(check, work, chunksize=2))
    elapsed = time.perf_counter() - started
    foreign = {str(p) for p in fixtures}
    print(
        f"{len(results)} damaged copies, no two alike: {sum(r[0] in foreign for r in results)} "
        f"of {len(fixtures)} reports made by LibreOffice and chromium "
        f"(tests/fixtures/real), {sum(r[0] not in foreign for r in results)} of "
        f"{len(samples)} samples; {args.jobs} jobs, {elapsed:.0f} s"
    )
    print(f"{'':<28}{'copies':>6}" + "".join(f"{h:>11}" for h in HEADINGS))
    for kind in KINDS:
        print(_line(kind, Counter(r[2] for r in results if r[1] == kind)))
    mine = Counter(r[2] for r in results if r[0] in foreign)
    print(_line("not made by this project", mine))
    print(_line("all", Counter(r[2] for r in results)))
    refused = mine["refused cleanly"] + mine["refused noisily"]
    print(
        f"reports not made by this project: {mine['silent']} silent, {mine['crash']} crashed, "
        f"{mine['refused noisily']} of {refused} refusals over three lines"
    )
    partial = [r for r in results if r[2].startswith("refused")]
    wrong = Counter(r[4].split(" (")[0] for r in partial if r[4])
    print(
        f"--partial on the {len(partial)} refused copies: "
        + (", ".join(f"{w} {n}" for w, n in wrong.items()) or "no row doubled, changed or lost "
           "beyond its count")
    )  # fmt: skip
    for source, kind, outcome, _, problem, first in results:
        if outcome in ("rows gone", "silent", "crash", "refused noisily") or problem:
            print(f"  {Path(source).name} / {kind}: {problem or outcome}: {first}")
    causes = Counter(r[5].split(": ", 3)[-1][:60] for r in partial)
    print("most frequent first lines of refusals:")
    for text, count in causes.most_common(8):
        print(f"  {count:>4}  {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
