"""What the explorer shows of the data's own facts: the county code column (hidden on a
narrow terminal), and the places that matched no county in a report's detail."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pilot_waits import press, settle, wait_until
from test_explorer import main, pane, pilot_test, status_text

from detainer_tui import schema
from detainer_tui.dataset import SAMPLE, Dataset
from detainer_tui.explorer.app import DetainerApp
from detainer_tui.store import resolve_open


@pilot_test
async def test_the_county_code_is_hidden_at_80_columns_and_shown_wide(sample_dataset: Dataset):
    for size, shown in (((80, 24), False), ((120, 40), True)):
        app = DetainerApp(dataset=sample_dataset)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for key in ("1", "2", "3"):
                await press(pilot, key)
                await settle(pilot)
                assert (schema.COUNTY_FIPS in pane(app).shown_columns) is shown, (size, key)
            if not shown:
                # not counted as a column the user hid; + shows it like one
                assert "hidden" not in status_text(app)
                await press(pilot, "plus")
                await settle(pilot)
                assert schema.COUNTY_FIPS in pane(app).shown_columns


@pilot_test
async def test_a_reports_detail_lists_the_places_without_a_county_code(sample_dataset: Dataset):
    app = DetainerApp(dataset=sample_dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        text = "\n".join(str(w.render()) for w in app.screen.query("Label, Static"))
        assert "No county code" in text
        assert "New York City, NY" in text
        assert main(app) is not app.screen


@pilot_test
async def test_samples_are_marked_synthetic_and_opening_them_tells_of_the_library(
    sample_paths: list[Path], seeded_cache: Path
):
    request = replace(resolve_open(sample_paths), tell_remembered=True)
    app = DetainerApp(request=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(lambda: main(app).is_mounted, "the main screen")
        await settle(pilot)
        await wait_until(lambda: not main(app)._loading, "loading done")
        header = str(app.query_one("#summary").render())
        assert f"{len(sample_paths)} reports ({len(sample_paths)} synthetic)" in header
        notes = [n.message for n in app._notifications]
        assert any(
            n.startswith(f"{len(sample_paths)} reports added to your library") for n in notes
        )
        await press(pilot, "4")
        await settle(pilot)
        assert set(pane(app).view.frame.get_column(SAMPLE)) == {"synthetic"}
