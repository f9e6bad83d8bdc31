"""County FIPS codes: every jurisdiction of the samples and the real-producer fixtures gets the
code written out here (looked up by hand in the Census county list), and the places that are
no county get none.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from ddorgen import load_expected

from detainer_tui import schema
from detainer_tui.dataset import Dataset, Query, county_fips, unmatched, with_county_fips
from detainer_tui.report import Report

FIXTURES = Path(__file__).parent / "fixtures" / "real"

KNOWN: dict[tuple[str, str], str | None] = {
    ("Pima County", "AZ"): "04019",
    ("Alameda County", "CA"): "06001",
    ("Los Angeles County", "CA"): "06037",
    ("Los Angeles Police Department", "CA"): None,
    ("San Diego County", "CA"): "06073",
    ("San Francisco", "CA"): "06075",
    ("Santa Clara County", "CA"): "06085",
    ("State of California", "CA"): None,
    ("Boulder County Sheriff's Office", "CO"): "08013",
    ("Denver", "CO"): "08031",
    ("Denver County", "CO"): "08031",
    ("Hartford", "CT"): None,
    ("New Haven", "CT"): None,
    ("State of Connecticut", "CT"): None,
    ("District of Columbia", "DC"): "11001",
    ("Alachua County", "FL"): "12001",
    ("Clayton County", "GA"): "13063",
    ("DeKalb County", "GA"): "13089",
    ("Franklin County", "IA"): "19069",
    ("Johnson County", "IA"): "19103",
    ("Montgomery County", "IA"): "19137",
    ("Chicago", "IL"): None,
    ("Cook County", "IL"): "17031",
    ("Butler County", "KS"): "20015",
    ("Harvey County", "KS"): "20079",
    ("Boston", "MA"): None,
    ("Cambridge", "MA"): None,
    ("Suffolk County", "MA"): "25025",
    ("Montgomery County", "MD"): "24031",
    ("Prince George's County", "MD"): "24033",
    ("Hennepin County", "MN"): "27053",
    ("Hennepin County Sheriff's Office", "MN"): "27053",
    ("Mecklenburg County", "NC"): "37119",
    ("Richmond County", "NC"): "37153",
    ("Lancaster County", "NE"): "31109",
    ("Hillsborough County", "NH"): "33011",
    ("Middlesex County", "NJ"): "34023",
    ("Newark", "NJ"): None,
    ("Bernalillo County", "NM"): "35001",
    ("Doña Ana County", "NM"): "35013",
    ("Clark County", "NV"): "32003",
    ("Franklin County", "NY"): "36033",
    ("Nassau County", "NY"): "36059",
    ("New York City", "NY"): None,
    ("St. Lawrence County", "NY"): "36089",
    ("Multnomah County", "OR"): "41051",
    ("Multnomah County Sheriff's Office", "OR"): "41051",
    ("State of Oregon", "OR"): None,
    ("Washington County", "OR"): "41067",
    ("Chester County", "PA"): "42029",
    ("Franklin County", "PA"): "42055",
    ("Philadelphia", "PA"): "42101",
    ("Providence", "RI"): None,
    ("Rhode Island Department of Corrections", "RI"): None,
    ("Bastrop County", "TX"): "48021",
    ("Travis County", "TX"): "48453",
    ("Travis County Sheriff's Office", "TX"): "48453",
    ("Williamson County", "TX"): "48491",
    ("Arlington County", "VA"): "51013",
    ("State of Vermont", "VT"): None,
    ("King County", "WA"): "53033",
    ("Seattle", "WA"): None,
    ("Snohomish County", "WA"): "53061",
    ("Yakima County", "WA"): "53077",
    # New York City's counties (the boroughs)
    ("Bronx County", "NY"): "36005",
    ("Kings County", "NY"): "36047",
    ("New York County", "NY"): "36061",
    ("Queens County", "NY"): "36081",
    ("Richmond County", "NY"): "36085",
}
"""Every jurisdiction the samples and fixtures name, with its code (None: no county)."""


@pytest.mark.parametrize(
    ("jurisdiction", "state", "code"),
    [
        ("King County", "WA", "53033"),
        ("Orleans Parish", "LA", "22071"),
        ("Doña Ana County", "NM", "35013"),
        ("Dona Ana County", "nm", "35013"),
        ("Travis County Sheriff's Office", "TX", "48453"),
        ("Office of the Sheriff of Travis County", "TX", "48453"),
        # independent cities and consolidated city-counties: their county-equivalent
        ("Baltimore City", "MD", "24510"),
        ("City of Richmond", "VA", "51760"),
        ("Alexandria", "VA", "51510"),
        ("St. Louis City", "MO", "29510"),
        ("Carson City", "NV", "32510"),
        ("City and County of San Francisco", "CA", "06075"),
        ("City of Philadelphia", "PA", "42101"),
        ("Nashville", "TN", "47037"),
        ("Anchorage", "AK", "02020"),
        ("District of Columbia", "DC", "11001"),
        # no county: a town, a city inside a county or over several, a state's own, unsaid
        ("Town of Amherst", "MA", None),
        ("City of Austin", "TX", None),
        ("Los Angeles Police Department", "CA", None),
        ("New York City", "NY", None),
        ("State of Oregon", "OR", None),
        ("Baltimore", "MD", None),  # the county or the city: not said
        ("Richmond", "VA", None),
        ("Nowhere County", "TX", None),
        ("King County", None, None),
        (None, "WA", None),
    ],
)
def test_county_codes(jurisdiction: str | None, state: str | None, code: str | None):
    assert county_fips(jurisdiction, state) == code


def _places() -> set[tuple[str, str]]:
    pdfs = [*sorted(Path("sample_reports").glob("*.pdf")), *sorted(FIXTURES.glob("*.pdf"))]
    root = Path(__file__).parents[1]
    places: set[tuple[str, str]] = set()
    for pdf in pdfs:
        tables = load_expected(root / pdf if not pdf.is_absolute() else pdf)
        for name in ("rankings", "records", "policies"):
            frame = tables[name]
            places.update(frame.select(schema.JURISDICTION, schema.STATE).unique().rows())
    return places


def test_every_sample_and_fixture_jurisdiction_has_its_code():
    places = _places()
    assert len(places) > 40
    unknown = places - KNOWN.keys()
    assert not unknown, f"add these to KNOWN with their codes: {sorted(unknown)}"
    for jurisdiction, state in sorted(places):
        assert county_fips(jurisdiction, state) == KNOWN[(jurisdiction, state)], jurisdiction


def test_the_column_is_in_every_table_query_and_export(sample_reports: list[Report]):
    dataset = Dataset(sample_reports)
    for table in (dataset.records, dataset.policies, dataset.rankings()):
        assert table.columns[-1] == schema.COUNTY_FIPS or schema.COUNTY_FIPS in table.columns
        assert schema.COUNTY_FIPS in table.export.columns
        row = table.frame.row(0, named=True)
        assert row[schema.COUNTY_FIPS] == KNOWN[(row[schema.JURISDICTION], row[schema.STATE])]
    king = dataset.sql(
        "SELECT DISTINCT county_fips FROM records WHERE jurisdiction = 'Travis County'"
    )
    assert king.export.item() == "48453"
    assert dataset.sql("SELECT county_fips FROM policies").total == dataset.policies.total
    # not worth the space on a narrow terminal: last, off to the right
    assert schema.COUNTY_FIPS not in dataset.records.priority
    found = dataset.records.query(Query(search="53033"))
    assert set(found.frame.get_column(schema.JURISDICTION)) <= {"King County"}


def test_the_reports_pane_lists_what_matched_no_county(sample_reports: list[Report]):
    dataset = Dataset(sample_reports)
    for index in range(len(dataset.reports)):
        listed = dataset.unmatched_places(index)
        expected = sorted(
            f"{j}, {s}"
            for j, s in {
                (j, s)
                for name in ("rankings", "records", "policies")
                for j, s in dataset.reports[index]
                .table(name)
                .select(schema.JURISDICTION, schema.STATE)
                .rows()
            }
            if KNOWN[(j, s)] is None and not j.startswith("State of") and "Department" not in j
        )
        assert [p for p in listed if "Department" not in p] == expected
        detail = dict(dataset.report_detail(dataset.reports_table.row(index)).fields)
        assert detail["No county code"] == ("; ".join(listed) if listed else "none")
    assert "New York City, NY" in dataset.unmatched_places(0)
    assert not any(p.startswith("State of") for p in dataset.unmatched_places(0))


def test_with_county_fips_puts_the_code_after_the_jurisdiction():
    frame = pl.DataFrame(
        {
            schema.STATE: ["WA", "NY", None],
            schema.JURISDICTION: ["King County", "New York City", "X"],
        }
    )
    coded = with_county_fips(frame)
    assert coded.columns == [schema.STATE, schema.JURISDICTION, schema.COUNTY_FIPS]
    assert coded.get_column(schema.COUNTY_FIPS).to_list() == ["53033", None, None]
    assert unmatched(coded) == ["New York City, NY", "X"]


def test_a_place_is_looked_up_among_every_county_of_its_state():
    # A lookup reduces only the Census names that hold the place's name; it must find exactly
    # what reducing every county of the state finds, for every name the list can reduce to.
    from collections import defaultdict

    from detainer_tui.dataset.fips import (
        _census_place,
        _census_rows,
        _counties_named,
        _state_codes,
    )

    compared = 0
    for state in _state_codes():
        index: dict[str, list[tuple[str | None, str]]] = defaultdict(list)
        for census_name, code in _census_rows(state):
            name, kind = _census_place(census_name)
            index[name].append((kind, code))
        for name, counties in index.items():
            assert _counties_named(state, name) == counties, (state, name)
            compared += 1
    assert compared > 3000
