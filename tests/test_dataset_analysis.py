"""The analyst's views in the dataset layer: frequencies, days to decline, week over week,
SQL, the state map and ICE's corrections — no terminal.

Expected values are written out, or counted with plain Python over the samples' expected
tables (``sample_reports``, from the generator), never with the code under test.
"""

from __future__ import annotations

import locale
from collections import Counter
from datetime import date, timedelta

import polars as pl
import pytest

from detainer_tui import schema
from detainer_tui.dataset import (
    BLANK,
    CHANGE,
    CORRECTIONS,
    COUNT,
    DAYS,
    FLAG,
    ISSUED,
    MISSING,
    NONE_LISTED,
    READ_ONLY,
    REPORT,
    SHADES,
    SHARE,
    TILES,
    TOTAL,
    VALUE,
    Dataset,
    Drill,
    Query,
    QueryError,
    Sort,
    Table,
    key_column,
    no_rows_message,
    ranking_source,
    step,
    summed_label,
)
from detainer_tui.dataset.cells import percent
from detainer_tui.dataset.days import days_stats
from detainer_tui.report import Report

WEEK1 = (date(2017, 1, 28), date(2017, 2, 3))
WEEK2 = (date(2017, 2, 4), date(2017, 2, 10))
WEEK3 = (date(2017, 2, 11), date(2017, 2, 17))


def report(
    period: tuple[date, date],
    records: list[tuple] = (),
    rankings: list[tuple] = (),
    name: str = "report.pdf",
) -> Report:
    """records: (state, jurisdiction, citizenship, offences, issued, declined)
    rankings: (rank, jurisdiction, state, detainers issued)"""
    start, end = period
    sha = f"sha-{name}"
    rows = [
        (start, end, st, ju, "Jail", ci, off, issued, declined, 1, sha)
        for st, ju, ci, off, issued, declined in records
    ]
    return Report(
        reports=pl.DataFrame(
            [(name, sha, start, end, 3, 100, len(rows), "1", True)],
            schema=schema.REPORTS,
            orient="row",
        ),
        rankings=pl.DataFrame(
            [(start, end, *r, sha) for r in rankings], schema=schema.RANKINGS, orient="row"
        ),
        records=pl.DataFrame(rows, schema=schema.RECORDS, orient="row"),
        policies=schema.empty(schema.POLICIES),
    )


@pytest.fixture(scope="module")
def samples(sample_reports: list[Report]) -> Dataset:
    return Dataset(sample_reports)


def all_records(sample_reports: list[Report]) -> list[dict]:
    return [row for r in sample_reports for row in r.records.iter_rows(named=True)]


# -- ICE's corrections ------------------------------------------------------------------------
def test_each_correction_has_its_text_and_source():
    assert len(CORRECTIONS) == 9
    for correction in CORRECTIONS:
        assert (correction.start, correction.end) == WEEK1
        assert correction.text and correction.source
    sources = {c.place: c.source for c in CORRECTIONS}
    assert sources["Nassau County, NY"] == "Long Island Press, Apr. 10, 2017"
    assert "ICE" in sources["Franklin County, IA"]
    assert {c.place for c in CORRECTIONS} == {
        "Franklin County, IA",
        "Franklin County, NY",
        "Franklin County, PA",
        "Montgomery County, IA",
        "Williamson County, TX",
        "Bastrop County, TX",
        "Chester County, PA",
        "Richmond County, NC",
        "Nassau County, NY",
    }


def test_corrected_records_are_the_first_editions_of_the_corrected_places(samples: Dataset):
    flagged = samples.records.query(Query(search="corrected")).frame
    places = Counter(zip(flagged[schema.JURISDICTION], flagged[schema.STATE], strict=True))
    # The samples' first edition: 4 Williamson, 3 Bastrop, 1 Chester, 2 Richmond; Nassau's
    # correction is of Section I only, and Montgomery County, MD is not Montgomery, IA.
    assert places == {
        ("Williamson County", "TX"): 4,
        ("Bastrop County", "TX"): 3,
        ("Chester County", "PA"): 1,
        ("Richmond County", "NC"): 2,
    }
    assert set(flagged.get_column(REPORT)) == {samples.labels[0]}


