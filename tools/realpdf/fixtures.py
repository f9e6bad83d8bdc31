"""The committed real-producer fixtures: each a name, its content, its producer and style."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ddorgen.expected import expected_tables, write_expected
from ddorgen.model import Layout, Rendered, ReportSpec
from ddorgen.text import listed_sentence

from realpdf import browser, calc, pages, writer
from realpdf.content import fixture_spec
from realpdf.document import blocks

RUNNING_HEADER = "Weekly Declined Detainer Outcome Report (synthetic fixture)"

# Relative column widths for the producers that take them (Writer, chromium). The State
# column is narrow enough that its header word breaks across lines.
NARROW_STATE = {
    "rankings": (3.0, 1.0, 1.6),
    "records": (0.55, 1.6, 2.4, 1.5, 2.4, 1.1, 1.1),
    "policies": (0.55, 1.6, 1.1, 6.0),
}
ROOMY = {
    "rankings": (3.0, 1.0, 1.6),
    "records": (1.0, 1.6, 2.4, 1.6, 2.4, 1.2, 1.2),
    "policies": (1.0, 1.6, 1.2, 6.0),
}
# Section I in two columns ("County, State" / "Issued Detainers"), the first narrow enough
# that the longer places wrap; room in Section II's State column for full state names.
COUNTY_STATE = {
    "rankings": (0.7, 2.4),
    "records": (1.4, 1.6, 2.4, 1.6, 2.4, 1.2, 1.2),
    "policies": (1.4, 1.6, 1.2, 6.0),
}
# Calc widths are in characters.
CALC_NARROW = {
    "rankings": (30.0, 8.0, 16.0),
    "records": (3.6, 16.0, 24.0, 15.0, 22.0, 10.0, 10.0),
    "policies": (3.6, 16.0, 10.0, 60.0),
}
CALC_ROOMY = {
    "rankings": (30.0, 8.0, 16.0),
    "records": (7.0, 16.0, 22.0, 15.0, 24.0, 10.5, 10.5),
    "policies": (7.0, 16.0, 10.0, 60.0),
}


@dataclass(frozen=True)
class Fixture:
    """One real-producer fixture."""

    name: str
    spec: ReportSpec
    produce: Callable[[ReportSpec, Path], None]


def county_state_spec(seed: int, *, records: int, policies: int) -> ReportSpec:
    """A report whose Section I is printed as ICE's press release printed the first edition's:
    one ``County, State`` cell per jurisdiction (the state's full name) and ``Issued
    Detainers``, its text stating what the rows add up to."""
    layout = Layout(
        state_style="name",
        combined_place=True,
        headers={"rankings": {"place": "County, State", "count": "Issued Detainers"}},
    )
    spec = fixture_spec(seed, records=records, policies=policies, layout=layout)
    return replace(spec, listed_sentence=listed_sentence(spec.rankings))


def _writer(style: writer.WriterStyle, widths: dict) -> Callable[[ReportSpec, Path], None]:
    def produce(spec: ReportSpec, out: Path) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch) / f"{out.stem}.docx"
            writer.build_docx(blocks(spec, widths), style, source)
            writer.convert(source, out)

    return produce


def _calc(style: calc.CalcStyle) -> Callable[[ReportSpec, Path], None]:
    def produce(spec: ReportSpec, out: Path) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch) / f"{out.stem}.xlsx"
            calc.build_xlsx(blocks(spec, style.widths), style, source)
            writer.convert(source, out)

    return produce


def _browser(style: browser.HtmlStyle, widths: dict) -> Callable[[ReportSpec, Path], None]:
    def produce(spec: ReportSpec, out: Path) -> None:
        browser.print_to_pdf(browser.page_html(blocks(spec, widths), style), out)

    return produce


def fixtures() -> list[Fixture]:
    """The committed set, small enough to parse in a fraction of a second each."""
    return [
        Fixture(
            "writer-liberation-serif",
            fixture_spec(71, records=110, policies=5),
            _writer(
                writer.WriterStyle(font="Liberation Serif", running_header=RUNNING_HEADER),
                NARROW_STATE,
            ),
        ),
        Fixture(
            "writer-carlito-centred-unruled-landscape",
            fixture_spec(72, records=36, policies=5, layout=Layout(date_style="MM/DD/YYYY")),
            _writer(
                writer.WriterStyle(
                    font="Carlito",
                    size_pt=8.5,
                    landscape=True,
                    grid=False,
                    valign="center",
                    justify_policies=True,
                ),
                ROOMY,
            ),
        ),
        Fixture(
            "calc-carlito-centred",
            fixture_spec(73, records=40, policies=5),
            _calc(
                calc.CalcStyle(
                    font="Carlito",
                    valign={"records": "center", "policies": "bottom"},
                    widths=CALC_NARROW,
                    running_header=RUNNING_HEADER,
                )
            ),
        ),
        Fixture(
            "calc-liberation-sans-bottom-unbordered",
            fixture_spec(74, records=36, policies=4, layout=Layout(state_style="name")),
            _calc(
                calc.CalcStyle(
                    font="Liberation Sans",
                    size_pt=8.0,
                    borders=False,
                    shaded_header=False,
                    valign={"records": "bottom", "policies": "center"},
                    widths=CALC_ROOMY,
                )
            ),
        ),
        Fixture(
            "chromium-carlito",
            fixture_spec(75, records=44, policies=6),
            _browser(browser.HtmlStyle(font="Carlito"), NARROW_STATE),
        ),
        Fixture(
            "chromium-liberation-sans-landscape-shaded",
            fixture_spec(76, records=40, policies=5, layout=Layout(state_style="mixed")),
            _browser(
                browser.HtmlStyle(
                    font="Liberation Sans",
                    size_pt=8.0,
                    landscape=True,
                    borders="rows",
                    valign="middle",
                    shaded_rows=True,
                    letter_spacing_pt=0.4,
                    justify_policies=True,
                ),
                ROOMY,
            ),
        ),
        Fixture(
            "chromium-liberation-serif-county-state-unruled",
            county_state_spec(77, records=30, policies=4),
            _browser(browser.HtmlStyle(font="Liberation Serif", borders="none"), COUNTY_STATE),
        ),
    ]


def rendered(spec: ReportSpec, pdf: Path) -> Rendered:
    """What the producer made of ``spec``: pages and where each row starts."""
    texts = pages.page_texts(pdf)
    return Rendered(
        path=str(pdf),
        pages=len(texts),
        record_pages=tuple(pages.record_pages(pdf, spec, texts)),
        policy_pages=tuple(pages.policy_pages(pdf, spec, texts)),
        split_records=(),
        split_policies=(),
        engine="reportlab",  # unused for these fixtures; the producer is in the file name
    )


def make(fixture: Fixture, folder: Path, *, produce: bool = True) -> Path:
    """Produce one fixture's PDF (unless ``produce`` is false: the committed one is kept) and
    write its expected tables in ``folder``."""
    pdf = folder / f"{fixture.name}.pdf"
    if produce:
        fixture.produce(fixture.spec, pdf)
    write_expected(pdf, expected_tables(fixture.spec, rendered(fixture.spec, pdf)))
    return pdf


def without_rows(spec: ReportSpec, indices: set[int]) -> ReportSpec:
    """``spec`` with the given Section II rows marked as not readable (absent when expected)."""
    return replace(spec, unreadable_cells={(i, "state"): "" for i in indices})
