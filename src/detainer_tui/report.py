"""``Report``: one parsed DDOR as four typed frames plus what the parser noticed."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from detainer_tui import schema


@dataclass(frozen=True)
class Diagnostic:
    """Something the parser could not read cleanly, with where it happened."""

    message: str
    page: int | None = None
    section: str | None = None

    def __str__(self) -> str:
        where = f"page {self.page}" if self.page is not None else "report"
        if self.section:
            where += f", {self.section}"
        return f"{where}: {self.message}"


@dataclass
class Report:
    """One report: a one-row ``reports`` frame, the three section tables and diagnostics."""

    reports: pl.DataFrame
    rankings: pl.DataFrame
    records: pl.DataFrame
    policies: pl.DataFrame
    diagnostics: list[Diagnostic] = field(default_factory=list)

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

    def diagnostics_frame(self) -> pl.DataFrame:
        """Diagnostics as a frame (for the cache and the Reports pane)."""
        return pl.DataFrame(
            {
                schema.SHA256: [self.sha256] * len(self.diagnostics),
                schema.PAGE: [d.page for d in self.diagnostics],
                schema.SECTION: [d.section for d in self.diagnostics],
                schema.MESSAGE: [d.message for d in self.diagnostics],
            },
            schema=schema.DIAGNOSTICS,
        )

    @staticmethod
    def diagnostics_from_frame(frame: pl.DataFrame) -> list[Diagnostic]:
        return [
            Diagnostic(
                message=row[schema.MESSAGE], page=row[schema.PAGE], section=row[schema.SECTION]
            )
            for row in frame.iter_rows(named=True)
        ]
