"""``Report``: one parsed DDOR as four typed frames plus what the parser noticed."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from detainer_tui import schema


def page_span(pages: list[int] | tuple[int, ...] | set[int]) -> str:
    """``page 5``, ``pages 5–6``, ``pages 2, 5–7``: pages as a reader writes them."""
    numbers = sorted(set(pages))
    if not numbers:
        return ""
    runs = []
    for _, group in itertools.groupby(enumerate(numbers), key=lambda item: item[1] - item[0]):
        run = [n for _, n in group]
        runs.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    word = "page" if len(numbers) == 1 else "pages"
    return f"{word} {', '.join(runs)}"


@dataclass(frozen=True)
class Diagnostic:
    """Something the parser could not read cleanly, with where it happened.

    One diagnostic stands for one cause in one section, however many rows or pages it
    touches. ``partial`` is set when the tables lack something the report prints (rows,
    pages); ``rows`` is how many rows are missing because of it, when that is known.
    ``cause``: it names a root cause (a page missing, damaged, cut short, empty or copied),
    in words that say which section it concerns; the command line prints these first and
    leaves their consequences to ``--verbose``.
    """

    message: str
    page: int | None = None
    section: str | None = None
    pages: tuple[int, ...] = ()
    rows: int | None = None
    partial: bool = False
    cause: bool = False

    def __str__(self) -> str:
        if self.cause:  # the message says which pages and sections
            return self.message
        if self.pages:  # the message names its pages (a summary over rows or pages)
            return f"{self.section}: {self.message}" if self.section else self.message
        where = f"page {self.page}" if self.page is not None else "report"
        if self.section:
            where += f", {self.section}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class SectionStatus:
    """How completely one section's table was read."""

    section: str
    rows_read: int
    rows_expected: int | None  # None: the report does not say and it cannot be counted
    pages: tuple[int, ...]  # pages whose rows were not (all) read
    diagnostics: tuple[Diagnostic, ...]


# Section of each table, in the words the diagnostics use.
TABLE_SECTIONS = {"rankings": "Section I", "records": "Section II", "policies": "Section III"}


@dataclass
class Report:
    """One report: a one-row ``reports`` frame, the three section tables and diagnostics."""

    reports: pl.DataFrame
    rankings: pl.DataFrame
    records: pl.DataFrame
    policies: pl.DataFrame
    diagnostics: list[Diagnostic] = field(default_factory=list)
    synthetic: bool = False
    """The document says it is no ICE publication but a synthetic sample (see
    ``ingest.layout.SYNTHETIC_MARKERS``)."""

    def table(self, name: str) -> pl.DataFrame:
        """The frame for an export table name (``reports``, ``rankings``, ...)."""
        if name not in schema.TABLES:
            raise KeyError(name)
        return getattr(self, name)

    @property
    def sha256(self) -> str:
        return self.reports.item(0, schema.SHA256)

    @property
    def source_file(self) -> str:
        return self.reports.item(0, schema.SOURCE_FILE)

    @property
    def complete(self) -> bool:
        """Whether everything the report prints was read (no diagnostic marks it partial)."""
        return not any(d.partial for d in self.diagnostics)

    def partial_reasons(self) -> list[Diagnostic]:
        """The diagnostics that make this report a partial read, one per section and cause."""
        return [d for d in self.diagnostics if d.partial]

    def section_status(self) -> list[SectionStatus]:
        """Per table: rows read against rows expected, and the pages affected (for showing a
        partial report; every section is listed, complete or not)."""
        out = []
        for table, section in TABLE_SECTIONS.items():
            found = tuple(d for d in self.diagnostics if d.partial and d.section == section)
            read = self.table(table).height
            unknown = any(d.rows is None for d in found)
            expected = None if unknown else read + sum(d.rows or 0 for d in found)
            pages = tuple(sorted({p for d in found for p in d.pages}))
            out.append(SectionStatus(section, read, expected, pages, found))
        return out

    def diagnostics_frame(self) -> pl.DataFrame:
        """Diagnostics as a frame (for the cache and the Reports pane)."""
        return pl.DataFrame(
            {
                schema.SHA256: [self.sha256] * len(self.diagnostics),
                schema.PAGE: [d.page for d in self.diagnostics],
                schema.SECTION: [d.section for d in self.diagnostics],
                schema.MESSAGE: [d.message for d in self.diagnostics],
                schema.AFFECTED_PAGES: [list(d.pages) for d in self.diagnostics],
                schema.ROWS_NOT_READ: [d.rows for d in self.diagnostics],
                schema.PARTIAL: [d.partial for d in self.diagnostics],
                schema.CAUSE: [d.cause for d in self.diagnostics],
            },
            schema=schema.DIAGNOSTICS,
        )

    @staticmethod
    def diagnostics_from_frame(frame: pl.DataFrame) -> list[Diagnostic]:
        return [
            Diagnostic(
                message=row[schema.MESSAGE],
                page=row[schema.PAGE],
                section=row[schema.SECTION],
                pages=tuple(row[schema.AFFECTED_PAGES] or ()),
                rows=row[schema.ROWS_NOT_READ],
                partial=bool(row[schema.PARTIAL]),
                cause=bool(row.get(schema.CAUSE)),
            )
            for row in frame.iter_rows(named=True)
        ]


def in_order(reports: Iterable[Report]) -> list[Report]:
    """``reports`` by period (start, then end; an unknown period last), then by file name,
    then by file hash: one order whatever was cached or parsed first, so every table, pane
    and export lists the same rows in the same order on every run."""

    def key(report: Report) -> tuple[Any, ...]:
        frame = report.reports
        start = frame.item(0, schema.REPORT_START) if frame.height else None
        end = frame.item(0, schema.REPORT_END) if frame.height else None
        source = frame.item(0, schema.SOURCE_FILE) if frame.height else None
        sha = frame.item(0, schema.SHA256) if frame.height else None
        return (
            start is None,
            start or date.min,
            end is None,
            end or date.min,
            source or "",
            sha or "",
        )

    return sorted(reports, key=key)
