"""County FIPS codes: the 5-digit Census code of the county a jurisdiction names.

The codes come from the Census Bureau's county list as the ``addfips`` package ships it (read
from its data file, once, on first use: nothing is loaded at start-up). A jurisdiction is
reduced to the place it names as ``policy_links.place`` does ("Travis County Sheriff's Office"
-> the county Travis), then matched by name and kind in its state:

- a county or county-equivalent (``Orleans Parish``, ``Doña Ana County``, ``Anchorage``)
  gets its code;
- an independent city (``Baltimore City``, ``City of Richmond``, ``Carson City``) gets its
  county-equivalent code, and a consolidated city-county (``City and County of San
  Francisco``, ``City of Philadelphia``) its county's;
- the District of Columbia, a state that is one county-equivalent, gets that code;
- a town, a city inside a county (``Los Angeles Police Department``, or ``Hartford`` said
  bare: a city of Hartford County, not the county), a city over several counties (``New York
  City``), a state's own agency or law, and a name that matches both a county and an
  independent city without saying which (``Baltimore``) get null.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset.policy_links import CITY, COUNTY, place, place_words

COUNTY_LIST = "counties_2020.csv"
"""The Census county list (2020 vintage) that ``addfips`` ships."""

# Census name endings, and the kind of place each is: "Baltimore city" is a city of its own.
_CENSUS_SUFFIXES = (
    ("city and borough", COUNTY),
    ("census area", COUNTY),
    ("municipality", COUNTY),
    ("borough", COUNTY),
    ("county", COUNTY),
    ("parish", COUNTY),
    ("city", CITY),
)

CONSOLIDATED: dict[tuple[str, str], str] = {
    ("AK", "juneau"): "Juneau City and Borough",
    ("AK", "sitka"): "Sitka City and Borough",
    ("AK", "anchorage"): "Anchorage Municipality",
    ("CA", "san francisco"): "San Francisco County",
    ("CO", "denver"): "Denver County",
    ("CO", "broomfield"): "Broomfield County",
    ("FL", "jacksonville"): "Duval County",
    ("GA", "athens"): "Clarke County",
    ("GA", "athens clarke"): "Clarke County",
    ("GA", "augusta"): "Richmond County",
    ("GA", "augusta richmond"): "Richmond County",
    ("GA", "columbus"): "Muscogee County",
    ("GA", "macon"): "Bibb County",
    ("GA", "macon bibb"): "Bibb County",
    ("HI", "honolulu"): "Honolulu County",
    ("IN", "indianapolis"): "Marion County",
    ("KS", "kansas"): "Wyandotte County",
    ("KY", "louisville"): "Jefferson County",
    ("KY", "lexington"): "Fayette County",
    ("LA", "new orleans"): "Orleans Parish",
    ("LA", "baton rouge"): "East Baton Rouge Parish",
    ("LA", "lafayette"): "Lafayette Parish",
    ("LA", "houma"): "Terrebonne Parish",
    ("MT", "butte"): "Silver Bow County",
    ("MT", "anaconda"): "Deer Lodge County",
    ("PA", "philadelphia"): "Philadelphia County",
    ("TN", "nashville"): "Davidson County",
    ("TN", "nashville davidson"): "Davidson County",
}
"""Consolidated city-counties: a city whose government is its county's (its name folded as
``place`` gives it -> the county's Census name). The Census Bureau lists them among its
"consolidated cities"; their codes still come from the county list."""


@cache
def _census_lines() -> dict[str, list[str]]:
    """The county list's lines by the state code they begin with (the list is read whole but
    only split into lines here: a state's are parsed when first asked for)."""
    lines = _data(COUNTY_LIST).splitlines()
    grouped: dict[str, list[str]] = defaultdict(list)
    for line in lines[1:]:
        grouped[line.split(",", 1)[0]].append(line)
    if lines and lines[0].split(",")[:3] != ["statefp", "countyfp", "name"]:
        raise ValueError(f"addfips's {COUNTY_LIST} has columns {lines[0]!r}")
    return dict(grouped)


@cache
def _state_codes() -> dict[str, str]:
    """State postal code -> its 2-digit Census code."""
    return {row["postal"]: row["fips"] for row in csv.DictReader(io.StringIO(_data("states.csv")))}


@cache
def _census_rows(state: str) -> list[tuple[str, str]]:
    """A state's (Census county name, 5-digit code) pairs, as the list has them."""
    code = _state_codes().get(state)
    if code is None:
        return []
    return [
        (name, statefp + countyfp)
        for statefp, countyfp, name, *_ in csv.reader(_census_lines().get(code, []))
    ]


@cache
def _census_words(state: str) -> list[tuple[str, str, str]]:
    """A state's county names as ``place`` reads them before taking any words off (folded,
    ``St.`` as ``saint``), each with its Census name and 5-digit code."""
    return [(place_words(name), name, code) for name, code in _census_rows(state)]


