"""Invented but plausible content for synthetic reports: places, facilities, offences, policies.

No personal data: Section II rows describe a detention location, a country and offence
categories only. Everything is drawn from a seeded ``random.Random`` so output is stable.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ddorgen.model import Policy, Record

# NCIC offence categories as ICE names them; two of them contain commas or parentheses.
OFFENCES = (
    "Assault",
    "Dangerous Drugs",
    "Driving Under Influence Liquor",
    "Traffic Offense",
    "Burglary",
    "Larceny",
    "Sex Assault",
    "Family Offense",
    "Weapon Offenses",
    "Robbery",
    "Kidnapping",
    "Homicide",
    "Fraudulent Activities",
    "Forgery",
    "Obstructing Police",
    "Stolen Vehicle",
    "Invasion of Privacy",
    "Immigration",
    "Public Peace",
    "Obstructing Judiciary, Congress, Legislature, Etc.",
    "Sex Offenses (Not Involving Assault or Commercialized Sex)",
    "Damage Property",
    "Stolen Property",
    "Health - Safety",
)
OFFENCE_WEIGHTS = (
    14, 12, 12, 10, 5, 6, 2, 4, 3, 2, 1, 1, 3, 2, 4, 2, 1, 2, 3, 2, 2, 3, 2, 1,
)  # fmt: skip

COUNTRIES = (
    "Mexico",
    "Guatemala",
    "Honduras",
    "El Salvador",
    "Dominican Republic",
    "Cuba",
    "Ecuador",
    "Colombia",
    "Jamaica",
    "Haiti",
    "Nicaragua",
    "Peru",
    "India",
    "China, People's Republic of",
    "Vietnam",
    "Philippines",
    "Brazil",
    "Korea, South",
    "Congo, Democratic Republic of the",
    "Nigeria",
    "Poland",
    "Venezuela",
)
COUNTRY_WEIGHTS = (
    60, 10, 9, 8, 3, 2, 2, 2, 2, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1,
)  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A jurisdiction that appears in Section II with the facilities it uses."""

    state: str
    jurisdiction: str
    facilities: tuple[str, ...]


# Jurisdictions for Section II beyond the Texas counties that dominated the first edition.
PLACES = (
    Place("AZ", "Pima County", ("Pima County Adult Detention Complex",)),
    Place("CA", "Alameda County", ("Santa Rita Jail",)),
    Place("CA", "Los Angeles County",
          ("Los Angeles County Men's Central Jail", "Twin Towers Correctional Facility")),
    Place("CA", "San Diego County", ("San Diego Central Jail",)),
    Place("CA", "Santa Clara County", ("Santa Clara County Main Jail Complex",)),
    Place("CO", "Denver County", ("Denver County Jail", "Denver Downtown Detention Center")),
    Place("CT", "Hartford", ("Hartford Correctional Center",)),
    Place("FL", "Alachua County", ("Alachua County Jail",)),
    Place("GA", "DeKalb County", ("DeKalb County Jail",)),
    Place("IA", "Johnson County", ("Johnson County Jail",)),
    Place("IL", "Cook County", ("Cook County Department of Corrections",)),
    Place("KS", "Butler County", ("Butler County Detention Facility",)),
    Place("MA", "Suffolk County", ("Suffolk County House of Correction",)),
    Place("MD", "Montgomery County", ("Montgomery County Correctional Facility",)),
    Place("MD", "Prince George's County",
          ("Prince George's County Department of Corrections Detention Center",)),
    Place("MN", "Hennepin County", ("Hennepin County Adult Detention Center",)),
    Place("NC", "Mecklenburg County", ("Mecklenburg County Jail Central",)),
    Place("NC", "Richmond County", ("Richmond County Jail",)),
    Place("NE", "Lancaster County", ("Lancaster County Adult Detention Facility",)),
    Place("NJ", "Middlesex County", ("Middlesex County Adult Correction Center",)),
    Place("NM", "Doña Ana County", ("Doña Ana County Detention Center",)),
    Place("NM", "Bernalillo County", ("Bernalillo County Metropolitan Detention Center",)),
    Place("NY", "Nassau County", ("Nassau County Correctional Center",)),
    Place("NY", "St. Lawrence County", ("St. Lawrence County Correctional Facility",)),
    Place("OR", "Washington County", ("Washington County Jail",)),
    Place("OR", "Multnomah County",
          ("Multnomah County Inverness Jail", "Multnomah County Detention Center")),
    Place("PA", "Chester County", ("Chester County Prison",)),
    Place("PA", "Philadelphia", ("Curran-Fromhold Correctional Facility",)),
    Place("RI", "Providence", ("Adult Correctional Institutions Intake Service Center",)),
    Place("VA", "Arlington County", ("Arlington County Detention Facility",)),
    Place("WA", "Snohomish County", ("Snohomish County Jail",)),
    Place("WA", "King County",
          ("King County Correctional Facility", "Maleng Regional Justice Center")),
    Place("WA", "Yakima County", ("Yakima County Department of Corrections Main Jail",)),
)  # fmt: skip
# Nassau County, NY was listed in the first edition in error and not from the second edition
# on (Long Island Press, Apr. 10, 2017): the later editions draw from these.
PLACES_AFTER_NASSAU = tuple(p for p in PLACES if p.jurisdiction != "Nassau County")
# New York City's five counties (the boroughs), where the city's jails hold people.
NYC = {
    name: Place("NY", name, facilities)
    for name, facilities in (
        ("Bronx County", ("Vernon C. Bain Center",)),
        ("Kings County", ("Brooklyn Detention Complex",)),
        ("New York County", ("Manhattan Detention Complex",)),
        ("Queens County", ("Queens Detention Facility",)),
        ("Richmond County", ("Rikers Island",)),
    )
}
TRAVIS = Place("TX", "Travis County", ("Travis County Correctional Complex", "Travis County Jail"))
WILLIAMSON = Place("TX", "Williamson County", ("Williamson County Jail",))
BASTROP = Place("TX", "Bastrop County", ("Bastrop County Jail",))


