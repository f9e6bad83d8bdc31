"""The three 2017 weekly editions, reconstructed with invented rows around the public figures.

Edition 1 reproduces every figure that is public (ddor-format.md): 3,083 detainers issued, the
ten Section I rows (157 detainers, which its text states; printed as ICE's press release did,
one "County, State" cell per jurisdiction), 206 declined detainers of which Travis County, TX
has 142 (nearly all declined on 2/1/2017), Williamson County, TX 4 and Bastrop County, TX 3.

Editions 2 and 3 agree with what is public of them, and invent the rest within the same shape:
25 pages each; 2,825 detainers issued in the second; Nassau County, NY listed in neither, in
any section (ICE told the county its first-edition listing was an error, and it was not listed
from the second edition on: Long Island Press, Apr. 10, 2017); and the third, the second week
of February, lists 47 declined detainers: 12 in New York City (two in Queens County, one a
citizen of Ecuador with an assault conviction, one of Mexico with assault charges) and 2 in
Travis County, with New York City's policy entry reading "will not honor ICE detainer" (press
coverage of March–April 2017), under the third edition's own Section I and III headings.

Each edition uses a distinct layout, so that together the three samples exercise every
variation the parser must read. Every row is invented: the samples are synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from ddorgen import content
from ddorgen.model import Layout, Policy, Ranking, Record, ReportSpec
from ddorgen.text import SYNTHETIC_NOTICE, listed_sentence

TITLE = ("ENFORCEMENT AND REMOVAL OPERATIONS", "Weekly Declined Detainer Outcome Report")
RUNNING_HEADER = (
    "U.S. Immigration and Customs Enforcement | Weekly Declined Detainer Outcome Report | "
    + SYNTHETIC_NOTICE
)
SUMMARY = (
    "Executive Order 13768, Enhancing Public Safety in the Interior of the United States, "
    "directs the Secretary of Homeland Security to make public a comprehensive list of "
    "criminal actions committed by aliens and of jurisdictions that ignored or otherwise "
    "failed to honor any detainers with respect to such aliens. This report contains the "
    "following sections:"
)
SCOPE = (
    "This report covers detainers recorded as declined in the ICE Enforcement Integrated "
    "Database during the reporting period. A detainer may be issued to a law enforcement agency "
    "long before it is declined, so the date a detainer was issued can precede the reporting "
    "period by several years.",
    "The data are operational and subject to change. Counts reflect records as they stood when "
    "the report was compiled; later corrections, transfers between facilities and detainers "
    "issued to agencies with similar names may change the figures for a jurisdiction.",
    "Criminal activity is reported by NCIC offence category and reflects charges or "
    "convictions recorded at the time of the decline; an empty cell means none was recorded.",
)


def _bullets(*wording: str) -> tuple[str, ...]:
    numerals = ("I", "II", "III", "IV")
    return tuple(f"Section {n}: {w}" for n, w in zip(numerals, wording, strict=True))


def _records(
    rng: random.Random,
    start: dt.date,
    end: dt.date,
    plan: list[tuple[content.Place, int]],
    spread: list[content.Place],
    spread_count: int,
) -> tuple[Record, ...]:
    earliest = dt.date(2010, 1, 4)
    rows = [
        content.record(rng, place, content.day_in(rng, start, end), earliest)
        for place, n in plan
        for _ in range(n)
    ]
    for i in range(spread_count):
        # Every listed place gets at least one row before the rest are drawn at random.
        place = spread[i] if i < len(spread) else rng.choice(spread)
        rows.append(
            content.record(rng, place, content.day_in(rng, start, end), dt.date(2015, 6, 1))
        )
    return content.sort_records(rows)


# Section I of the first edition (ddor-format.md); its text says these add up to 157.
RANKINGS_1 = (
    Ranking("Clark County", "NV", 51),
    Ranking("Nassau County", "NY", 38),
    Ranking("Cook County", "IL", 13),
    Ranking("Montgomery County", "IA", 12),
    Ranking("Snohomish County", "WA", 12),
    Ranking("Franklin County", "NY", 9),
    Ranking("Washington County", "OR", 7),
    Ranking("Alachua County", "FL", 5),
    Ranking("Franklin County", "IA", 5),
    Ranking("Franklin County", "PA", 5),
)


def edition_1() -> ReportSpec:
    """Jan. 28 – Feb. 3, 2017: the first edition, with its public figures."""
    rng = random.Random(20170128)
    start, end = dt.date(2017, 1, 28), dt.date(2017, 2, 3)
    travis: list[Record] = []
    for i in range(142):
        # All but a handful declined on the day the sheriff's new policy took effect.
        declined = dt.date(2017, 2, 1) if i % 28 != 5 else content.day_in(rng, start, end)
        travis.append(content.record(rng, content.TRAVIS, declined, dt.date(2010, 3, 1)))
    travis[0] = replace(travis[0], issued=dt.date(2010, 3, 1))
    others = _records(
        rng,
        start,
        end,
        [(content.WILLIAMSON, 4), (content.BASTROP, 3)],
        [p for p in content.PLACES if p.state != "TX"],
        57,
    )
    records = content.sort_records(travis + list(others))
    policies = content.policies(rng, 103, (6, 11))
    marked = next(i for i, p in enumerate(policies) if p.jurisdiction_kind == "agency")
    policies[marked] = replace(
        policies[marked],
        policy=policies[marked].policy
        + " The directive as posted marks its operative clause [bold]§ 3(a)[/bold] and "
        "the repealed clause [/] struck [/], which is reproduced here verbatim.",
    )
    return ReportSpec(
        start=start,
        end=end,
        period_text="Jan. 28 – Feb. 3, 2017",
        detainers_issued_total=3083,
        total_sentence=(
            "During the week of January 28, 2017, through February 3, 2017, ICE issued 3,083 "
            "detainers throughout the United States."
        ),
        rankings=RANKINGS_1,
        listed_sentence=listed_sentence(RANKINGS_1),
        records=records,
        policies=tuple(policies),
        scope_paragraphs=SCOPE,
        title_lines=TITLE,
        summary_paragraph=SUMMARY,
        summary_bullets=_bullets(
            "Highest volume of detainers issued to non-cooperative jurisdictions",
            "Declined detainers by jurisdiction",
            "Jurisdictions that have enacted policies which limit cooperation with ICE",
            "Report scope and data fidelity",
        ),
        headings=(
            "Section I: Highest Volume of Detainers Issued to Non-Cooperative Jurisdictions",
            "Section II: Declined Detainers Recorded January 28 – February 3, 2017",
            "Section III: Jurisdictions that Have Enacted Policies which Limit Cooperation "
            "with ICE",
            "Section IV: Report Scope and Data Fidelity",
        ),
        running_header=RUNNING_HEADER,
        page_numbers=True,
        layout=Layout(
            ruling="grid",
            orientation="portrait",
            repeat_headers=True,
            headers={
                # As ICE's press release printed it: one "County, State" cell per row.
                "rankings": {"place": "County, State", "count": "Issued Detainers"},
                "records": {
                    "jurisdiction": "County",
                    "facility": "Facility",
                    "citizenship": "Citizenship",
                    "offences": "Notable Criminal Activity",
                    "issued": "Detainer Issued",
                    "declined": "Detainer Declined",
                },
                "policies": {
                    "jurisdiction": "Jurisdiction",
                    "policy_type": "Policy Type",
                    "policy": "Policy",
                },
            },
            two_line_headers=True,
            state_style="code",
            date_style="M/D/YYYY",
            font="Helvetica",
            font_size=8.0,
            combined_place=True,
            widths={
                "rankings": (4.0, 1.6),
                "records": (0.55, 1.35, 1.9, 1.35, 2.2, 0.95, 0.95),
                "policies": (0.55, 1.5, 1.0, 5.0),
            },
            padding=3.0,
            line_spacing=1.2,
            min_split_lines=2,
            bullet_glyph=True,
        ),
        engine="reportlab",
    )


def edition_2() -> ReportSpec:
    """Feb 4 – Feb 10, 2017: landscape, rules under rows, headers printed once."""
    rng = random.Random(20170204)
    start, end = dt.date(2017, 2, 4), dt.date(2017, 2, 10)
    records = _records(
        rng,
        start,
        end,
        [(content.TRAVIS, 48), (content.WILLIAMSON, 2)],
        list(content.PLACES_AFTER_NASSAU),
        118,
    )
    return ReportSpec(
        start=start,
        end=end,
        period_text="Feb 4 – Feb 10, 2017",
        detainers_issued_total=2825,
        total_sentence=(
            "During the week of February 4, 2017, through February 10, 2017, ICE issued 2,825 "
            "detainers throughout the United States."
        ),
        rankings=(
            Ranking("Clark County", "NV", 44),
            Ranking("Los Angeles County", "CA", 31),
            Ranking("Cook County", "IL", 22),
            Ranking("Snohomish County", "WA", 14),
            Ranking("Washington County", "OR", 14),
            Ranking("Travis County", "TX", 11),
            Ranking("Alachua County", "FL", 9),
            Ranking("King County", "WA", 7),
            Ranking("Doña Ana County", "NM", 6),
            Ranking("Prince George's County", "MD", 6),
        ),
        records=records,
        policies=tuple(content.policies(rng, 48, (7, 12), leave_out=NOT_LISTED)),
        scope_paragraphs=SCOPE,
        title_lines=TITLE,
        summary_paragraph=SUMMARY,
        summary_bullets=_bullets(
            "Non-cooperative jurisdictions with the most detainers issued",
            "Detainers declined, by state and jurisdiction",
            "Jurisdictions with policies that limit cooperation with ICE",
            "Scope of the report and data fidelity",
        ),
        headings=(
            "Section I: Non-Cooperative Jurisdictions with the Most Detainers Issued",
            "Section II: Detainers Declined by State and Jurisdiction",
            "Section III: Jurisdictions with Policies Limiting Cooperation with ICE",
            "Section IV: Scope of the Report and Data Fidelity",
        ),
        running_header=RUNNING_HEADER,
        page_numbers=True,
        layout=Layout(
            ruling="rows",
            orientation="landscape",
            repeat_headers=False,
            headers={
                "rankings": {"jurisdiction": "County", "count": "Number of Detainers Issued"},
                "records": {
                    "jurisdiction": "Jurisdiction",
                    "facility": "Detention Location",
                    "citizenship": "Country of Citizenship",
                    "offences": "Criminal Activity",
                    "issued": "Date Detainer Issued",
                    "declined": "Date Detainer Declined",
                },
                "policies": {
                    "jurisdiction": "County/City",
                    "policy_type": "Type",
                    "policy": "Policy Description",
                },
            },
            two_line_headers=False,
            state_style="mixed",
            date_style="MM/DD/YYYY",
            font="Times-Roman",
            font_size=9.5,
            widths={
                "rankings": (3.0, 1.2, 1.8),
                "records": (1.0, 1.5, 2.2, 1.5, 2.5, 0.85, 0.85),
                "policies": (1.0, 1.6, 1.0, 6.0),
            },
            padding=2.5,
            line_spacing=1.15,
            bullet_glyph=False,
        ),
        engine="fpdf",
    )


def _new_york_city(rng: random.Random, start: dt.date, end: dt.date) -> list[Record]:
    """The third edition's 12 declined detainers in New York City: two in Queens County (a
    citizen of Ecuador with an assault conviction, one of Mexico with assault charges, both
    "Assault" in the report's one offence column), the rest in the other boroughs."""
    earliest = dt.date(2015, 6, 1)
    rows = [
        replace(
            content.record(rng, content.NYC["Queens County"], content.day_in(rng, start, end),
                           earliest),
            citizenship=country,
            offences=("Assault",),
        )
        for country in ("Ecuador", "Mexico")
    ]  # fmt: skip
    for name, count in (
        ("Kings County", 4),
        ("New York County", 3),
        ("Bronx County", 2),
        ("Richmond County", 1),
    ):
        rows += [
            content.record(rng, content.NYC[name], content.day_in(rng, start, end), earliest)
            for _ in range(count)
        ]
    return rows