@lru_cache(maxsize=4096)
def _counties_named(state: str, name: str) -> list[tuple[str | None, str]]:
    """The counties of ``state`` whose Census name reduces to the place name ``name``:
    [(kind, 5-digit code)], in the list's order.

    Reducing a name only takes words off it, so only the names holding ``name`` are reduced:
    reducing every county of every state named in the open reports cost 13-19 ms of a start.
    """
    found: list[tuple[str | None, str]] = []
    for words, census_name, code in _census_words(state):
        if name in words:
            reduced, kind = _census_place(census_name)
            if reduced == name:
                found.append((kind, code))
    return found


@cache
def _data(name: str) -> str:
    """A data file of ``addfips`` (found without importing it, or anything else)."""
    spec = importlib.util.find_spec("addfips")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("addfips is not installed")
    data = (Path(spec.origin).parent / "data" / name).read_bytes()
    # "utf-8" is always loaded; a byte-order mark, if any, is dropped by hand.
    return data.decode("utf-8").lstrip("\ufeff")


def _census_place(census_name: str) -> tuple[str, str | None]:
    """A Census county name as ``place`` reduces names, and the kind of place it is."""
    reduced = place(census_name, None)
    text = reduced.name
    for suffix, kind in _CENSUS_SUFFIXES:
        if census_name.lower().endswith(" " + suffix):
            if text.endswith(" " + suffix):
                text = text[: -len(suffix) - 1]
            return text, kind
    return text, reduced.kind


@lru_cache(maxsize=4096)
def county_fips(jurisdiction: str | None, state: str | None) -> str | None:
    """The 5-digit county code of ``jurisdiction`` in ``state`` (a postal code), or None when
    it names no single county or county-equivalent (see the module's notes)."""
    if not jurisdiction or not state:
        return None
    state = state.upper()
    named = place(jurisdiction, state)
    if named.statewide:
        # A state that is one county-equivalent (the District of Columbia) is that county.
        whole = {code for _name, code in _census_rows(state)}
        return whole.pop() if len(whole) == 1 else None
    if not named.name:
        return None
    candidates = _counties_named(state, named.name)
    if named.kind is None:
        # A bare name ("Hartford", "Denver") may be a city inside a county of the same name:
        # it is a county only as a consolidated city-county, or as an independent city
        # whose name no county shares.
        consolidated = _consolidated(state, named.name)
        if consolidated is not None:
            return consolidated
        kinds = {kind for kind, _code in candidates}
        cities = [code for kind, code in candidates if kind == CITY]
        return cities[0] if kinds == {CITY} and len(cities) == 1 else None
    matching = [code for kind, code in candidates if kind == named.kind]
    if not matching and named.kind == CITY:
        consolidated = _consolidated(state, named.name)
        matching = [consolidated] if consolidated is not None else []
    return matching[0] if len(matching) == 1 else None


def _consolidated(state: str, name: str) -> str | None:
    """The county code of a consolidated city-county's city called ``name``, if it is one."""
    county = CONSOLIDATED.get((state, name))
    if county is None:
        return None
    reduced, kind = _census_place(county)
    codes = [code for k, code in _counties_named(state, reduced) if k == kind]
    return codes[0] if len(codes) == 1 else None


def fips_series(jurisdictions: Iterable[str | None], states: Iterable[str | None]) -> pl.Series:
    """``county_fips`` for each (jurisdiction, state) pair, in order."""
    codes = [county_fips(j, s) for j, s in zip(jurisdictions, states, strict=True)]
    return pl.Series(schema.COUNTY_FIPS, codes, dtype=pl.String)


def with_county_fips(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (a table with ``jurisdiction`` and ``state``) with ``county_fips`` after its
    jurisdiction, worked out once per distinct place."""
    places = frame.select(schema.JURISDICTION, schema.STATE).unique()
    codes = places.with_columns(
        fips_series(
            places.get_column(schema.JURISDICTION).to_list(),
            places.get_column(schema.STATE).to_list(),
        )
    )
    joined = frame.join(
        codes,
        on=[schema.JURISDICTION, schema.STATE],
        how="left",
        nulls_equal=True,
        maintain_order="left",
    )
    columns = [c for c in frame.columns]
    at = columns.index(schema.JURISDICTION) + 1
    columns.insert(at, schema.COUNTY_FIPS)
    return joined.select(columns)


def unmatched(frame: pl.DataFrame) -> list[str]:
    """The places of ``frame`` (a table with ``jurisdiction``, ``state`` and ``county_fips``)
    that got no county code, as ``Name, ST``, sorted; a state's own policies are not
    listed (they have no county to match)."""
    missing = (
        frame.filter(pl.col(schema.COUNTY_FIPS).is_null())
        .select(schema.JURISDICTION, schema.STATE)
        .unique()
        .rows()
    )
    shown = []
    for jurisdiction, state in missing:
        if jurisdiction and place(jurisdiction, state).statewide:
            continue
        shown.append(", ".join(v for v in (jurisdiction, state) if v))
    return sorted(shown)
