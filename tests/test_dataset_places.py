"""A jurisdiction is its name and its state, and rows come in one order (by period, then by
file), in the dataset layer — no terminal.

Reports are drawn here, small, so that the same-named counties and the order are known exactly.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from detainer_tui import schema
from detainer_tui.dataset import (
    COUNT,
    SAMPLE,
    VALUE,
    Dataset,
    Query,
    key_column,
    ranking_source,
)
from detainer_tui.report import Report, in_order

WEEK1 = (date(2017, 1, 28), date(2017, 2, 3))
WEEK2 = (date(2017, 2, 4), date(2017, 2, 10))
FRANKLINS = ("NY", "IA", "PA")


def report(
    period: tuple[date, date],
    records: list[tuple[str, str]] = (),
    rankings: list[tuple[str, str, int]] = (),
    name: str = "report.pdf",
) -> Report:
    """records: (state, jurisdiction); rankings: (jurisdiction, state, detainers issued)."""
    start, end = period
    sha = f"sha-{name}"
    rows = [
        (start, end, st, ju, f"{ju} Jail", "Mexico", [], start, end, 1, sha) for st, ju in records
    ]
    ranked = [(start, end, i + 1, ju, st, n, sha) for i, (ju, st, n) in enumerate(rankings)]
    return Report(
        reports=pl.DataFrame(
            [(name, sha, start, end, 3, 100, len(rows), "1", True)],
            schema=schema.REPORTS,
            orient="row",
        ),
        rankings=pl.DataFrame(ranked, schema=schema.RANKINGS, orient="row"),
        records=pl.DataFrame(rows, schema=schema.RECORDS, orient="row"),
        policies=schema.empty(schema.POLICIES),
    )


@pytest.fixture
def franklins() -> Dataset:
    records = [("NY", "Franklin County")] * 3 + [("IA", "Franklin County")] * 2
    records += [("PA", "Franklin County"), ("TX", "Travis County")]
    rankings = [("Franklin County", st, n) for st, n in zip(FRANKLINS, (9, 5, 4), strict=True)]
    return Dataset([report(WEEK1, records, rankings)])


def test_frequency_of_a_jurisdiction_counts_each_state_apart(franklins: Dataset):
    view = franklins.rankings().query(Query())
    table = franklins.frequency(view, schema.JURISDICTION)
    assert dict(table.display_frame.select(VALUE, COUNT).rows()) == {
        "Franklin County, NY": 1,
        "Franklin County, IA": 1,
        "Franklin County, PA": 1,
    }
    # the export keeps the name and the state as two columns
    assert table.export.columns[:2] == [schema.JURISDICTION, schema.STATE]
    assert sorted(table.export.get_column(schema.STATE)) == sorted(FRANKLINS)


def test_rows_behind_a_jurisdiction_are_that_state_only(franklins: Dataset):
    view = franklins.records.query(Query())
    table = franklins.frequency(view, schema.JURISDICTION)
    counted = dict(table.display_frame.select(VALUE, COUNT).rows())
    assert counted == {
        "Franklin County, NY": 3,
        "Franklin County, IA": 2,
        "Franklin County, PA": 1,
        "Travis County, TX": 1,
    }
    iowa = next(r for r in table.frame.rows(named=True) if r[VALUE] == "Franklin County, IA")
    behind = franklins.rows_behind(view, schema.JURISDICTION, iowa[key_column(VALUE)])
    assert behind.total == 2
    assert set(behind.display_frame.get_column(schema.STATE)) == {"IA"}


def test_a_facility_is_counted_with_its_state(franklins: Dataset):
    table = franklins.frequency(franklins.records.query(Query()), schema.FACILITY)
    assert "Franklin County Jail, PA" in set(table.display_frame.get_column(VALUE))
    assert table.total == 4


def test_rankings_week_over_week_and_the_drill_keep_the_states_apart(franklins: Dataset):
    summed = franklins.rankings(report=None).frame
    assert summed.height == 3
    declined = franklins.rankings(ranking_source("jurisdiction")).frame
    assert sorted(declined.select(schema.STATE, "declined").rows()) == [
        ("IA", 2),
        ("NY", 3),
        ("PA", 1),
        ("TX", 1),
    ]
    weekly = franklins.week_over_week(ranking_source("jurisdiction")).frame
    assert weekly.filter(pl.col(schema.JURISDICTION) == "Franklin County").height == 3
    row = declined.filter(pl.col(schema.STATE) == "IA").row(0, named=True)
    drill = franklins.records_drill(ranking_source("jurisdiction"), row, None)
    assert franklins.records.query(Query(drill=drill)).count == 2


def test_rows_come_by_period_then_file_whatever_order_they_arrive_in():
    week0 = (date(2017, 1, 21), date(2017, 1, 27))
    late = report(WEEK2, [("IA", "Franklin County")], name="a-late.pdf")
    early = report(week0, [("NY", "Franklin County")], name="z-early.pdf")
    first = report(WEEK1, [("TX", "Travis County")], name="b.pdf")
    revision = report(WEEK1, [("TX", "Travis County")], name="c.pdf")
    expected = ["z-early.pdf", "b.pdf", "c.pdf", "a-late.pdf"]
    seen = set()
    for reports in ([late, revision, first, early], [first, early, late, revision]):
        dataset = Dataset(reports)
        assert [r.source_file for r in dataset.opened] == expected
        states = dataset.records.export.get_column(schema.STATE).to_list()
        seen.add(tuple(states))
        query = dataset.sql("SELECT state FROM records").export.get_column(schema.STATE)
        assert query.to_list() == states
        files = dataset.reports_table.export.get_column(schema.SOURCE_FILE).to_list()
        assert files == [f for f in expected if f in files]
    assert seen == {("NY", "TX", "IA")}
    assert [r.source_file for r in in_order([late, revision, first, early])] == expected


def test_a_synthetic_sample_is_marked_wherever_a_report_is_named():
    sample = report(WEEK1, [("TX", "Travis County")], name="sample.pdf")
    sample.synthetic = True
    own = report(WEEK2, [("TX", "Travis County")], name="own.pdf")
    dataset = Dataset([sample, own])
    assert dataset.summary(detailed=False).startswith("2 reports (1 synthetic) · ")
    assert Dataset([sample]).summary().startswith("1 report (synthetic): ")
    pane = dataset.reports_table
    assert pane.columns[2] == SAMPLE and pane.label(SAMPLE) == "Sample"
    assert pane.frame.get_column(SAMPLE).to_list() == ["synthetic", ""]
    detail = dict(dataset.report_detail(pane.row(0)).fields)
    assert detail["Sample"].startswith("synthetic: the PDF says it is not an ICE publication")
    assert "Sample" not in dict(dataset.report_detail(pane.row(1)).fields)
    # none open: no column for it
    assert SAMPLE not in Dataset([own]).reports_table.columns
