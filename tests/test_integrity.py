"""Each page-integrity signal fires on the damage it is for, says the root cause first, and
stays quiet on undamaged reports.

The reports here are drawn word by word (``test_ingest_diagnostics.Page``) so that each test
shows exactly the page it is about; ``tests/test_damage_fuzz.py`` damages whole PDFs. The
undamaged samples, real-producer fixtures, variants and random layouts are read with no
diagnostic at all by ``test_ingest.py``, ``test_real_producers.py`` and ``test_fuzz.py``:
none of these signals raises a false alarm on them.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from ddorgen.model import Layout
from ddorgen.variants import render, small_report
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject
from realpdf import damage
from test_ingest_diagnostics import GOOD, RECORD_HEADER, Page, build, first_page, policies_page
from test_ingest_tables import words_at

from detainer_tui import cli
from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import parse_report, streams
from detainer_tui.ingest.pdf import PageData
from detainer_tui.report import Report

FIXTURES = Path(__file__).parent / "fixtures" / "real"
WRITER = FIXTURES / "writer-carlito-centred-unruled-landscape.pdf"


def numbered(page: Page, total: int) -> Page:
    """``page`` with "Page N of M" at its foot."""
    page.words += words_at(f"Page {page.number} of {total}", 280, 760)
    return page


def records(number: int, rows: int, *, heading: bool = False) -> Page:
    page = Page(number)
    if heading:
        page.text("Section II: Declined detainers")
    page.line(*[(text, x) for text, x in RECORD_HEADER])
    for k in range(rows):
        cells = (*GOOD[:2], f"Jail {number}-{k}", *GOOD[3:])
        page.line(*[(t, x) for t, (_, x) in zip(cells, RECORD_HEADER, strict=True)])
    return page


def causes(report: Report) -> list[str]:
    return [str(d) for d in report.diagnostics if d.cause]


# -- content streams ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "open_"),
    [
        (b"q BT /F1 9 Tf (Q) Tj ET Q", None),
        (b"BT (a (Q q) BT) Tj ET q Q Q", None),  # operator words inside strings; a Q too many
        (b"q 1 0 0 1 0 0 cm BT (x) Tj ET", "ends with a graphics state not restored"),
        (b"q BT (x) Tj", "ends inside a text object"),
        (b"/P <</MCID 0>> BDC BT (x) Tj ET", "ends inside a marked-content sequence"),
        (b"q BI /W 1 /H 1 ID \x00Q\x00 EI Q", None),  # inline image data is not read as operators
    ],
)
def test_what_a_content_stream_leaves_open(content: bytes, open_: str | None) -> None:
    assert streams.left_open(content) == open_


def test_a_page_cut_at_an_operator_boundary_is_cut_short_and_its_rows_left_out(
    tmp_path: Path,
) -> None:
    intact = parse_report(WRITER)
    copy = damage.cut_content(WRITER, tmp_path / "cut.pdf", 2, random.Random(3), at_operator=True)
    report = parse_report(copy)
    assert not report.complete
    [cause] = causes(report)
    assert cause.startswith("page 2 of 4 is cut short (its content ends ")
    # No row read from page 2 is kept: none of them can be trusted to be whole.
    assert 2 not in report.records["source_page"].to_list()

    def rows(report: Report) -> set[tuple]:
        frame = report.records.drop("sha256", "criminal_activity")
        return set(frame.rows())

    assert rows(report) <= rows(intact)


# -- pages copied, missing, emptied ---------------------------------------------------------


def test_a_copied_page_is_read_once_and_named() -> None:
    pages = [first_page(), records(2, 5, heading=True), records(3, 4), policies_page(4)]
    copy = records(3, 4)
    copy.number = 4  # the same page again, as the file's fourth
    report = build([*pages[:3], copy, policies_page(5)])
    assert report.records.height == 9  # not 13: the copy's rows count once
    assert causes(report) == ["page 4 of 5 is a copy of page 3: its rows are counted once"]
    assert not report.complete  # a file with a page twice is not exported as it is


def test_a_page_without_its_number_where_the_others_have_one_is_cut_short() -> None:
    pages = [numbered(first_page(), 4), numbered(records(2, 6, heading=True), 4)]
    pages += [records(3, 5), numbered(policies_page(4), 4)]  # page 3 lost its foot
    report = build(pages)
    assert causes(report) == [
        "page 3 of 4 is cut short (its page number is missing): Section II's table is "
        "incomplete (at least 5 rows not read; rows it may have cut short are left out)"
    ]
    assert report.records.height == 6


def test_a_page_that_ends_far_above_the_others_in_mid_table_is_cut_short() -> None:
    pages = [first_page(), records(2, 40, heading=True), records(3, 3), records(4, 40)]
    report = build([*pages, policies_page(5)])
    assert causes(report) == [
        "page 3 of 5 is cut short (its text ends far above where the other pages' rows end): "
        "Section II's table is incomplete (at least 3 rows not read; rows it may have cut "
        "short are left out)"
    ]
    assert report.records.height == 80


def test_a_table_header_with_no_row_under_it_is_cut_short() -> None:
    pages = [first_page(), records(2, 40, heading=True), records(3, 0), records(4, 40)]
    report = build([*pages, policies_page(5)])
    # Page 3 was cut before any row began on it: the last row of the full page before may
    # have gone on there, and is left out (counted) rather than exported cut short.
    assert causes(report) == [
        "page 3 of 5 is cut short (its table header has no row under it): Section II's table "
        "is incomplete (at least 1 row not read; rows it may have cut short are left out)"
    ]
    assert report.records.height == 79


def policies_of(report: Report) -> set[tuple]:
    return set(report.policies.drop("sha256").rows())


@pytest.mark.parametrize(
    ("index", "kind", "seed", "cause"),
    [
        # The last page cut inside its first policy, which began on the page before.
        (1, "content cut anywhere", 424985232, "page 25 of 25 is cut short (its content ends"),
        # A corrupt stream sets page 12's text below the foot of every page: page 11, whose
        # last policy goes on to page 12, must still count as full.
        (0, "bytes flipped", 550715287, "page 12 of 35 is damaged (a content stream is corrupt)"),
        # The last page cut right after an operator, inside its first policy: no mark in the
        # stream, and the page ends well above its foot, as the last page of a file that
        # lost only its later pages would. The policy is left out all the same.
        (1, "content cut at an operator", 292649345, "the file ends early, on page 25"),
    ],
)
def test_a_row_going_on_to_a_page_damaged_or_cut_before_any_row_begins_is_left_out(
    tmp_path: Path, sample_paths: list[Path], sample_reports: list[Report], index, kind, seed, cause
) -> None:
    copy = damage.mutant(sample_paths[index], tmp_path / "copy.pdf", kind, random.Random(seed))
    report = parse_report(copy)
    assert causes(report)[0].startswith(cause)
    # Every policy kept is as printed: none cut off where its page was lost.
    assert policies_of(report) <= policies_of(sample_reports[index])


@pytest.mark.parametrize(
    ("seed", "page"),
    [
        # Cut right after a policy's last line: the next policy's first lines are lost, and
        # its last lines, at the top of page 17, would end the policy before it.
        (995368987, 16),
        # Cut inside a policy that goes on to page 34: its middle is lost.
        (177309114, 33),
    ],
)
def test_a_page_whose_last_row_goes_on_but_whose_text_stops_short_is_cut_short(
    tmp_path: Path, sample_paths: list[Path], sample_reports: list[Report], seed, page
) -> None:
    copy = damage.mutant(
        sample_paths[0], tmp_path / "copy.pdf", "content cut at an operator", random.Random(seed)
    )
    report = parse_report(copy)
    assert causes(report)[0].startswith(
        f"page {page} of 35 is cut short (its last row goes on to the next page, but its text "
        "ends lines above the others'): Section III's table is incomplete (at least "
    )
    assert policies_of(report) < policies_of(sample_reports[0])


def rows_of(report: Report, table: str) -> set[tuple]:
    return {
        tuple(tuple(v) if isinstance(v, list) else v for v in row)
        for row in report.table(table).drop("sha256").rows()
    }


CALC_SANS = "calc-liberation-sans-bottom-unbordered.pdf"
CALC_CARLITO = "calc-carlito-centred.pdf"
CUT = "content cut at an operator"


@pytest.mark.parametrize(
    ("fixture", "kind", "seed", "cause", "table"),
    [
        # Calc draws the wrapped cells last. Cut there, the last row loses its state ("New
        # Hampshir" / "e") and the row above the last line of its facility ("Lancaster County
        # Adult Detention" / "Facility"), which would be kept looking whole.
        (CALC_SANS, CUT, 35594106, "page 2 of 5 is cut short (its last rows lack the wrapped "
         "text that the rows above them have)", "records"),
        # Cut after the first cell of Section I's second row: "Doña Ana County", far below
        # "King County", is not more of its name but a row whose state and count are lost.
        (CALC_SANS, CUT, 36747768, "page 1 of 5 is cut short (its last row has text but none "
         "of its values)", "rankings"),
        # Cut in Calc's first pass, after "WA King County": eight wrapped facilities lost.
        (CALC_CARLITO, CUT, 629873264, "page 3 of 5 is cut short (its last row has text but "
         "none of its values)", "records"),
        # Cut in the second pass: "New Mexico" (wrapped) is lost, and the last row with it.
        (CALC_SANS, CUT, 955325430, "page 1 of 5 is cut short (rows on it lack their state)",
         "rankings"),
        # Cut in the first pass: the page's wrapped states and facilities are all lost.
        (CALC_SANS, CUT, 477415273, "page 3 of 5 is cut short (rows on it lack their facility "
         "or state, and none of its cells wraps)", "records"),
        # The same with two-letter states, which never wrap: only facilities are lost.
        (CALC_CARLITO, CUT, 799717633, "page 3 of 5 is cut short (rows on it lack their "
         "facility, and none of its cells wraps)", "records"),
        # Chromium moved Santa Clara County's policy, vertically centred, whole to page 4. Cut
        # short there, page 4's first lines read as going on with San Francisco's policy, on
        # a page 3 that does not reach the foot: that policy must not be kept with them.
        ("chromium-liberation-sans-landscape-shaded.pdf", "stream cut short", 713781795,
         "page 4 of 4 is cut short: Section III's table is ", "policies"),
    ],
)  # fmt: skip
def test_a_producers_page_cut_short_is_named_and_only_rows_as_printed_are_kept(
    tmp_path: Path, fixture: str, kind: str, seed: int, cause: str, table: str
) -> None:
    source = FIXTURES / fixture
    copy = damage.mutant(source, tmp_path / "copy.pdf", kind, random.Random(seed))
    report = parse_report(copy)
    assert causes(report)[0].startswith(cause)
    kept, printed = (rows_of(r, table) for r in (report, parse_report(source)))
    assert kept < printed  # some rows are left out; none is kept changed


def test_lines_going_on_with_a_row_on_a_lost_page_do_not_start_the_next_row(
    tmp_path: Path, sample_paths: list[Path], sample_reports: list[Report]
) -> None:
    # Page 4, where Section III begins, is damaged; page 5 opens with the end of a policy
    # begun there, above Santa Clara County's row: not the start of Santa Clara's policy.
    copy = damage.mutant(
        sample_paths[2], tmp_path / "copy.pdf", "bytes flipped", random.Random(718092543)
    )
    report = parse_report(copy)
    assert causes(report)[0].startswith("pages 4, 16, 19 of 25 are damaged")
    assert policies_of(report) < policies_of(sample_reports[2])


def test_a_page_as_long_as_the_next_row_needs_is_not_cut_short() -> None:
    # The last page of a long table before the next section, and pages filled to the same
    # depth, are what an undamaged report prints: no signal.
    pages = [first_page(), records(2, 40, heading=True), records(3, 40), records(4, 2)]
    report = build([*pages, policies_page(5)])
    assert report.complete and report.diagnostics == []


def test_a_missing_page_is_named_root_cause_first(tmp_path: Path) -> None:
    report = parse_report(damage.drop_page(WRITER, tmp_path / "dropped.pdf", 2))
    [cause] = causes(report)
    assert cause.startswith("page 2 of 4 is missing: Section II's table is incomplete (")
    assert str(report.diagnostics[0]) == cause  # the cause comes before its consequences


def test_an_emptied_page_is_empty_not_cut_short(tmp_path: Path) -> None:
    report = parse_report(damage.blank_page(WRITER, tmp_path / "blank.pdf", 3))
    [cause] = causes(report)
    assert cause.startswith("page 3 of 4 is empty: ")
    assert "cut short" not in cause


def wrapped_policy_then_unwrapped_one() -> Page:
    """Section III's page 3 so far: a policy whose text wraps, then one without its text."""
    policies = Page(3).text("Section III: Policies")
    policies.line(("State", 40), ("Jurisdiction", 80), ("Type", 200), ("Policy", 260))
    policies.line(("CA", 40), ("Santa Clara County", 80), ("Policy", 200), ("No holds", 260))
    policies.line(("for anyone.", 260))
    policies.line(("CA", 40), ("Alameda County", 80), ("Policy", 200))
    return policies