def test_section_one_flags_and_leaves_out_the_corrected_rows(samples: Dataset):
    printed = samples.rankings(ISSUED, 0).display_frame
    places = printed[schema.JURISDICTION] + ", " + printed[schema.STATE]
    flags = dict(zip(places, printed[FLAG], strict=True))
    assert {place for place, flag in flags.items() if flag} == {
        "Nassau County, NY",
        "Montgomery County, IA",
        "Franklin County, NY",
        "Franklin County, IA",
        "Franklin County, PA",
    }
    left_out = samples.rankings(ISSUED, 0, leave_out_corrected=True).display_frame
    assert left_out.select(schema.RANK, schema.JURISDICTION, schema.DETAINERS_ISSUED).rows() == [
        (1, "Clark County", 51),
        (2, "Cook County", 13),
        (3, "Snohomish County", 12),
        (4, "Washington County", 7),
        (5, "Alachua County", 5),
    ]


def test_summed_rankings_say_what_part_was_corrected(
    samples: Dataset, sample_reports: list[Report]
):
    # Nassau County is listed in the first edition only (its listing there was an error)
    listed = [
        row[schema.DETAINERS_ISSUED]
        for report in sample_reports
        for row in report.rankings.iter_rows(named=True)
        if row[schema.JURISDICTION] == "Nassau County"
    ]
    assert listed == [38]
    summed = samples.rankings(ISSUED).display_frame
    nassau = summed.filter(pl.col(schema.JURISDICTION) == "Nassau County").row(0, named=True)
    assert (nassau[schema.DETAINERS_ISSUED], nassau[FLAG]) == (38, "corrected")
    without = samples.rankings(ISSUED, leave_out_corrected=True).display_frame
    assert "Nassau County" not in without.get_column(schema.JURISDICTION).to_list()
    by_state = samples.rankings(ranking_source("state")).frame
    texas = by_state.filter(pl.col(schema.STATE) == "TX").row(0, named=True)
    assert texas[FLAG] == "some corrected"
    assert [CORRECTIONS[i].place for i in texas["_corrections"]] == [
        "Williamson County, TX",
        "Bastrop County, TX",
    ]


def test_corrections_match_ignoring_case_accents_and_county():
    odd = report(
        WEEK1,
        [
            ("ia", "FRANKLIN", "Mexico", [], date(2017, 1, 1), WEEK1[1]),
            ("TX", "Williamson  county", "Mexico", [], date(2017, 1, 1), WEEK1[1]),
            ("MD", "Montgomery County", "Mexico", [], date(2017, 1, 1), WEEK1[1]),
        ],
    )
    later = report(WEEK2, [("TX", "Williamson County", "Mexico", [], date(2017, 1, 1), WEEK2[1])])
    flags = Dataset([odd, later]).records.display_frame.get_column(FLAG).to_list()
    assert flags == ["corrected", "corrected", None, None]


def test_record_detail_quotes_the_correction_and_its_source(samples: Dataset):
    view = samples.records.query(Query(search="williamson"))
    row = view.row(0)
    fields = dict(samples.record_detail(row, view).fields)
    assert fields["ICE's correction"].startswith("Declines attributed to Williamson County, TX")
    assert fields["Correction source"].startswith("ICE's correction")


# -- days from issue to decline -------------------------------------------------------------
def test_days_are_declined_minus_issued(samples: Dataset, sample_reports: list[Report]):
    expected = [
        (r["detainer_declined"] - r["detainer_issued"]).days for r in all_records(sample_reports)
    ]
    assert samples.records.display_frame.get_column(DAYS).to_list() == expected
    assert DAYS in samples.records.columns


def test_days_sort_and_search_like_any_column(samples: Dataset, sample_reports: list[Report]):
    longest = max(
        (r["detainer_declined"] - r["detainer_issued"]).days for r in all_records(sample_reports)
    )
    ordered = samples.records.query(Query(sort=Sort(DAYS, descending=True)))
    assert ordered.frame.get_column(DAYS)[0] == longest
    found = samples.records.query(Query(search=str(longest)))
    assert longest in found.frame.get_column(DAYS).to_list()


