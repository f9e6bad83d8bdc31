"""What each pane looks like at 80x24 and 120x40, recorded as SVG snapshots.

The reports are the samples' exact expected tables (``sample_dataset``, from the generator),
so these pictures change only when the explorer's look changes.
"""

from __future__ import annotations

import pytest
from pilot_waits import press, settle, wait_until
from test_explorer_analysis import result_shown
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Input

from detainer_tui.explorer.app import DetainerApp
from detainer_tui.explorer.screens.chart import ChartScreen
from detainer_tui.explorer.screens.map import MapScreen
from detainer_tui.explorer.screens.table import TableScreen

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
            await press(pilot, key)
            await settle(pilot)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("pane", ["1", "2", "3", "4"])
def test_pane(snap_compare, sample_dataset, pane: str, size: str):
    app = DetainerApp(dataset=sample_dataset, origin="bundled samples (library empty)")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=keys_then_settle(pane))


def test_search_active(snap_compare, sample_dataset):
    app = DetainerApp(dataset=sample_dataset, origin="bundled samples")
    assert snap_compare(app, run_before=keys_then_settle("2", "slash", *"dona ana"))


def test_ranking_by_offence_for_one_report(snap_compare, sample_dataset):
    app = DetainerApp(dataset=sample_dataset, origin="bundled samples")
    keys = ("v", "v", "v", "v", "v", "r")
    assert snap_compare(app, run_before=keys_then_settle(*keys))


def test_record_detail(snap_compare, sample_dataset):
    app = DetainerApp(dataset=sample_dataset, origin="bundled samples")
    assert snap_compare(app, run_before=keys_then_settle("2", "j", "enter"))


def test_help(snap_compare, sample_dataset):
    app = DetainerApp(dataset=sample_dataset, origin="bundled samples")
    assert snap_compare(app, run_before=keys_then_settle("question_mark"))


def test_cursor_on_a_16_colour_terminal(snap_compare, sample_dataset, monkeypatch):
    """TERM=screen: the cursor cell reversed, its row bold, its column's heading reversed."""
    monkeypatch.setenv("TERM", "screen")
    monkeypatch.delenv("COLORTERM")
    app = DetainerApp(dataset=sample_dataset, origin="bundled samples")
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=keys_then_settle("2", "j", "j", "l", "l")
    )


# Ordered fully: Polars groups in no fixed order, and ties must not move between runs.
SNAPSHOT_QUERY = (
    "SELECT state, count(*) AS n, median(days) AS days FROM records GROUP BY state "
    "ORDER BY n DESC, state"
)


def view_then_settle(*keys: str, query: str = ""):
    """Open a view with ``keys`` (then run ``query`` in the query line, if any), and wait
    until it shows its rows or map."""

    async def run_before(pilot: Pilot) -> None:
        await keys_then_settle(*keys)(pilot)
        if query:
            pilot.app.screen.query_one("#query-input", Input).value = query
            await press(pilot, "enter")
        await wait_until(
            lambda: (
                isinstance(pilot.app.screen, MapScreen)
                or (isinstance(pilot.app.screen, TableScreen) and result_shown(pilot.app.screen))
            ),
            "the view on screen",
        )
        await settle(pilot)

    return run_before


VIEWS = {
    "frequency": view_then_settle("2", "l", "l", "l", "F"),  # Records' citizenship
    "weeks": view_then_settle("w"),
    "query": view_then_settle("colon", query=SNAPSHOT_QUERY),
    "map": view_then_settle("2", "m"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", VIEWS)
def test_analyst_view(snap_compare, sample_dataset, view: str, size: str):
    app = DetainerApp(dataset=sample_dataset, origin="bundled samples")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=VIEWS[view])


def chart_then_settle(*keys: str):
    """Open a chart with ``keys`` and wait until it is drawn (a table of bins: its rows)."""

    async def run_before(pilot: Pilot) -> None:
        await keys_then_settle(*keys)(pilot)
        await wait_until(
            lambda: (
                isinstance(pilot.app.screen, ChartScreen)
                or (isinstance(pilot.app.screen, TableScreen) and result_shown(pilot.app.screen))
            ),
            "the chart on screen",
        )
        await settle(pilot)

    return run_before


CHARTS = {
    "declines-per-day": chart_then_settle("2", "t"),
    "days-to-decline": chart_then_settle("2", "H"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("chart", CHARTS)
def test_chart(snap_compare, sample_dataset, chart: str, size: str):
    app = DetainerApp(dataset=sample_dataset, origin="bundled samples")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=CHARTS[chart])
