"""What a report read lacks, counted: the root causes the page checks found, the printed
page total the file does not reach, a Section II count its table falls short of, Section I's
figures against its rows, and a file that ends before its last section."""

from __future__ import annotations

from typing import Any

from detainer_tui import schema
from detainer_tui.ingest import completeness, integrity, layout, tables, values
from detainer_tui.ingest.columns import Builder, rows_text
from detainer_tui.ingest.lines import Line, text_of
from detainer_tui.report import page_span


def note_early_end(
    builder: Builder, missing: int, last: int, count: int, left_out: int, page: int
) -> None:
    """The file ends before section ``missing``: the end of section ``last`` may be lost."""
    cut = " (its last row, which may be cut short, is left out)" if left_out else ""
    builder.note_cause(
        f"the file ends early, on page {count}, before {layout.SECTION_NAMES[missing]}: "
        f"{layout.SECTION_NAMES[last]}'s table may be incomplete{cut}",
        last,
        (page,),
        rows=None,
        partial=True,
    )


def check_pages(
    builder: Builder,
    findings: integrity.PageFindings,
    reads: dict[int, tables.TableRead],
    raw: list[list[Line]],
    count: int,
    columns: dict[str, dict[str, list[Any]]],
) -> None:
    """Root causes (pages missing, damaged, cut short, empty, copied), the printed total the
    file does not reach, and a Section II count that disagrees with its table."""
    section2 = reads.get(2)
    stated = values.parse_declined_figure(text_of(section2.prose)) if section2 else None
    read_rows = len(columns[layout.RECORDS.name][schema.STATE])
    numbering = completeness.numbering(raw, count)
    if numbering is not None and numbering.stated_total not in (None, count):
        builder.note(
            f"the pages are numbered 'of {numbering.stated_total}' but the file has {count}",
            None,
            None,
            partial=numbering.stated_total > count,
        )
    accounted = sum(
        d.rows or 0
        for d in builder.diagnostics
        if d.partial and d.section == layout.SECTION_NAMES[2]
    )
    before = len(builder.diagnostics)
    integrity.note_pages(builder, findings, stated, read_rows)
    explained = any(d.section == layout.SECTION_NAMES[2] for d in builder.diagnostics[before:])
    unexplained = stated - read_rows - accounted if stated is not None else None
    if stated is not None and section2 is not None and not explained and unexplained:
        starts = findings.starts
        said = (
            f"the text on {page_span([starts[2]])} states {stated:,} declined detainers; "
            f"the table has {read_rows:,} rows"
        )
        builder.note(
            f"{rows_text(unexplained)} not read ({said})" if unexplained > 0 else said,
            starts[2],
            2,
            pages=(starts[2],),
            rows=unexplained if unexplained > 0 else None,
            partial=unexplained > 0,
        )
        integrity.qualify_counts(builder.diagnostics)


def check_listed(builder: Builder, text: str, page: int, rankings: dict[str, list[Any]]) -> None:
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