def test_days_statistics_of_a_view():
    d = date(2017, 1, 1)
    records = [("TX", "Travis County", "Mexico", [], d, d + timedelta(days=n)) for n in range(11)]
    records.append(("TX", "Travis County", "Mexico", [], None, d))
    dataset = Dataset([report(WEEK1, records)])
    stats = dataset.days_stats(dataset.records.query(Query()))
    assert (stats.count, stats.minimum, stats.median, stats.p90, stats.maximum) == (11, 0, 5, 9, 10)
    assert stats.line() == "11 records · min 0 · median 5 · p90 9 · max 10"
    none = dataset.days_stats(dataset.records.query(Query(search="nowhere")))
    assert none.line() == "no records with both dates"


@pytest.mark.parametrize(
    ("conventions", "line"),
    [
        ({"thousands_sep": "", "decimal_point": "."}, "4 records · max 2,562 · median 751.5"),
        ({"thousands_sep": ",", "decimal_point": "."}, "4 records · max 2,562 · median 751.5"),
        ({"thousands_sep": ".", "decimal_point": ","}, "4 records · max 2.562 · median 751,5"),
    ],
)
def test_a_sentence_groups_and_points_its_numbers_as_the_locale_does(
    monkeypatch: pytest.MonkeyPatch, conventions: dict[str, str], line: str
):
    """Numbers in sentences (the days line, a view's ``N of M rows``) follow the locale's
    separators, grouped with "," where it has none: "1,849" read in German is a fraction."""
    monkeypatch.setattr(locale, "localeconv", lambda: conventions)
    stats = days_stats(pl.Series([1, 2, 1501, 2562]))
    parts = stats.line().split(" · ")
    assert " · ".join([parts[0], parts[4], parts[2]]) == line
    big = pl.DataFrame({"n": range(1204)})
    view = Table("big", big, ["n"], big).query(Query())
    separator = line.split("max 2")[1][0]
    assert view.status == f"1{separator}204 of 1{separator}204 rows"


def test_dates_that_cannot_be_right_are_flagged_and_listed():
    end = WEEK1[1]
    records = [
        ("TX", "Travis County", "Mexico", [], date(2017, 2, 2), date(2017, 2, 1)),
        ("TX", "Travis County", "Mexico", [], date(2016, 2, 2), date(2017, 3, 1)),
        ("TX", "Travis County", "Mexico", [], date(2016, 2, 2), end),
    ]
    dataset = Dataset([report(WEEK1, records)])
    assert dataset.records.display_frame.get_column(FLAG).to_list() == [
        "before issued",
        "outside period",
        None,
    ]
    assert dataset.date_problems(0) == [
        "page 1: Travis County, TX, issued 2017-02-02, declined 2017-02-01: declined before "
        "it was issued",
        "page 1: Travis County, TX, issued 2016-02-02, declined 2017-03-01: declined outside "
        "the report's period (Jan 28–Feb 3, 2017)",
    ]
    detail = dict(dataset.record_detail(dataset.records.row(0)).fields)
    assert detail["Data problem"] == "declined before issued"
    assert detail["Days to decline"] == "-1 days"


# -- frequency --------------------------------------------------------------------------------
def test_frequency_counts_shares_and_sorts(samples: Dataset, sample_reports: list[Report]):
    expected = Counter(r["citizenship"] for r in all_records(sample_reports))
    table = samples.frequency(samples.records.query(Query()), schema.CITIZENSHIP)
    rows = table.display_frame.rows(named=True)
    assert [(r[VALUE], r[COUNT]) for r in rows] == sorted(
        expected.items(), key=lambda kv: (-kv[1], kv[0])
    )
    total = sum(expected.values())
    assert rows[0][SHARE].strip() == f"{expected.most_common(1)[0][1] / total * 100:.1f}%"
    assert table.total == len(expected)
    assert table.label(VALUE) == "Citizenship"
    assert table.noun == "values"


