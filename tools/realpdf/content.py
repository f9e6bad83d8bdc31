"""What the real-producer fixtures say: small reports with the awkward values real files carry.

The content is a ``ddorgen.ReportSpec`` (so expected tables come from ``ddorgen.expected``);
the rows add what office software and browsers make hard: ligature-prone words
(``Offenses``, ``notification``, ``Office``), non-ASCII letters (``Doña``, ``Côte d'Ivoire``),
apostrophes, long facility names next to short jurisdictions, and policy numbers with hyphens
(``2017-0042``) that a word processor may break after the hyphen.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from ddorgen import content
from ddorgen.model import Layout, Policy, Record, ReportSpec
from ddorgen.text import date_text, headers, policy_cells, ranking_cells, record_cells
from ddorgen.variants import small_report

__all__ = ["date_text", "fixture_spec", "headers", "policy_cells", "ranking_cells", "record_cells"]

D = dt.date

AWKWARD_RECORDS = (
    Record("MD", "Prince George's County",
           "Prince George's County Department of Corrections Detention Center", "Côte d'Ivoire",
           ("Weapon Offenses", "Traffic Offense"), D(2016, 5, 17), D(2017, 3, 6)),
    Record("NM", "Doña Ana County", "Doña Ana County Detention Center", "Mexico",
           ("Sex Offenses (Not Involving Assault or Commercialized Sex)",), D(2015, 2, 28),
           D(2017, 3, 9)),
    Record("DC", "District of Columbia", "DC Central Detention Facility",
           "Congo, Democratic Republic of the",
           ("Obstructing Judiciary, Congress, Legislature, Etc.", "Family Offense"),
           D(2016, 11, 3), D(2017, 3, 6)),
    Record("NH", "Hillsborough County", "Valley Street Jail", "Korea, South", (),
           D(2017, 3, 1), D(2017, 3, 7)),
)  # fmt: skip

HYPHENATED_POLICIES = (
    Policy("MD", "Prince George's County", "Policy",
           "The Office of the Sheriff certified Policy No. 17-0042 on March 1, 2017: "
           "notification of release is given only for individuals with a final order of "
           "removal, and detainers under Ordinance 2016-0017-A and Resolution CR-14-2016 are "
           "honored only with a judicial warrant (see file 17-0042-B)."),
    Policy("NY", "New York City", "Law",
           "Local Law 58-2014 and Local Law 62-2014 (N.Y.C. Admin. Code § 9-131) provide that "
           "the Department of Correction will not honor ICE detainer requests without a "
           "judicial warrant; the officers' affirmation under Directive 2017-0042-NYC is final."),
    Policy("WA", "King County", "Ordinance",
           "Ordinance 17-0042 (files 2017-0042-KC, 2017-0043-KC, 2017-0044-KC, 2017-0045-KC, "
           "2017-0046-KC, 2017-0047-KC, 2017-0048-KC, 2017-0049-KC, 2017-0050-KC and "
           "2017-0051-KC) ends jail-based notification; cross-references: 16-0017-A, "
           "16-0018-B, 16-0019-C, 16-0020-D, 16-0021-E, 16-0022-F, 16-0023-G, 16-0024-H."),
)  # fmt: skip


def fixture_spec(
    seed: int,
    *,
    records: int,
    policies: int,
    layout: Layout | None = None,
    awkward: bool = True,
) -> ReportSpec:
    """A small report whose rows include the awkward values above."""
    spec = small_report(seed, layout or Layout(), records=records, policies=policies)
    rows = list(spec.records)
    texts = list(spec.policies)
    if awkward:
        rows += AWKWARD_RECORDS
        texts += HYPHENATED_POLICIES
    rng = random.Random(seed)
    rng.shuffle(texts)
    return replace(
        spec,
        records=content.sort_records(rows),
        policies=tuple(sorted(texts, key=lambda p: (p.state, p.jurisdiction))),
        notes=(f"declined sentence: ICE recorded {len(rows)} declined detainers",),
    )


def declined_sentence(spec: ReportSpec) -> str:
    """Section II's opening sentence, which states the number of rows that follow."""
    return (
        f"ICE recorded {len(spec.records)} declined detainers during the reporting period, "
        "listed below by state and jurisdiction."
    )
