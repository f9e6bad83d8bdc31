"""The dataset layer: combined frames, search, sort, rankings, drill-downs — no terminal."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from detainer_tui import schema
from detainer_tui.dataset import (
    BAR,
    DAYS,
    DECLINED,
    FLAG,
    ISSUED,
    NONE_LISTED,
    OFFENCE,
    POLICY_LINK,
    RANKING_SOURCES,
    REPORT,
    REPORT_INDEX,
    SCOPE,
    Dataset,
    Drill,
    Query,
    Sort,
    bar,
    fold,
    period_label,
    rank_counts,
    ranking_source,
)
from detainer_tui.report import Diagnostic, Report
from detainer_tui.text import printable

WEEK1 = (date(2017, 1, 28), date(2017, 2, 3))
WEEK2 = (date(2017, 2, 4), date(2017, 2, 10))


def make_report(
    period: tuple[date, date],
    records: list[tuple],
    *,
    rankings: list[tuple] = (),
    policies: list[tuple] = (),
    name: str = "report.pdf",
    diagnostics: list[Diagnostic] | None = None,
    sha: str | None = None,
) -> Report:
    """A report from short rows (``sha``: the file they came from, else one of its own).

    records: (state, jurisdiction, facility, citizenship, offences, issued, page)
    rankings: (rank, jurisdiction, state, detainers issued)
    policies: (state, jurisdiction, policy type, policy text, page)
    """
    start, end = period
    sha = sha or f"sha-{name}"
    record_rows = [
        (start, end, st, ju, fa, ci, off, issued, end, page, sha)
        for st, ju, fa, ci, off, issued, page in records
    ]
    return Report(
        reports=pl.DataFrame(
            [(name, sha, start, end, 10, 3083, len(records), "1", True)],
            schema=schema.REPORTS,
            orient="row",
        ),
        rankings=pl.DataFrame(
            [(start, end, *row, sha) for row in rankings], schema=schema.RANKINGS, orient="row"
        ),
        records=pl.DataFrame(record_rows, schema=schema.RECORDS, orient="row"),
        policies=pl.DataFrame(
            [(start, end, *row, sha) for row in policies], schema=schema.POLICIES, orient="row"
        ),
        diagnostics=list(diagnostics or []),
    )


D = date(2016, 12, 1)
FIRST = make_report(
    WEEK1,
    [
        ("TX", "Travis County", "Travis County Jail", "Mexico", ["Assault"], D, 2),
        ("TX", "Travis County", "Travis County Jail", "Honduras", [], D, 2),
        ("TX", "Travis County", "Travis County Jail", "Mexico", ["Assault", "Larceny"], D, 3),
        ("NM", "Doña Ana County", "Doña Ana Detention Center", "Mexico", ["Larceny"], D, 3),
        ("TX", "Bastrop County", "Bastrop County Jail", "Korea, South", ["Burglary"], D, 4),
    ],
    rankings=[
        (1, "Clark County", "NV", 51),
        (2, "Nassau County", "NY", 38),
        (3, "Travis County", "TX", 12),
    ],
    policies=[
        ("TX", "Travis County", "Policy", "The sheriff declines detainers.", 20),
        ("NM", "Dona Ana County", "Resolution", "A resolution (2014).", 21),
    ],
    name="week1.pdf",
    diagnostics=[Diagnostic("a row could not be read", 7, "Section II")],
)
SECOND = make_report(
    WEEK2,
    [
        ("TX", "Travis County", "Travis County Jail", "Mexico", ["Assault"], D, 2),
        ("IL", "Cook County", "Cook County Jail", "Guatemala", ["Assault"], D, 2),
    ],
    rankings=[
        (1, "Nassau County", "NY", 40),
        (2, "Clark County", "NV", 30),
        (3, "Cook County", "IL", 12),
    ],
    name="week2.pdf",
)


@pytest.fixture
def dataset() -> Dataset:
    return Dataset([FIRST, SECOND])


# -- text helpers -----------------------------------------------------------------------------
def test_fold_drops_case_and_accents():
    assert fold("Doña Ana County") == "dona ana county"
    assert fold("ÅNGSTRÖM") == "angstrom"
    assert fold("Prince George's") == "prince george's"


def test_printable_removes_terminal_controls_but_keeps_brackets():
    assert printable("a\x1b[31mred\x1b[0m") == "a[31mred[0m"
    assert printable("[bold]x[/bold]") == "[bold]x[/bold]"
    assert printable("two\nlines\tand\r\nmore") == "two lines and more"
    assert printable("c1\x9bcontrol\u202eflip") == "c1controlflip"
    assert printable("Doña") == "Doña"


@pytest.mark.parametrize(
    "control",
    ["\x1b", "\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), "\u2066", "\u2069"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_printable_drops_escape_and_bidirectional_controls(control: str):
    assert printable(f"a{control}[b]c") == "a[b]c"


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2017, 1, 28), date(2017, 2, 3), "Jan 28–Feb 3, 2017"),
        (date(2017, 2, 4), date(2017, 2, 10), "Feb 4–10, 2017"),
        (date(2017, 12, 30), date(2018, 1, 5), "Dec 30, 2017–Jan 5, 2018"),
        (None, date(2018, 1, 5), None),
    ],
)
def test_period_label(start, end, label):
    assert period_label(start, end) == label


def test_bar_is_scaled_to_the_largest_value():
    assert bar(10, 10, 8) == "█" * 8
    assert bar(5, 10, 8) == "█" * 4
    assert bar(0, 10, 8) == ""
    assert bar(None, 10, 8) == ""
    # a value too small to draw still shows a sliver, so it is not mistaken for zero
    assert bar(1, 1000, 8) == "▏"
    assert len(bar(7, 9, 20)) <= 20


def test_rank_counts_uses_competition_ranks():
    frame = pl.DataFrame({"name": ["a", "b", "c", "d"], "n": [5, 12, 12, 3]})
    ranked = rank_counts(frame, ["name"], "n")
    assert ranked.get_column(schema.RANK).to_list() == [1, 1, 3, 4]
    assert ranked.get_column("name").to_list() == ["b", "c", "a", "d"]


# -- what is open -------------------------------------------------------------------------------
def test_summary_names_each_report_by_its_period(dataset: Dataset):
    assert dataset.summary() == "2 reports: Jan 28–Feb 3 · Feb 4–10, 2017"
    assert Dataset([FIRST]).summary() == "1 report: Jan 28–Feb 3, 2017"
    assert Dataset().summary() == "no reports open"
    assert dataset.summary(detailed=False) == "2 reports · Jan 28–Feb 10, 2017"


def test_summary_gives_every_year_when_reports_span_two():
    year_end = make_report((date(2017, 12, 30), date(2018, 1, 5)), [], name="late.pdf")
    assert (
        Dataset([FIRST, year_end]).summary()
        == "2 reports: Jan 28–Feb 3, 2017 · Dec 30, 2017–Jan 5, 2018 · missing Feb 4–Dec 29"
    )


def test_summary_counts_many_reports_and_gives_their_span():
    weeks = [
        make_report((date(2017, 3, 1 + 7 * i), date(2017, 3, 7 + 7 * i)), [], name=f"{i}.pdf")
        for i in range(4)
    ]
    # the weeks between the first report and the others are said to be missing
    assert (
        Dataset([FIRST, *weeks]).summary() == "5 reports · Jan 28–Mar 28, 2017 · missing Feb 4–28"
    )


def summary_of(reports: list[Report]) -> str:
    return Dataset(reports).summary()


def test_summary_names_the_weeks_missing_between_the_open_reports():
    week3 = (date(2017, 2, 11), date(2017, 2, 17))
    week6 = (date(2017, 3, 4), date(2017, 3, 10))
    reports = [make_report(p, []) for p in (WEEK1, week3, week6)]
    gap = " · missing Feb 4–10, Feb 18–Mar 3"
    assert summary_of(reports) == f"3 reports: Jan 28–Feb 3 · Feb 11–17 · Mar 4–10, 2017{gap}"
    assert Dataset(reports).summary(detailed=False) == f"3 reports · Jan 28–Mar 10, 2017{gap}"
    assert "missing" not in Dataset([FIRST, SECOND]).summary(detailed=False)


def test_labels_say_which_report_and_stay_distinct():
    assert Dataset([FIRST, SECOND]).labels == ("Jan 28–Feb 3, 2017", "Feb 4–10, 2017")
    # Two exports of one file: both shown, told apart by their names (in file order).
    same_source = make_report(WEEK1, [], name="policies.csv", sha="sha-week1.pdf")
    assert Dataset([FIRST, same_source]).labels == (
        "Jan 28–Feb 3, 2017 · policies.csv",
        "Jan 28–Feb 3, 2017 · week1.pdf",
    )
    # A revision (another file for the period): one at a time, its label naming its file;
    # the first by file name is shown first, whichever was opened first.
    for opened in ([FIRST, make_report(WEEK1, [], name="reissued.pdf")],):
        revised = Dataset(opened)
        assert revised.labels == ("Jan 28–Feb 3, 2017 · reissued.pdf",)
        assert revised.next_revision()[0].labels == ("Jan 28–Feb 3, 2017 · week1.pdf",)
        assert Dataset(opened[::-1]).labels == revised.labels
    twice = Dataset([FIRST, FIRST]).labels
    assert len(set(twice)) == 2


HOSTILE_NAME = "[bold]x[@click=app.quit]y\x1b[31m\u202e.pdf"


def test_labels_from_file_names_are_printable():
    hostile = make_report(WEEK1, [], name=f"/tmp/{HOSTILE_NAME}", sha="sha-week1.pdf")
    labels = Dataset([FIRST, hostile]).labels
    assert labels[0] == "Jan 28–Feb 3, 2017 · [bold]x[@click=app.quit]y[31m.pdf"
    undated = make_report(WEEK1, [], name=HOSTILE_NAME)
    undated = Report(
        reports=undated.reports.with_columns(
            pl.lit(None, dtype=pl.Date).alias(schema.REPORT_START),
            pl.lit(None, dtype=pl.Date).alias(schema.REPORT_END),
        ),
        rankings=undated.rankings,
        records=undated.records,
        policies=undated.policies,
    )
    assert Dataset([undated]).labels == ("[bold]x[@click=app.quit]y[31m.pdf",)


def test_drill_labels_are_printable():
    hostile = make_report(
        WEEK1, [("TX", "Odd\x1b[2J County", "Jail", "Mexico", ["Assault"], D, 2)], name="a.pdf"
    )
    same = make_report(WEEK1, [], name=f"b{HOSTILE_NAME}", sha="sha-a.pdf")
    dataset = Dataset([hostile, same])
    row = dataset.rankings(ranking_source("jurisdiction"), 0).query(Query()).row(0)
    drill = dataset.records_drill(ranking_source("jurisdiction"), row, 1)
    assert "\x1b" not in drill.label and "\u202e" not in drill.label
    assert "Odd[2J County" in drill.label and "[bold]x[@click=app.quit]y[31m.pdf" in drill.label


def test_with_report_and_with_problem_add_to_a_new_dataset(dataset: Dataset):
    grown = Dataset([FIRST]).with_report(SECOND).with_problem("bad.pdf: not a PDF")
    assert grown.records.total == dataset.records.total
    assert grown.problems == ("bad.pdf: not a PDF",)


def test_with_report_refuses_a_report_whose_tables_do_not_fit_the_schema():
    broken = Report(
        reports=FIRST.reports,
        rankings=FIRST.rankings,
        records=pl.DataFrame({schema.SOURCE_PAGE: ["not a page"]}),
        policies=FIRST.policies,
    )
    with pytest.raises(pl.exceptions.PolarsError):
        Dataset([SECOND]).with_report(broken)


def test_empty_dataset_has_empty_tables():
    empty = Dataset()
    assert empty.records.query(Query(search="x")).status == "0 of 0 rows"
    assert empty.policies.total == 0
    assert empty.reports_table.total == 0
    for source in RANKING_SOURCES:
        assert empty.rankings(source).total == 0


# -- records ----------------------------------------------------------------------------------
def test_records_combine_every_report_with_its_label(dataset: Dataset):
    view = dataset.records.query(Query())
    assert view.status == "7 of 7 rows"
    assert (
        view.frame.get_column(REPORT).to_list()
        == ["Jan 28–Feb 3, 2017"] * 5 + ["Feb 4–10, 2017"] * 2
    )
    assert set(view.frame.columns) >= {
        schema.STATE,
        schema.JURISDICTION,
        schema.FACILITY,
        schema.CITIZENSHIP,
        schema.CRIMINAL_ACTIVITY,
        schema.DETAINER_ISSUED,
        schema.DETAINER_DECLINED,
        schema.SOURCE_PAGE,
        REPORT,
    }
    assert view.frame.get_column(schema.CRIMINAL_ACTIVITY).to_list()[:3] == [
        "Assault",
        "",
        "Assault; Larceny",
    ]


@pytest.mark.parametrize(
    ("needle", "count"),
    [
        ("dona ana", 1),
        ("DOÑA ANA", 1),
        ("  travis  ", 4),
        ("korea, south", 1),
        ("larceny", 2),
        ("feb 4–10", 2),
        ("2016-12-01", 7),
        ("", 7),
        ("nowhere at all", 0),
    ],
)
def test_search_is_case_and_accent_insensitive(dataset: Dataset, needle: str, count: int):
    assert dataset.records.query(Query(search=needle)).count == count


def test_search_is_literal_not_a_pattern(dataset: Dataset):
    assert dataset.records.query(Query(search=".")).count == 0
    assert dataset.records.query(Query(search="korea, s")).count == 1
    assert dataset.policies.query(Query(search="(2014)")).count == 1


def test_search_does_not_match_across_columns(dataset: Dataset):
    # "TX" is the state and "Travis" the next column: together they are no one cell's text
    assert dataset.records.query(Query(search="tx travis")).count == 0


def test_sort_ascending_descending_and_stable(dataset: Dataset):
    table = dataset.records
    up = table.query(Query(sort=Sort(schema.CITIZENSHIP)))
    assert up.frame.get_column(schema.CITIZENSHIP).to_list() == sorted(
        up.frame.get_column(schema.CITIZENSHIP).to_list()
    )
    down = table.query(Query(sort=Sort(schema.CITIZENSHIP, descending=True)))
    assert down.frame.get_column(schema.CITIZENSHIP).to_list()[0] == "Mexico"
    # equal keys keep the order they had: the four Mexico rows in report order
    mexico = [i for i in up.indices.to_list() if table.row(i)[schema.CITIZENSHIP] == "Mexico"]
    assert mexico == sorted(mexico)
    pages = table.query(Query(sort=Sort(schema.SOURCE_PAGE, descending=True)))
    assert pages.frame.get_column(schema.SOURCE_PAGE).to_list() == [4, 3, 3, 2, 2, 2, 2]


def test_sort_puts_missing_values_last():
    report = make_report(
        WEEK1,
        [
            ("TX", None, "Jail", "Mexico", [], D, 1),
            ("TX", "Alpha County", "Jail", "Mexico", [], D, 1),
        ],
    )
    table = Dataset([report]).records
    for descending in (False, True):
        view = table.query(Query(sort=Sort(schema.JURISDICTION, descending)))
        assert view.frame.get_column(schema.JURISDICTION).to_list() == ["Alpha County", None]


def test_query_combines_drill_search_and_sort(dataset: Dataset):
    drill = Drill(((schema.STATE, "TX"),), "TX")
    view = dataset.records.query(
        Query(search="mexico", sort=Sort(schema.SOURCE_PAGE, descending=True), drill=drill)
    )
    assert view.status == "3 of 7 rows"
    assert view.frame.get_column(schema.SOURCE_PAGE).to_list() == [3, 2, 2]
    exported = view.export_frame()
    # the Records pane exports what it shows: the records, with their days, flags and policies
    assert exported.columns == [REPORT, *schema.EXPORTS["records"].names(), DAYS, FLAG, POLICY_LINK]
    assert exported.schema[schema.CRIMINAL_ACTIVITY] == pl.List(pl.String)
    assert exported.get_column(schema.SOURCE_PAGE).to_list() == [3, 2, 2]


def test_view_positions_and_rows(dataset: Dataset):
    view = dataset.records.query(Query(sort=Sort(schema.JURISDICTION)))
    first = view.row(0)
    assert first[schema.JURISDICTION] == "Bastrop County"
    assert view.position_of(int(view.indices[2])) == 2
    narrowed = dataset.records.query(Query(search="cook"))
    assert narrowed.position_of(0) is None


def test_text_from_the_pdf_is_made_printable():
    report = make_report(
        WEEK1,
        [("TX", "Evil\x1b[2J County", "Jail\nWing B", "[red]Mars[/red]", ["A\x07b"], D, 1)],
        policies=[("TX", "Evil\x1b[2J County", "Policy", "line one\nline two\x1b]0;x\x07", 1)],
    )
    data = Dataset([report])
    row = data.records.query(Query()).row(0)
    assert row[schema.JURISDICTION] == "Evil[2J County"
    assert row[schema.FACILITY] == "Jail Wing B"
    assert row[schema.CITIZENSHIP] == "[red]Mars[/red]"
    assert row[schema.CRIMINAL_ACTIVITY] == "Ab"
    policy = data.policies.query(Query()).row(0)
    assert policy[schema.POLICY] == "line one line two]0;x"
    # the ranking and its drill-down use the same cleaned names, so they still match
    ranking = data.rankings(ranking_source("jurisdiction"))
    drill = data.records_drill(ranking_source("jurisdiction"), ranking.row(0), None)
    assert data.records.query(Query(drill=drill)).count == 1


def test_widths_cover_all_rows_and_headings(dataset: Dataset):
    table = dataset.records
    widths = dict(zip(table.columns, table.widths(cap=40), strict=True))
    assert widths[schema.FACILITY] == len("Doña Ana Detention Center")
    assert widths[schema.STATE] == len("State")
    assert widths[schema.DETAINER_ISSUED] == 10
    assert max(table.widths(cap=12)) == 12


# -- rankings ---------------------------------------------------------------------------------
def test_section_one_for_one_report_is_as_printed(dataset: Dataset):
    view = dataset.rankings(ISSUED, report=1).query(Query())
    assert view.frame.select(schema.RANK, schema.JURISDICTION, schema.DETAINERS_ISSUED).rows() == [
        (1, "Nassau County", 40),
        (2, "Clark County", 30),
        (3, "Cook County", 12),
    ]


def test_section_one_for_all_reports_is_summed_and_ranked_afresh(dataset: Dataset):
    view = dataset.rankings(ISSUED).query(Query())
    assert view.frame.select(schema.RANK, schema.JURISDICTION, schema.DETAINERS_ISSUED).rows() == [
        (1, "Clark County", 81),
        (2, "Nassau County", 78),
        (3, "Cook County", 12),
        (3, "Travis County", 12),
    ]
    bars = view.frame.get_column(BAR).to_list()
    assert bars[0] == "█" * 20
    assert len(bars[2]) < len(bars[1])


def test_computed_rankings_count_declined_records(dataset: Dataset):
    by_state = dataset.rankings(ranking_source("state")).query(Query()).frame
    assert by_state.select(schema.RANK, schema.STATE, DECLINED).rows() == [
        (1, "TX", 5),
        (2, "IL", 1),
        (2, "NM", 1),
    ]
    first_only = dataset.rankings(ranking_source("jurisdiction"), report=0).query(Query()).frame
    assert first_only.select(schema.JURISDICTION, DECLINED).rows()[0] == ("Travis County", 3)


def test_offence_ranking_explodes_the_offence_lists(dataset: Dataset):
    frame = dataset.rankings(ranking_source("offence")).query(Query()).frame
    counts = dict(frame.select(OFFENCE, DECLINED).rows())
    assert counts == {"Assault": 4, "Larceny": 2, "Burglary": 1, NONE_LISTED: 1}


@pytest.mark.parametrize("source", RANKING_SOURCES[1:], ids=lambda s: s.name)
@pytest.mark.parametrize("report", [None, 0, 1])
def test_drilling_into_a_ranking_row_finds_exactly_its_records(dataset: Dataset, source, report):
    ranking = dataset.rankings(source, report)
    view = ranking.query(Query())
    assert view.count > 0
    for position in range(view.count):
        row = view.row(position)
        drill = dataset.records_drill(source, row, report)
        assert dataset.records.query(Query(drill=drill)).count == row[DECLINED]


def test_drilling_into_section_one_finds_the_jurisdictions_records(dataset: Dataset):
    view = dataset.rankings(ISSUED).query(Query(search="travis"))
    drill = dataset.records_drill(ISSUED, view.row(0), None)
    records = dataset.records.query(Query(drill=drill))
    assert records.count == 4
    assert drill.label == "Travis County, TX"
    assert (
        dataset.records.query(Query(drill=dataset.records_drill(ISSUED, view.row(0), 1))).count == 1
    )


def test_sorting_a_ranking_by_its_bar_sorts_by_value(dataset: Dataset):
    view = dataset.rankings(ISSUED).query(Query(sort=Sort(BAR)))
    assert view.frame.get_column(schema.DETAINERS_ISSUED).to_list() == [12, 12, 78, 81]


def test_ranking_search_covers_the_ranked_names(dataset: Dataset):
    table = dataset.rankings(ranking_source("citizenship"))
    assert table.query(Query(search="KOREA")).count == 1
    assert table.query(Query(search="5")).count == 0  # counts are not text


def test_unknown_ranking_source():
    with pytest.raises(KeyError):
        ranking_source("weather")


# -- policies and reports -----------------------------------------------------------------------
def test_policy_lookup_ignores_case_and_accents(dataset: Dataset):
    drill = dataset.policy_drill("Doña Ana County", "NM")
    assert drill is not None
    policies = dataset.policies.query(Query(drill=drill))
    assert policies.count == 1
    assert policies.row(0)[schema.POLICY_TYPE] == "Resolution"
    assert dataset.policy_drill("Travis County", "TX") is not None
    assert dataset.policy_drill("Cook County", "IL") is None
    assert dataset.policy_drill("Travis County", "NM") is None
    assert dataset.policy_drill(None, "TX") is None


@pytest.mark.parametrize(
    ("policy", "record", "applies"),
    [
        (("TX", "Travis County Sheriff's Office"), ("TX", "Travis County"), True),
        (("TX", "travis county sheriffs office"), ("TX", "TRAVIS COUNTY"), True),
        (("TX", "Office of the Sheriff of Travis County"), ("TX", "Travis County"), True),
        (("IL", "Cook County Department of Corrections"), ("IL", "Cook County"), True),
        (("NY", "Nassau County Jail"), ("NY", "Nassau County"), True),
        (("PA", "City of Philadelphia"), ("PA", "Philadelphia"), True),
        (("LA", "Orleans Parish Sheriff's Office"), ("LA", "Orleans Parish"), True),
        (("NY", "Saint Lawrence County"), ("NY", "St. Lawrence County"), True),
        (("NM", "Dona Ana County"), ("NM", "Doña Ana County"), True),
        (("CO", "Denver"), ("CO", "Denver County"), True),
        (("OR", "State of Oregon"), ("OR", "Yamhill County"), True),
        (("RI", "Rhode Island Department of Corrections"), ("RI", "Providence"), True),
        (("VA", "Commonwealth of Virginia"), ("VA", "Arlington County"), True),
        # a city's police are not the county's sheriff
        (("CA", "Los Angeles Police Department"), ("CA", "Los Angeles County"), False),
        (("MO", "City of St. Louis"), ("MO", "St. Louis County"), False),
        # New York City is a place in New York, not the state
        (("NY", "New York City"), ("NY", "Nassau County"), False),
        # ... made of five whole counties (its boroughs): its policies apply in each
        (("NY", "New York City"), ("NY", "Kings County"), True),
        (("NY", "New York City"), ("NY", "New York County"), True),
        (("NY", "New York City Police Department"), ("NY", "Richmond County"), True),
        (("NY", "New York City"), ("NY", "Westchester County"), False),
        (("NJ", "New York City"), ("NJ", "Kings County"), False),
        (("OR", "Washington County"), ("WA", "Washington County"), False),
        (("IA", "Franklin County"), ("IA", "Johnson County"), False),
    ],
)
def test_a_policy_applies_to_the_same_place_whatever_the_agency_or_to_its_whole_state(
    policy: tuple[str, str], record: tuple[str, str], applies: bool
):
    state, jurisdiction = policy
    report = make_report(
        WEEK1,
        [(record[0], record[1], "Jail", "Mexico", [], D, 1)],
        policies=[(state, jurisdiction, "Policy", "text", 9)],
    )
    data = Dataset([report])
    linked = data.linked_policies(record[1], record[0])
    assert [p.jurisdiction for p in linked] == ([jurisdiction] if applies else [])
    assert (data.policy_drill(record[1], record[0]) is not None) is applies


def _governs(places: str | tuple[str, ...], jurisdiction: str) -> bool:
    """Whether a policy maker governing ``places`` (see ``POLICY_PLACES``) governs the
    detainers of ``jurisdiction``."""
    from ddorgen.content import STATEWIDE

    return places == STATEWIDE or jurisdiction in (
        places if isinstance(places, tuple) else (places,)
    )


def _expected_links(reports: list[Report]) -> dict[tuple[str, str], set[tuple[str, str, bool]]]:
    """Per record place, the policies the generator says govern it (from its own knowledge of
    which place each policy maker belongs to, not from the explorer's matching)."""
    from ddorgen.content import POLICY_PLACES, STATEWIDE

    policies = pl.concat([r.policies for r in reports])
    records = pl.concat([r.records for r in reports])
    makers = set(policies.select(schema.STATE, schema.JURISDICTION).iter_rows())
    expected: dict[tuple[str, str], set[tuple[str, str, bool]]] = {}
    for state, jurisdiction in records.select(schema.STATE, schema.JURISDICTION).iter_rows():
        expected[(state, jurisdiction)] = {
            (p_state, p_name, POLICY_PLACES[(p_state, p_name)] == STATEWIDE)
            for p_state, p_name in makers
            if p_state == state and _governs(POLICY_PLACES[(p_state, p_name)], jurisdiction)
        }
    return expected


def test_every_sample_record_links_to_the_policies_that_govern_it(sample_reports: list[Report]):
    from ddorgen.content import POLICY_MAKERS, POLICY_PLACES

    assert {(state, name) for state, name, _, _ in POLICY_MAKERS} == set(POLICY_PLACES)
    data = Dataset(sample_reports)
    expected = _expected_links(sample_reports)
    view = data.records.query(Query())
    assert view.count == sum(report.records.height for report in sample_reports)
    for row in view.frame.iter_rows(named=True):
        place = (row[schema.STATE], row[schema.JURISDICTION])
        linked = data.linked_policies(place[1], place[0])
        found = {(p.state, p.jurisdiction, p.statewide) for p in linked}
        assert found == expected[place], place
        scopes = {"state-wide" if statewide else "local" for _, _, statewide in found}
        assert row[POLICY_LINK] == " + ".join(s for s in ("local", "state-wide") if s in scopes)
    # the records the old exact-name lookup missed (Sheriff's Offices) are linked now
    travis = data.records.query(Query(search="travis county")).frame
    in_travis = sum(
        report.records.filter(pl.col(schema.JURISDICTION) == "Travis County").height
        for report in sample_reports
    )
    assert travis.height == in_travis and set(travis.get_column(POLICY_LINK)) == {"local"}
    multnomah = data.linked_policies("Multnomah County", "OR")
    assert [(p.jurisdiction, p.scope) for p in multnomah] == [
        ("Multnomah County Sheriff's Office", "local"),
        ("State of Oregon", "state-wide"),
    ]


def test_p_finds_every_policy_that_applies_in_the_policies_table(sample_reports: list[Report]):
    data = Dataset(sample_reports)
    drill = data.policy_drill("Multnomah County", "OR")
    assert drill is not None
    shown = data.policies.query(Query(drill=drill)).frame
    assert set(shown.get_column(schema.JURISDICTION)) == {
        "Multnomah County Sheriff's Office",
        "State of Oregon",
    }
    # every row listing either: the three samples list each 2, 1 and 2 times
    assert shown.height == 10
    scopes = dict(shown.select(schema.JURISDICTION, SCOPE).unique().iter_rows())
    assert scopes == {"Multnomah County Sheriff's Office": "local", "State of Oregon": "state-wide"}
    detail = data.record_detail({schema.STATE: "OR", schema.JURISDICTION: "Multnomah County"})
    fields = dict(detail.fields)
    assert fields["Policy"].startswith("Multnomah County Sheriff's Office, OR · Policy · in 3")
    assert fields["State-wide policy"].startswith("State of Oregon, OR · Law")
    assert detail.policy_count == 2


def test_reports_table_lists_files_totals_and_diagnostics(dataset: Dataset):
    view = dataset.reports_table.query(Query())
    assert view.frame.rows() == [
        ("week1.pdf", "Jan 28–Feb 3, 2017", "complete", 10, 3083, 5, 1),
        ("week2.pdf", "Feb 4–10, 2017", "complete", 10, 3083, 2, 0),
    ]
    assert dataset.diagnostics(0) == ["page 7, Section II: a row could not be read"]
    exported = view.export_frame()
    assert exported.columns[: len(schema.REPORTS)] == schema.REPORTS.names()


# -- scale ------------------------------------------------------------------------------------
def test_a_million_records_search_and_sort():
    rows = 1_000_000
    jurisdictions = pl.Series([f"County {i}" for i in range(1000)] + ["Doña Ana County"])
    index = pl.int_range(0, rows, eager=True)
    records = pl.select(
        pl.lit(WEEK1[0]).alias(schema.REPORT_START),
        pl.lit(WEEK1[1]).alias(schema.REPORT_END),
        pl.lit("TX").alias(schema.STATE),
        jurisdictions.gather(index % jurisdictions.len()).alias(schema.JURISDICTION),
        pl.lit("Jail").alias(schema.FACILITY),
        pl.lit("Mexico").alias(schema.CITIZENSHIP),
        pl.concat_list(pl.lit("Assault")).alias(schema.CRIMINAL_ACTIVITY),
        pl.lit(D).alias(schema.DETAINER_ISSUED),
        pl.lit(WEEK1[1]).alias(schema.DETAINER_DECLINED),
        (index // 50).alias(schema.SOURCE_PAGE),
        pl.lit("sha-report.pdf").alias(schema.SHA256),
    )
    records = schema.conform(records, schema.RECORDS)
    base = make_report(WEEK1, [])
    report = Report(base.reports, base.rankings, records, base.policies)
    table = Dataset([report]).records
    found = table.query(Query(search="dona ana"))
    assert found.count == rows // jurisdictions.len() + (rows % jurisdictions.len() > 1000)
    ordered = table.query(Query(sort=Sort(schema.SOURCE_PAGE, descending=True)))
    assert ordered.frame.get_column(schema.SOURCE_PAGE)[0] == (rows - 1) // 50
    assert ordered.status == "1,000,000 of 1,000,000 rows"


# -- reports read only in part ------------------------------------------------------------
SCANNED = Diagnostic(
    "52 rows not read (pages 5–6 have no text layer)",
    5,
    "Section II",
    pages=(5, 6),
    rows=52,
    partial=True,
)


def test_a_partial_report_says_rows_read_against_printed_and_pages():
    partial = make_report(
        WEEK2,
        [("TX", "Travis County", "Travis County Jail", "Mexico", ["Assault"], D, 2)] * 3,
        name="scan.pdf",
        diagnostics=[SCANNED, Diagnostic("a date could not be read", 4, "Section II")],
    )
    dataset = Dataset([FIRST, partial])
    assert dataset.read_status(0) == []
    assert dataset.read_status(1) == ["Section II: 3 of 55 rows read (pages 5–6)"]
    assert dataset.reports_table.frame.get_column("read").to_list() == [
        "complete",
        "partial 3/55 rows",
    ]
    assert dataset.summary() == "2 reports (1 read in part): Jan 28–Feb 3 · Feb 4–10, 2017"
    assert Dataset([partial]).summary().startswith("1 report (read in part): ")
    # Its rows stay visible with the rest.
    assert dataset.records.frame.height == FIRST.records.height + 3
    detail = dict(dataset.report_detail({REPORT_INDEX: 1, "file": "scan.pdf"}).fields)
    assert detail["Read"] == "Section II: 3 of 55 rows read (pages 5–6)"


def test_a_partial_report_whose_missing_rows_are_not_known():
    unknown = Diagnostic("page 9 is missing", 9, "Section III", pages=(9,), partial=True)
    other = Diagnostic("the page count says 12, the file has 11", None, None, partial=True)
    dataset = Dataset([make_report(WEEK1, [], name="cut.pdf", diagnostics=[unknown, other])])
    assert dataset.read_status(0) == [
        "Section III: 0 rows read, more not read (page 9)",
        "report: the page count says 12, the file has 11",
    ]
    assert dataset.reports_table.frame.get_column("read").to_list() == ["partial 0/? rows"]
