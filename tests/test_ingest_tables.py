"""Table reconstruction from word positions, on hand-placed words.

These cover layouts neither sample renderer draws: cells aligned to the bottom or middle of
their row, a note printed under a table, an unknown extra column, and furniture detection.
"""

from __future__ import annotations

import itertools
from typing import Literal

import pytest

from detainer_tui import schema
from detainer_tui.ingest import layout, tables
from detainer_tui.ingest.headers import header_at
from detainer_tui.ingest.lines import page_lines, strip_furniture
from detainer_tui.ingest.pdf import HRule, PageData, VRule, Word, _words

CHAR = 4.0  # width of one character, pt
SPACE = 2.0  # width of a space, pt (about a quarter of the text size, as in real fonts)
SIZE = 8.0  # text height, pt
LEADING = 10.0
PAD = 3.0
LEFT = 40.0
# Column x positions of a Section II table, left to right.
X = [LEFT, 90, 190, 300, 380, 480, 530, 580]
HEADER = ["State", "County", "Facility", "Citizenship", "Notable Criminal Activity",
          "Detainer Issued", "Detainer Declined"]  # fmt: skip

Align = Literal["top", "middle", "bottom"]


def words_at(text: str, x: float, top: float) -> list[Word]:
    """``text`` set from ``x`` with fixed-width characters."""
    out = []
    for part in text.split(" "):
        if part:
            out.append(Word(part, x, x + CHAR * len(part), top, top + SIZE))
        x += CHAR * len(part) + SPACE
    return out


def table_page(
    rows: list[list[list[str]]],
    align: Align = "top",
    *,
    rules: bool = False,
    cell_rules: bool = False,
    below: list[str] = (),
    header: list[str] = HEADER,
    xs: list[float] = X,
) -> PageData:
    """One page: a one-line header, then rows whose cells are lists of wrapped lines."""
    words: list[Word] = []
    hrules: list[HRule] = []
    y = 60.0
    for text, x in zip(header, xs, strict=False):
        words += words_at(text, x + PAD, y + PAD)
    y += LEADING + 2 * PAD
    for row in rows:
        height = max(len(cell) for cell in row) * LEADING
        for cell, x in zip(row, xs, strict=False):
            offset = {"top": 0.0, "bottom": height - len(cell) * LEADING}.get(
                align, (height - len(cell) * LEADING) / 2
            )
            for k, line in enumerate(cell):
                words += words_at(line, x + PAD, y + PAD + offset + k * LEADING)
        y += height + 2 * PAD
        if rules:
            hrules.append(HRule(y, xs[0], xs[-1]))
        if cell_rules:  # one segment per cell, as some producers draw borders
            hrules += [HRule(y, a, b) for a, b in itertools.pairwise(xs)]
    for line in below:
        y += LEADING
        words += words_at(line, LEFT, y)
    return PageData(1, 612.0, 792.0, tuple(words), tuple(hrules), (), len(words))


def read(page: PageData, spec: layout.TableSpec = layout.RECORDS) -> list[dict[str, str]]:
    result = tables.read_table(spec, page_lines(page), {page.number: page})
    assert result.header_found
    # The columns of the usual header (a combined "County, State" column is read elsewhere).
    fields = [role.field for role in spec.columns if not role.supplies]
    return [{name: row.text(name) for name in fields} for row in result.rows]


ROWS = [
    [["TX"], ["Travis County"], ["Travis County", "Correctional", "Complex"], ["Mexico"],
     ["Assault;", "Dangerous Drugs"], ["1/2/2016"], ["2/1/2017"]],
    [["District of", "Columbia"], ["District of", "Columbia"], ["DC Central"],
     ["Congo,", "Democratic", "Republic of the"], [], ["3/4/2015"], ["2/2/2017"]],
    [["NY"], ["Nassau County"], ["Nassau County Jail"], ["Korea, South"], ["Traffic Offense"],
     ["5/6/2016"], ["2/3/2017"]],
]  # fmt: skip
EXPECTED = [
    ("TX", "Travis County", "Travis County Correctional Complex", "Mexico",
     "Assault; Dangerous Drugs"),
    ("District of Columbia", "District of Columbia", "DC Central",
     "Congo, Democratic Republic of the", ""),
    ("NY", "Nassau County", "Nassau County Jail", "Korea, South", "Traffic Offense"),
]  # fmt: skip


