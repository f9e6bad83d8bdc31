"""Which Section III policies apply to a Section II record.

Section III names whoever made a policy ("Travis County Sheriff's Office", "City of
Philadelphia", "State of Oregon", "Rhode Island Department of Corrections"); Section II names
the jurisdiction holding the person ("Travis County", "Philadelphia"). A policy applies to a
record when both name the same place in the same state, whatever agency is named with it, or
when the policy is the record's state's own (a state law, a state department's directive):
those are *state-wide*.

Names are compared by their *place*: folded (case and accents ignored), without the agency
words around them, and with the kind of place they name (a county, a city, or not said). A
county's and a city's policies are kept apart ("Los Angeles Police Department" is not
"Los Angeles County"), while a name that does not say which it is matches either ("Denver"
and "Denver County", a consolidated city and county).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset.cells import fold
from detainer_tui.dataset.columns import POLICY_KEY, POLICY_LINK, REPORT_INDEX, SCOPE
from detainer_tui.dataset.table import Drill
from detainer_tui.postal import STATE_CODES
from detainer_tui.text import printable

LOCAL = "local"
"""A policy of the record's own county or city."""
STATEWIDE = "state-wide"
"""A policy of the record's state: a state law, a state department's order."""

COUNTY = "county"
CITY = "city"

# Agency words said around a place's name, longest first so that "County Jail" goes before
# "Jail". Each says the kind of place the agency belongs to, when it does.
_AGENCY_SUFFIXES: tuple[tuple[str, str | None], ...] = (
    ("sheriffs office", COUNTY),
    ("sheriffs department", COUNTY),
    ("sheriff department", COUNTY),
    ("sheriffs dept", COUNTY),
    ("sheriff office", COUNTY),
    ("sheriff", COUNTY),
    ("department of corrections", None),
    ("department of correction", None),
    ("corrections department", None),
    ("department of public safety", None),
    ("police department", CITY),
    ("police dept", CITY),
    ("police", CITY),
    ("adult detention center", None),
    ("detention center", None),
    ("detention facility", None),
    ("correctional facility", None),
    ("correctional center", None),
    ("house of correction", None),
    ("board of commissioners", None),
    ("board of supervisors", None),
    ("commissioners court", None),
    ("city council", CITY),
    ("jail", None),
    ("government", None),
)
_AGENCY_PREFIXES: tuple[tuple[str, str | None], ...] = (
    ("office of the sheriff of", COUNTY),
    ("office of the sheriff", COUNTY),
    ("government of", None),
)
# The kind of place, said before or after its name.
_PLACE_PREFIXES: tuple[tuple[str, str | None], ...] = (
    ("city and county of", None),
    ("consolidated city of", CITY),
    ("county of", COUNTY),
    ("parish of", COUNTY),
    ("borough of", COUNTY),
    ("city of", CITY),
    ("town of", CITY),
    ("township of", CITY),
    ("village of", CITY),
)
_PLACE_SUFFIXES: tuple[tuple[str, str | None], ...] = (
    ("county", COUNTY),
    ("parish", COUNTY),
    ("borough", COUNTY),
    ("city", CITY),
    ("town", CITY),
    ("township", CITY),
    ("village", CITY),
)
_STATE_PREFIXES = ("state of", "commonwealth of", "territory of")

_PUNCTUATION = re.compile(r"[.,'’`]")
_SPACES = re.compile(r"\s+")
_STATE_NAMES = {code: fold(name) for code, name in STATE_CODES.items()}


@dataclass(frozen=True)
class Place:
    """A jurisdiction's name reduced to the place it names."""

    name: str
    """Folded, without agency words or the kind of place: ``travis``, ``los angeles``."""
    kind: str | None
    """``county``, ``city``, or None when the name does not say."""
    statewide: bool
    """The name is its state's own (a state law, a state department)."""


_SAINT = re.compile(r"\bst\b")


def place_words(text: str) -> str:
    """``text`` as ``place`` reads it before taking any words off: folded, without
    punctuation, one space between words, ``St.`` as ``saint``."""
    text = _PUNCTUATION.sub("", fold(text))
    text = _SPACES.sub(" ", text.replace("-", " ")).strip()
    # "St. Lawrence" and "Saint Lawrence" are the same county.
    return _SAINT.sub("saint", text) if "st" in text else text