def test_last_rows_without_the_wrapped_text_the_rows_above_have() -> None:
    # A spreadsheet draws every row's short cells first, then the wrapped ones: cut during
    # the second pass, the last rows lose their wrapped text and nothing else shows it.
    policies = wrapped_policy_then_unwrapped_one()
    policies.text("Section IV: Scope").text("Data are operational.")
    report = build([first_page(), records(2, 2, heading=True), policies])
    assert causes(report) == [
        "page 3 of 3 is cut short (its last rows lack the wrapped text that the rows above "
        "them have): Section III's table is incomplete (at least 2 rows not read; rows it may "
        "have cut short are left out)"
    ]


def test_a_row_without_the_wrapped_text_the_rows_above_have_before_a_short_last_row() -> None:
    # Cut during the second pass, after the first wrapped policy: the next row loses its
    # wrapped policy, while the last row's short one was drawn in the first pass.
    policies = wrapped_policy_then_unwrapped_one()
    policies.line(("CA", 40), ("Marin County", 80), ("Policy", 200), ("No holds.", 260))
    policies.text("Section IV: Scope").text("Data are operational.")
    report = build([first_page(), records(2, 2, heading=True), policies])
    assert causes(report)[0].startswith(
        "page 3 of 3 is cut short (its last rows lack the wrapped text that the rows above "
        "them have): Section III's table is incomplete ("
    )
    assert report.policies.height == 0


