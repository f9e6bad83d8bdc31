"""Small reports (2–6 pages) covering layout combinations the bundled samples do not use.

Each variant renders with either engine in well under a second, so tests can render them
on the fly with both renderers.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from ddorgen import content, editions
from ddorgen.model import Engine, Layout, Ranking, Record, Rendered, ReportSpec
from ddorgen.render import render
from ddorgen.text import listed_sentence

__all__ = ["render", "small_report", "variant_specs"]

RANKINGS = (
    Ranking("King County", "WA", 1204),
    Ranking("Doña Ana County", "NM", 33),
    Ranking("Prince George's County", "MD", 33),
    Ranking("Multnomah County", "OR", 9),
)


def small_report(
    seed: int,
    layout: Layout,
    *,
    start: dt.date = dt.date(2017, 3, 4),
    end: dt.date = dt.date(2017, 3, 10),
    period_text: str = "Mar. 4 – Mar. 10, 2017",
    records: int = 30,
    policies: int = 3,
    engine: Engine = "reportlab",
    running_header: str | None = editions.RUNNING_HEADER,
    page_numbers: bool = True,
) -> ReportSpec:
    """A short report with invented rows, for tests of one layout combination."""
    rng = random.Random(seed)
    places = [*content.PLACES, content.TRAVIS]
    rows: list[Record] = [
        content.record(rng, places[i % len(places)], content.day_in(rng, start, end),
                       dt.date(2014, 1, 1))
        for i in range(records)
    ]  # fmt: skip
    total = 2000 + rng.randrange(1500)
    return ReportSpec(
        start=start,
        end=end,
        period_text=period_text,
        detainers_issued_total=total,
        total_sentence=(
            f"During the week of {start:%B} {start.day}, {start.year}, through {end:%B} "
            f"{end.day}, {end.year}, ICE issued {total:,} detainers throughout the United States."
        ),
        rankings=RANKINGS,
        records=content.sort_records(rows),
        policies=tuple(content.policies(rng, policies, (3, 7))),
        scope_paragraphs=editions.SCOPE[:2],
        title_lines=editions.TITLE,
        summary_paragraph=editions.SUMMARY,
        summary_bullets=(
            "Section I: Detainers issued",
            "Section II: Declined detainers",
            "Section III: Policies limiting cooperation",
            "Section IV: Scope",
        ),
        headings=(
            "Section I: Detainers Issued to Non-Cooperative Jurisdictions",
            "Section II: Declined Detainers",
            "Section III: Policies Limiting Cooperation with ICE",
            "Section IV: Scope and Data Fidelity",
        ),
        running_header=running_header,
        page_numbers=page_numbers,
        layout=layout,
        engine=engine,
    )


def variant_specs() -> list[tuple[str, ReportSpec]]:
    """Named small reports, each renderable by both engines."""
    return [
        (
            "landscape-courier-unruled-headers-once",
            small_report(
                1,
                Layout(
                    ruling="none",
                    orientation="landscape",
                    repeat_headers=False,
                    font="Courier",
                    font_size=8.0,
                    widths={"records": (0.8, 1.5, 2.2, 1.6, 2.6, 1.0, 1.0)},
                    bullet_glyph=False,
                ),
                records=28,
                engine="fpdf",
            ),
        ),
        (
            "times-6.5-grid-remaining-headers",
            small_report(
                2,
                Layout(
                    ruling="grid",
                    headers={
                        "rankings": {"count": "Total Detainers Issued"},
                        "records": {"issued": "Date Issued", "declined": "Date Declined"},
                    },
                    two_line_headers=True,
                    font="Times-Roman",
                    font_size=6.5,
                    date_style="MM/DD/YYYY",
                    padding=1.5,
                    line_spacing=1.1,
                ),
                records=50,
            ),
        ),
        (
            "year-end-hyphen",
            small_report(
                3,
                Layout(
                    ruling="rows",
                    font_size=8.5,
                    state_style="mixed",
                    widths={"records": (1.4, 1.3, 1.8, 1.3, 2.2, 1.3, 1.3)},
                ),
                start=dt.date(2017, 12, 30),
                end=dt.date(2018, 1, 5),
                period_text="Dec. 30, 2017 - Jan. 5, 2018",
                records=18,
            ),
        ),
        (
            "full-state-names-landscape-grid",
            small_report(
                4,
                Layout(
                    ruling="grid",
                    orientation="landscape",
                    state_style="name",
                    font="Helvetica",
                    font_size=10.0,
                    padding=4.0,
                    line_spacing=1.3,
                    widths={"records": (1.2, 1.5, 2.2, 1.6, 2.6, 1.0, 1.0)},
                ),
                records=16,
                engine="fpdf",
                running_header=None,
                page_numbers=False,
            ),
        ),
        (
            # Section I as ICE's press release printed it: "County, State" cells with full
            # state names, wrapping in a narrow column; its text states what they add up to.
            "county-state-unruled",
            replace(
                small_report(
                    6,
                    Layout(
                        ruling="none",
                        state_style="name",
                        combined_place=True,
                        headers={
                            "rankings": {"place": "County, State", "count": "Issued Detainers"}
                        },
                        widths={
                            "rankings": (1.0, 3.3),
                            "records": (1.4, 1.4, 2.0, 1.5, 2.4, 1.25, 1.25),
                        },
                    ),
                    records=14,
                    engine="fpdf",
                ),
                listed_sentence=listed_sentence(RANKINGS),
            ),
        ),
        (
            "no-declined-detainers",
            small_report(5, Layout(ruling="rows", repeat_headers=False), records=0, policies=3),
        ),
    ]


def render_variant(name: str, path: str, engine: Engine | None = None) -> Rendered:
    """Render the variant called ``name``."""
    spec = dict(variant_specs())[name]
    return render(spec, path, engine)
