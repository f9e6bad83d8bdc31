"""Layouts beyond the bundled samples and variants: header wordings, wrapped state names,
period spellings, tight unruled columns, and page furniture combinations.

Each case is a small report described with the sample generator's own model and rendered by
both of its renderers, so the expected tables are exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from ddorgen.expected import expected_tables
from ddorgen.model import Layout, Policy, Record, ReportSpec
from ddorgen.variants import render, small_report
from polars.testing import assert_frame_equal

from detainer_tui import schema
from detainer_tui.ingest import parse_report

D = dt.date

# Rows whose printed values are the hard ones: long state names, commas in countries and
# offences, an empty offence cell, non-ASCII letters and apostrophes.
AWKWARD_RECORDS = (
    Record(
        "DC",
        "District of Columbia",
        "DC Central Detention Facility",
        "Congo, Democratic Republic of the",
        ("Obstructing Judiciary, Congress, Legislature, Etc.",),
        D(2016, 11, 3),
        D(2017, 3, 6),
    ),
    Record(
        "NH",
        "Hillsborough County",
        "Valley Street Jail",
        "Korea, South",
        (),
        D(2017, 3, 1),
        D(2017, 3, 7),
    ),
    Record(
        "NM",
        "Doña Ana County",
        "Doña Ana County Detention Center",
        "Mexico",
        ("Sex Offenses (Not Involving Assault or Commercialized Sex)", "Assault"),
        D(2015, 2, 28),
        D(2017, 3, 9),
    ),
    Record(
        "NC",
        "Mecklenburg County",
        "Mecklenburg County Jail Central",
        "Honduras",
        ("Dangerous Drugs",),
        D(2017, 1, 9),
        D(2017, 3, 10),
    ),
)
AWKWARD_POLICIES = (
    Policy(
        "DC",
        "District of Columbia",
        "Law",
        "Mayor's Order 2011-174 limits cooperation; see D.C. Code § 24-211.07.",
    ),
    Policy(
        "RI",
        "Providence",
        "Executive Order",
        "Executive Order 2017-1: detainers are honored only with a judicial warrant.",
    ),
)


def _with_awkward_rows(spec: ReportSpec) -> ReportSpec:
    records = sorted(
        [*spec.records, *AWKWARD_RECORDS], key=lambda r: (r.state, r.jurisdiction, r.issued)
    )
    return replace(spec, records=tuple(records), policies=(*AWKWARD_POLICIES, *spec.policies))


CASES: dict[str, ReportSpec] = {
    "other-header-wordings-unruled-two-line": small_report(
        11,
        Layout(
            ruling="none",
            repeat_headers=False,
            two_line_headers=True,
            headers={
                "rankings": {
                    "jurisdiction": "Non-Cooperative Jurisdiction",
                    "count": "# of Detainers Issued",
                },
                "records": {
                    "jurisdiction": "County/Jurisdiction",
                    "facility": "Detention Location",
                    "citizenship": "Country of Citizenship",
                    "offences": "Criminal Activity",
                    "issued": "Issued Date",
                    "declined": "Declined Date",
                },
                "policies": {
                    "jurisdiction": "City/County",
                    "policy_type": "Policy Type",
                    "policy": "Description",
                },
            },
            widths={"records": (0.8, 2.0, 2.0, 1.4, 2.2, 1.0, 1.0)},
            bullet_glyph=False,
        ),
        period_text="Mar 4 Mar 10, 2017",
        records=40,
    ),
    "more-header-wordings-rows-landscape-times": small_report(
        12,
        Layout(
            ruling="rows",
            orientation="landscape",
            font="Times-Roman",
            font_size=7.0,
            headers={
                "rankings": {"jurisdiction": "County", "count": "Number of Detainers Issued"},
                "records": {
                    "jurisdiction": "Jurisdiction",
                    "facility": "Facility Name",
                    "issued": "Date Detainer Issued",
                    "declined": "Date Detainer Declined",
                },
                "policies": {"jurisdiction": "County/City", "policy_type": "Type"},
            },
        ),
        period_text="Mar. 4 - Mar. 10, 2017",
        records=60,
        running_header=None,
    ),
    "wrapped-state-names-grid": _with_awkward_rows(
        small_report(
            13,
            Layout(
                ruling="grid",
                state_style="name",
                widths={
                    "records": (1.3, 1.3, 2.0, 1.4, 2.4, 1.0, 1.0),
                    "policies": (1.0, 1.2, 1.0, 5.0),
                },
            ),
            start=D(2017, 8, 26),
            end=D(2017, 9, 1),
            period_text="Aug. 26 – Sept. 1, 2017",
            records=20,
        )
    ),
    "wrapped-state-names-unruled": _with_awkward_rows(
        small_report(
            14,
            Layout(
                ruling="none",
                state_style="mixed",
                widths={
                    "records": (1.3, 1.3, 2.0, 1.4, 2.4, 1.0, 1.0),
                    "policies": (1.0, 1.2, 1.0, 5.0),
                },
            ),
            start=D(2017, 12, 30),
            end=D(2018, 1, 5),
            period_text="Dec 30 – Jan 5, 2018",
            records=20,
            page_numbers=False,
        )
    ),
    "courier-6.5-tight-unruled": small_report(
        15,
        Layout(
            ruling="none",
            font="Courier",
            font_size=6.5,
            padding=1.0,
            line_spacing=1.05,
            date_style="MM/DD/YYYY",
            orientation="landscape",
            widths={"records": (0.8, 1.5, 2.2, 1.6, 2.6, 1.0, 1.0)},
        ),
        records=90,
    ),
    "grid-headers-once-no-furniture": small_report(
        16,
        Layout(ruling="grid", repeat_headers=False, font="Times-Roman", font_size=9.0),
        records=45,
        running_header=None,
        page_numbers=False,
    ),
}


@pytest.mark.parametrize("engine", ["reportlab", "fpdf"])
@pytest.mark.parametrize("name", list(CASES))
def test_layout_parses_to_expected_tables(name: str, engine: str, tmp_path: Path) -> None:
    spec = CASES[name]
    rendered = render(spec, tmp_path / f"{name}.pdf", engine)
    report = parse_report(rendered.path)
    expected = expected_tables(spec, rendered)
    for table in schema.TABLES:
        assert_frame_equal(report.table(table), expected[table], check_exact=True)
    assert report.diagnostics == []


def test_the_one_wrapped_cell_of_a_centred_unruled_table(tmp_path: Path) -> None:
    # Its first line is above its row's line of values, as far from the row before as rows
    # are apart: read as hanging from that row, the cell's lines would be a row's gap apart
    # instead of a line's.
    offences = ("Assault", "Burglary", "Larceny", "Robbery", "Forgery")  # three lines
    records = tuple(
        Record("CA", place, "County Jail", "Mexico", listed, D(2016, 1, 4), D(2017, 3, 6))
        for place, listed in [
            ("Alameda County", ("Traffic Offense",)),
            ("Fresno County", offences),
            ("Kern County", ()),
        ]
    )
    layout = Layout(
        ruling="none", valign="middle", widths={"records": (1, 2, 2, 1.5, 2.2, 1.2, 1.2)}
    )
    spec = replace(small_report(17, layout, records=0, policies=1), records=records)
    rendered = render(spec, tmp_path / "centred.pdf")
    report = parse_report(rendered.path)
    assert report.records[schema.CRIMINAL_ACTIVITY].to_list() == [
        ["Traffic Offense"],
        list(offences),
        [],
    ]
    assert_frame_equal(report.records, expected_tables(spec, rendered)["records"])
