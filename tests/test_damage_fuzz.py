"""Damaged copies of reports, made at random with a fixed seed: each is read in full, read in
part with diagnostics that name what is missing and count it truly, or refused in one line.
Never a traceback, a hang, or a row lost, changed or doubled without a word.

The copies (``PLAN``) are made from small reports of different makers: two drawn by this
project's two renderers (one with page numbers, rules under rows), one under a random layout,
and two real-producer fixtures (chromium; LibreOffice Writer with "Page N of M" footers). The
kinds of damage are ``realpdf.damage.MUTATIONS`` and ``FILE_MUTATIONS``: bits flipped, the
file cut short, a page dropped or duplicated, a content stream emptied, its compressed bytes
cut short, its content cut at any point or right after an operator, a font's ``/ToUnicode``
removed, the cross-reference table removed, the ``%PDF-`` header lost, an ``/Encrypt`` entry
that is not a dictionary. No two copies have the same bytes. ``benchmarks/damage.py`` makes
many more, exported through the command line, and prints the figures; run this file as a
script (``.venv/bin/python tests/test_damage_fuzz.py``) to print this run's.

For each copy:

- a refusal is one line (as the command line prints it);
- a partial read names its causes in at most three lines on stderr, never has more of a row
  than the original (no row doubled, none changed: rows from a damaged page are left out),
  and loses no more rows than its diagnostics count (unless one says the loss cannot be
  counted, or "at least");
- a complete read gives the original's tables. Two exceptions change the document itself,
  for every reader (PDFium is asked): a flipped bit inside a stream that carries no checksum,
  where values may differ as the text does, but never by a row; and a page's content cut
  cleanly between two rows, a well-formed page with a shorter table, where the rows the copy
  no longer prints are missing and nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import signal
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from ddorgen.fuzz import random_spec
from ddorgen.model import Layout
from ddorgen.render import render
from ddorgen.variants import small_report
from realpdf.damage import (
    FILE_MUTATIONS,
    MUTATIONS,
    document_text,
    mutant,
    no_longer_printed,
    text_values,
)

from detainer_tui import cli, console
from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import parse_report
from detainer_tui.report import TABLE_SECTIONS, Report

# The copies are made and read once (``fuzz_run``), in one test process.
pytestmark = pytest.mark.xdist_group("damage-fuzz")

SEED = 2017
KINDS = (*MUTATIONS, *FILE_MUTATIONS)
FIXTURES = Path(__file__).parent / "fixtures" / "real"
REAL = (
    "chromium-liberation-serif-county-state-unruled",
    "writer-carlito-centred-unruled-landscape",
)
SOURCES = ("reportlab", "fpdf", "random", *REAL)
COPIES = 2
"""Copies per kind of damage (three of each way of cutting a page's content, one of each
damage to the file's structure), drawn from the sources in turn."""
MORE = ("content cut anywhere", "content cut at an operator")
SECONDS = 60
"""Longer than any copy takes (a fraction of a second) by far: reaching it is a hang."""


class Hang(BaseException):
    """Reading one copy took longer than ``SECONDS`` (a BaseException: no handler that turns
    errors into messages may swallow it)."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def expired(_signum: int, _frame: object) -> None:
        raise Hang(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def original_pdf(source: str, folder: Path) -> Path:
    """The undamaged report ``source`` (drawn into ``folder``, or a committed fixture)."""
    if source in REAL:
        return FIXTURES / f"{source}.pdf"
    if source == "random":
        spec = random_spec(3, records=(6, 8), policies=(2, 2))
    else:
        layout = Layout(ruling="grid") if source == "reportlab" else Layout(ruling="rows")
        spec = small_report(21, layout, records=7, policies=2, engine=source)
        spec = replace(spec, page_numbers=True)
    return Path(render(spec, folder / f"{source}.pdf").path)


@dataclass
class Copy:
    source: str
    kind: str
    seed: int
    path: Path


@dataclass
class Original:
    path: Path
    report: Report


def rows(report: Report, table: str) -> Counter:
    """A table's rows as a multiset, without what a page dropped or repeated moves (its
    source page) and the file's checksum."""
    frame = report.table(table).drop("sha256", "source_page", strict=False)
    return Counter(tuple(tuple(v) if isinstance(v, list) else v for v in r) for r in frame.rows())