def offences(rng: random.Random) -> tuple[str, ...]:
    """Zero to four distinct offence categories (about one row in eight has none)."""
    roll = rng.random()
    n = 0 if roll < 0.12 else 1 if roll < 0.55 else 2 if roll < 0.82 else 3 if roll < 0.95 else 4
    chosen: list[str] = []
    while len(chosen) < n:
        pick = rng.choices(OFFENCES, OFFENCE_WEIGHTS)[0]
        if pick not in chosen:
            chosen.append(pick)
    return tuple(chosen)


def record(
    rng: random.Random,
    place: Place,
    declined: dt.date,
    earliest_issue: dt.date,
) -> Record:
    """One declined detainer at ``place``, issued some time between ``earliest_issue`` and
    the decline."""
    span = (declined - earliest_issue).days
    issued = declined - dt.timedelta(days=int(span * rng.random() ** 2))
    return Record(
        state=place.state,
        jurisdiction=place.jurisdiction,
        facility=rng.choice(place.facilities),
        citizenship=rng.choices(COUNTRIES, COUNTRY_WEIGHTS)[0],
        offences=offences(rng),
        issued=issued,
        declined=declined,
    )


def day_in(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A uniformly chosen day of the period."""
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def sort_records(records: list[Record]) -> tuple[Record, ...]:
    """Order rows as the reports do: by state, then jurisdiction, then dates."""
    return tuple(
        sorted(records, key=lambda r: (r.state, r.jurisdiction, r.declined, r.issued, r.facility))
    )


# (state, jurisdiction, kind, policy type) for Section III.
POLICY_MAKERS = (
    ("CA", "State of California", "state", "Law"),
    ("CA", "San Francisco", "city", "Ordinance"),
    ("CA", "Santa Clara County", "county", "Policy"),
    ("CA", "Los Angeles Police Department", "agency", "Directive"),
    ("CO", "Denver", "city", "Ordinance"),
    ("CO", "Boulder County Sheriff's Office", "agency", "Policy"),
    ("CT", "State of Connecticut", "state", "Law"),
    ("CT", "New Haven", "city", "Executive Order"),
    ("DC", "District of Columbia", "city", "Law"),
    ("FL", "Alachua County", "county", "Policy"),
    ("GA", "Clayton County", "county", "Policy"),
    ("IA", "Franklin County", "county", "Resolution"),
    ("IA", "Montgomery County", "county", "Policy"),
    ("IA", "Johnson County", "county", "Policy"),
    ("IL", "Cook County", "county", "Ordinance"),
    ("IL", "Chicago", "city", "Executive Order"),
    ("KS", "Harvey County", "county", "Policy"),
    ("MA", "Boston", "city", "Ordinance"),
    ("MA", "Cambridge", "city", "Resolution"),
    ("MD", "Prince George's County", "county", "Policy"),
    ("MD", "Montgomery County", "county", "Executive Order"),
    ("MN", "Hennepin County Sheriff's Office", "agency", "Policy"),
    ("NE", "Lancaster County", "county", "Policy"),
    ("NJ", "Newark", "city", "Executive Order"),
    ("NM", "Doña Ana County", "county", "Resolution"),
    ("NM", "Bernalillo County", "county", "Resolution"),
    ("NV", "Clark County", "county", "Policy"),
    ("NY", "New York City", "city", "Law"),
    ("NY", "Nassau County", "county", "Policy"),
    ("NY", "Franklin County", "county", "Policy"),
    ("OR", "State of Oregon", "state", "Law"),
    ("OR", "Washington County", "county", "Policy"),
    ("OR", "Multnomah County Sheriff's Office", "agency", "Policy"),
    ("PA", "Philadelphia", "city", "Executive Order"),
    ("PA", "Franklin County", "county", "Policy"),
    ("PA", "Chester County", "county", "Policy"),
    ("RI", "Rhode Island Department of Corrections", "agency", "Directive"),
    ("TX", "Travis County Sheriff's Office", "agency", "Policy"),
    ("VT", "State of Vermont", "state", "Directive"),
    ("WA", "Snohomish County", "county", "Policy"),
    ("WA", "King County", "county", "Ordinance"),
    ("WA", "Seattle", "city", "Resolution"),
)

STATEWIDE = "(state-wide)"
"""In ``POLICY_PLACES``: the policy is its state's own and applies across the state."""

# The Section II jurisdiction whose detainers each policy maker's policy governs (a tuple:
# each of them), as a person who knows the places would say it; what the explorer's policy
# links are checked against. A sheriff's office governs its county's jail; a city police
# department its city, not the county around it (Los Angeles); Denver is a consolidated city
# and county; New York City is its five counties; Rhode Island's Department of Corrections
# runs the state's one prison and jail system.
POLICY_PLACES: dict[tuple[str, str], str | tuple[str, ...]] = {
    ("CA", "State of California"): STATEWIDE,
    ("CA", "San Francisco"): "San Francisco",
    ("CA", "Santa Clara County"): "Santa Clara County",
    ("CA", "Los Angeles Police Department"): "Los Angeles",
    ("CO", "Denver"): "Denver County",
    ("CO", "Boulder County Sheriff's Office"): "Boulder County",
    ("CT", "State of Connecticut"): STATEWIDE,
    ("CT", "New Haven"): "New Haven",
    ("DC", "District of Columbia"): STATEWIDE,
    ("FL", "Alachua County"): "Alachua County",
    ("GA", "Clayton County"): "Clayton County",
    ("IA", "Franklin County"): "Franklin County",
    ("IA", "Montgomery County"): "Montgomery County",
    ("IA", "Johnson County"): "Johnson County",
    ("IL", "Cook County"): "Cook County",
    ("IL", "Chicago"): "Chicago",
    ("KS", "Harvey County"): "Harvey County",
    ("MA", "Boston"): "Boston",
    ("MA", "Cambridge"): "Cambridge",
    ("MD", "Prince George's County"): "Prince George's County",
    ("MD", "Montgomery County"): "Montgomery County",
    ("MN", "Hennepin County Sheriff's Office"): "Hennepin County",
    ("NE", "Lancaster County"): "Lancaster County",
    ("NJ", "Newark"): "Newark",
    ("NM", "Doña Ana County"): "Doña Ana County",
    ("NM", "Bernalillo County"): "Bernalillo County",
    ("NV", "Clark County"): "Clark County",
    # The city is its five counties: its policy governs the detainers of each.
    ("NY", "New York City"): tuple(NYC),
    ("NY", "Nassau County"): "Nassau County",
    ("NY", "Franklin County"): "Franklin County",
    ("OR", "State of Oregon"): STATEWIDE,
    ("OR", "Washington County"): "Washington County",
    ("OR", "Multnomah County Sheriff's Office"): "Multnomah County",
    ("PA", "Philadelphia"): "Philadelphia",
    ("PA", "Franklin County"): "Franklin County",
    ("PA", "Chester County"): "Chester County",
    ("RI", "Rhode Island Department of Corrections"): STATEWIDE,
    ("TX", "Travis County Sheriff's Office"): "Travis County",
    ("VT", "State of Vermont"): STATEWIDE,
    ("WA", "Snohomish County"): "Snohomish County",
    ("WA", "King County"): "King County",
    ("WA", "Seattle"): "Seattle",
}

_BODIES = {
    "state": "Legislature",
    "city": "City Council",
    "county": "Board of Commissioners",
    "agency": "Office of the Sheriff",
}
_CODES = (
    "Cal. Gov't Code § 7282.5",
    "Or. Rev. Stat. § 181A.820",
    "Conn. Gen. Stat. § 54-192h",
    "N.Y.C. Admin. Code § 9-131",
    "Cook County Code of Ordinances § 46-37",
    "8 C.F.R. § 287.7(d)",
    "D.C. Code § 24-211.07",
    "S.F. Admin. Code § 12I.3",
)
_CASES = (
    "Miranda-Olivares v. Clackamas County, No. 3:12-cv-02317-ST (D. Or. Apr. 11, 2014)",
    "Galarza v. Szalczyk, 745 F.3d 634 (3d Cir. 2014)",
    "Morales v. Chadbourne, 793 F.3d 208 (1st Cir. 2015)",
)
_ACTIONS = (
    "detain an individual beyond the time the individual would otherwise be released",
    "honor an immigration detainer request (Form I-247) without a judicial warrant",
    "provide advance notice of an individual's release date to federal immigration authorities",
    "permit federal immigration officers to interview individuals in custody without consent",
    "use county funds or facilities to assist in the enforcement of federal immigration law",
)
_CONDITIONS = (
    "the request is accompanied by a warrant signed by a federal judge or magistrate",
    "the individual has been convicted of a serious or violent felony within the past ten years",
    "the Sheriff determines that the request is supported by probable cause",
    "state law expressly requires such cooperation",
)
_QUOTES = (
    "No officer shall inquire into the immigration status of any person",
    "Detainer requests are voluntary and shall be treated as such",
    "The County shall not expend resources on civil immigration enforcement",
    "Individuals shall be released as soon as they are eligible for release under state law",
)


def _when(rng: random.Random, lo: int, hi: int) -> dt.date:
    return dt.date(rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28))


