"""One DDOR PDF in, one ``Report`` out: sections, period, totals and the three tables."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import completeness, layout, pdf, sniff, tables, textless, values
from detainer_tui.ingest import settings as settings_module
from detainer_tui.ingest.headers import header_at
from detainer_tui.ingest.lines import Line, page_lines, strip_furniture
from detainer_tui.ingest.settings import ParserSettings
from detainer_tui.ingest.tables import RawRow
from detainer_tui.ranking import competition_ranks
from detainer_tui.report import Diagnostic, Report, page_span

Progress = Callable[[int, int], None]


@dataclass
class _Sections:
    """Where each section starts (index into the report's lines) and its lines."""

    starts: dict[int, int]
    regions: dict[int, list[Line]]


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
    order = sorted(starts.items(), key=lambda item: item[1])
    regions = {}
    for k, (number, start) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else len(lines)
        regions[number] = lines[start + 1 : end]
    return _Sections(starts, regions)


def _text(lines: list[Line]) -> str:
    return values.clean_text(" ".join(line.text for line in lines))


class _Builder:
    """Turns raw rows into typed columns by each column's role, noting what it could not read.

    Problems are gathered by section and cause, and become one diagnostic each (``summarise``):
    a report of 200 unreadable rows says so once, with their pages.
    """

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        # (section, cause) -> pages of the rows concerned, and example values
        self.skipped: dict[tuple[int, str], tuple[list[int], list[str]]] = {}
        self.empty: dict[tuple[int, str], list[int]] = {}

    def note(
        self,
        message: str,
        page: int | None,
        section: int | None,
        *,
        pages: tuple[int, ...] = (),
        rows: int | None = None,
        partial: bool = False,
    ) -> None:
        name = layout.SECTION_NAMES.get(section) if section else None
        self.diagnostics.append(
            Diagnostic(message, page, name, tuple(sorted(set(pages))), rows, partial)
        )

    def table(self, spec: layout.TableSpec, rows: list[RawRow]) -> dict[str, list[Any]]:
        """The typed columns of ``spec``'s table (plus the page each row starts on)."""
        out: dict[str, list[Any]] = {name: [] for name in spec.outputs}
        out[schema.SOURCE_PAGE] = []
        combined = [role for role in spec.columns if role.supplies]
        for row in rows:
            found: dict[str, Any] = {}
            problems: list[tuple[str, str]] = []
            # A combined column ("County, State") stands in for the columns it supplies.
            supplied = {name for r in combined if r.field in row.cells for name in r.supplies}
            for role in spec.columns:
                if role.field in supplied or (role.supplies and role.field not in row.cells):
                    continue
                lines = row.cells.get(role.field, [])
                text = row.text(role.field)
                if role.kind in values.PARSERS:
                    value = values.parse_lines(role.kind, lines) if text else None
                    if not text:
                        problems.append((f"no {_what(role)}", ""))
                    elif value is None:
                        shown = text if len(text) <= 60 else text[:57] + "..."
                        problems.append((f"{_what(role)} not readable", shown))
                    if role.supplies:
                        found.update(
                            zip(role.supplies, value or (None,) * len(role.supplies), strict=True)
                        )
                    else:
                        found[role.field] = value
                elif role.kind == layout.OFFENCES:
                    found[role.field] = values.split_offences(text)
                else:
                    found[role.field] = text or None
                    if not text and role.required:
                        self.empty.setdefault((spec.section, _what(role)), []).append(row.page)
            if problems:
                cause = " and ".join(dict.fromkeys(kind for kind, _ in problems))
                pages, examples = self.skipped.setdefault((spec.section, cause), ([], []))
                pages.append(row.page)
                examples.extend(repr(text) for _, text in problems if text)
                continue
            for name, value in found.items():
                out[name].append(value)
            out[schema.SOURCE_PAGE].append(row.page)
        return out

    def summarise(self) -> None:
        """One diagnostic per section and cause for the rows skipped and the empty cells."""
        for (section, cause), (pages, examples) in self.skipped.items():
            shown = list(dict.fromkeys(examples))
            more = f", {', '.join(shown[:3])}" + (" ..." if len(shown) > 3 else "") if shown else ""
            self.note(
                f"{_rows(len(pages))} not read ({cause}{more}; {page_span(pages)})",
                pages[0],
                section,
                pages=tuple(pages),
                rows=len(pages),
                partial=True,
            )
        for (section, what), pages in self.empty.items():
            self.note(
                f"{_rows(len(pages))} with no {what}, kept with it empty ({page_span(pages)})",
                pages[0],
                section,
                pages=tuple(pages),
            )


def _what(role: layout.ColumnRole) -> str:
    """A column's name in a diagnostic."""
    return role.field.replace("_", " ")


def _rows(count: int) -> str:
    return f"{count:,} row" + ("" if count == 1 else "s")


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


def read_document(path: str, progress: Progress | None = None) -> tuple[bytes, list[pdf.PageData]]:
    """The bytes of the PDF at ``path`` and its pages as read, once it can be a report.

    This is the part of parsing that meets the file's bytes (``parse_bounded`` runs it in a
    process of its own). Raises ``UnreadableReport`` for a file that is not a whole PDF
    (``sniff``), cannot be opened or read, has no text that can be read, or whose first pages
    show it is some other document: those are read first, so a long document that is no
    report is refused without reading the rest.
    """
    data = sniff.read_pdf_bytes(path)
    document = pdf.open_pdf(path, data)
    try:
        total = len(document.pages)
        first = min(total, settings_module.current().first_pages)
        pages = pdf.read_pages(path, document, progress, range(first))
        if first < total and opening_is_a_report(pages) is False:
            raise UnreadableReport(
                path,
                f"not a Declined Detainer Outcome Report (no report title and period on its "
                f"first {first} pages)",
            )
        pages += pdf.read_pages(path, document, progress, range(first, total))
    except (UnreadableReport, MemoryError):
        raise
    except Exception as error:  # pdfminer failing outside any single page
        raise pdf.damaged(path, data) from error
    finally:
        document.close()
    if sum(page.chars for page in pages) == 0:
        # No text at all: a scan, or text this reader cannot get at (textless says which).
        damaged = not pages or any(page.error or page.damage for page in pages)
        why = textless.reason(data, damaged=damaged)
        raise UnreadableReport(path, why) if why else pdf.damaged(path, data)
    if _undecodable(pages):
        raise UnreadableReport(
            path, "the PDF's text cannot be decoded (its fonts have no Unicode mapping)"
        )
    return data, pages


def opening_is_a_report(pages: list[pdf.PageData]) -> bool | None:
    """Whether the first ``pages`` show a report's title and its period; None when they
    cannot tell (a page is damaged or carries no text, so the title may be lost)."""
    if not pages or any(page.error or page.damage or not page.words for page in pages):
        return None
    text = _text([line for page in pages for line in page_lines(page)]).casefold()
    return any(marker in text for marker in layout.TITLE_MARKERS) and (
        values.parse_period(text) is not None
    )


def _undecodable(pages: list[pdf.PageData]) -> bool:
    """Whether most of the text is pdfminer's "(cid:NN)" placeholders for unmapped glyphs."""
    words = [w.text for page in pages for w in page.words]
    unmapped = sum(1 for text in words if "(cid:" in text)
    return bool(words) and unmapped > 0.5 * len(words)


@dataclass
class PageLayout:
    """The report's pages as lines: as printed (``raw``), without running headers and page
    numbers (``per_page``, ``lines``), and where each section starts."""

    raw: list[list[Line]]
    per_page: list[list[Line]]
    lines: list[Line]
    sections: _Sections


def lay_out(pages: list[pdf.PageData]) -> PageLayout:
    """Lines of every page, page furniture set aside, and the sections found."""
    raw = [page_lines(page) for page in pages]
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


def build_report(
    path: str, data: bytes, pages: list[pdf.PageData], *, sha256: str | None = None
) -> Report:
    """The report in ``pages`` (read from the file ``path`` with contents ``data``, or whose
    contents hash to ``sha256``).

    A report shows its own structure: its title, its period and at least one of its tables;
    a document that merely mentions declined detainers is refused (``UnreadableReport``).
    """
    builder = _Builder()
    laid = lay_out(pages)
    raw, per_page, lines, sections = laid.raw, laid.per_page, laid.lines, laid.sections
    opening = _text(lines[: sections.starts.get(1, len(lines))][:80])
    if not sections.starts or not any(m in opening.casefold() for m in layout.TITLE_MARKERS):
        raise _not_a_report(path, laid, pages, "no report title or sections found")
    starts = {number: lines[index].page for number, index in sections.starts.items()}

    reads = read_tables(laid, pages)
    last_page = 1
    for number in sorted(layout.SECTION_NAMES):
        spec = next((s for s in layout.TABLE_SPECS if s.section == number), None)
        if number not in sections.starts:
            # A missing table section loses its rows. The closing prose section loses none,
            # but when the file ends before it, its last pages may be gone, and with them
            # the end of the table before it (a row cut off mid-text would look whole).
            ends_early = spec is None and number > max(sections.starts)
            message = "section not found"
            if ends_early:
                last = layout.SECTION_NAMES[max(sections.starts)]
                message += f" (the file may end early: the last rows of {last} may be missing)"
            builder.note(message, last_page, number, partial=spec is not None or ends_early)
            continue
        last_page = starts[number]
        if spec is None:
            continue
        read = reads[number]
        if not read.header_found:
            builder.note(
                "table header not recognised; no rows read",
                last_page,
                number,
                partial=bool(sections.regions[number]),
            )
        elif not read.rows:
            builder.note("the table has no rows", last_page, number)

    period = values.parse_period(opening)
    section1 = reads.get(1)
    section1_text = _text(section1.prose) if section1 else ""
    if period is None:
        period = values.parse_period(section1_text)
    tabled = any(read.header_found for read in reads.values())
    if period is None or not tabled:
        missing = [
            *(["no reporting period"] if period is None else []),
            *([] if tabled else ["none of the report's tables"]),
        ]
        raise _not_a_report(path, laid, pages, " and ".join(missing))
    start, end = period
    total = values.parse_issued_total(section1_text) if section1 else None
    if total is None:
        # Some editions may state the national figure in the summary instead.
        total = values.parse_issued_total(opening, strict=True)
    if section1 is not None and total is None:
        builder.note("national number of detainers issued not found", starts[1], 1)

    columns = {}
    for spec in layout.TABLE_SPECS:
        read = reads.get(spec.section)
        columns[spec.name] = builder.table(spec, read.rows if read else [])
        if read:
            _note_table(builder, spec, read)
    builder.summarise()
    _check_pages(builder, pages, raw, per_page, starts, reads, columns)
    if section1 is not None:
        _check_listed(builder, section1_text, starts[1], columns[layout.RANKINGS.name])

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
    front = _text(lines[: sections.starts.get(1, len(lines))]).casefold()
    report.synthetic = any(marker in front for marker in layout.SYNTHETIC_MARKERS)
    report.reports = schema.conform(
        pl.DataFrame(
            {
                schema.SOURCE_FILE: [Path(path).name],
                schema.SHA256: [digest],
                schema.REPORT_START: [start],
                schema.REPORT_END: [end],
                schema.PAGES: [len(pages)],
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


def _not_a_report(
    path: str, laid: PageLayout, pages: list[pdf.PageData], missing: str
) -> UnreadableReport:
    """The refusal of a file that does not show a report's structure. When its first page is
    damaged, or missing (the first page printed a number above 1), that is the reason given:
    the title and period are printed there."""
    first = pages[0] if pages else None
    if first is not None and (first.error or first.damage or not first.words):
        what = "damaged" if first.error or first.damage else "without text"
        return UnreadableReport(
            path, f"page 1 is {what}, and the rest does not show a report ({missing})"
        )
    printed = completeness.printed_numbers(laid.raw).get(1, (1, None))[0]
    if printed > 1:
        return UnreadableReport(
            path,
            f"its first page is numbered {printed}: the pages before it, which show the "
            f"report's title, are missing ({missing})",
        )
    return UnreadableReport(path, f"not a Declined Detainer Outcome Report ({missing})")


def _note_table(builder: _Builder, spec: layout.TableSpec, read: tables.TableRead) -> None:
    """Diagnostics for a table's unplaced words, inferred columns and lost row-like lines."""
    inferred: dict[tuple[str, str], list[int]] = {}
    for page, header, field in read.inferred:
        inferred.setdefault((header, field), []).append(page)
    for (header, field), pages in inferred.items():
        builder.note(
            f"column headed {header!r} read as {field.replace('_', ' ')} from its values "
            f"({page_span(pages)})",
            pages[0],
            spec.section,
            pages=tuple(pages),
        )
    by_why: dict[str, list[tables.Unplaced]] = {}
    for item in read.unplaced:
        by_why.setdefault(item.why, []).append(item)
    for why, items in by_why.items():
        count = sum(len(item.text.split()) for item in items)
        pages = [item.page for item in items]
        example = items[0].text if len(items[0].text) <= 60 else items[0].text[:57] + "..."
        builder.note(
            f"{count:,} word{'s' if count != 1 else ''} in no cell ({why}, {page_span(pages)}: "
            f"{example!r})",
            pages[0],
            spec.section,
            pages=tuple(pages),
        )
    if spec.numeric_anchors and len(read.row_like) > len(read.rows):
        # Two rows' values read as one row (a missing rule, values on one line): the lines
        # that begin rows are there, the rows are not.
        lost = len(read.row_like) - len(read.rows)
        builder.note(
            f"{_rows(lost)} not read ({len(read.row_like):,} lines begin a row but "
            f"{len(read.rows):,} rows were found; {page_span(read.row_like)})",
            read.row_like[0],
            spec.section,
            pages=tuple(read.row_like),
            rows=lost,
            partial=True,
        )


def _section_of(page: int, starts: dict[int, int]) -> int | None:
    """The section printed on ``page`` (the later one where two share the page)."""
    found = [number for number, first in starts.items() if first <= page]
    return max(found) if found else None


def _check_pages(
    builder: _Builder,
    pages: list[pdf.PageData],
    raw: list[list[Line]],
    per_page: list[list[Line]],
    starts: dict[int, int],
    reads: dict[int, tables.TableRead],
    columns: dict[str, dict[str, list[Any]]],
) -> None:
    """Pages that could not be read, missing pages, and a Section II count that disagrees."""
    tabled = {spec.section for spec in layout.TABLE_SPECS}
    # (section, cause) -> pages
    problems: dict[tuple[int | None, str], list[int]] = {}
    for problem in completeness.page_problems(pages, per_page):
        section = _section_of(problem.page, starts)
        problems.setdefault((section, problem.cause), []).append(problem.page)
    numbering = completeness.numbering(raw, len(pages))
    if numbering is not None:
        for page, before, after in numbering.gaps:
            cause = f"are followed by missing pages: printed page {before}, then {after}"
            problems.setdefault((_section_of(page, starts), cause), []).append(page)
        if numbering.stated_total is not None and numbering.stated_total != len(pages):
            builder.note(
                f"the pages are numbered 'of {numbering.stated_total}' but the file has "
                f"{len(pages)}",
                None,
                None,
                partial=numbering.stated_total > len(pages),
            )
    # The count Section II states, less the rows already accounted for, is what the page
    # problems in that section lost (when they are its only unexplained cause).
    stated = None
    section2 = reads.get(2)
    read_rows = len(columns[layout.RECORDS.name][schema.STATE])
    if section2 is not None:
        stated = values.parse_declined_figure(_text(section2.prose))
    accounted = sum(
        d.rows or 0
        for d in builder.diagnostics
        if d.partial and d.section == layout.SECTION_NAMES[2]
    )
    unexplained = stated - read_rows - accounted if stated is not None else None
    section2_causes = [key for key in problems if key[0] == 2]
    for (section, cause), numbers in problems.items():
        partial = section in tabled
        rows = None
        if section == 2 and unexplained is not None and len(section2_causes) == 1:
            rows = max(unexplained, 0)
        verb = cause if len(numbers) > 1 else singular(cause)
        where = f"{page_span(numbers)} {verb}"
        if partial:
            where = f"{_rows(rows) if rows else 'rows'} not read ({where})"
        builder.note(
            where,
            numbers[0],
            section,
            pages=tuple(numbers),
            rows=rows,
            partial=partial,
        )
    if stated is not None and section2 is not None and not section2_causes and unexplained:
        said = (
            f"the text on {page_span([starts[2]])} states {stated:,} declined detainers; "
            f"the table has {read_rows:,} rows"
        )
        builder.note(
            f"{_rows(unexplained)} not read ({said})" if unexplained > 0 else said,
            starts[2],
            2,
            pages=(starts[2],),
            rows=unexplained if unexplained > 0 else None,
            partial=unexplained > 0,
        )


def _check_listed(builder: _Builder, text: str, page: int, rankings: dict[str, list[Any]]) -> None:
    """Section I's rows against the figures its text states ("157 to these ten
    jurisdictions"): fewer rows or a smaller total than stated is a partial read."""
    section = layout.SECTION_NAMES[1]
    known = [d for d in builder.diagnostics if d.partial and d.section == section]
    if any(d.rows is None for d in known):
        return  # already read in part, by an amount that cannot be counted
    found = completeness.listed_figures(
        values.parse_listed_figures(text),
        rankings[schema.DETAINERS_ISSUED],
        sum(d.rows or 0 for d in known),
        page,
    )
    if found is not None:
        builder.note(found.message, page, 1, pages=(page,), rows=found.rows, partial=found.partial)


def singular(cause: str) -> str:
    """ "have no text layer" said of one page."""
    for plural, single in (("have ", "has "), ("are ", "is ")):
        if cause.startswith(plural):
            return single + cause[len(plural) :]
    return cause