def test_text_in_a_font_without_a_unicode_map_is_not_read_as_values() -> None:
    page = records(2, 3, heading=True)
    page.line(("(cid:3)(cid:4)", 40), ("(cid:5)(cid:6)(cid:7)", 90))
    report = build([first_page(), page, policies_page(3)])
    [cause] = causes(report)
    assert cause.startswith(
        "page 2 of 3 has text that cannot be decoded (a font has no Unicode mapping)"
    )
    assert report.records.height == 0


# -- what the command line prints ------------------------------------------------------------


def test_export_prints_the_cause_in_three_lines_and_the_rest_with_verbose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = damage.drop_page(WRITER, tmp_path / "dropped.pdf", 2)
    out = tmp_path / "records.csv"
    common = ["export", str(copy), "--table", "records", "--format", "csv", "-o", str(out)]
    assert cli.main(common) == 1
    lines = capsys.readouterr().err.splitlines()
    assert 2 <= len(lines) <= 3
    assert lines[0] == (
        "detainer-tui: warning: dropped.pdf: page 2 of 4 is missing: Section II's table is "
        "incomplete (27 rows not read)"
    )
    assert lines[-1].startswith("detainer-tui: error: dropped.pdf: read only in part; not ")
    assert cli.main([*common, "--verbose"]) == 1
    verbose = capsys.readouterr().err.splitlines()
    assert len(verbose) > len(lines) and verbose[0] == lines[0]
    assert any("the pages are numbered 'of 4' but the file has 3" in line for line in verbose)