def outcome(copy: Copy, original: Original) -> tuple[str, str | None]:
    """(exact | text changed | rows gone | partial | refused, what is wrong or None)."""
    try:
        with time_limit(SECONDS):
            report = parse_report(copy.path)
    except UnreadableReport as error:
        if not str(error).startswith(f"{copy.path}: ") or not error.reason or "\n" in str(error):
            return "refused", f"refusal not one line naming the file: {error}"
        return "refused", None
    if report.complete:
        if all(
            report.table(t).drop("sha256").equals(original.report.table(t).drop("sha256"))
            for t in TABLE_SECTIONS
        ):
            return "exact", None
        sizes = all(
            sum(rows(report, t).values()) == sum(rows(original.report, t).values())
            for t in TABLE_SECTIONS
        )
        if (
            copy.kind == "bytes flipped"
            and sizes
            and document_text(copy.path) != document_text(original.path)
        ):
            return "text changed", None
        got = {t: rows(report, t) for t in TABLE_SECTIONS}
        want = {t: rows(original.report, t) for t in TABLE_SECTIONS}
        lost = text_values(row for t in TABLE_SECTIONS for row in (want[t] - got[t]).elements())
        if not any(got[t] - want[t] for t in TABLE_SECTIONS) and no_longer_printed(
            copy.path, original.path, lost
        ):
            return "rows gone", None
        return "exact", "read as complete with tables unlike the original's"
    lines = cli.report_lines(report, verbose=False, exported=False)
    if len(lines) > 3 or not any(d.cause or d.partial for d in report.diagnostics):
        return "partial", f"{len(lines)} lines on stderr"
    for table, section in TABLE_SECTIONS.items():
        got, want = rows(report, table), rows(original.report, table)
        extra = got - want
        if extra:
            what = "changed" if any(r not in want for r in extra) else "doubled"
            return "partial", f"{table}: rows {what} ({next(iter(extra))!r:.80})"
        lost = sum((want - got).values())
        found = [d for d in report.partial_reasons() if d.section in (section, None)]
        counted = sum(d.rows or 0 for d in found)
        if lost > counted and all(d.rows is not None for d in found):
            return "partial", f"{table}: {lost} rows lost, {counted} counted"
    return "partial", None


def _plan(folder: Path) -> tuple[dict[str, Original], list[Copy]]:
    originals: dict[str, Original] = {}
    for source in SOURCES:
        path = original_pdf(source, folder)
        report = parse_report(path)
        assert report.complete, [str(d) for d in report.diagnostics]
        originals[source] = Original(path, report)
    seen = {hashlib.sha256(o.path.read_bytes()).hexdigest() for o in originals.values()}
    copies: list[Copy] = []
    draw = random.Random(SEED)
    turn = 0
    for kind in KINDS:
        wanted = 1 if kind in FILE_MUTATIONS else COPIES + (kind in MORE)
        made = attempt = 0
        while made < wanted and attempt < 10 * wanted:
            source = SOURCES[turn % len(SOURCES)]
            turn += 1
            attempt += 1
            seed = draw.randrange(1 << 30)
            target = folder / f"{source}-{KINDS.index(kind)}-{attempt}.pdf"
            mutant(originals[source].path, target, kind, random.Random(seed))
            digest = hashlib.sha256(target.read_bytes()).hexdigest()
            if digest in seen:
                target.unlink()
                continue
            seen.add(digest)
            copies.append(Copy(source, kind, seed, target))
            made += 1
    return originals, copies


