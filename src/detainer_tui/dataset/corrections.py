"""What ICE itself said was wrong in its reports, as data: which rows, what it said, and where.

Each ``Correction`` names a report period, a jurisdiction and its state, the tables it covers
(``rankings``: Section I; ``records``: Section II), what was wrong and the source. The explorer
flags the rows it covers and can leave them out of rankings and counts; nothing is ever
removed from the tables themselves.

Rows are matched by their report's period and by jurisdiction and state, ignoring case,
accents and a trailing "County" (ICE's own press release printed "Clark, Nevada").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset.cells import fold
from detainer_tui.dataset.columns import CORRECTION

FIRST_EDITION = (date(2017, 1, 28), date(2017, 2, 3))
"""The first weekly edition: declines recorded Jan. 28 – Feb. 3, 2017."""

ICE_CORRECTION = (
    "ICE's correction of the first Weekly Declined Detainer Outcome Report (Jan. 28 – Feb. 3, 2017)"
)
LONG_ISLAND_PRESS = "Long Island Press, Apr. 10, 2017"

RANKINGS = "rankings"
RECORDS = "records"


@dataclass(frozen=True)
class Correction:
    """One jurisdiction's rows in one report, as corrected."""

    start: date
    end: date
    jurisdiction: str
    state: str
    sections: tuple[str, ...]
    """The tables it covers: ``rankings`` (Section I), ``records`` (Section II)."""
    text: str
    source: str

    @property
    def place(self) -> str:
        """``Franklin County, IA``."""
        return f"{self.jurisdiction}, {self.state}"


WRONG_PLACE = (
    "Detainers attributed to {place} were in fact issued to agencies elsewhere with similar names."
)
TRANSFERRED = (
    "Declines attributed to {place} were people transferred to another facility and released there."
)
ISSUED_IN_ERROR = "Detainers shown as declined by {place} had been issued to it in error."


def _first_edition(
    place: str, sections: tuple[str, ...], text: str, source: str = ICE_CORRECTION
) -> Correction:
    jurisdiction, state = place.rsplit(", ", 1)
    return Correction(
        *FIRST_EDITION, jurisdiction, state, sections, text.format(place=place), source
    )


CORRECTIONS: tuple[Correction, ...] = (
    # Counts of detainers (Section I, and any record naming the place) that belong elsewhere.
    *[
        _first_edition(place, (RANKINGS, RECORDS), WRONG_PLACE)
        for place in (
            "Franklin County, IA",
            "Franklin County, NY",
            "Franklin County, PA",
            "Montgomery County, IA",
        )
    ],
    *[
        _first_edition(place, (RECORDS,), TRANSFERRED)
        for place in ("Williamson County, TX", "Bastrop County, TX")
    ],
    *[
        _first_edition(place, (RECORDS,), ISSUED_IN_ERROR)
        for place in ("Chester County, PA", "Richmond County, NC")
    ],
    _first_edition(
        "Nassau County, NY",
        (RANKINGS,),
        "ICE told {place} that the 38 detainers this edition listed for it were listed in "
        "error; the county is not listed from the second edition on.",
        LONG_ISLAND_PRESS,
    ),
)
"""Every correction known, in the order ICE (then the press) gave them."""

_COUNTY = re.compile(r"\s+(county|co\.?)$")
_SPACES = re.compile(r"\s+")


def place_key(name: str) -> str:
    """A jurisdiction's name for matching: folded, spaces collapsed, a trailing "County"
    dropped (``Doña Ana County`` -> ``dona ana``)."""
    folded = name.casefold() if name.isascii() else fold(name)
    return _COUNTY.sub("", _SPACES.sub(" ", folded).strip())


def state_key(state: str) -> str:
    """A state for matching: folded and trimmed."""
    return (state.casefold() if state.isascii() else fold(state)).strip()


def correction_index(frame: pl.DataFrame, section: str) -> pl.Series:
    """Per row of ``frame`` (a report table with period, jurisdiction and state), the position
    in ``CORRECTIONS`` of the correction covering it for ``section``, else null."""
    none = pl.repeat(None, frame.height, dtype=pl.Int32, eager=True).alias(CORRECTION)
    wanted = [(i, c) for i, c in enumerate(CORRECTIONS) if section in c.sections]
    if frame.height == 0 or not wanted:
        return none
    # Names are matched on their distinct values (a million records name a few thousand
    # places), then rows are picked out by the raw values that matched.
    places = _raw_names(frame.get_column(schema.JURISDICTION), place_key)
    wanted = [(i, c) for i, c in wanted if place_key(c.jurisdiction) in places]
    if not wanted:
        return none
    states = _raw_names(frame.get_column(schema.STATE), state_key)
    result = pl.lit(None, dtype=pl.Int32)
    matched = False
    for index, item in reversed(wanted):
        names = places[place_key(item.jurisdiction)]
        codes = states.get(state_key(item.state), [])
        if not codes:
            continue
        matched = True
        result = (
            pl.when(
                (pl.col(schema.REPORT_START) == item.start)
                & (pl.col(schema.REPORT_END) == item.end)
                & pl.col(schema.JURISDICTION).is_in(names)
                & pl.col(schema.STATE).is_in(codes)
            )
            .then(pl.lit(index, dtype=pl.Int32))
            .otherwise(result)
        )
    if not matched:
        return none
    return frame.select(result.alias(CORRECTION)).to_series()


def _raw_names(series: pl.Series, key: Callable[[str], str]) -> dict[str, list[str]]:
    """Each key of ``series``'s distinct values, and the values that have it."""
    found: dict[str, list[str]] = {}
    for raw in series.drop_nulls().unique().to_list():
        found.setdefault(key(raw), []).append(raw)
    return found