# -- refusals that are true of the file ------------------------------------------------------


def _small(tmp_path: Path) -> Path:
    spec = small_report(5, Layout(ruling="grid"), records=3, policies=1)
    return Path(render(spec, tmp_path / "small.pdf").path)


def refusal(path: Path) -> str:
    with pytest.raises(UnreadableReport) as caught:
        parse_report(path)
    return caught.value.reason


def test_a_pdf_without_its_header_is_damaged_not_another_kind_of_file(tmp_path: Path) -> None:
    copy = damage.drop_header(_small(tmp_path), tmp_path / "headless.pdf")
    assert refusal(copy) == "the PDF is damaged: its %PDF- header is missing"


def test_an_encrypt_entry_that_is_no_dictionary_is_damage_not_a_password(tmp_path: Path) -> None:
    copy = damage.bad_encrypt(_small(tmp_path), tmp_path / "encrypt.pdf")
    assert refusal(copy) == "the PDF is damaged: its encryption entry is not a dictionary"


def test_text_only_in_annotations_without_appearance_is_not_called_a_scan(tmp_path: Path) -> None:
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FreeText"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (50, 50, 300, 100)]),
            NameObject("/Contents"): TextStringObject("Weekly Declined Detainer Outcome Report"),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(note)])
    path = tmp_path / "annotated.pdf"
    writer.write(path)
    assert refusal(path).startswith("the PDF's text is only in form fields or annotations")
    empty = tmp_path / "empty.pdf"
    blank = PdfWriter()
    blank.add_blank_page(612, 792)
    blank.write(empty)
    assert "scanned" not in refusal(empty)


