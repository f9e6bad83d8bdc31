"""One DDOR PDF in, one ``Report`` out: sections, period, totals and the three tables."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.errors import UnreadableReport
from detainer_tui.ingest import layout, pdf, tables, values
from detainer_tui.ingest.tables import Line, RawRow
from detainer_tui.ranking import competition_ranks
from detainer_tui.report import Diagnostic, Report

Progress = Callable[[int, int], None]


@dataclass
class _Sections:
    """Where each section starts (index into the report's lines) and its lines."""

    starts: dict[int, int]
    regions: dict[int, list[Line]]


def _find_sections(lines: list[Line]) -> _Sections:
    """Section headings, telling them apart from the summary's list of the same sections.

    The summary on page 1 names the sections in the same words, possibly without a bullet, so
    a heading is the *last* line beginning "Section N:" that still comes before the heading of
    every later section.
    """
    candidates: dict[int, list[int]] = {n: [] for n in layout.SECTION_NAMES}
    for index, line in enumerate(lines):
        match = layout.SECTION_HEADING.match(line.text)
        if match:
            candidates[layout.SECTION_NUMERALS[match.group(1).upper()]].append(index)
    starts: dict[int, int] = {}
    limit = len(lines)
    for number in sorted(candidates, reverse=True):
        before = [i for i in candidates[number] if i < limit]
        if before:
            starts[number] = before[-1]
            limit = before[-1]
    order = sorted(starts.items(), key=lambda item: item[1])
    regions = {}
    for k, (number, start) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else len(lines)
        regions[number] = lines[start + 1 : end]
    return _Sections(starts, regions)


def _text(lines: list[Line]) -> str:
    return values.clean_text(" ".join(line.text for line in lines))


class _Builder:
    """Turns raw rows into typed columns, noting every value it could not read."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def note(self, message: str, page: int | None, section: int | None) -> None:
        name = layout.SECTION_NAMES.get(section) if section else None
        self.diagnostics.append(Diagnostic(message=message, page=page, section=name))

    def _required(self, row: RawRow, name: str, section: int, what: str) -> str | None:
        text = row.text(name)
        if not text:
            self.note(f"a row has no {what}; kept with an empty {what}", row.page, section)
            return None
        return text

    def _typed(
        self, row: RawRow, section: int, fields: list[tuple[str, str, Callable[[str], Any]]]
    ) -> list[Any] | None:
        """The row's state, date or count values; ``None`` (row skipped) if any is unreadable.

        One diagnostic per skipped row, naming every value that could not be read.
        """
        found: list[Any] = []
        problems: list[str] = []
        for name, what, parse in fields:
            text = row.text(name)
            value = parse(text) if text else None
            if not text:
                problems.append(f"its {what} cell is empty")
            elif value is None:
                shown = text if len(text) <= 60 else text[:57] + "..."
                problems.append(f"{what} {shown!r} could not be read")
            found.append(value)
        if problems:
            self.note("row skipped: " + "; ".join(problems), row.page, section)
            return None
        return found

    def rankings(self, rows: list[RawRow]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {
            schema.RANK: [],
            schema.JURISDICTION: [],
            schema.STATE: [],
            schema.DETAINERS_ISSUED: [],
        }
        for row in rows:
            typed = self._typed(
                row,
                1,
                [
                    (schema.STATE, "state", values.parse_state),
                    (schema.DETAINERS_ISSUED, "number of detainers", values.parse_count),
                ],
            )
            if typed is None:
                continue
            state, count = typed
            out[schema.JURISDICTION].append(self._required(row, schema.JURISDICTION, 1, "name"))
            out[schema.STATE].append(state)
            out[schema.DETAINERS_ISSUED].append(count)
        out[schema.RANK] = competition_ranks(out[schema.DETAINERS_ISSUED])
        return out

    def records(self, rows: list[RawRow]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {
            name: []
            for name in (
                schema.STATE,
                schema.JURISDICTION,
                schema.FACILITY,
                schema.CITIZENSHIP,
                schema.CRIMINAL_ACTIVITY,
                schema.DETAINER_ISSUED,
                schema.DETAINER_DECLINED,
                schema.SOURCE_PAGE,
            )
        }
        for row in rows:
            typed = self._typed(
                row,
                2,
                [
                    (schema.STATE, "state", values.parse_state),
                    (schema.DETAINER_ISSUED, "issue date", values.parse_date),
                    (schema.DETAINER_DECLINED, "decline date", values.parse_date),
                ],
            )
            if typed is None:
                continue
            state, issued, declined = typed
            out[schema.STATE].append(state)
            out[schema.JURISDICTION].append(
                self._required(row, schema.JURISDICTION, 2, "jurisdiction")
            )
            out[schema.FACILITY].append(self._required(row, schema.FACILITY, 2, "facility"))
            out[schema.CITIZENSHIP].append(
                self._required(row, schema.CITIZENSHIP, 2, "citizenship")
            )
            # No notable criminal activity is a normal, empty list, not a missing value.
            out[schema.CRIMINAL_ACTIVITY].append(
                values.split_offences(row.text(schema.CRIMINAL_ACTIVITY))
            )
            out[schema.DETAINER_ISSUED].append(issued)
            out[schema.DETAINER_DECLINED].append(declined)
            out[schema.SOURCE_PAGE].append(row.page)
        return out

    def policies(self, rows: list[RawRow]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {
            name: []
            for name in (
                schema.STATE,
                schema.JURISDICTION,
                schema.POLICY_TYPE,
                schema.POLICY,
                schema.SOURCE_PAGE,
            )
        }
        for row in rows:
            typed = self._typed(row, 3, [(schema.STATE, "state", values.parse_state)])
            if typed is None:
                continue
            (state,) = typed
            out[schema.STATE].append(state)
            out[schema.JURISDICTION].append(
                self._required(row, schema.JURISDICTION, 3, "jurisdiction")
            )
            out[schema.POLICY_TYPE].append(self._required(row, schema.POLICY_TYPE, 3, "type"))
            out[schema.POLICY].append(self._required(row, schema.POLICY, 3, "policy text"))
            out[schema.SOURCE_PAGE].append(row.page)
        return out


def _frame(columns: dict[str, list[Any]], table: pl.Schema, start: Any, end: Any) -> pl.DataFrame:
    rows = len(next(iter(columns.values()))) if columns else 0
    data = {schema.REPORT_START: [start] * rows, schema.REPORT_END: [end] * rows, **columns}
    return pl.DataFrame({name: data[name] for name in table}, schema=table, strict=False)


def parse_report(path: str | Path, *, progress: Progress | None = None) -> Report:
    """Parse one Declined Detainer Outcome Report PDF into a ``Report``.

    ``source_file`` is the file's name without its folder (``path.name``): what a reader
    recognises, and no local folder names leak into exported tables. ``progress(pages_done,
    pages_total)`` is called from the calling thread as pages are read.

    Raises ``UnreadableReport`` (one reason per kind of problem) for a file that cannot be
    read as a DDOR. Problems inside a readable report become ``Report.diagnostics`` instead:
    a row whose state, date or count is empty or cannot be read is skipped; a row with an
    empty text cell (jurisdiction, facility, ...) is kept with a null there.
    """
    path_str = str(path)
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError as error:
        raise UnreadableReport(path_str, "this is a folder, not a PDF file") from error
    except OSError as error:
        raise UnreadableReport(path_str, f"cannot be read ({error.strerror})") from error
    pdf.check_bytes(path_str, data)
    document = pdf.open_pdf(path_str, data)
    try:
        pages = pdf.read_pages(path_str, document, progress)
    except UnreadableReport:
        raise
    except Exception as error:  # pdfminer failing outside any single page
        raise pdf.damaged(path_str, data) from error
    finally:
        document.close()
    if not pages or all(page.error for page in pages):
        raise pdf.damaged(path_str, data)
    if sum(page.chars for page in pages) == 0:
        if any(page.error for page in pages):
            raise pdf.damaged(path_str, data)
        raise UnreadableReport(
            path_str, "the PDF has no text layer (a scanned image?); it would need OCR first"
        )
    if _undecodable(pages):
        raise UnreadableReport(
            path_str, "the PDF's text cannot be decoded (its fonts have no Unicode mapping)"
        )
    try:
        return build_report(path_str, data, pages)
    except UnreadableReport:
        raise
    except Exception as error:
        # Text laid out in a way no rule here foresaw must not crash a batch of files; the
        # chained exception keeps the details for a bug report.
        raise UnreadableReport(
            path_str, f"the report's layout could not be read ({type(error).__name__})"
        ) from error


def _undecodable(pages: list[pdf.PageData]) -> bool:
    """Whether most of the text is pdfminer's "(cid:NN)" placeholders for unmapped glyphs."""
    words = [w.text for page in pages for w in page.words]
    unmapped = sum(1 for text in words if "(cid:" in text)
    return bool(words) and unmapped > 0.5 * len(words)


def build_report(path: str, data: bytes, pages: list[pdf.PageData]) -> Report:
    """The report in ``pages`` (read from the file ``path`` with contents ``data``)."""
    builder = _Builder()
    for page in pages:
        if page.error:
            reason = values.clean_text(page.error)[:120]
            builder.note(f"page could not be read ({reason})", page.number, None)

    per_page = [tables.page_lines(page) for page in pages]
    per_page = tables.strip_furniture(
        per_page, protect=lambda lines, i: tables.header_at(lines, i, layout.TABLE_SPECS)
    )
    lines = [line for page_lines in per_page for line in page_lines]
    sections = _find_sections(lines)
    opening = _text(lines[: sections.starts.get(1, len(lines))][:80])
    if not sections.starts or not any(m in opening.casefold() for m in layout.TITLE_MARKERS):
        raise UnreadableReport(
            path, "not a Declined Detainer Outcome Report (no report title or sections found)"
        )

    by_number = {page.number: page for page in pages}
    last_page = 1
    reads: dict[str, tables.TableRead] = {}
    for number in sorted(layout.SECTION_NAMES):
        if number not in sections.starts:
            builder.note("section not found", last_page, number)
            continue
        last_page = lines[sections.starts[number]].page
        spec = next((s for s in layout.TABLE_SPECS if s.section == number), None)
        if spec is None:
            continue
        read = tables.read_table(spec, sections.regions[number], by_number)
        reads[spec.name] = read
        if not read.header_found:
            builder.note("table header not recognised; no rows read", last_page, number)
        elif not read.rows:
            builder.note("the table has no rows", last_page, number)

    period = values.parse_period(opening)
    section1 = reads.get(layout.RANKINGS.name)
    section1_text = _text(section1.prose) if section1 else ""
    if period is None:
        period = values.parse_period(section1_text)
    if period is None:
        builder.note("reporting period not found on the first page", 1, None)
    start, end = period if period else (None, None)
    total = values.parse_issued_total(section1_text) if section1 else None
    if total is None:
        # Some editions may state the national figure in the summary instead.
        total = values.parse_issued_total(opening, strict=True)
    if section1 is not None and total is None:
        builder.note(
            "national number of detainers issued not found",
            lines[sections.starts[1]].page,
            1,
        )

    empty_rows: list[RawRow] = []
    rankings = builder.rankings(section1.rows if section1 else empty_rows)
    section2 = reads.get(layout.RECORDS.name)
    records = builder.records(section2.rows if section2 else empty_rows)
    section3 = reads.get(layout.POLICIES.name)
    policies = builder.policies(section3.rows if section3 else empty_rows)

    if section2 is not None:
        stated = values.parse_declined_figure(_text(section2.prose))
        if stated is not None and stated != len(section2.rows):
            builder.note(
                f"the text states {stated:,} declined detainers but the table has "
                f"{len(section2.rows):,} rows",
                lines[sections.starts[2]].page,
                2,
            )

    declined = len(records[schema.STATE])
    reports = pl.DataFrame(
        {
            schema.SOURCE_FILE: [Path(path).name],
            schema.SHA256: [hashlib.sha256(data).hexdigest()],
            schema.REPORT_START: [start],
            schema.REPORT_END: [end],
            schema.PAGES: [len(pages)],
            schema.DETAINERS_ISSUED_TOTAL: [total],
            # Unknown (not zero) when Section II or its table could not be found.
            schema.DECLINED_COUNT: [declined if section2 and section2.header_found else None],
            schema.PARSER_VERSION_COL: [schema.PARSER_VERSION],
        },
        schema=schema.REPORTS,
    )
    return Report(
        reports=schema.conform(reports, schema.REPORTS),
        rankings=schema.conform(_frame(rankings, schema.RANKINGS, start, end), schema.RANKINGS),
        records=schema.conform(_frame(records, schema.RECORDS, start, end), schema.RECORDS),
        policies=schema.conform(_frame(policies, schema.POLICIES, start, end), schema.POLICIES),
        diagnostics=builder.diagnostics,
    )
