"""What the parser notices in a readable report: each problem is a diagnostic with a page."""

from __future__ import annotations

import datetime as dt

import pytest
from test_ingest_tables import LEADING, LEFT, words_at

from detainer_tui import schema
from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import document
from detainer_tui.ingest.pdf import PageData, Word
from detainer_tui.report import Report

RECORD_HEADER = [("State", 40), ("County", 70), ("Facility", 150), ("Citizenship", 250),
                 ("Notable Criminal Activity", 320), ("Detainer Issued", 440),
                 ("Detainer Declined", 510)]  # fmt: skip


class Page:
    """A page under construction: lines of (text, x) cells, top to bottom."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.words: list[Word] = []
        self.y = 50.0

    def line(self, *cells: tuple[str, float]) -> Page:
        for text, x in cells:
            self.words += words_at(text, x, self.y)
        self.y += LEADING + 6
        return self

    def text(self, text: str) -> Page:
        return self.line((text, LEFT))

    def data(self) -> PageData:
        return PageData(self.number, 612.0, 792.0, tuple(self.words), (), (), len(self.words))


def record(*cells: str) -> tuple[tuple[str, float], ...]:
    return tuple((text, x) for text, (_, x) in zip(cells, RECORD_HEADER, strict=True) if text)


def build(pages: list[Page]) -> Report:
    return document.build_report("synthetic.pdf", b"%PDF-1.4", [p.data() for p in pages])


def first_page(
    period: str = "For Recorded Declined Detainers Jan. 28 - Feb. 3, 2017", summary: bool = False
) -> Page:
    page = Page(1).text("Weekly Declined Detainer Outcome Report").text(period)
    if summary:
        # The summary names the sections in the headings' own words, without bullets.
        for numeral in ("I", "II", "III", "IV"):
            page.text(f"Section {numeral}: as listed in the summary")
    page.text("Section I: Detainers issued")
    page.text("ICE issued 1,234 detainers throughout the United States.")
    page.line(("Jurisdiction", 40), ("State", 200), ("Detainers Issued", 260))
    page.line(("Clark County", 40), ("NV", 200), ("51", 260))
    page.line(("Cook County", 40), ("IL", 200), ("13", 260))
    return page


def records_page(number: int, *rows: tuple[str, ...], stated: int | None = None) -> Page:
    page = Page(number).text("Section II: Declined detainers")
    if stated is not None:
        page.text(f"ICE recorded {stated} declined detainers this week.")
    page.line(*RECORD_HEADER)
    for row in rows:
        page.line(*record(*row))
    return page


def policies_page(number: int) -> Page:
    page = Page(number).text("Section III: Policies")
    page.line(("State", 40), ("Jurisdiction", 80), ("Type", 200), ("Policy", 260))
    page.line(("CA", 40), ("Santa Clara County", 80), ("Policy", 200), ("No holds.", 260))
    return page.text("Section IV: Scope").text("Data are operational.")


GOOD = ("TX", "Travis County", "Travis County Jail", "Mexico", "Assault", "1/2/2016", "2/1/2017")


def test_clean_synthetic_report_has_no_diagnostics() -> None:
    report = build([first_page(), records_page(2, GOOD, GOOD, stated=2), policies_page(3)])
    assert report.diagnostics == []
    row = report.reports.row(0, named=True)
    assert row[schema.REPORT_START] == dt.date(2017, 1, 28)
    assert row[schema.DETAINERS_ISSUED_TOTAL] == 1234
    assert row[schema.DECLINED_COUNT] == 2
    assert report.records[schema.SOURCE_PAGE].to_list() == [2, 2]
    assert report.policies[schema.POLICY].to_list() == ["No holds."]


def test_row_count_disagreeing_with_the_text() -> None:
    report = build([first_page(), records_page(2, GOOD, GOOD, stated=3), policies_page(3)])
    (diagnostic,) = report.diagnostics
    assert diagnostic.section == "Section II"
    assert diagnostic.page == 2
    assert "3 declined detainers" in diagnostic.message
    assert "2 rows" in diagnostic.message


def test_empty_text_cell_keeps_the_row_with_a_null() -> None:
    no_facility = ("TX", "Travis County", "", "Mexico", "", "1/2/2016", "2/1/2017")
    report = build([first_page(), records_page(2, GOOD, no_facility), policies_page(3)])
    assert report.records[schema.FACILITY].to_list() == ["Travis County Jail", None]
    assert report.records[schema.CRIMINAL_ACTIVITY].to_list() == [["Assault"], []]
    (diagnostic,) = report.diagnostics
    assert (diagnostic.page, diagnostic.section) == (2, "Section II")
    assert "facility" in diagnostic.message


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (("TX", "Travis County", "Jail", "Mexico", "", "1/2/2016", "2/31/2017"), "2/31/2017"),
        (("Tejas", "Travis County", "Jail", "Mexico", "", "1/2/2016", "2/1/2017"), "Tejas"),
    ],
)
def test_unreadable_value_skips_the_row(bad: tuple[str, ...], words: str) -> None:
    report = build([first_page(), records_page(2, GOOD, bad), policies_page(3)])
    assert report.records.height == 1
    assert report.reports.item(0, schema.DECLINED_COUNT) == 1
    (diagnostic,) = report.diagnostics
    assert diagnostic.message.startswith("1 row not read")
    assert words in diagnostic.message
    assert diagnostic.page == 2
    assert diagnostic.partial
    assert not report.complete


def test_missing_sections_are_reported() -> None:
    report = build([first_page(), records_page(2, GOOD)])
    messages = {(d.section, d.message) for d in report.diagnostics}
    assert ("Section III", "section not found") in messages
    assert (
        "Section II",
        "the file ends early, on page 2, before Section IV: Section II's table may be "
        "incomplete (its last row, which may be cut short, is left out)",
    ) in messages
    assert report.records.height == 0  # its one row, on the last page, is left out
    assert all(d.page is not None for d in report.diagnostics)
    assert report.policies.height == 0
    assert not report.complete


def test_a_report_without_its_period_is_refused() -> None:
    page = first_page(period="For Recorded Declined Detainers, this week")
    with pytest.raises(UnreadableReport, match=r"not a Declined .* \(no reporting period\)$"):
        build([page, records_page(2, GOOD)])


def test_a_document_that_only_mentions_declined_detainers_is_refused() -> None:
    """A bill with the report's words and numbered sections, but none of its tables."""
    page = Page(1).text("A BILL to require reports on declined detainers")
    page.text("For Recorded Declined Detainers Jan. 28 - Feb. 3, 2017")
    for numeral in ("1", "2", "3"):
        page.text(f"Section {numeral}. The Secretary shall publish declined detainer data.")
    with pytest.raises(UnreadableReport, match=r"\(none of the report's tables\)$"):
        build([page])