def test_shares_are_written_with_the_locales_decimal_point(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(locale, "localeconv", lambda: {"thousands_sep": ".", "decimal_point": ","})
    d = date(2017, 1, 1)
    records = [("TX", "Travis County", c, [], d, d) for c in ("Mexico", "Mexico", "Cuba")]
    dataset = Dataset([report(WEEK1, records)])
    table = dataset.frequency(dataset.records.query(Query()), schema.CITIZENSHIP)
    shares = [share.strip() for share in table.display_frame.get_column(SHARE)]
    assert shares == ["66,7%", "33,3%"]
    assert percent(1204 / 1205 * 100) == "99,9%"


def test_frequency_counts_only_the_rows_shown(samples: Dataset, sample_reports: list[Report]):
    view = samples.records.query(Query(search="travis"))
    expected = Counter(
        r["citizenship"]
        for r in all_records(sample_reports)
        if r["jurisdiction"] == "Travis County"
    )
    table = samples.frequency(view, schema.CITIZENSHIP)
    assert dict(table.display_frame.select(VALUE, COUNT).rows()) == dict(expected)


def test_frequency_of_a_list_counts_each_item(samples: Dataset, sample_reports: list[Report]):
    expected: Counter[str] = Counter()
    for row in all_records(sample_reports):
        expected.update(row["criminal_activity"] or [NONE_LISTED])
    table = samples.frequency(samples.records.query(Query()), schema.CRIMINAL_ACTIVITY)
    assert dict(table.display_frame.select(VALUE, COUNT).rows()) == dict(expected)


def test_frequency_of_a_date_counts_each_day(samples: Dataset, sample_reports: list[Report]):
    expected = Counter(r["detainer_declined"].isoformat() for r in all_records(sample_reports))
    table = samples.frequency(samples.records.query(Query()), schema.DETAINER_DECLINED)
    assert dict(table.display_frame.select(VALUE, COUNT).rows()) == dict(expected)
    # sorted by the date itself, not its text
    by_value = table.query(Query(sort=Sort(VALUE)))
    assert by_value.frame.get_column(VALUE).to_list() == sorted(expected)


def test_rows_behind_a_value(samples: Dataset, sample_reports: list[Report]):
    view = samples.records.query(Query(search="travis", sort=Sort(schema.CITIZENSHIP)))
    table = samples.frequency(view, schema.CRIMINAL_ACTIVITY)
    rows = table.display_frame.rows(named=True)
    assault = next(r for r in table.frame.rows(named=True) if r[VALUE] == "Assault")
    behind = samples.rows_behind(view, schema.CRIMINAL_ACTIVITY, assault[key_column(VALUE)])
    assert behind.total == assault[COUNT]
    assert all("Assault" in o for o in behind.display_frame.get_column(schema.CRIMINAL_ACTIVITY))
    assert set(behind.display_frame.get_column(schema.JURISDICTION)) == {"Travis County"}
    none = next(r for r in table.frame.rows(named=True) if r[VALUE] == NONE_LISTED)
    empty = samples.rows_behind(view, schema.CRIMINAL_ACTIVITY, none[key_column(VALUE)])
    assert empty.total == none[COUNT] > 0
    assert set(empty.display_frame.get_column(schema.CRIMINAL_ACTIVITY)) == {""}
    assert sum(r[COUNT] for r in rows) >= view.count
    # the rows behind a value search and count again like any table, and keep the same
    # columns in view on a narrow terminal
    assert behind.query(Query(search="mexico")).count <= behind.total
    assert behind.priority == samples.records.priority


def test_frequency_and_rows_behind_can_leave_out_corrected_records(
    samples: Dataset, sample_reports: list[Report]
):
    view = samples.records.query(Query(drill=Drill(((schema.STATE, "TX"),), "TX")))
    counted = samples.frequency(view, schema.JURISDICTION)
    left_out = samples.frequency(view, schema.JURISDICTION, leave_out_corrected=True)
    names = set(counted.display_frame.get_column(VALUE))
    assert {"Williamson County, TX", "Bastrop County, TX"} <= names
    remaining = dict(left_out.display_frame.select(VALUE, COUNT).rows())
    # Williamson and Bastrop are corrected in the first edition only: the later ones remain
    later = Counter(
        f"{row['jurisdiction']}, TX"
        for report in sample_reports[1:]
        for row in report.records.iter_rows(named=True)
        if row["state"] == "TX"
    )
    for place in ("Williamson County, TX", "Bastrop County, TX"):
        assert remaining.get(place) == (later[place] or None)
    assert later["Williamson County, TX"] > 0
    behind = samples.rows_behind(
        view, schema.JURISDICTION, "Williamson County", leave_out_corrected=True
    )
    assert behind.total == later["Williamson County, TX"]


def test_a_missing_value_is_counted_as_blank():
    records = [
        ("TX", "Travis County", None, [], date(2017, 1, 1), WEEK1[1]),
        ("TX", "Travis County", "Mexico", [], date(2017, 1, 1), WEEK1[1]),
    ]
    dataset = Dataset([report(WEEK1, records)])
    view = dataset.records.query(Query())
    table = dataset.frequency(view, schema.CITIZENSHIP)
    assert sorted(table.display_frame.get_column(VALUE).to_list()) == [BLANK, "Mexico"]
    assert dataset.rows_behind(view, schema.CITIZENSHIP, None).total == 1


# -- week over week ---------------------------------------------------------------------------
def test_week_over_week_is_built_once_for_each_choice(samples: Dataset):
    table = samples.week_over_week(ISSUED)
    assert samples.week_over_week(ISSUED) is table
    assert samples.week_over_week(ISSUED, leave_out_corrected=True) is not table
    assert samples.week_over_week(ISSUED, shared_scale=True) is not table


def test_week_over_week_of_section_one(samples: Dataset):
    table = samples.week_over_week(ISSUED)
    assert [table.label(c) for c in table.columns[2:5]] == ["Jan 28", "Feb 4", "Feb 11"]
    assert table.label(TOTAL) == "Sum listed"
    rows = {r[schema.JURISDICTION]: r for r in table.export.rows(named=True)}
    assert [rows["Clark County"][d] for d in ("2017-01-28", "2017-02-04", "2017-02-11")] == [
        51,
        44,
        40,
    ]
    travis = rows["Travis County"]
    # not listed in the first week: missing, not zero
    assert [travis["2017-01-28"], travis["2017-02-04"], travis["2017-02-11"]] == [None, 11, 61]
    assert (travis[TOTAL], travis[CHANGE]) == (72, 50)
    shown = table.display_frame.filter(pl.col(schema.JURISDICTION) == "Travis County").row(
        0, named=True
    )
    assert shown["week0"].strip() == MISSING
    assert shown["change_shown"].strip() == "+50"
    assert shown["trend"] == "·▂█"
    # largest total first, and the bars on one scale
    assert table.display_frame.get_column(TOTAL).to_list() == sorted(
        table.display_frame.get_column(TOTAL).to_list(), reverse=True
    )


@pytest.mark.parametrize(
    ("separator", "shown"), [(",", "1,204"), ("", "1204"), ("\u202f", "1\u202f204")]
)
def test_week_over_week_groups_counts_as_the_tables_numbers_are(
    monkeypatch: pytest.MonkeyPatch, separator: str, shown: str
):
    """The weeks' counts are text (a missing week reads "–"): grouped with the locale's
    separator, as the table prints its other numbers (``grouped``), none in the C locale."""
    monkeypatch.setattr(locale, "localeconv", lambda: {"thousands_sep": separator})
    d = date(2017, 1, 1)
    many = [("WA", "King County", "Mexico", [], d, WEEK1[1])] * 1204
    dataset = Dataset([report(WEEK1, many)])
    table = dataset.week_over_week(ranking_source("jurisdiction"))
    assert table.display_frame.row(0, named=True)["week0"].strip() == shown


def test_week_over_week_of_declines_counts_zero_for_an_open_week():
    d = date(2017, 1, 1)
    dataset = Dataset(
        [
            report(WEEK1, [("TX", "Travis County", "Mexico", [], d, WEEK1[1])] * 3),
            report(WEEK2, [("IL", "Cook County", "Mexico", [], d, WEEK2[1])]),
        ]
    )
    table = dataset.week_over_week(ranking_source("jurisdiction"))
    rows = {r[schema.JURISDICTION]: r for r in table.export.rows(named=True)}
    assert (rows["Travis County"]["2017-01-28"], rows["Travis County"]["2017-02-04"]) == (3, 0)
    assert rows["Travis County"][CHANGE] == -3
    assert rows["Cook County"][CHANGE] == 1


def test_a_week_no_open_report_covers_is_a_column_of_missing_values():
    d = date(2017, 1, 1)
    dataset = Dataset(
        [
            report(WEEK3, [("TX", "Travis County", "Mexico", [], d, WEEK3[1])], name="c.pdf"),
            report(WEEK1, [("TX", "Travis County", "Mexico", [], d, WEEK1[1])], name="a.pdf"),
        ]
    )
    table = dataset.week_over_week(ranking_source("jurisdiction"))
    assert [table.label(c) for c in table.columns[2:5]] == ["Jan 28", "no report", "Feb 11"]
    row = table.export.row(0, named=True)
    assert (row["2017-01-28"], row["2017-02-04"], row["2017-02-11"]) == (1, None, 1)
    assert row[CHANGE] is None  # the week before the last is unknown
    assert table.display_frame.row(0, named=True)["trend"] == "█·█"


def test_week_over_week_sorts_by_any_column(samples: Dataset):
    table = samples.week_over_week(ISSUED)
    ordered = table.query(Query(sort=Sort("change_shown", descending=True)))
    changes = [table.row(i)[CHANGE] for i in ordered.indices]
    known = [c for c in changes if c is not None]
    assert known == sorted(known, reverse=True) and changes[-1] is None
    by_week = table.query(Query(sort=Sort("week1")))
    firsts = [table.row(i)["_week1"] for i in by_week.indices]
    assert [v for v in firsts if v is not None] == sorted(v for v in firsts if v is not None)


def test_the_summed_section_one_label_is_honest():
    assert summed_label(ISSUED) == "All reports: weekly top lists summed"
    assert summed_label(ranking_source("state")) == "All reports (summed)"


# -- SQL --------------------------------------------------------------------------------------
def test_sql_groups_the_records_with_days(samples: Dataset, sample_reports: list[Report]):
    rows = all_records(sample_reports)
    table = samples.sql(
        "SELECT state, count(*) AS n, max(days) AS longest FROM records "
        "GROUP BY state ORDER BY n DESC, state"
    )
    expected = Counter(r["state"] for r in rows)
    result = table.export.rows()
    assert [(s, n) for s, n, _ in result] == sorted(
        expected.items(), key=lambda kv: (-kv[1], kv[0])
    )
    longest_tx = max(
        (r["detainer_declined"] - r["detainer_issued"]).days for r in rows if r["state"] == "TX"
    )
    assert result[0][2] == longest_tx
    assert [table.label(c) for c in table.columns] == ["state", "n", "longest"]


def test_sql_names_every_table(samples: Dataset, sample_reports: list[Report]):
    for name in ("reports", "rankings", "policies", "records"):
        result = samples.sql(f"SELECT count(*) AS n FROM {name}").export.item()
        assert result == sum(report.table(name).height for report in sample_reports)
    corrected = samples.sql("SELECT count(*) FROM records WHERE corrected").export.item()
    assert corrected == 10


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("DELETE FROM records", "DELETE"),
        ("drop table records", "DROP"),
        ("CREATE TABLE records AS SELECT * FROM policies", "CREATE"),
        ("  -- SELECT\n INSERT INTO records SELECT * FROM records", "INSERT"),
        ("WITH x AS (SELECT 1) DELETE FROM records", "WITH … DELETE"),
        ("SELECT 1; DELETE FROM records", "2 statements"),
        ("SHOW TABLES", "SHOW"),
        ("/* only a comment */", "this"),
    ],
)
def test_sql_runs_only_select_queries(samples: Dataset, query: str, kind: str):
    before = samples.records.total
    with pytest.raises(QueryError) as caught:
        samples.sql(query)
    message = str(caught.value)
    assert message.startswith(f"{READ_ONLY}, not {kind} (")
    assert "\n" not in message
    assert samples.sql("SELECT count(*) FROM records").export.item() == before
    assert samples.records.total == before


