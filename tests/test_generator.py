"""The synthetic sample generator: public figures, coverage, both renderers, committed output."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pdfplumber
import polars as pl
import pypdfium2
import pytest
from ddorgen import coverage, text
from ddorgen.bad_inputs import make_bad_inputs, partial_report
from ddorgen.editions import samples
from ddorgen.expected import competition_ranks, expected_tables, load_expected
from ddorgen.model import Rendered, ReportSpec
from ddorgen.render import render
from ddorgen.variants import variant_specs
from polars.testing import assert_frame_equal

from detainer_tui import schema

SAMPLES = Path(__file__).resolve().parents[1] / "sample_reports"
ENGINES = ("reportlab", "fpdf")

# Rendering the samples (``rendered_samples``) is the costly part: one test process runs this
# module, so they are rendered once (``make test`` runs ``--dist loadgroup``).
pytestmark = pytest.mark.xdist_group("generator")


def page_texts(path: str | Path) -> list[str]:
    """Each page's text as PDFium reads it: a reader other than the parser's, and quick."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


@pytest.fixture(scope="session")
def rendered_samples(
    tmp_path_factory: pytest.TempPathFactory,
) -> list[tuple[str, ReportSpec, Rendered]]:
    """The three samples rendered afresh, under their committed file names."""
    folder = tmp_path_factory.mktemp("samples")
    return [(stem, spec, render(spec, folder / f"{stem}.pdf")) for stem, spec in samples()]


@pytest.fixture(scope="session")
def edition_1(rendered_samples) -> dict[str, pl.DataFrame]:
    _, spec, rendered = rendered_samples[0]
    return expected_tables(spec, rendered)


def test_edition_1_has_the_public_totals(edition_1: dict[str, pl.DataFrame]) -> None:
    report = edition_1["reports"].row(0, named=True)
    assert report[schema.DETAINERS_ISSUED_TOTAL] == 3083
    assert report[schema.DECLINED_COUNT] == 206
    assert report[schema.REPORT_START] == dt.date(2017, 1, 28)
    assert report[schema.REPORT_END] == dt.date(2017, 2, 3)
    records = edition_1["records"]
    assert records.height == 206
    counts = Counter(zip(records[schema.JURISDICTION], records[schema.STATE], strict=True))
    assert counts["Travis County", "TX"] == 142
    assert counts["Williamson County", "TX"] == 4
    assert counts["Bastrop County", "TX"] == 3
    for place in [("Chester County", "PA"), ("Richmond County", "NC"), ("Doña Ana County", "NM"),
                  ("Prince George's County", "MD")]:  # fmt: skip
        assert counts[place] >= 1
    travis = records.filter(pl.col(schema.JURISDICTION) == "Travis County")
    on_feb_1 = travis.filter(pl.col(schema.DETAINER_DECLINED) == dt.date(2017, 2, 1)).height
    assert 130 <= on_feb_1 < 142
    assert travis[schema.DETAINER_ISSUED].min().year == 2010
    keys = list(zip(records[schema.STATE], records[schema.JURISDICTION], strict=True))
    assert keys == sorted(keys)


def test_edition_1_section_i_matches_the_public_list(edition_1) -> None:
    rankings = edition_1["rankings"]
    assert rankings.select(schema.JURISDICTION, schema.STATE, schema.DETAINERS_ISSUED).rows() == [
        ("Clark County", "NV", 51),
        ("Nassau County", "NY", 38),
        ("Cook County", "IL", 13),
        ("Montgomery County", "IA", 12),
        ("Snohomish County", "WA", 12),
        ("Franklin County", "NY", 9),
        ("Washington County", "OR", 7),
        ("Alachua County", "FL", 5),
        ("Franklin County", "IA", 5),
        ("Franklin County", "PA", 5),
    ]
    assert rankings[schema.RANK].to_list() == [1, 2, 3, 4, 4, 6, 7, 8, 8, 8]


def test_competition_ranking_skips_after_ties() -> None:
    assert competition_ranks([9, 9, 9, 4, 4, 1]) == [1, 1, 1, 4, 4, 6]


def test_samples_together_cover_every_documented_variation(rendered_samples) -> None:
    covered: set[str] = set()
    for _, spec, rendered in rendered_samples:
        covered |= coverage.features(spec, rendered)
    assert covered & coverage.REQUIRED_FEATURES == coverage.REQUIRED_FEATURES
    headers = set()
    for spec in [s for _, s, _ in rendered_samples] + [s for _, s in variant_specs()]:
        headers |= coverage.header_features(spec)
    assert headers == coverage.REQUIRED_HEADERS


def test_each_sample_is_distinct_and_splits_a_policy_row(rendered_samples) -> None:
    layouts = [spec.layout for _, spec, _ in rendered_samples]
    assert len({(lay.ruling, lay.orientation, lay.font, lay.state_style) for lay in layouts}) == 3
    for _, _, rendered in rendered_samples:
        assert rendered.split_policies
    assert {r.engine for _, _, r in rendered_samples} == set(ENGINES)


def test_samples_have_plausible_page_counts_and_sizes(rendered_samples) -> None:
    pages = [rendered.pages for _, _, rendered in rendered_samples]
    assert 30 <= pages[0] <= 40
    assert all(20 <= n <= 30 for n in pages[1:])
    for _, _, rendered in rendered_samples:
        assert Path(rendered.path).stat().st_size < 1_000_000


