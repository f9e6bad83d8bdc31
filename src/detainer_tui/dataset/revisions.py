"""Revisions: two files that cover the same period, shown one at a time.

A report re-issued with corrections, or a damaged copy that the PDF library managed to repair,
covers the same period as the original with different bytes. Showing both would count every
row twice, so for each period one source file is shown and the others wait for the user to
switch to them. A report's source is the file its rows came from (every row's ``sha256``):
the PDF itself, or, for a report re-opened from an export, the PDF the export was made from, so
that a records and a policies export of one file are one source, shown together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from detainer_tui import schema
from detainer_tui.dataset.periods import file_name, first, period_label
from detainer_tui.report import Report

Period = tuple[date, date]


def source(report: Report) -> str:
    """The file a report's rows came from: the ``sha256`` of its rows, else its own."""
    for table in ("records", "rankings", "policies"):
        frame = report.table(table)
        if frame.height and schema.SHA256 in frame.columns:
            value = frame.item(0, schema.SHA256)
            if value:
                return value
    return report.sha256


def period(report: Report) -> Period | None:
    """The report's period, when both ends are known."""
    start = first(report.reports, schema.REPORT_START)
    end = first(report.reports, schema.REPORT_END)
    return (start, end) if start is not None and end is not None else None


@dataclass(frozen=True)
class Revisions:
    """Which reports are shown: one source per period that several sources cover."""

    sources: dict[Period, tuple[str, ...]]
    """Each period covered by more than one source, with its sources in the order opened."""
    shown: dict[Period, str]
    """The source shown for each of those periods."""

    def hides(self, report: Report) -> bool:
        """Whether ``report`` is a revision not shown now."""
        key = period(report)
        return key in self.shown and source(report) != self.shown[key]


def choose(reports: Sequence[Report], wanted: Mapping[Period, str]) -> Revisions:
    """The revisions among ``reports`` and the source shown for each period: the one in
    ``wanted`` if it is still open, else the first source whose reports were all read in
    full, else the first opened."""
    sources: dict[Period, list[str]] = {}
    complete: dict[str, bool] = {}
    for report in reports:
        key = period(report)
        if key is None:
            continue
        origin = source(report)
        if origin not in sources.setdefault(key, []):
            sources[key].append(origin)
        complete[origin] = complete.get(origin, True) and report.complete
    several = {key: tuple(found) for key, found in sources.items() if len(found) > 1}
    shown = {}
    for key, found in several.items():
        if wanted.get(key) in found:
            shown[key] = wanted[key]
        else:
            shown[key] = next((s for s in found if complete[s]), found[0])
    return Revisions(several, shown)


def switched(revisions: Revisions, key: Period) -> dict[Period, str]:
    """The sources to show once ``key``'s period shows its next source."""
    found = revisions.sources[key]
    following = found[(found.index(revisions.shown[key]) + 1) % len(found)]
    return {**revisions.shown, key: following}


def describe(reports: Sequence[Report], revisions: Revisions, key: Period) -> str:
    """``Jan 28–Feb 3, 2017: revision 2 of 2 shown (ddor-copy.pdf)``."""
    found = revisions.sources[key]
    shown = revisions.shown[key]
    names = sorted({file_name(r) for r in reports if period(r) == key and source(r) == shown})
    label = period_label(*key)
    return f"{label}: revision {found.index(shown) + 1} of {len(found)} shown ({', '.join(names)})"