@pytest.mark.parametrize(
    "query",
    [
        "select count(*) from records;",
        "  (SELECT 1 AS n)",
        "WITH t AS (SELECT state FROM records), u(s) AS (SELECT * FROM t) SELECT count(*) FROM u",
        "-- counted\nSELECT 'DELETE FROM records' AS \"drop\"",
    ],
)
def test_sql_runs_select_and_with_select(samples: Dataset, query: str):
    assert samples.sql(query).total == 1


def test_a_query_without_rows_is_said_with_the_query(samples: Dataset):
    table = samples.sql("SELECT * FROM records WHERE state = 'ZZ'")
    assert table.total == 0
    message = no_rows_message("SELECT *\n FROM records WHERE state = 'ZZ'")
    assert message.startswith("No rows")
    assert "SELECT * FROM records WHERE state = 'ZZ'" in message


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("SELECT * FROM nowhere", "nowhere"),
        ("SELECT state FROM records WHERE", "sql parser error"),
        ("SELEC 1", "not SELEC ("),
        ("SELECT * FROM read_csv('/etc/passwd')", "read_csv() is not available"),
        ("SELECT * FROM \"read_parquet\"('x.parquet')", "read_parquet() is not available"),
        ("   ", "Type a query"),
    ],
)
def test_sql_errors_are_one_line(samples: Dataset, query: str, said: str):
    with pytest.raises(QueryError) as caught:
        samples.sql(query)
    message = str(caught.value)
    assert said in message and "\n" not in message