def test_a_stray_number_on_another_document_is_not_a_missing_first_page() -> None:
    page = Page(1).text("On the electrodynamics of moving bodies").text("E = mc")
    page.text("2")
    with pytest.raises(UnreadableReport) as caught:
        build([page])
    assert caught.value.reason.startswith("not a Declined Detainer Outcome Report")
    # A report's table under a first page numbered 2 is a report that lost its first page.
    values = [(t, x) for t, (_, x) in zip(GOOD, RECORD_HEADER, strict=True)]
    table = Page(1).line(*RECORD_HEADER).line(*values)
    table.text("2")
    with pytest.raises(UnreadableReport) as caught:
        build([table])
    assert caught.value.reason.startswith("its first page is numbered 2")


def test_unmapped_glyphs_are_text_that_cannot_be_decoded() -> None:
    page = Page(1)
    for _ in range(5):
        page.text("(cid:1)(cid:2)(cid:3) (cid:4)(cid:5)")
    with pytest.raises(UnreadableReport) as caught:
        build([page])
    assert caught.value.reason.startswith("the PDF's text cannot be decoded")


def test_an_ocr_text_layer_that_misread_a_heading_says_so() -> None:
    def scanned(page: Page) -> PageData:
        return page.data()._replace(images=1)

    pages = [first_page(), records(2, 3), policies_page(3)]
    pages[1].words[:0] = words_at("Section Il: Declined detainers", 40, 30)
    from detainer_tui.ingest import document

    report = document.build_report("ocr.pdf", b"%PDF", [scanned(p) for p in pages])
    assert causes(report) == [
        "the text layer is OCR over scanned pages, and it reads Section II's heading as "
        "'Section Il: Declined detainers': its table is read from its header on page 2, and "
        "may be misread"
    ]


def test_a_page_whose_font_lost_its_widths_is_named_and_its_rows_left_out(tmp_path: Path) -> None:
    # The fonts of one page of a LibreOffice report given widths of zero, as a damaged copy
    # had them: every letter stacks where the one before it is, and text may decode wrongly.
    source = FIXTURES / "writer-liberation-serif.pdf"
    writer = PdfWriter(clone_from=source)
    page = writer.pages[2]
    resources = DictionaryObject(page["/Resources"].get_object())
    fonts = DictionaryObject(resources["/Font"].get_object())
    for name, ref in list(fonts.items()):
        font = DictionaryObject(ref.get_object())
        font[NameObject("/Widths")] = ArrayObject(FloatObject(0) for _ in font["/Widths"])
        fonts[NameObject(name)] = writer._add_object(font)
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources
    copy = tmp_path / "no-widths.pdf"
    writer.write(copy)

    original, read = parse_report(source), parse_report(copy)
    assert any(
        "page 3 of 6 is damaged (its letters have no widths" in str(d) for d in read.diagnostics
    )
    assert not read.complete
    pages = set(read.records.get_column("source_page"))
    assert 3 not in pages and pages == set(original.records.get_column("source_page")) - {3}

    # Every row kept is as printed; those left out are counted (a row running on from the
    # page before may be cut short, and is left out too).
    def as_rows(report: Report) -> Counter:
        table = report.records.drop("sha256")
        return Counter(tuple(map(str, row)) for row in table.iter_rows())

    rows, printed = as_rows(read), as_rows(original)
    assert not rows - printed
    counted = sum(d.rows or 0 for d in read.partial_reasons())
    assert 0 < original.records.height - read.records.height <= counted
