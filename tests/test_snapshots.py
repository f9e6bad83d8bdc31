"""What each pane looks like at 80x24 and 120x40, recorded as SVG snapshots.

The reports are the samples' exact expected tables (``sample_reports``, from the generator),
so these pictures change only when the explorer's look changes.
"""

from __future__ import annotations

import pytest
from pilot_waits import settle
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher

from detainer_tui.explorer.app import DetainerApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots are recorded on a full-colour terminal, whatever the environment running the
    tests says (the explorer styles the cursor differently where colours are few)."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")


def keys_then_settle(*keys: str):
    async def run_before(pilot: Pilot) -> None:
        # A snapshot of a crashed app would match itself: check the app is up first.
        await settle(pilot)
        assert pilot.app.is_running
        assert pilot.app.query_one(ContentSwitcher).current is not None
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("pane", ["1", "2", "3", "4"])
def test_pane(snap_compare, sample_reports, pane: str, size: str):
    app = DetainerApp(reports=sample_reports, origin="bundled samples (library empty)")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=keys_then_settle(pane))


def test_search_active(snap_compare, sample_reports):
    app = DetainerApp(reports=sample_reports, origin="bundled samples")
    assert snap_compare(app, run_before=keys_then_settle("2", "slash", *"dona ana"))


def test_ranking_by_offence_for_one_report(snap_compare, sample_reports):
    app = DetainerApp(reports=sample_reports, origin="bundled samples")
    keys = ("v", "v", "v", "v", "v", "r")
    assert snap_compare(app, run_before=keys_then_settle(*keys))


def test_record_detail(snap_compare, sample_reports):
    app = DetainerApp(reports=sample_reports, origin="bundled samples")
    assert snap_compare(app, run_before=keys_then_settle("2", "j", "enter"))


def test_help(snap_compare, sample_reports):
    app = DetainerApp(reports=sample_reports, origin="bundled samples")
    assert snap_compare(app, run_before=keys_then_settle("question_mark"))


def test_cursor_on_a_16_colour_terminal(snap_compare, sample_reports, monkeypatch):
    """TERM=screen: the cursor cell reversed, its row bold, its column's heading reversed."""
    monkeypatch.setenv("TERM", "screen")
    monkeypatch.delenv("COLORTERM")
    app = DetainerApp(reports=sample_reports, origin="bundled samples")
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=keys_then_settle("2", "j", "j", "l", "l")
    )
