"""One DDOR PDF in, one ``Report`` out: sections, period, totals and the three tables."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import (
    accounting,
    integrity,
    layout,
    pdf,
    refusals,
    tables,
    values,
)
from detainer_tui.ingest import settings as settings_module
from detainer_tui.ingest.columns import Builder, note_table
from detainer_tui.ingest.headers import header_at
from detainer_tui.ingest.lines import Line, page_lines, strip_furniture, text_of
from detainer_tui.ingest.reading import Progress, read_document
from detainer_tui.ingest.settings import ParserSettings
from detainer_tui.ranking import competition_ranks
from detainer_tui.report import Report


@dataclass
class _Sections:
    """Where each section starts (index into the report's lines) and its lines."""

    starts: dict[int, int]
    regions: dict[int, list[Line]]
    headless: dict[int, int] = field(default_factory=dict)
    """Sections whose heading was not found, begun at their table's header (its index)."""


def _find_sections(lines: list[Line]) -> _Sections:
    """Section headings, telling them apart from the summary's list of the same sections.

    The summary on page 1 names the sections in the same words, possibly without a bullet.
    The headings are the lines beginning "Section N:" that follow one another in section
    order, each as late as possible (the summary comes first). A heading lost from a damaged
    page leaves its section missing rather than pulling the others back into the summary.
    """
    candidates: dict[int, list[int]] = {n: [] for n in layout.SECTION_NAMES}
    for index, line in enumerate(lines):
        match = layout.SECTION_HEADING.match(line.text)
        if match:
            candidates[layout.SECTION_NUMERALS[match.group(1).upper()]].append(index)
    # The greatest sum of line positions: every heading added raises it, and later lines
    # (the headings, not the summary) raise it more.
    numbers = sorted(candidates)
    best = -1
    chosen: tuple[int | None, ...] = (None,) * len(numbers)
    for pick in itertools.product(*([None, *candidates[n][-3:]] for n in numbers)):
        found = [i for i in pick if i is not None]
        if any(a >= b for a, b in itertools.pairwise(found)):
            continue
        if sum(found) > best:
            best, chosen = sum(found), pick
    starts = {n: i for n, i in zip(numbers, chosen, strict=True) if i is not None}
    # A table whose heading is lost begins at its header (``_Sections.headless``).
    headless = integrity.headings_lost(lines, starts) if starts else {}
    order = sorted(
        {**starts, **{n: i - 1 for n, i in headless.items()}}.items(), key=lambda x: x[1]
    )
    regions = {}
    for k, (number, start) in enumerate(order):
        following = order[k + 1] if k + 1 < len(order) else None
        end = following[1] + (following[0] in headless) if following else len(lines)
        regions[number] = lines[start + 1 : end]
    return _Sections({**starts, **{n: i for n, i in headless.items()}}, regions, headless)


def _frame(
    columns: dict[str, list[Any]], table: pl.Schema, start: Any, end: Any, sha256: str
) -> pl.DataFrame:
    rows = len(next(iter(columns.values()))) if columns else 0
    data = {
        schema.REPORT_START: [start] * rows,
        schema.REPORT_END: [end] * rows,
        schema.SHA256: [sha256] * rows,  # the file each row came from, on every row
        **columns,
    }
    return pl.DataFrame({name: data[name] for name in table}, schema=table, strict=False)


def parse_report(
    path: str | Path,
    *,
    progress: Progress | None = None,
    settings: ParserSettings | None = None,
) -> Report:
    """Parse one Declined Detainer Outcome Report PDF into a ``Report``.

    ``source_file`` is the file's name without its folder (``path.name``): what a reader
    recognises, and no local folder names leak into exported tables. ``progress(pages_done,
    pages_total)`` is called from the calling thread as pages are read.

    Raises ``UnreadableReport`` (one reason per kind of problem) for a file that cannot be
    read as a DDOR. Problems inside a readable report become ``Report.diagnostics`` instead:
    a row whose state, date or count is empty or cannot be read is skipped; a row with an
    empty text cell (jurisdiction, facility, ...) is kept with a null there. ``settings``
    changes the parser's tolerances (``ParserSettings``; the defaults otherwise).
    """
    with settings_module.use(settings or settings_module.current()):
        return _parse(path, progress)


def _parse(path: str | Path, progress: Progress | None) -> Report:
    path_str = str(path)
    data, pages = read_document(path_str, progress)
    return report_from_pages(path_str, pages, sha256=hashlib.sha256(data).hexdigest())


def report_from_pages(path: str, pages: list[pdf.PageData], *, sha256: str) -> Report:
    """The report in ``pages`` (read by ``read_document`` from the file ``path`` whose bytes
    hash to ``sha256``); ``UnreadableReport`` when they do not hold one."""
    try:
        return build_report(path, b"", pages, sha256=sha256)
    except UnreadableReport:
        raise
    except Exception as error:
        # Text laid out in a way no rule here foresaw must not crash a batch of files; the
        # chained exception keeps the details for a bug report.
        raise UnreadableReport(
            path, f"the report's layout could not be read ({type(error).__name__})"
        ) from error


@dataclass
class PageLayout:
    """The report's pages as lines: as printed (``raw``), without running headers and page
    numbers (``per_page``, ``lines``), and where each section starts."""

    raw: list[list[Line]]
    per_page: list[list[Line]]
    lines: list[Line]
    sections: _Sections


def lay_out(pages: list[pdf.PageData], raw: list[list[Line]] | None = None) -> PageLayout:
    """Lines of every page (``raw``, when they are at hand), page furniture set aside, and
    the sections found."""
    raw = [page_lines(page) for page in pages] if raw is None else raw
    per_page = strip_furniture(
        raw, protect=lambda lines, i: header_at(lines, i, layout.TABLE_SPECS)
    )
    lines = [line for page_lines in per_page for line in page_lines]
    return PageLayout(raw, per_page, lines, _find_sections(lines))


def read_tables(laid: PageLayout, pages: list[pdf.PageData]) -> dict[int, tables.TableRead]:
    """Each table section's read, by section number."""
    by_number = {page.number: page for page in pages}
    reads = {}
    for spec in layout.TABLE_SPECS:
        if spec.section in laid.sections.starts:
            regions = laid.sections.regions[spec.section]
            reads[spec.section] = tables.read_table(spec, regions, by_number)
    return reads


_MAY_WRAP = (layout.TEXT, layout.STATE, layout.PLACE)


def _valueless(spec: layout.TableSpec, rows: list[tables.RawRow]) -> frozenset[int]:
    """Pages whose last row begun there has text but none of the values a row begins with
    (its dates, its count): what is left of a row when its page is cut after its first
    cells."""
    values = [r.field for r in spec.columns if r.starts_row]
    last = {row.page: row for row in rows}
    return frozenset(
        page
        for page, row in last.items()
        if values and row.cells and not any(row.text(name) for name in values)
    )


def table_views(reads: dict[int, tables.TableRead]) -> list[integrity.TableView]:
    """Where each table's rows begin and its headers are, for the page checks."""
    views = []
    for spec in layout.TABLE_SPECS:
        read = reads.get(spec.section)
        if read is None or not read.header_found:
            continue
        # Cells that may wrap, and so be drawn in a spreadsheet's second pass (a state as
        # much as a name: "New Hampshir" / "e"); a date or count starts its row's first line.
        needed = [r.field for r in spec.columns if r.required and r.kind in _MAY_WRAP]
        rows = [row for row in read.rows if row.first is not None]
        present = {name for row in rows for name in row.cells}
        needed = [name for name in needed if name in present]
        views.append(
            integrity.TableView(
                spec.section,
                [(row.page, row.first.top) for row in rows],
                [(header.page, header.bottom) for header, _, _ in read.layouts],
                [frozenset(n for n in needed if not row.text(n)) for row in rows],
                [frozenset(n for n, lines in row.cells.items() if len(lines) > 1) for row in rows],
                frozenset(read.continued),
                _valueless(spec, rows),
            )
        )
    return views


def build_report(
    path: str, data: bytes, pages: list[pdf.PageData], *, sha256: str | None = None
) -> Report:
    """The report in ``pages`` (read from the file ``path`` with contents ``data``, or whose
    contents hash to ``sha256``).

    A report shows its own structure: its title, its period and at least one of its tables;
    a document that merely mentions declined detainers is refused (``UnreadableReport``).
    """
    builder = Builder()
    count = len(pages)
    printed = [page_lines(page) for page in pages]
    # A page that repeats another (a broken merge) is set aside: its rows count once.
    copies = integrity.copies(pages, printed)
    if copies.of:
        printed = [ls for p, ls in zip(pages, printed, strict=True) if p.number not in copies.of]
        pages = [page for page in pages if page.number not in copies.of]
    laid = lay_out(pages, printed)
    raw, per_page, lines, sections = laid.raw, laid.per_page, laid.lines, laid.sections
    opening = text_of(lines[: sections.starts.get(1, len(lines))][:80])
    if not sections.starts or not any(m in opening.casefold() for m in layout.TITLE_MARKERS):
        raise refusals.not_a_report(path, laid.raw, pages, "no report title or sections found")
    starts = {number: lines[index].page for number, index in sections.starts.items()}

    reads = read_tables(laid, pages)
    last_page = 1
    early = None
    misread = refusals.misread_headings(lines) if refusals.is_ocr(pages) else {}
    for number in sorted(layout.SECTION_NAMES):
        spec = next((s for s in layout.TABLE_SPECS if s.section == number), None)
        if number not in sections.starts:
            # A missing table section loses its rows. The closing prose section loses none,
            # but when the file ends before it, its last pages may be gone, and with them
            # the end of the table before it (a row cut off mid-text would look whole).
            ends_early = spec is None and number > max(sections.starts)
            if number in misread:
                reason = refusals.ocr_reason(number, misread[number])
                builder.note_cause(f"{reason}: its table is not read", number, (last_page,),
                                   rows=None, partial=True)  # fmt: skip
            elif ends_early:
                early = number  # said once the rows it may have cut short are known
            else:
                builder.note("section not found", last_page, number, partial=spec is not None)
            continue
        last_page = starts[number]
        if number in misread:  # OCR misread the heading; its table was found by its header
            builder.note_cause(
                f"{refusals.ocr_reason(number, misread[number])}: its table is read from its "
                f"header on page {last_page}, and may be misread",
                number,
                (last_page,),
                rows=None,
                partial=True,
            )
        elif number in sections.headless:
            builder.note(
                f"heading not found (a page before may be missing or damaged); the table is "
                f"read from its header on page {last_page} and may be incomplete",
                last_page,
                number,
                partial=True,
            )
        if spec is None:
            continue
        read = reads[number]
        if not read.header_found:
            # A table section with no text under its heading has lost its table too.
            builder.note(
                "table header not recognised; no rows read", last_page, number, partial=True
            )
        elif not read.rows:
            builder.note("the table has no rows", last_page, number)

    period = values.parse_period(opening)
    section1 = reads.get(1)
    section1_text = text_of(section1.prose) if section1 else ""
    if period is None:
        period = values.parse_period(section1_text)
    tabled = any(read.header_found for read in reads.values())
    if period is None or not tabled:
        missing = [
            *(["no reporting period"] if period is None else []),
            *([] if tabled else ["none of the report's tables"]),
        ]
        raise refusals.not_a_report(path, laid.raw, pages, " and ".join(missing))
    start, end = period
    total = values.parse_issued_total(section1_text) if section1 else None
    if total is None:
        # Some editions may state the national figure in the summary instead.
        total = values.parse_issued_total(opening, strict=True)
    if section1 is not None and total is None:
        builder.note("national number of detainers issued not found", starts[1], 1)

    problems = integrity.page_problems(pages, raw, per_page, starts, table_views(reads))
    missing = integrity.missing_pages(raw, len(pages))
    # Rows that a page cut short, damaged, lost or missing may have cut short are left out.
    final = pages[-1].number if early else None
    dropped, left_out = integrity.left_out_rows(
        problems,
        missing,
        {n: [row.page for row in read.rows] for n, read in reads.items()},
        starts,
        integrity.full_pages(pages, per_page, {p.page for p in problems}),
        final,
        {n: read.continued for n, read in reads.items()},
    )
    if early and final:
        last = max(sections.starts)
        accounting.note_early_end(
            builder, early, last, count, left_out.get((final + 1, last), 0), final
        )
    columns = {}
    for spec in layout.TABLE_SPECS:
        read = reads.get(spec.section)
        rows = read.rows if read else []
        leave = dropped.get(spec.section, set())
        columns[spec.name] = builder.table(spec, [r for i, r in enumerate(rows) if i not in leave])
        if read:
            note_table(builder, spec, read)
    builder.summarise()
    findings = integrity.PageFindings(
        count,
        problems,
        missing,
        copies,
        left_out,
        starts,
        {spec.section for spec in layout.TABLE_SPECS},
    )
    accounting.check_pages(builder, findings, reads, raw, len(pages), columns)
    # The file ending early is the cause only when no page explains what is missing.
    causes = [d for d in builder.diagnostics if d.cause]
    if len(causes) > 1 and causes[0].message.startswith("the file ends early"):
        index = builder.diagnostics.index(causes[0])
        builder.diagnostics[index] = replace(causes[0], cause=False)
    # Root causes first: in the Reports pane, with --verbose, and in the cache.
    builder.diagnostics.sort(key=lambda d: not d.cause)
    if section1 is not None:
        accounting.check_listed(builder, section1_text, starts[1], columns[layout.RANKINGS.name])

    rankings = columns[layout.RANKINGS.name]
    rankings[schema.RANK] = competition_ranks(rankings[schema.DETAINERS_ISSUED])
    section2 = reads.get(2)
    declined = len(columns[layout.RECORDS.name][schema.STATE])
    digest = sha256 or hashlib.sha256(data).hexdigest()
    report = Report(
        reports=pl.DataFrame(),
        rankings=schema.conform(
            _frame(rankings, schema.RANKINGS, start, end, digest), schema.RANKINGS
        ),
        records=schema.conform(
            _frame(columns[layout.RECORDS.name], schema.RECORDS, start, end, digest),
            schema.RECORDS,
        ),
        policies=schema.conform(
            _frame(columns[layout.POLICIES.name], schema.POLICIES, start, end, digest),
            schema.POLICIES,
        ),
        diagnostics=builder.diagnostics,
    )
    front = text_of(lines[: sections.starts.get(1, len(lines))]).casefold()
    report.synthetic = any(marker in front for marker in layout.SYNTHETIC_MARKERS)
    report.reports = schema.conform(
        pl.DataFrame(
            {
                schema.SOURCE_FILE: [Path(path).name],
                schema.SHA256: [digest],
                schema.REPORT_START: [start],
                schema.REPORT_END: [end],
                schema.PAGES: [count],
                schema.DETAINERS_ISSUED_TOTAL: [total],
                # Unknown (not zero) when Section II or its table could not be found.
                schema.DECLINED_COUNT: [declined if section2 and section2.header_found else None],
                schema.PARSER_VERSION_COL: [schema.PARSER_VERSION],
                schema.COMPLETE: [report.complete],
            },
            schema=schema.REPORTS,
        ),
        schema.REPORTS,
    )
    return report