def test_summary_list_of_sections_is_not_taken_for_the_headings() -> None:
    report = build([first_page(summary=True), records_page(2, GOOD), policies_page(3)])
    assert report.rankings[schema.JURISDICTION].to_list() == ["Clark County", "Cook County"]
    assert report.records.height == 1
    assert report.diagnostics == []


def test_text_that_is_no_report_is_refused() -> None:
    page = Page(1).text("Minutes of the parking committee").text("Section I: Budget")
    with pytest.raises(UnreadableReport, match="not a Declined Detainer Outcome Report"):
        build([page])


def test_a_row_with_several_unreadable_values_gets_one_diagnostic() -> None:
    bad = ("Tejas", "Travis County", "Jail", "Mexico", "", "13/45/2017", "2/1/2017")
    report = build([first_page(), records_page(2, GOOD, bad), policies_page(3)])
    (diagnostic,) = report.diagnostics
    assert "Tejas" in diagnostic.message
    assert "13/45/2017" in diagnostic.message


def test_unrecognised_table_header_leaves_the_count_unknown() -> None:
    page = Page(2).text("Section II: Declined detainers")
    page.line(("Where", 40), ("Who", 200), ("When", 400))
    page.line(("Austin", 40), ("Someone", 200), ("Monday", 400))
    report = build([first_page(), page, policies_page(3)])
    assert report.reports.item(0, schema.DECLINED_COUNT) is None
    assert report.records.height == 0
    (diagnostic,) = report.diagnostics
    assert (diagnostic.page, diagnostic.section) == (2, "Section II")
    assert "header not recognised" in diagnostic.message