class _Affixes:
    """Affixes as ``_strip`` looks for them: each with its space, and all at once first (a
    name seldom has one, and one look at them all is quicker than one for each)."""

    def __init__(self, affixes: Iterable[tuple[str, str | None]], *, suffix: bool) -> None:
        self.suffix = suffix
        self.spaced = tuple(
            (" " + affix if suffix else affix + " ", kind) for affix, kind in affixes
        )
        self.any = tuple(spaced for spaced, _kind in self.spaced)


def _strip(text: str, affixes: _Affixes):
    """``text`` without one of ``affixes`` (and the kind it says), or unchanged."""
    if affixes.suffix:
        if text.endswith(affixes.any):
            for spaced, kind in affixes.spaced:
                if text.endswith(spaced):
                    return text[: -len(spaced)].strip(), kind, True
    elif text.startswith(affixes.any):
        for spaced, kind in affixes.spaced:
            if text.startswith(spaced):
                return text[len(spaced) :].strip(), kind, True
    return text, None, False


# The passes of ``place``, in order.
_PASSES = (
    _Affixes(_AGENCY_SUFFIXES, suffix=True),
    _Affixes(_AGENCY_PREFIXES, suffix=False),
    _Affixes(_AGENCY_SUFFIXES, suffix=True),
    _Affixes(_PLACE_PREFIXES, suffix=False),
    _Affixes(_PLACE_SUFFIXES, suffix=True),
)


def place(jurisdiction: str, state: str | None) -> Place:
    """The place ``jurisdiction`` (of ``state``, a postal code) names."""
    text = place_words(jurisdiction)
    kinds: list[str | None] = []
    state_name = _STATE_NAMES.get((state or "").upper())
    for prefix in _STATE_PREFIXES:
        if text.startswith(prefix + " "):
            return Place(text[len(prefix) + 1 :], None, True)
    # Agency words first ("Travis County Sheriff's Office" -> "Travis County"), then the kind
    # of place ("Travis County" -> "Travis"); each may be said more than once.
    for affixes in _PASSES:
        text, kind, stripped = _strip(text, affixes)
        if stripped:
            kinds.append(kind)
    said = {k for k in kinds if k is not None}
    kind = said.pop() if len(said) == 1 else None
    # A state's own department ("Rhode Island Department of Corrections") names the state;
    # "New York City" or "Washington County" name places within it.
    statewide = state_name is not None and text == state_name and kind is None
    return Place(text, kind, statewide)


CITIES_OF_COUNTIES: dict[tuple[str, str], frozenset[str]] = {
    # Its five boroughs are five whole counties (Census: New York city is coextensive with
    # Bronx, Kings, New York, Queens and Richmond counties); records name the county.
    ("NY", "new york"): frozenset({"bronx", "kings", "new york", "queens", "richmond"}),
}
"""Cities made of several whole counties, by state and place name: the counties (places as
``place`` gives them). A city's policy applies to the records of each."""


def applies(policy: Place, record: Place, state: str | None = None) -> bool:
    """Whether a policy made by ``policy`` applies where ``record`` is (both in ``state``)."""
    if policy.statewide:
        return True
    if policy.kind in (CITY, None) and record.kind in (COUNTY, None):
        counties = CITIES_OF_COUNTIES.get(((state or "").upper(), policy.name))
        if counties is not None:
            return record.name in counties
    if policy.name != record.name or not policy.name:
        return False
    return policy.kind is None or record.kind is None or policy.kind == record.kind


def policy_key(state: str | None, jurisdiction: str | None) -> str:
    """What identifies a policy maker across reports: its state and folded name."""
    return f"{state or ''}\x1f{fold(jurisdiction or '')}"


@dataclass(frozen=True)
class LinkedPolicy:
    """A policy maker whose policy applies to a record, as Section III names it."""

    state: str
    jurisdiction: str
    policy_type: str
    statewide: bool
    reports: int
    """How many open reports list this policy."""

    @property
    def scope(self) -> str:
        """``local`` or ``state-wide``."""
        return STATEWIDE if self.statewide else LOCAL

    def describe(self) -> str:
        """``Travis County Sheriff's Office, TX · Policy · in 3 reports``."""
        where = ", ".join(v for v in (self.jurisdiction, self.state) if v)
        parts = [where or "(no jurisdiction)"]
        if self.policy_type:
            parts.append(self.policy_type)
        parts.append("listed in 1 report" if self.reports == 1 else f"in {self.reports} reports")
        return printable(" · ".join(parts))


