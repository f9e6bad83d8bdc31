"""Reports by their periods: the period as people write it, a label per open report, and the
one-line summary of what is open."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.report import Report
from detainer_tui.text import printable

SUMMARY_REPORTS = 4
"""Reports the header names one by one; beyond this it counts them."""


def period_label(start: date | None, end: date | None) -> str | None:
    """A report's period as people write it: ``Jan 28–Feb 3, 2017``, ``Feb 4–10, 2017``."""
    if start is None or end is None:
        return None

    def day(value: date) -> str:
        return f"{value:%b} {value.day}"

    if start.year != end.year:
        return f"{day(start)}, {start.year}–{day(end)}, {end.year}"
    if start.month == end.month:
        return f"{day(start)}–{end.day}, {end.year}"
    return f"{day(start)}–{day(end)}, {end.year}"


def first(frame: pl.DataFrame, column: str) -> Any:
    """The first row's ``column`` of a one-row frame (a report's summary), or None."""
    if frame.height == 0 or column not in frame.columns:
        return None
    return frame.item(0, column)


def file_name(report: Report) -> str:
    """The report's file name, without its folder, made printable."""
    return printable(Path(first(report.reports, schema.SOURCE_FILE) or "").name)


def report_labels(reports: Iterable[Report]) -> tuple[str, ...]:
    """A short label per report: its period, plus its file name where periods repeat."""
    bases: list[str] = []
    names: list[str] = []
    for report in reports:
        # Labels reach the toolbar, status line and command palette: printable at the source.
        name = file_name(report)
        period = period_label(
            first(report.reports, schema.REPORT_START), first(report.reports, schema.REPORT_END)
        )
        bases.append(period or name or "report")
        names.append(name)
    labels = []
    for base, name in zip(bases, names, strict=True):
        if bases.count(base) > 1 and name and name != base:
            labels.append(f"{base} · {name}")
        else:
            labels.append(base)
    # Identical files opened twice still need distinct labels.
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return tuple(unique)


def span(reports: Sequence[Report]) -> str | None:
    """The span covered by all ``reports``, e.g. ``Jan 28 – Feb 17, 2017``."""
    starts = [d for d in (first(r.reports, schema.REPORT_START) for r in reports) if d]
    ends = [d for d in (first(r.reports, schema.REPORT_END) for r in reports) if d]
    if not starts or not ends:
        return None
    return period_label(min(starts), max(ends))


SYNTHETIC = "synthetic"
"""How a report that says it is no ICE publication (a synthetic sample) is marked."""


def summary(reports: Sequence[Report], *, detailed: bool = True) -> str:
    """One line saying which reports are open and the period they cover.

    Up to ``SUMMARY_REPORTS`` reports are named by their periods (the year said once when
    they share it); more, or ``detailed=False``, are counted, with the span they cover. Days
    within that span that no open report covers are named after it (``missing Feb 4–10``).
    """
    count = len(reports)
    if count == 0:
        return "no reports open"
    noun = "report" if count == 1 else "reports"
    # A report read only in part, and a synthetic sample (not an ICE publication), are said
    # up front, where a narrow header still shows them.
    partial = sum(not report.complete for report in reports)
    synthetic = sum(report.synthetic for report in reports)
    said = [
        f"{n} {what}" if count > 1 else what
        for n, what in ((partial, "read in part"), (synthetic, SYNTHETIC))
        if n
    ]
    if said:
        noun += f" ({', '.join(said)})"
    periods = [
        (first(r.reports, schema.REPORT_START), first(r.reports, schema.REPORT_END))
        for r in reports
    ]
    if detailed and count <= SUMMARY_REPORTS and all(start and end for start, end in periods):
        years = {end.year for _, end in periods} | {start.year for start, _ in periods}
        if len(years) == 1:
            spans = [period_label(start, end).rsplit(", ", 1)[0] for start, end in periods]
            return f"{count} {noun}: {' · '.join(spans)}, {years.pop()}{_missing(periods)}"
        named = " · ".join(period_label(*p) for p in periods)
        return f"{count} {noun}: {named}{_missing(periods)}"
    period = span(reports)
    return f"{count} {noun} · {period}{_missing(periods)}" if period else f"{count} {noun}"


def gaps(periods: Iterable[tuple[date | None, date | None]]) -> list[tuple[date, date]]:
    """The stretches of days between the earliest start and the latest end that none of
    ``periods`` covers (reports missing from the open set), in order."""
    known = sorted((start, end) for start, end in periods if start and end)
    missing: list[tuple[date, date]] = []
    covered: date | None = None
    for start, end in known:
        if covered is not None and start > covered + timedelta(days=1):
            missing.append((covered + timedelta(days=1), start - timedelta(days=1)))
        covered = end if covered is None else max(covered, end)
    return missing


def _missing(periods: Iterable[tuple[date | None, date | None]]) -> str:
    """`` · missing Feb 4–10, Feb 18–24`` (the year left to the span said before), or ``""``."""
    missing = gaps(periods)
    if not missing:
        return ""
    labels = [period_label(start, end) or "" for start, end in missing]
    if len({end.year for _, end in missing} | {start.year for start, _ in missing}) == 1:
        labels = [label.rsplit(", ", 1)[0] for label in labels]
    return " · missing " + ", ".join(labels)
