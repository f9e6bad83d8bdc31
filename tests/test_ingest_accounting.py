"""Every word of a table region is in a header, a cell or page furniture, or is reported; a
column whose header wording is unknown is read by its values when they show its role; a lost
section heading leaves the other sections where they are."""

from __future__ import annotations

from detainer_tui import schema
from detainer_tui.ingest import document
from detainer_tui.ingest.pdf import PageData, Word

SIZE = 8.0


def words_at(text: str, x: float, y: float) -> list[Word]:
    """``text`` set at (x, y) in an 8 pt font of 0.5 em per character."""
    out = []
    for part in text.split():
        width = 0.5 * SIZE * len(part)
        out.append(Word(part, x, x + width, y, y + SIZE))
        x += width + 0.25 * SIZE
    return out


def page(number: int, *lines: list[tuple[str, float]]) -> PageData:
    words = []
    for k, cells in enumerate(lines):
        for text, x in cells:
            words += words_at(text, x, 60.0 + 14 * k)
    return PageData(number, 792.0, 612.0, tuple(words), (), (), len(words))


TITLE = (
    [("Weekly Declined Detainer Outcome Report", 40)],
    [("For Recorded Declined Detainers Jan. 28 - Feb. 3, 2017", 40)],
)
SECTION_I = (
    [("Section I: Detainers issued", 40)],
    [("ICE issued 1,234 detainers throughout the United States.", 40)],
    [("Jurisdiction", 40), ("State", 200), ("Detainers Issued", 260)],
    [("Clark County", 40), ("NV", 200), ("51", 260)],
)
"""The opening page's lines: the title, then Section I with one row."""

FIRST = page(1, *TITLE, *SECTION_I)
LAST = page(
    3,
    [("Section III: Policies", 40)],
    [("State", 40), ("Jurisdiction", 80), ("Type", 200), ("Policy", 260)],
    [("CA", 40), ("Santa Clara County", 80), ("Policy", 200), ("No holds.", 260)],
    [("Section IV: Scope", 40)],
    [("Data are operational.", 40)],
)
COLUMNS = (40, 80, 170, 260, 340, 470, 540, 620)


def records_page(header: tuple[str, ...], *rows: tuple[str, ...]) -> PageData:
    lines = [[("Section II: Declined detainers", 40)]]
    for texts in (header, *rows):
        lines.append([(t, x) for t, x in zip(texts, COLUMNS, strict=False) if t])
    return page(2, *lines)


def test_words_in_a_column_of_unknown_heading_are_reported() -> None:
    header = ("State", "County", "Facility", "Citizenship", "Notable Criminal Activity",
              "Remarks", "Detainer Issued", "Detainer Declined")  # fmt: skip
    row = ("TX", "Travis County", "Travis Jail", "Mexico", "Assault", "see file",
           "1/2/2016", "2/1/2017")  # fmt: skip
    report = document.build_report("r.pdf", b"%PDF", [FIRST, records_page(header, row), LAST])
    assert report.records.height == 1
    (diagnostic,) = report.diagnostics
    assert str(diagnostic) == (
        "Section II: 2 words in no cell (in a column of unknown heading, page 2: 'see file')"
    )
    # Words outside the tables' columns lose no row: the report is still complete.
    assert report.complete


def test_a_column_of_unknown_heading_is_read_by_its_values() -> None:
    header = ("Locale", "County", "Facility", "Citizenship", "Notable Criminal Activity",
              "Detainer Issued", "Detainer Declined")  # fmt: skip
    rows = [
        ("TX", "Travis County", "Travis Jail", "Mexico", "Assault", "1/2/2016", "2/1/2017"),
        ("Texas", "Hays County", "Hays Jail", "Peru", "", "3/4/2016", "2/2/2017"),
    ]
    report = document.build_report("r.pdf", b"%PDF", [FIRST, records_page(header, *rows), LAST])
    assert report.records[schema.STATE].to_list() == ["TX", "TX"]
    (diagnostic,) = report.diagnostics
    assert str(diagnostic) == (
        "Section II: column headed 'Locale' read as state from its values (page 2)"
    )
    assert report.complete


def test_a_lost_section_heading_leaves_the_others_in_place() -> None:
    # The summary names all four sections; Section IV's heading is gone (a damaged last page).
    summary = page(
        1,
        *TITLE,
        *([(f"Section {n}: as listed in the summary", 60)] for n in ("I", "II", "III", "IV")),
        *SECTION_I,
    )
    header = ("State", "County", "Facility", "Citizenship", "Notable Criminal Activity",
              "Detainer Issued", "Detainer Declined")  # fmt: skip
    row = ("TX", "Travis County", "Travis Jail", "Mexico", "Assault", "1/2/2016", "2/1/2017")
    policies = page(
        3,
        [("Section III: Policies", 40)],
        [("State", 40), ("Jurisdiction", 80), ("Type", 200), ("Policy", 260)],
        [("CA", 40), ("Santa Clara County", 80), ("Policy", 200), ("No holds.", 260)],
    )
    report = document.build_report("r.pdf", b"%PDF", [summary, records_page(header, row), policies])
    assert report.rankings.height == 1
    assert report.records.height == 1
    # The last page ends well above the others' foot, yet its last row may still be cut
    # short: a content stream cut right after an operator leaves no mark, and ends the page
    # anywhere. So that row is left out and counted, never kept looking whole.
    assert report.policies.height == 0
    (diagnostic,) = report.diagnostics
    assert (diagnostic.section, diagnostic.message, diagnostic.cause) == (
        "Section III",
        "the file ends early, on page 3, before Section IV: Section III's table may be "
        "incomplete (its last row, which may be cut short, is left out)",
        True,
    )
    assert not report.complete  # a lost last page would take the end of Section III with it