def _long_date(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def policy_text(rng: random.Random, kind: str, policy_type: str, sentences: int) -> str:
    """A long policy paragraph with citations, quotes, section signs and dates."""
    body = _BODIES[kind]
    adopted = _when(rng, 2011, 2016)
    number = f"{adopted.year}-{rng.randint(1, 240):03d}"
    parts = [
        f"On {_long_date(adopted)}, the {body} adopted {policy_type.lower()} No. {number}, "
        f'which provides that "{rng.choice(_QUOTES)}."',
        f"Under § {rng.randint(2, 14)} of the {policy_type.lower()}, personnel shall not "
        f"{rng.choice(_ACTIONS)} unless {rng.choice(_CONDITIONS)}.",
    ]
    while len(parts) < sentences:
        roll = rng.randrange(6)
        if roll == 0:
            parts.append(f"See {rng.choice(_CODES)}; see also {rng.choice(_CASES)}.")
        elif roll == 1:
            amended = _when(rng, adopted.year, 2017)
            parts.append(
                f"The {policy_type.lower()} was amended on {amended.month}/{amended.day}/"
                f"{amended.year} to add that personnel shall not {rng.choice(_ACTIONS)}."
            )
        elif roll == 2:
            parts.append(
                f"ICE detainers are honored only where {rng.choice(_CONDITIONS)}; in all other "
                f"cases the individual is released on the date set by the court (§ "
                f"{rng.randint(1, 9)}.{rng.randint(1, 30)})."
            )
        elif roll == 3:
            parts.append(
                f"The {body} reaffirmed the {policy_type.lower()} by a vote of "
                f"{rng.randint(4, 9)}–{rng.randint(0, 3)} on {_long_date(_when(rng, 2015, 2017))}, "
                f"stating: “{rng.choice(_QUOTES)}.”"
            )
        elif roll == 4:
            parts.append(
                f"Requests for notification of release are answered only when "
                f"{rng.choice(_CONDITIONS)}, as set out in {rng.choice(_CODES)}."
            )
        else:
            parts.append(f"Cited authority includes {rng.choice(_CASES)} and {rng.choice(_CODES)}.")
    return " ".join(parts)


def policies(
    rng: random.Random,
    count: int,
    sentence_range: tuple[int, int],
    leave_out: frozenset[str] = frozenset(),
) -> list[Policy]:
    """``count`` policies, cycling through the policy makers in state order (but those whose
    jurisdiction is in ``leave_out``)."""
    makers = sorted(m for m in POLICY_MAKERS if m[1] not in leave_out)
    chosen = [makers[i % len(makers)] for i in range(count)]
    rows = []
    for state, name, kind, policy_type in sorted(chosen):
        sentences = rng.randint(*sentence_range)
        rows.append(
            Policy(
                state=state,
                jurisdiction=name,
                policy_type=policy_type,
                policy=policy_text(rng, kind, policy_type, sentences),
                jurisdiction_kind=kind,
            )
        )
    return rows