def test_a_string_that_looks_like_a_reader_is_data(samples: Dataset):
    table = samples.sql("SELECT 'read_csv(x)' AS text")
    assert table.export.item() == "read_csv(x)"


def test_sql_results_are_printable_whatever_they_are_called(samples: Dataset):
    table = samples.sql(
        "SELECT '[bold]x\x1b[2J' AS \"_row\", ['a', 'b'] AS \"\x1bname\", 1 AS _search"
    )
    shown = table.display_frame.row(0)
    assert shown[0] == "[bold]x[2J"
    assert shown[1] == "a; b"
    assert [table.label(c) for c in table.columns] == ["_row", "name", "_search"]
    assert table.export.columns == ["_row", "\x1bname", "_search"]
    counted = (
        Dataset([])
        .frequency(table.query(Query()), table.columns[1])
        .display_frame.get_column(VALUE)
    )
    assert sorted(counted) == ["a", "b"]


# -- the state map ----------------------------------------------------------------------------
def test_map_counts_declines_by_state(samples: Dataset, sample_reports: list[Report]):
    state_map = samples.state_map(ranking_source("state"))
    assert state_map.counts == dict(Counter(r["state"] for r in all_records(sample_reports)))
    assert state_map.elsewhere == {}
    assert state_map.measure == "Declined detainers"
    assert state_map.table.total == len(state_map.counts)