@pytest.fixture(scope="module")
def fuzz_run(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Copy, str, str | None]]:
    """Every copy of the plan with its outcome (the whole run takes a few seconds: the
    reports are small, and each copy is read once, in this process)."""
    originals, copies = _plan(tmp_path_factory.mktemp("fuzz"))
    return [(copy, *outcome(copy, originals[copy.source])) for copy in copies]


def test_the_copies_are_varied_and_none_is_the_original(
    fuzz_run: list[tuple[Copy, str, str | None]],
) -> None:
    made = Counter(copy.kind for copy, _, _ in fuzz_run)
    assert set(made) == set(KINDS)
    assert {copy.source for copy, _, _ in fuzz_run} == set(SOURCES)
    digests = [hashlib.sha256(copy.path.read_bytes()).hexdigest() for copy, _, _ in fuzz_run]
    assert len(set(digests)) == len(digests)


@pytest.mark.parametrize("kind", KINDS)
def test_damaged_copies_are_read_marked_partial_or_refused_in_one_line(
    kind: str, fuzz_run: list[tuple[Copy, str, str | None]]
) -> None:
    wrong = [
        f"{copy.source} seed {copy.seed}: {result}: {problem}"
        for copy, result, problem in fuzz_run
        if copy.kind == kind and problem
    ]
    assert not wrong


def test_rows_a_cut_copy_no_longer_prints_are_told_from_rows_the_reader_lost(
    tmp_path: Path,
) -> None:
    """A page's content cut right after the first row of a LibreOffice Calc report's Section I
    (its footer is drawn first, so the page still ends "Page 1 of 5"): a well-formed page with
    a one-row table. Reading it gives that row, as every reader would; the three rows cut off
    are no longer printed. A row the copy still prints is not taken for one of those."""
    source = FIXTURES / "calc-liberation-sans-bottom-unbordered.pdf"
    cut = mutant(
        source, tmp_path / "cut.pdf", "content cut at an operator", random.Random(355820954)
    )
    report, whole = parse_report(cut), parse_report(source)
    assert report.complete
    got, want = rows(report, "rankings"), rows(whole, "rankings")
    assert sum(got.values()) == 1 and not got - want
    lost = text_values((want - got).elements())
    assert set(lost) >= {"Doña Ana County", "Prince George's County", "Multnomah County"}
    assert no_longer_printed(cut, source, lost)
    assert not no_longer_printed(cut, source, text_values(got.elements()))
    assert not no_longer_printed(source, source, lost)


def test_a_refusal_is_one_line_on_stderr(
    fuzz_run: list[tuple[Copy, str, str | None]], capsys: pytest.CaptureFixture[str]
) -> None:
    refused = [copy for copy, result, _ in fuzz_run if result == "refused"]
    assert refused  # the file structure damages at least are refused
    for copy in refused[:3]:
        with pytest.raises(UnreadableReport) as caught:
            parse_report(copy.path)
        console.problem(caught.value)
        [line] = capsys.readouterr().err.splitlines()
        assert line == f"detainer-tui: error: {caught.value}"


def tally(run: list[tuple[Copy, str, str | None]]) -> list[str]:
    """The run's figures: outcomes per kind of damage, and the wrong ones."""
    lines = [f"{len(run)} damaged copies of {len(SOURCES)} reports ({', '.join(SOURCES)})"]
    for kind in KINDS:
        counts = Counter(result for copy, result, _ in run if copy.kind == kind)
        lines.append(f"  {kind}: " + ", ".join(f"{o} {n}" for o, n in sorted(counts.items())))
    bad = [f"{c.source}/{c.kind}/{c.seed}: {p}" for c, _, p in run if p]
    lines.append(f"wrong: {len(bad)}")
    lines.extend(f"  {line}" for line in bad)
    return lines


if __name__ == "__main__":
    import tempfile
    import time

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        found, planned = _plan(Path(scratch))
        result = [(copy, *outcome(copy, found[copy.source])) for copy in planned]
        print("\n".join(tally(result)))
    print(f"{time.perf_counter() - started:.1f} s")
    sys.exit(0)
