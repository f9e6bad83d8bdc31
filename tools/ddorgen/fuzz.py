"""Random-layout mode: the same kind of content under randomly drawn layout parameters.

``random_spec(seed)`` is a small report (a few pages) whose layout is drawn from every
parameter the reportlab renderer understands: column widths down to the narrowness that breaks
header words, fonts and sizes, vertical alignment, ruling, row fills, orientation, margins,
header repetition, character spacing, glyph-by-glyph placement, cells that mix fonts, and
Section I's jurisdiction and state in one column; Section I's text sometimes states what its
rows add up to. The
same seed always gives the same report, so a failing layout can be rendered again from its
seed alone (``describe(spec)`` prints its parameters).
"""

from __future__ import annotations

import random
from dataclasses import asdict, replace

from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfbase.pdfmetrics import stringWidth

from ddorgen import editions
from ddorgen.model import HEADER_SYNONYMS, STANDARD_FONTS, Layout, ReportSpec
from ddorgen.render_reportlab import BOLD, MIXED_STEP
from ddorgen.text import listed_sentence, policy_cells, ranking_cells, record_cells
from ddorgen.variants import small_report

# Relative widths the tables start from before randomising (their columns' usual shares).
BASE_WIDTHS = {
    "rankings": (3.0, 1.0, 1.5),
    "records": (1.0, 1.6, 2.2, 1.5, 2.4, 1.1, 1.1),
    "policies": (1.0, 1.6, 1.2, 5.0),
}
# Section I with jurisdiction and state in one column ("County, State").
COMBINED_RANKING_WIDTHS = (4.0, 1.5)


# Rows shorter than this many lines are never split across pages.
UNSPLIT = 60


def random_layout(rng: random.Random) -> Layout:
    """Layout parameters drawn at random (widths are fitted to the content afterwards)."""
    size = rng.choice([6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 10.0, 11.0])
    return Layout(
        ruling=rng.choice(["grid", "rows", "none"]),
        orientation=rng.choice(["portrait", "landscape"]),
        repeat_headers=rng.random() < 0.6,
        headers={
            table: {key: rng.choice(words) for key, words in fields.items()}
            for table, fields in HEADER_SYNONYMS.items()
        },
        two_line_headers=rng.random() < 0.3,
        state_style=rng.choice(["code", "code", "name", "mixed"]),
        date_style=rng.choice(["M/D/YYYY", "MM/DD/YYYY"]),
        font=rng.choice(STANDARD_FONTS),
        font_size=size,
        padding=round(rng.uniform(1.0, 5.0), 1),
        line_spacing=round(rng.uniform(1.05, 1.5), 2),
        min_split_lines=rng.randint(2, 4),
        bullet_glyph=rng.random() < 0.5,
        valign=rng.choice(["top", "middle", "bottom"]),
        fills=rng.choice(["none", "zebra"]),
        char_space=0.0 if rng.random() < 0.6 else round(rng.uniform(0.2, 1.5), 2),
        glyph_by_glyph=rng.random() < 0.2,
        mixed_fonts=rng.random() < 0.2,
        margins=(
            round(rng.uniform(25, 70)),
            round(rng.uniform(25, 60)),
            round(rng.uniform(30, 60)),
        ),
        break_header_words=True,
        combined_place=rng.random() < 0.3,
    )


def _cells(spec: ReportSpec, table: str) -> list[list[str]]:
    return {"rankings": ranking_cells, "records": record_cells, "policies": policy_cells}[table](
        spec
    )


def fit_widths(spec: ReportSpec, rng: random.Random) -> ReportSpec:
    """Random column widths that still fit every data word (header words may break): the
    State column is often as narrow as its values allow. A layout whose words cannot fit
    the page turns landscape, then takes smaller type, until they do."""
    bases = dict(BASE_WIDTHS)
    if spec.layout.combined_place:
        bases["rankings"] = COMBINED_RANKING_WIDTHS
    shares = {table: [b * rng.uniform(0.6, 1.6) for b in base] for table, base in bases.items()}
    for table in ("records", "policies"):
        if rng.random() < 0.5:
            shares[table][0] = 0.0  # the State column as narrow as its values allow
    layout = spec.layout
    while True:
        widths = _widths(spec, layout, shares)
        if widths is not None:
            return replace(spec, layout=replace(layout, widths=widths))
        if layout.orientation == "portrait":
            layout = replace(layout, orientation="landscape")
        elif layout.char_space:
            layout = replace(layout, char_space=round(layout.char_space / 2, 2))
        else:
            layout = replace(layout, font_size=layout.font_size - 0.5)


def _widths(
    spec: ReportSpec, layout: Layout, shares: dict[str, list[float]]
) -> dict[str, tuple[float, ...]] | None:
    page_width = (landscape(letter) if layout.orientation == "landscape" else letter)[0]
    usable = page_width - 2 * layout.margins[0]
    hpad = layout.padding
    if layout.ruling != "grid":
        hpad = max(hpad, 0.6 * layout.font_size)
    fonts = [layout.font, BOLD[layout.font]] if layout.mixed_fonts else [layout.font]
    size = layout.font_size + MIXED_STEP if layout.mixed_fonts else layout.font_size
    widths = {}
    for table, table_shares in shares.items():
        rows = _cells(replace(spec, layout=layout), table)
        least = []
        for col in range(len(table_shares)):
            words = [w for row in rows for w in row[col].split(" ") if w] or ["MM"]
            widest = max(
                stringWidth(w, font, size) + layout.char_space * len(w)
                for w in words
                for font in fonts
            )
            least.append(widest + 2 * hpad + 1.0)
        if sum(least) > usable:
            return None
        total = sum(table_shares)
        chosen = [max(usable * s / total, m) for s, m in zip(table_shares, least, strict=True)]
        # Give back what the minimums took, from the columns that have room to spare.
        excess = sum(chosen) - usable
        spare = [c - m for c, m in zip(chosen, least, strict=True)]
        if excess > 0:
            chosen = [c - excess * r / sum(spare) for c, r in zip(chosen, spare, strict=True)]
        widths[table] = tuple(round(c, 2) for c in chosen)
    return widths


def random_spec(
    seed: int, *, records: tuple[int, int] = (6, 14), policies: tuple[int, int] = (2, 4)
) -> ReportSpec:
    """A small report under a random layout; the same seed gives the same report."""
    rng = random.Random(seed)
    layout = random_layout(rng)
    spec = small_report(
        seed,
        layout,
        records=rng.randint(*records),
        policies=rng.randint(*policies),
        running_header=None if rng.random() < 0.3 else editions.RUNNING_HEADER,
        page_numbers=rng.random() < 0.7,
    )
    if spec.layout.valign != "top":
        # A row split across pages is read by its top-aligned continuation (cells empty at
        # the top of the next page); split rows whose cells are centred or bottom-aligned are
        # ambiguous to any reader, so such rows move to the next page whole.
        spec = replace(spec, layout=replace(spec.layout, min_split_lines=UNSPLIT))
    spec = fit_widths(spec, rng)
    if rng.random() < 0.5:
        # Section I states what its rows add up to, as the first edition did.
        spec = replace(spec, listed_sentence=listed_sentence(spec.rankings))
    return spec


def describe(spec: ReportSpec) -> str:
    """The layout parameters of ``spec`` on one line (widths rounded)."""
    params = asdict(spec.layout)
    params.pop("headers")
    params["widths"] = {k: [round(w) for w in v] for k, v in spec.layout.widths.items()}
    params["listed_figures"] = bool(spec.listed_sentence)
    return ", ".join(f"{key}={value}" for key, value in params.items())