def test_map_of_section_one_for_one_report(samples: Dataset, sample_reports: list[Report]):
    first = sample_reports[0].rankings
    expected: Counter[str] = Counter()
    for row in first.iter_rows(named=True):
        expected[row["state"]] += row["detainers_issued"]
    state_map = samples.state_map(ISSUED, 0)
    assert state_map.counts == dict(expected)
    left_out = samples.state_map(ISSUED, 0, leave_out_corrected=True)
    # Nassau and Franklin, NY; Montgomery and Franklin, IA; Franklin, PA: all corrected
    assert expected["NY"] == 38 + 9 and expected["IA"] == 12 + 5 and expected["PA"] == 5
    assert left_out.counts == {s: n for s, n in expected.items() if s not in ("NY", "IA", "PA")}


def test_map_shades_on_one_logarithmic_scale():
    d = date(2017, 1, 1)
    records = [("TX", "T", "M", [], d, WEEK1[1])] * 256 + [("CA", "C", "M", [], d, WEEK1[1])]
    records += [("NY", "N", "M", [], d, WEEK1[1])] * 15 + [("", "Q", "M", [], d, WEEK1[1])] * 2
    state_map = Dataset([report(WEEK1, records)]).state_map(ranking_source("state"))
    assert [state_map.shade(state_map.counts[s]) for s in ("CA", "NY", "TX")] == [1, 2, 4]
    assert state_map.shade(None) == 0
    assert state_map.legend() == [(SHADES[0], 1, 1), (SHADES[1], 15, 15), (SHADES[3], 256, 256)]
    assert state_map.elsewhere == {"(blank)": 2}


def test_map_steps_to_the_nearest_state_each_way():
    assert len(TILES) == 52
    assert step("TX", "up") == "OK"
    assert step("OK", "left") == "NM"
    assert step("FL", "up") == "GA"
    assert step("ME", "left") == "VT"
    assert step("WA", "left") == "WA"
    assert step("NY", "down") == "NJ"


def test_frequency_of_a_bar_counts_the_values_it_draws(samples: Dataset):
    ranking = samples.rankings(ISSUED)
    table = samples.frequency(ranking.query(Query()), "bar")
    assert table.label(VALUE) == "Issued"
    assert table.export.columns == [schema.DETAINERS_ISSUED, COUNT, SHARE]
    # 5 detainers: Denver County and Franklin County, IA and PA
    assert dict(table.export.select(schema.DETAINERS_ISSUED, COUNT).rows())[5] == 3