NYC_POLICY = "will not honor ICE detainer"
"""New York City's policy entry in the third edition, as the press quoted it."""
NOT_LISTED = frozenset({"Nassau County"})
"""Listed in the first edition in error, and not from the second edition on."""


def _third_edition_policies(rng: random.Random) -> list[Policy]:
    """Section III of the third edition: New York City once, its entry as quoted."""
    rows = content.policies(rng, 80, (7, 12), leave_out=NOT_LISTED)
    city = [i for i, p in enumerate(rows) if p.jurisdiction == "New York City"]
    rows[city[0]] = replace(rows[city[0]], policy_type="Policy", policy=NYC_POLICY)
    return [p for i, p in enumerate(rows) if i not in city[1:]]


def edition_3() -> ReportSpec:
    """Feb 11 Feb 17, 2017 (dash lost): no rules, Courier 6.5 pt, full state names; 47
    declined detainers, 12 in New York City and 2 in Travis County."""
    rng = random.Random(20170211)
    start, end = dt.date(2017, 2, 11), dt.date(2017, 2, 17)
    others = [
        p
        for p in content.PLACES_AFTER_NASSAU
        if (p.state, p.jurisdiction) != ("NY", "Queens County")
    ]
    records = content.sort_records(
        [
            *_records(rng, start, end, [(content.TRAVIS, 2)], others, 33),
            *_new_york_city(rng, start, end),
        ]
    )
    return ReportSpec(
        start=start,
        end=end,
        period_text="Feb 11 Feb 17, 2017",
        detainers_issued_total=2914,
        total_sentence=(
            "From February 11, 2017, through February 17, 2017, ICE issued 2,914 detainers "
            "nationwide."
        ),
        rankings=(
            Ranking("Travis County", "TX", 61),
            Ranking("Clark County", "NV", 40),
            Ranking("Kings County", "NY", 29),
            Ranking("Cook County", "IL", 17),
            Ranking("King County", "WA", 12),
            Ranking("Multnomah County", "OR", 10),
            Ranking("Snohomish County", "WA", 10),
            Ranking("Santa Clara County", "CA", 10),
            Ranking("Hennepin County", "MN", 8),
            Ranking("Denver County", "CO", 5),
        ),
        records=records,
        policies=tuple(_third_edition_policies(rng)),
        scope_paragraphs=SCOPE,
        title_lines=TITLE,
        summary_paragraph=SUMMARY,
        summary_bullets=_bullets(
            "Highest volume of detainers issued",
            "Declined detainers",
            "Jurisdictions with enacted policies limiting cooperation",
            "Report scope and data fidelity",
        ),
        headings=(
            # Sections I and III as the third edition worded them (ddor-format.md).
            "Section I: Highest Volume of Detainers Issued between February 11, 2017 and "
            "February 17, 2017 to Jurisdictions which Restrict Cooperation with ICE",
            "Section II: Declined Detainers for the Reporting Period",
            "Section III: Table of Jurisdictions that have Enacted Policies which Restrict "
            "Cooperation with ICE",
            "Section IV: Report Scope and Data Fidelity",
        ),
        running_header=None,
        page_numbers=True,
        layout=Layout(
            ruling="none",
            orientation="portrait",
            repeat_headers=True,
            headers={
                "rankings": {
                    "jurisdiction": "Non-Cooperative Jurisdiction",
                    "count": "# of Detainers Issued",
                },
                "records": {
                    "jurisdiction": "County/Jurisdiction",
                    "facility": "Facility Name",
                    "citizenship": "Citizenship",
                    "offences": "Notable Criminal Activity",
                    "issued": "Issued Date",
                    "declined": "Declined Date",
                },
                "policies": {
                    "jurisdiction": "City/County",
                    "policy_type": "Policy Type",
                    "policy": "Description",
                },
            },
            two_line_headers=False,
            state_style="name",
            date_style="M/D/YYYY",
            font="Courier",
            font_size=6.5,
            widths={
                "rankings": (3.0, 1.5, 1.5),
                "records": (1.15, 1.75, 1.9, 1.4, 2.2, 0.95, 0.95),
                "policies": (1.1, 1.5, 0.9, 4.5),
            },
            padding=2.0,
            line_spacing=1.25,
            bullet_glyph=True,
        ),
        engine="fpdf",
    )


def samples() -> list[tuple[str, ReportSpec]]:
    """The bundled samples: (file stem, spec)."""
    return [
        ("ddor-2017-01-28", edition_1()),
        ("ddor-2017-02-04", edition_2()),
        ("ddor-2017-02-11", edition_3()),
    ]