def test_committed_samples_equal_what_the_generator_produces(rendered_samples) -> None:
    for stem, spec, rendered in rendered_samples:
        committed = SAMPLES / f"{stem}.pdf"
        assert committed.read_bytes() == Path(rendered.path).read_bytes(), stem
        fresh = expected_tables(spec, rendered)
        stored = load_expected(committed)
        assert stored.keys() == fresh.keys() == schema.TABLES.keys()
        for name, frame in fresh.items():
            assert stored[name].schema == schema.TABLES[name]
            assert_frame_equal(stored[name], frame)


def test_source_page_is_where_the_row_starts(rendered_samples) -> None:
    _, spec, rendered = rendered_samples[1]
    cells = text.record_cells(spec)
    texts = page_texts(rendered.path)
    assert len(texts) == rendered.pages
    page_text = {n: texts[n - 1] for n in set(rendered.record_pages)}
    for row, page in zip(cells, rendered.record_pages, strict=True):
        # Dates are single-line cells, so they always print on the row's first page.
        assert row[5] in page_text[page] and row[6] in page_text[page]
    assert list(rendered.record_pages) == sorted(rendered.record_pages)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", [name for name, _ in variant_specs()])
def test_both_renderers_draw_every_variant(name: str, engine: str, tmp_path: Path) -> None:
    spec = dict(variant_specs())[name]
    rendered = render(spec, tmp_path / f"{name}.pdf", engine)  # type: ignore[arg-type]
    assert 2 <= rendered.pages <= 6
    assert len(rendered.record_pages) == len(spec.records)
    assert len(rendered.policy_pages) == len(spec.policies)
    with pdfplumber.open(rendered.path) as pdf:
        assert len(pdf.pages) == rendered.pages
        assert "SYNTHETIC" in pdf.metadata["Subject"]
    whole = "\n".join(page_texts(rendered.path))
    first = whole.splitlines()
    for ranking in spec.rankings:
        assert ranking.jurisdiction in whole
    for heading in spec.headings:
        assert heading in first
    assert spec.period_text in whole
    tables = expected_tables(spec, rendered)
    assert tables["records"].height == len(spec.records)
    assert tables["reports"][schema.PAGES].item() == rendered.pages


def test_both_renderers_print_section_i_of_edition_1(rendered_samples, tmp_path: Path) -> None:
    _, spec, by_reportlab = rendered_samples[0]
    assert by_reportlab.engine == "reportlab"
    by_fpdf = render(spec, tmp_path / "fpdf.pdf", "fpdf")
    for rendered in (by_reportlab, by_fpdf):
        first_page = page_texts(rendered.path)[0]
        for ranking in spec.rankings:
            # One "County, State" cell per jurisdiction, as ICE's press release printed it.
            assert f"{ranking.jurisdiction}, {ranking.state}" in first_page, rendered.engine
        assert "3,083" in first_page
        words = " ".join(first_page.split())
        assert "157 to these ten jurisdictions during the reporting period" in words


def test_rendering_is_deterministic(tmp_path: Path) -> None:
    spec = variant_specs()[2][1]
    for engine in ENGINES:
        a = render(spec, tmp_path / "a.pdf", engine)  # type: ignore[arg-type]
        first = Path(a.path).read_bytes()
        b = render(spec, tmp_path / "a.pdf", engine)  # type: ignore[arg-type]
        assert Path(b.path).read_bytes() == first


def test_bad_inputs_are_written(tmp_path: Path) -> None:
    files = make_bad_inputs(tmp_path)
    assert set(files) == {"empty", "truncated", "html", "random", "encrypted", "scan", "not_ddor",
                          "partial"}  # fmt: skip
    assert files["empty"].stat().st_size == 0
    assert files["html"].read_text().startswith("<!DOCTYPE html>")
    with pdfplumber.open(files["scan"]) as pdf:
        assert len(pdf.pages) == 2
        assert all(not page.chars for page in pdf.pages)
    with pdfplumber.open(files["not_ddor"]) as pdf:
        assert "Section I" not in pdf.pages[0].extract_text()
    with pytest.raises(Exception):  # noqa: B017 - pdfminer's error type is not public API
        pdfplumber.open(files["encrypted"]).pages[0].extract_text()


def test_partial_report_documents_the_rows_to_skip(tmp_path: Path) -> None:
    partial = partial_report(tmp_path)
    assert partial.expected["records"].height == 22
    assert partial.expected["reports"][schema.DECLINED_COUNT].item() == 22
    texts = page_texts(partial.path)
    for row in partial.skipped:
        assert 1 <= row.page <= len(texts)
    pages = {row.page: texts[row.page - 1] for row in partial.skipped}
    assert "13/45/2017" in pages[partial.skipped[0].page]


def test_grid_sample_cells_read_back_exactly(rendered_samples) -> None:
    """In the ruled sample, pdfplumber's table cells (wrapped lines joined, continuation rows
    merged) equal the printed Section II cells, so the expected tables are what is on paper."""
    _, spec, rendered = rendered_samples[0]
    assert spec.layout.ruling == "grid"
    last = max(rendered.record_pages)
    rows: list[list[str]] = []
    with pdfplumber.open(rendered.path) as pdf:
        for page in pdf.pages[1:last]:
            for table in page.extract_tables():
                for raw in table:
                    row = [" ".join((cell or "").split("\n")) for cell in raw]
                    if len(row) != 7 or row[0] == "State":
                        continue
                    if row[0] == "" and rows:
                        rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], row, strict=True)]
                    else:
                        rows.append(row)
    assert rows == text.record_cells(spec)
