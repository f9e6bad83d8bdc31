"""Column filters in a chain (``dataset/filters.py``), headless: the filter line's grammar and
its errors, filters from a cell, the chain's order, what emptied it, undo, saving and reading
back, and sorting by period."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from test_dataset import FIRST, SECOND, WEEK1, WEEK2, make_report

from detainer_tui import schema
from detainer_tui.dataset import (
    DAYS,
    PERIOD,
    REPORT,
    Dataset,
    Query,
    Sort,
    Table,
    ranking_source,
)
from detainer_tui.dataset.filters import (
    Between,
    ChainLine,
    Compare,
    Empty,
    Equals,
    FilterError,
    History,
    Search,
    cell_filters,
    parse_dates,
    parse_filter,
)
from detainer_tui.dataset.table import PaneState, next_sort


@pytest.fixture
def dataset() -> Dataset:
    return Dataset([FIRST, SECOND])


@pytest.fixture
def records(dataset: Dataset) -> Table:
    return dataset.records


def shown(table: Table, *steps, sort: Sort | None = None, column: str = schema.JURISDICTION):
    return table.query(Query(chain=tuple(steps), sort=sort)).frame.get_column(column).to_list()


# -- the grammar ------------------------------------------------------------------------------
def test_a_value_keeps_equal_rows_ignoring_case_and_accents(records: Table):
    step = parse_filter(records, schema.JURISDICTION, "dona ana county")
    assert step == Equals(schema.JURISDICTION, ("dona ana county",))
    assert shown(records, step) == ["Doña Ana County"]
    assert step.label(records) == "Jurisdiction = dona ana county"


def test_a_list_of_values_keeps_any_of_them(records: Table):
    step = parse_filter(records, schema.STATE, "nm, il")
    assert sorted(shown(records, step, column=schema.STATE)) == ["IL", "NM"]
    assert step.label(records) == "State = nm, il"


def test_a_state_may_be_typed_by_name(records: Table):
    step = parse_filter(records, schema.STATE, "New Mexico, Illinois")
    assert step == Equals(schema.STATE, ("NM", "IL"))
    assert parse_filter(records, schema.STATE, "== nm") == Equals(schema.STATE, ("nm",))


def test_a_value_with_a_comma_of_its_own_stays_whole(records: Table):
    step = parse_filter(records, schema.CITIZENSHIP, "korea, south")
    assert shown(records, step) == ["Bastrop County"]
    quoted = parse_filter(records, schema.CITIZENSHIP, '"Korea, South", Guatemala')
    assert sorted(shown(records, quoted)) == ["Bastrop County", "Cook County"]


def test_negation_drops_the_values(records: Table):
    for typed in ("!= TX", "not TX", "≠ tx"):
        step = parse_filter(records, schema.STATE, typed)
        assert isinstance(step, Equals) and step.negate
        assert set(shown(records, step, column=schema.STATE)) == {"NM", "IL"}
    assert parse_filter(records, schema.STATE, "!= TX").label(records) == "State ≠ TX"


def test_comparisons_and_ranges_on_numbers(records: Table):
    pages = schema.SOURCE_PAGE
    assert parse_filter(records, pages, "> 2") == Compare(pages, ">", 2)
    assert sorted(shown(records, parse_filter(records, pages, ">= 3"), column=pages)) == [3, 3, 4]
    assert shown(records, parse_filter(records, pages, "<3"), column=pages) == [2, 2, 2, 2]
    assert parse_filter(records, pages, "2..3") == Between(pages, 2, 3)
    assert parse_filter(records, pages, "4") == Equals(pages, (4,))
    assert parse_filter(records, pages, "2, 4") == Equals(pages, (2, 4))
    assert parse_filter(records, DAYS, "<= -3") == Compare(DAYS, "<=", -3)


def test_dates_as_people_type_them(records: Table):
    declined = schema.DETAINER_DECLINED
    day = date(2017, 2, 3)
    for typed in ("2017-02-03", "2/3/2017", "02/03/2017", "Feb 3, 2017", "3 February 2017"):
        assert parse_filter(records, declined, typed) == Equals(declined, (day,)), typed
    assert parse_dates("2/3/17") == (day, day)
    # a month or a year is every day of it
    assert parse_filter(records, declined, "2017-02") == Between(
        declined, date(2017, 2, 1), date(2017, 2, 28)
    )
    assert parse_filter(records, declined, "> 2017-02") == Compare(declined, ">", date(2017, 2, 28))
    assert parse_filter(records, declined, "< feb 2017") == Compare(declined, "<", date(2017, 2, 1))
    ranged = parse_filter(records, declined, "2017-02-01..2017-02-03")
    assert ranged == Between(declined, date(2017, 2, 1), day)
    assert ranged.label(records) == "Declined 2017-02-01..2017-02-03"
    assert len(shown(records, ranged)) == 5  # the first week's records, declined Feb 3


def test_empty_and_not_empty(records: Table):
    offences = schema.CRIMINAL_ACTIVITY
    empty = parse_filter(records, offences, "empty")
    assert empty == Empty(offences)
    assert shown(records, empty, column=schema.CITIZENSHIP) == ["Honduras"]
    assert len(shown(records, parse_filter(records, offences, "not empty"))) == 6
    assert parse_filter(records, offences, "not empty").label(records) == "Offences not empty"


def test_a_list_column_means_contains(records: Table):
    step = parse_filter(records, schema.CRIMINAL_ACTIVITY, "larceny")
    assert step.label(records) == "Offences has larceny"
    assert sorted(shown(records, step)) == ["Doña Ana County", "Travis County"]
    dropped = parse_filter(records, schema.CRIMINAL_ACTIVITY, "not larceny")
    assert dropped.label(records) == "Offences lacks larceny"
    assert len(shown(records, dropped)) == 5


@pytest.mark.parametrize(
    ("column", "typed", "said"),
    [
        (schema.STATE, "", "Type a value"),
        (schema.STATE, "> 3", "State holds text: compare numbers or dates only."),
        (schema.JURISDICTION, "travis", 'No Jurisdiction is "travis"; nearest: Travis County.'),
        (schema.STATE, "Calfornia", 'No State is "Calfornia"'),
        (schema.SOURCE_PAGE, "three", 'Page holds numbers: "three" is not one.'),
        (schema.SOURCE_PAGE, "> ", "Say what to compare Page with"),
        (schema.SOURCE_PAGE, "5..2", "The range 5..2 is backwards"),
        (schema.SOURCE_PAGE, "..2", "A range needs both ends"),
        (schema.DETAINER_ISSUED, "yesterday", 'Issued holds dates: "yesterday" is not one'),
        (schema.DETAINER_ISSUED, "2017-02-30", '"2017-02-30" is not a day of the calendar.'),
        (schema.DETAINER_ISSUED, "2017-02, 2017-03", "2017-02 is more than a day"),
    ],
)
def test_a_mistyped_filter_says_why(records: Table, column: str, typed: str, said: str):
    with pytest.raises(FilterError) as raised:
        parse_filter(records, column, typed)
    assert said in str(raised.value)
    assert "\n" not in str(raised.value)


# -- filters from the cell under the cursor ---------------------------------------------------
def test_equals_and_drop_on_a_cell(records: Table):
    row = records.query(Query()).row(0)  # Travis County, Assault
    (keep,) = cell_filters(records, schema.JURISDICTION, row, keep=True)
    assert keep.label(records) == "Jurisdiction = Travis County"
    assert set(shown(records, keep)) == {"Travis County"}
    (drop,) = cell_filters(records, schema.JURISDICTION, row, keep=False)
    assert "Travis County" not in shown(records, drop)
    (date_keep,) = cell_filters(records, schema.DETAINER_DECLINED, row, keep=True)
    assert date_keep == Equals(schema.DETAINER_DECLINED, (WEEK1[1],), exact=True)


def test_equals_on_a_list_cell_keeps_rows_holding_each_item(records: Table):
    row = records.query(Query()).row(2)  # Assault; Larceny
    keep = cell_filters(records, schema.CRIMINAL_ACTIVITY, row, keep=True)
    assert [s.label(records) for s in keep] == ["Offences has Assault", "Offences has Larceny"]
    assert shown(records, *keep, column=schema.CITIZENSHIP) == ["Mexico"]
    (drop,) = cell_filters(records, schema.CRIMINAL_ACTIVITY, row, keep=False)
    assert drop.label(records) == "Offences lacks Assault, Larceny"
    assert sorted(shown(records, drop, column=schema.CITIZENSHIP)) == ["Honduras", "Korea, South"]
    empty_row = records.query(Query()).row(1)
    assert cell_filters(records, schema.CRIMINAL_ACTIVITY, empty_row, keep=True) == [
        Empty(schema.CRIMINAL_ACTIVITY)
    ]


# -- the chain --------------------------------------------------------------------------------
def test_a_drill_down_reads_as_filters_of_the_chain(dataset: Dataset):
    source = ranking_source("jurisdiction")
    ranking = dataset.rankings(source, None)
    row = next(r for r in ranking.frame.iter_rows(named=True) if r[schema.STATE] == "TX")
    drill = dataset.records_drill(source, row, 1)
    query = Query(drill=drill).chained()
    line = query.chain_line(dataset.records).text()
    assert line == "Jurisdiction = Travis County › State = TX › Report = Feb 4–10, 2017"
    assert dataset.records.query(query).count == 1
    # backspace removes the last: every report's Travis County records
    assert dataset.records.query(query.without_last()).count == 4
    offences = dataset.records_drill(ranking_source("offence"), {"_key_offence": "Larceny"}, None)
    label = Query(drill=offences).chain_line(dataset.records).text()
    assert label == "Offences has Larceny"


def test_the_search_keeps_its_place_in_the_chain(records: Table):
    query = Query().with_filters(Equals(schema.STATE, ("TX",))).with_search("mex")
    query = query.with_filters(Compare(schema.SOURCE_PAGE, "<", 3))
    assert query.chain_line(records).text() == "State = TX › /mex › Page < 3"
    query = query.with_search("mexico")
    assert query.chain_line(records).text() == "State = TX › /mexico › Page < 3"
    assert query.search_text == "mexico"
    assert records.query(query).count == 2
    assert query.with_search("").chain_line(records).text() == "State = TX › Page < 3"


def test_an_empty_result_names_the_filter_that_emptied_it(records: Table):
    query = Query(
        sort=Sort(schema.STATE),
        chain=(Equals(schema.STATE, ("NM",)), Search("zzzz"), Compare(schema.SOURCE_PAGE, ">", 1)),
    )
    view = records.query(query)
    assert view.count == 0
    assert view.emptied_by == 1
    line = query.chain_line(records, view)
    assert line.text() == "no rows: State = NM › /zzzz (then Page > 1) · sort State ▲"
    assert records.query(Query(chain=(Equals(schema.STATE, ("NM",)),))).emptied_by is None


def test_the_chain_line_fits_its_width_keeping_the_latest():
    line = ChainLine(
        ("Jurisdiction = Prince George's County", "Days > 365", "/homicide"), "sort Declined ▼"
    )
    full = line.text()
    assert full == (
        "Jurisdiction = Prince George's County › Days > 365 › /homicide · sort Declined ▼"
    )
    cut = line.text(60)
    assert len(cut) == 60
    assert cut.startswith("…") and cut.endswith("Days > 365 › /homicide · sort Declined ▼")
    tiny = line.text(20)
    assert len(tiny) == 20 and tiny.endswith("…")


def test_undo_steps_back_through_states():
    history = History(limit=3)
    assert history.pop() is None
    for n in range(5):
        history.push(n)
    history.push(4)  # the same again is not a new step
    assert [history.pop() for _ in range(4)] == [4, 3, 2, None]


def test_a_chain_is_saved_as_json_and_read_back(dataset: Dataset):
    records = dataset.records
    drill = dataset.policy_drill("Travis County", "TX")
    assert drill is not None
    query = Query(
        sort=Sort(DAYS, descending=True),
        chain=(
            Equals(schema.STATE, ("TX",)),
            Between(schema.DETAINER_DECLINED, date(2017, 2, 1), date(2017, 2, 10)),
            Empty(schema.CRIMINAL_ACTIVITY, negate=True),
            Search("mexico"),
        ),
    )
    state = PaneState(query, frozenset({schema.FACILITY}), ((schema.JURISDICTION, 30),))
    saved = json.loads(json.dumps(state.to_state()))
    back, notes = PaneState.from_state(saved, records)
    assert notes == []
    assert back == state
    assert records.query(back.query).count == records.query(query).count == 3
    policies = Query(drill=drill).chained()
    again, _ = Query.from_state(json.loads(json.dumps(policies.to_state())), dataset.policies)
    assert dataset.policies.query(again).count == dataset.policies.query(policies).count == 1


def test_reading_back_drops_what_no_longer_applies(records: Table):
    saved = {
        "chain": [
            {"kind": "equals", "column": "county_name", "values": ["x"], "negate": False},
            {"kind": "equals", "column": schema.STATE, "values": ["TX"], "negate": False},
            {"kind": "no such kind"},
            {"kind": "compare", "column": DAYS, "op": "~", "value": 3},
            {"kind": "equals", "column": schema.STATE, "values": "TX", "negate": False},
            {"kind": "empty", "column": 3},
            "not even a dict",
        ],
        "sort": {"column": "gone", "descending": True},
        "hidden": ["gone too", schema.FACILITY],
        "widths": {schema.STATE: 9, "gone three": 4},
    }
    state, notes = PaneState.from_state(saved, records)
    assert state.query.chain == (Equals(schema.STATE, ("TX",)),)
    assert state.query.sort is None
    assert state.hidden == {schema.FACILITY}
    assert state.widths == ((schema.STATE, 9),)
    assert len(notes) == 9
    assert any("county_name" in note for note in notes)
    assert PaneState.from_state("garbage", records)[0] == PaneState(Query())


# -- sorting ----------------------------------------------------------------------------------
def test_s_cycles_ascending_descending_and_the_table_order():
    assert next_sort(None, "a") == Sort("a")
    assert next_sort(Sort("a"), "a") == Sort("a", descending=True)
    assert next_sort(Sort("a", descending=True), "a") is None
    assert next_sort(Sort("a", descending=True), "b") == Sort("b")


def test_periods_sort_by_date_not_alphabetically():
    weeks = [(date(2017, 2, 11), date(2017, 2, 17)), WEEK1, WEEK2]
    reports = [
        make_report(week, [("TX", "Travis County", "Jail", "Mexico", [], WEEK1[0], 1)], name=n)
        for week, n in zip(weeks, ("c.pdf", "a.pdf", "b.pdf"), strict=True)
    ]
    data = Dataset(reports)
    in_order = ["Jan 28–Feb 3, 2017", "Feb 4–10, 2017", "Feb 11–17, 2017"]
    reports_pane = data.reports_table.query(Query(sort=Sort(PERIOD)))
    assert reports_pane.frame.get_column(PERIOD).to_list() == in_order
    newest = data.reports_table.query(Query(sort=Sort(PERIOD, descending=True)))
    assert newest.frame.get_column(PERIOD).to_list() == in_order[::-1]
    records = data.records.query(Query(sort=Sort(REPORT)))
    assert records.frame.get_column(REPORT).to_list() == in_order
    # a filter on the period still reads its label
    step = parse_filter(data.records, REPORT, "feb 4–10, 2017")
    assert data.records.query(Query(chain=(step,))).count == 1
    # and F still counts labels
    frequency = data.frequency(data.records.query(Query()), REPORT)
    assert set(frequency.frame.get_column("value").to_list()) == set(in_order)


def test_filters_on_a_ranking_read_the_bar_as_its_value(dataset: Dataset):
    ranking = dataset.rankings(ranking_source("jurisdiction"), None)
    step = parse_filter(ranking, "bar", ">= 2")
    assert step.label(ranking) == "Declined >= 2"
    counts = ranking.query(Query(chain=(step,))).frame
    assert counts.height >= 1
    assert all(n >= 2 for n in counts.get_column("declined").to_list())
    assert pl.Series(counts.get_column("declined")).min() >= 2


def test_chart_drill_downs_as_filters_keep_the_same_rows(sample_dataset: Dataset):
    from detainer_tui.dataset import BINS, days_bin_filter
    from detainer_tui.dataset.charts import BEFORE_ISSUED_BIN, NO_DATE_BIN

    records = sample_dataset.records
    every = records.query(Query())
    for label in [b.label for b in BINS] + [BEFORE_ISSUED_BIN, NO_DATE_BIN]:
        step = days_bin_filter(label)
        expected = sample_dataset.days_bin_rows(every, label).total
        assert records.query(Query(chain=(step,))).count == expected, label
    for series in (sample_dataset.declines_per_day(every), sample_dataset.issued_per_month(every)):
        for position in range(0, len(series.counts), 7):
            step = series.filter_at(position)
            assert records.query(Query(chain=(step,))).count == series.counts[position]