class PolicyLinks:
    """Every record place's applicable policies, worked out once for the open reports."""

    def __init__(self, policies: pl.DataFrame) -> None:
        """``policies``: Section III of every open report: state, jurisdiction, policy type
        and the report each row came from (``REPORT_INDEX``)."""
        makers = (
            policies.group_by(schema.STATE, schema.JURISDICTION, schema.POLICY_TYPE)
            .agg(pl.col(REPORT_INDEX).n_unique())
            .sort(schema.STATE, schema.JURISDICTION, schema.POLICY_TYPE, nulls_last=True)
        )
        self._by_state: dict[str, list[tuple[Place, LinkedPolicy, str]]] = {}
        for state, jurisdiction, policy_type, count in makers.iter_rows():
            if not state or not jurisdiction:
                continue
            maker = place(jurisdiction, state)
            linked = LinkedPolicy(
                state, jurisdiction, policy_type or "", maker.statewide, int(count)
            )
            self._by_state.setdefault(state, []).append(
                (maker, linked, policy_key(state, jurisdiction))
            )
        self._cache: dict[tuple[str | None, str | None], tuple[LinkedPolicy, ...]] = {}

    def for_record(self, jurisdiction: str | None, state: str | None) -> tuple[LinkedPolicy, ...]:
        """The policies that apply to a record of ``jurisdiction`` in ``state``: its own
        place's first, then its state's."""
        key = (jurisdiction, state)
        if key not in self._cache:
            found: list[LinkedPolicy] = []
            if jurisdiction and state:
                where = place(jurisdiction, state)
                found = [
                    linked
                    for maker, linked, _ in self._by_state.get(state, [])
                    if applies(maker, where, state)
                ]
                found.sort(key=lambda linked: linked.statewide)
            self._cache[key] = tuple(found)
        return self._cache[key]

    def keys(self, jurisdiction: str | None, state: str | None) -> frozenset[str]:
        """The ``policy_key`` of every policy maker whose policy applies to the record."""
        linked = self.for_record(jurisdiction, state)
        return frozenset(policy_key(p.state, p.jurisdiction) for p in linked)

    def drill(self, jurisdiction: str | None, state: str | None) -> Drill | None:
        """The Policies table rows that apply to the record; None when none do."""
        keys = self.keys(jurisdiction, state)
        if not keys:
            return None
        where = ", ".join(printable(v) for v in (jurisdiction, state) if v)
        return Drill(((POLICY_KEY, keys),), f"policies for {where}")

    def summary(self, jurisdiction: str | None, state: str | None) -> str:
        """What the Records table shows: ``local``, ``state-wide``, both, or empty."""
        scopes = {linked.scope for linked in self.for_record(jurisdiction, state)}
        return " + ".join(s for s in (LOCAL, STATEWIDE) if s in scopes)

    def records_column(self, records: pl.DataFrame) -> pl.Series:
        """``summary`` for every row of ``records`` (each distinct place worked out once)."""
        places = records.select(schema.STATE, schema.JURISDICTION).unique()
        summaries = places.with_columns(
            pl.Series(
                POLICY_LINK,
                [self.summary(j, s) for s, j in places.iter_rows()],
                dtype=pl.String,
            )
        )
        joined = records.select(schema.STATE, schema.JURISDICTION).join(
            summaries, on=[schema.STATE, schema.JURISDICTION], how="left", nulls_equal=True
        )
        return joined.get_column(POLICY_LINK).fill_null("")


def policy_scopes(states: Sequence[Any], jurisdictions: Sequence[Any]) -> pl.Series:
    """Per Section III row, ``local`` or ``state-wide`` (the Policies table's scope)."""
    return pl.Series(
        SCOPE,
        [
            STATEWIDE if j and place(j, s).statewide else LOCAL
            for s, j in zip(states, jurisdictions, strict=True)
        ],
        dtype=pl.String,
    )


def policy_keys(states: Sequence[Any], jurisdictions: Sequence[Any]) -> pl.Series:
    """Per Section III row, its ``policy_key`` (what a record's drill matches)."""
    return pl.Series(
        POLICY_KEY,
        [policy_key(s, j) for s, j in zip(states, jurisdictions, strict=True)],
        dtype=pl.String,
    )
