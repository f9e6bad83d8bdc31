"""Damaged copies of a report, made at random with a fixed seed: each is read in full, read
in part with a diagnostic naming what is missing, or refused in one line. Never a traceback,
a hang or a silent loss.

The copies (``MUTANTS``, spread over the kinds in ``realpdf.damage.MUTATIONS``: bits flipped,
the file cut short, a page dropped, a content stream emptied or cut short) are made from two
small reports drawn by the two renderers, so that each is parsed in a fraction of a second;
``benchmarks/damage.py`` makes many more from the bundled samples and prints the figures.

A complete read must give the original's tables. The one exception is a flipped bit inside a
stream that carries no checksum: that changes the document itself, so the tables may differ
where the text does for every reader (PDFium is asked), but never by a row.
"""

from __future__ import annotations

import contextlib
import random
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from ddorgen.model import Layout
from ddorgen.render import render
from ddorgen.variants import small_report
from realpdf.damage import MUTATIONS, document_text, mutant

from detainer_tui import console, schema
from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import parse_report
from detainer_tui.report import Report

SEED = 2017
MUTANTS = 100
ENGINES = ("reportlab", "fpdf")
SECONDS = 60
"""Longer than any copy takes (a fraction of a second) by far: reaching it is a hang."""

_draw = random.Random(SEED)
PLAN = [
    (ENGINES[number % 2], MUTATIONS[number % len(MUTATIONS)], _draw.randrange(1 << 30))
    for number in range(MUTANTS)
]
"""(renderer, kind of damage, seed) of each copy."""


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


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Report]]:
    """The two small reports, by renderer, and their tables as read intact."""
    folder = tmp_path_factory.mktemp("originals")
    made = {}
    for engine in ENGINES:
        spec = small_report(21, Layout(ruling="grid"), records=6, policies=2, engine=engine)
        pdf = Path(render(spec, folder / f"{engine}.pdf").path)
        report = parse_report(pdf)
        assert report.complete
        made[engine] = (pdf, report)
    return made


@pytest.mark.parametrize("number", range(MUTANTS))
def test_damaged_copy_is_read_marked_partial_or_refused_in_one_line(
    number: int,
    originals: dict[str, tuple[Path, Report]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine, kind, seed = PLAN[number]
    source, original = originals[engine]
    path = mutant(source, tmp_path / f"copy-{number}.pdf", kind, random.Random(seed))
    try:
        with time_limit(SECONDS):
            report = parse_report(path)
    except UnreadableReport as error:
        assert str(error).startswith(f"{path}: ") and error.reason
        # What the command line prints for it (``export`` exits 1): exactly one line.
        console.problem(error)
        [line] = capsys.readouterr().err.splitlines()
        assert line == f"detainer-tui: error: {error}"
        return
    if not report.complete:
        reasons = report.partial_reasons()
        assert reasons and all(d.section for d in reasons), [str(d) for d in reasons]
        return
    changed = [
        table
        for table in ("rankings", "records", "policies")
        if not report.table(table)
        .drop(schema.SHA256)
        .equals(original.table(table).drop(schema.SHA256))
    ]
    for table in changed:
        assert report.table(table).height == original.table(table).height, (
            f"{kind} copy {number}: {table} lost rows and the report says it is complete"
        )
    if changed:
        assert document_text(path) != document_text(source), (
            f"{kind} copy {number}: {', '.join(changed)} differ from the original's, the "
            "document's text does not, and the report says it is complete"
        )