def summary(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    keys = (schema.STATE, schema.JURISDICTION, schema.FACILITY, schema.CITIZENSHIP,
            schema.CRIMINAL_ACTIVITY)  # fmt: skip
    return [tuple(row[k] for k in keys) for row in rows]


@pytest.mark.parametrize("rules", [False, True], ids=["unruled", "ruled"])
@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_cells_aligned_anywhere_in_their_row(align: Align, rules: bool) -> None:
    rows = read(table_page(ROWS, align, rules=rules))
    assert summary(rows) == EXPECTED
    assert [r[schema.DETAINER_DECLINED] for r in rows] == ["2/1/2017", "2/2/2017", "2/3/2017"]


def test_rules_drawn_one_segment_per_cell_separate_rows() -> None:
    # A row printed without state or dates begins no value: only the rules separate it.
    blank = [[], *ROWS[1][1:5], [], []]
    rows = read(table_page([ROWS[0], blank, ROWS[2]], cell_rules=True))
    assert [r[schema.FACILITY] for r in rows] == [
        "Travis County Correctional Complex",
        "DC Central",
        "Nassau County Jail",
    ]


def test_note_under_the_table_is_not_a_row() -> None:
    note = [
        "Note: jurisdictions are listed as recorded in the database at the time the",
        "detainer was declined by the receiving agency, and may be corrected later on.",
    ]
    rows = read(table_page(ROWS, "top", below=note))
    assert summary(rows) == EXPECTED


def test_unknown_extra_column_is_ignored() -> None:
    header = [*HEADER, "Gender"]
    rows = [[*row, ["X"]] for row in ROWS]
    page = table_page(rows, header=header, xs=[*X[:-1], 580, 620])
    assert summary(read(page)) == EXPECTED


def test_two_line_header_with_a_centred_single_line_cell() -> None:
    words = words_at("Jurisdiction", LEFT, 60 + LEADING / 2)
    words += words_at("State", 200, 60 + LEADING / 2)
    words += words_at("Detainers", 260, 60) + words_at("Issued", 264, 60 + LEADING)
    words += words_at("Clark County", LEFT, 90) + words_at("NV", 200, 90)
    words += words_at("1,051", 270, 90)
    page = PageData(1, 612.0, 792.0, tuple(words), (), (), len(words))
    rows = read(page, layout.RANKINGS)
    assert rows == [
        {schema.JURISDICTION: "Clark County", schema.STATE: "NV", schema.DETAINERS_ISSUED: "1,051"}
    ]


def test_running_header_and_page_numbers_are_dropped() -> None:
    pages = []
    for number in range(1, 5):
        words = words_at("ICE | Weekly Declined Detainer Outcome Report", LEFT, 20)
        words += words_at(f"Body text, {'x' * number} of it", LEFT, 100)
        words += words_at(f"Page {number} of 4", 280, 760)
        page = PageData(number, 612.0, 792.0, tuple(words), (), (), len(words))
        pages.append(page_lines(page))
    kept = strip_furniture(pages)
    assert [[line.text for line in lines] for lines in kept] == [
        [f"Body text, {'x' * n} of it"] for n in range(1, 5)
    ]


def test_repeated_table_header_is_not_taken_for_a_running_header() -> None:
    pages = []
    for number in range(1, 5):
        words = words_at("State", LEFT, 30) + words_at("County", 90, 30)
        words += words_at("Facility", 190, 30) + words_at("Citizenship", 300, 30)
        words += words_at("Date Detainer", 480, 25) + words_at("Issued", 480, 35)
        words += words_at(f"TX Row {'x' * number}", LEFT, 60)
        page = PageData(number, 612.0, 792.0, tuple(words), (), (), len(words))
        pages.append(page_lines(page))
    protect = lambda lines, i: header_at(lines, i, layout.TABLE_SPECS)  # noqa: E731
    kept = strip_furniture(pages, protect)
    assert all(len(lines) == len(original) for lines, original in zip(kept, pages, strict=True))


def _chars(text: str, x: float, top: float = 100.0) -> list[tuple[str, float, float, float, float]]:
    return [(ch, x + CHAR * i, x + CHAR * (i + 1), top, top + SIZE) for i, ch in enumerate(text)]


def test_words_split_at_a_vertical_rule_between_touching_cells() -> None:
    chars = _chars("51Texas", 100.0)
    rule = VRule(100.0 + 2 * CHAR, 90.0, 120.0)
    assert [w.text for w in _words(chars, [rule])] == ["51", "Texas"]
    assert [w.text for w in _words(chars, [])] == ["51Texas"]


def test_words_drawn_twice_are_kept_once() -> None:
    chars = _chars("State", 100.0) + _chars("State", 100.4) + _chars("State", 140.0)
    assert [(w.text, w.x0) for w in _words(chars, [])] == [("State", 100.0), ("State", 140.0)]


def test_characters_drawn_twice_are_kept_once() -> None:
    doubled = [c for ch in _chars("State", 100.0) for c in (ch, (ch[0], ch[1] + 0.3, *ch[2:]))]
    assert [w.text for w in _words(doubled, [])] == ["State"]


def test_letters_without_width_are_all_kept() -> None:
    # A damaged font whose widths are lost sets every letter where the one before it is:
    # a doubled letter is then no character drawn twice, and must not be dropped.
    flat = [(ch, 100.0, 100.0, top, bottom) for ch, _x0, _x1, top, bottom in _chars("Offense", 0)]
    assert [w.text for w in _words(flat, [])] == ["Offense"]


@pytest.mark.parametrize("spec", layout.TABLE_SPECS, ids=lambda spec: spec.name)
def test_every_wording_is_within_the_length_bound_header_matching_skips_by(spec) -> None:
    """Header matching skips a group of words whose text cannot be as short as the longest
    wording; every wording, printed on one line or broken across two, must pass that test."""
    from detainer_tui.ingest.headers import _least_key_length, _longest_key

    for column in spec.columns:
        for wording in column.wordings:
            half = max(1, len(wording) // 2)
            for printed in (wording, f"{wording[:half]}- {wording[half:]}"):
                stack = [(0, w) for w in words_at(printed, LEFT, 100.0)]
                assert _least_key_length(stack) <= len(layout.squashed_key(printed))
                assert _least_key_length(stack) <= len(layout.header_key(printed))
            assert len(layout.header_key(wording)) <= _longest_key(spec)


@pytest.mark.parametrize("spec", layout.TABLE_SPECS, ids=lambda spec: spec.name)
def test_no_word_of_a_wording_is_taken_for_one_no_header_can_hold(spec) -> None:
    """Header matching skips a band once its words that no wording can hold are too many;
    every word of every wording, however printed, must be one a wording can hold."""
    from detainer_tui.ingest.headers import _never_in_header

    for column in spec.columns:
        for wording in column.wordings:
            half = max(1, len(wording) // 2)
            for printed in (
                wording,
                wording.upper(),
                f"{wording}:",
                f"*{wording}.",
                f"{wording[:half]}- {wording[half:]}",
                f"{wording[:half]}\u00ad {wording[half:]}",
            ):
                held = [word for word in printed.split(" ") if _never_in_header(spec, word)]
                assert held == [], (wording, printed)
    assert _never_in_header(spec, "01/30/2017")
    assert _never_in_header(spec, "Mexico")


@pytest.mark.parametrize("name", ["writer-liberation-serif.pdf", "calc-carlito-centred.pdf"])
def test_words_no_header_can_hold_are_unknown_in_every_reading_of_a_band(name) -> None:
    """On a real producer's pages: in every band of lines that starts with a header word,
    the words the skip counts as unknown are never read as part of a column's heading."""
    from pathlib import Path

    from detainer_tui.ingest import document
    from detainer_tui.ingest.headers import _match_band, _never_in_header, header_vocabulary

    path = Path(__file__).parent / "fixtures" / "real" / name
    _data, pages = document.read_document(str(path))
    lines = document.lay_out(pages).lines
    bands = headings = 0
    for spec in layout.TABLE_SPECS:
        vocabulary = header_vocabulary(spec)
        lookup = layout.header_lookup(spec)
        for i, first in enumerate(lines):
            if not any(w.text.casefold().strip(":*.") in vocabulary for w in first.words):
                continue
            for band in (lines[i : i + k] for k in range(1, 6) if i + k <= len(lines)):
                _matched, unknown, columns = _match_band(spec, lookup, band)
                words = [w.text for line in band for w in line.words]
                never = sum(1 for text in words if _never_in_header(spec, text))
                assert never <= unknown
                for column in columns:
                    if column.field is not None:
                        headings += 1
                        assert not any(_never_in_header(spec, w) for w in column.text.split())
                bands += 1
    assert bands > 50 and headings > 10  # the test saw real headers, not only data lines
