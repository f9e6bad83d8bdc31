"""The tables of the Records, Policies and Reports panes, built from the open reports.

Each display column is made printable here, once, so the explorer can show any cell as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset import corrections, days
from detainer_tui.dataset.cells import counted, printable_lists, printable_series
from detainer_tui.dataset.columns import (
    COMPLETE,
    CORRECTION,
    DAYS,
    DIAGNOSTIC_COUNT,
    FILE,
    FLAG,
    OFFENCE_LIST,
    PERIOD,
    POLICY_LINK,
    READ,
    REPORT,
    REPORT_INDEX,
    SAMPLE,
    SCOPE,
)
from detainer_tui.dataset.corrections import correction_index
from detainer_tui.dataset.periods import SYNTHETIC, period_label
from detainer_tui.dataset.policy_links import PolicyLinks, policy_keys, policy_scopes
from detainer_tui.dataset.table import Identity, Table
from detainer_tui.formats import LIST_SEPARATOR
from detainer_tui.report import TABLE_SECTIONS, Report, page_span
from detainer_tui.text import printable

PERIOD_COLUMNS = (schema.REPORT_START, schema.REPORT_END)
# What makes a row the row it is, for marks and notes: its own values as printed and its
# report's period, never its file, page or position (see ``dataset.triage``).
RECORD_IDENTITY = Identity(
    "records",
    (
        schema.STATE,
        schema.JURISDICTION,
        schema.FACILITY,
        schema.CITIZENSHIP,
        schema.CRIMINAL_ACTIVITY,
        schema.DETAINER_ISSUED,
        schema.DETAINER_DECLINED,
    ),
    PERIOD_COLUMNS,
)
POLICY_IDENTITY = Identity(
    "policies",
    (schema.STATE, schema.JURISDICTION, schema.POLICY_TYPE, schema.POLICY),
    PERIOD_COLUMNS,
)
REPORT_IDENTITY = Identity("reports", (), PERIOD_COLUMNS)
"""A report is the report of its period (a corrected revision is the same report)."""


def records_table(combined: pl.DataFrame, links: PolicyLinks | None = None) -> Table:
    """Section II: one row per declined detainer (``combined``: every report's, labelled).

    ``links`` (the open reports' policies) say whether a policy applies to each record.
    """
    text = [schema.STATE, schema.JURISDICTION, schema.FACILITY, schema.CITIZENSHIP, REPORT]
    offences = printable_lists(combined.get_column(schema.CRIMINAL_ACTIVITY))
    joined = offences.list.join(LIST_SEPARATOR).fill_null("")
    frame = pl.DataFrame(
        [
            *[printable_series(combined.get_column(c)) for c in text],
            joined.alias(schema.CRIMINAL_ACTIVITY),
            combined.get_column(schema.DETAINER_ISSUED),
            combined.get_column(schema.DETAINER_DECLINED),
            combined.get_column(schema.SOURCE_PAGE),
            combined.get_column(schema.COUNTY_FIPS),
            offences.alias(OFFENCE_LIST),
            combined.get_column(REPORT_INDEX),
            combined.get_column(schema.REPORT_START),
            combined.get_column(schema.REPORT_END),
            correction_index(combined, corrections.RECORDS),
        ]
    )
    frame = frame.with_columns(days.days_expr(), days.flags_expr(pl.col(CORRECTION).is_not_null()))
    frame = frame.with_columns(
        links.records_column(frame)
        if links is not None
        else pl.Series(POLICY_LINK, [""] * frame.height, dtype=pl.String)
    )
    # Long facility names come after the short, telling columns, so that a narrow
    # terminal shows who, where, when and for what first (as the README says): at 80
    # columns the dates and the offences stay in view. A flag comes right after the place
    # it is about.
    priority = [
        schema.STATE,
        schema.JURISDICTION,
        schema.DETAINER_ISSUED,
        schema.DETAINER_DECLINED,
        schema.CRIMINAL_ACTIVITY,
        DAYS,
        FLAG,
        schema.CITIZENSHIP,
        POLICY_LINK,
    ]
    columns = [
        schema.STATE,
        schema.JURISDICTION,
        FLAG,
        schema.CITIZENSHIP,
        schema.CRIMINAL_ACTIVITY,
        schema.DETAINER_ISSUED,
        schema.DETAINER_DECLINED,
        DAYS,
        POLICY_LINK,
        schema.FACILITY,
        REPORT,
        schema.SOURCE_PAGE,
        schema.COUNTY_FIPS,
    ]
    # What the view shows is what its export holds: the computed columns too.
    export = combined.select(REPORT, *schema.EXPORTS["records"].names()).with_columns(
        frame.get_column(DAYS),
        frame.get_column(FLAG),
        frame.get_column(POLICY_LINK),
    )
    searchable = [c for c in columns if c != schema.SOURCE_PAGE]
    table = Table(
        "records",
        frame,
        columns,
        export,
        # A report sorts by its period's first day, not alphabetically ("Feb 11–17" first).
        sort_keys={REPORT: schema.REPORT_START},
        searchable=searchable,
        priority=priority,
        lists={schema.CRIMINAL_ACTIVITY: OFFENCE_LIST},
        wide_only=[schema.COUNTY_FIPS],
        pinned=2,  # state, jurisdiction
    )
    table.identity = RECORD_IDENTITY
    return table


def policies_table(combined: pl.DataFrame) -> Table:
    """Section III: one row per policy, its full text in a hidden-width column."""
    text = [schema.STATE, schema.JURISDICTION, schema.POLICY_TYPE, schema.POLICY, REPORT]
    frame = pl.DataFrame(
        [
            *[printable_series(combined.get_column(c)) for c in text],
            combined.get_column(schema.SOURCE_PAGE),
            combined.get_column(schema.COUNTY_FIPS),
            combined.get_column(REPORT_INDEX),
            combined.get_column(schema.REPORT_START),
            combined.get_column(schema.REPORT_END),
        ]
    )
    states = frame.get_column(schema.STATE).to_list()
    jurisdictions = frame.get_column(schema.JURISDICTION).to_list()
    frame = frame.with_columns(
        policy_scopes(states, jurisdictions),
        policy_keys(states, jurisdictions),
    )
    # The start of each policy's text comes before where it was printed: three directives
    # of one department in one week differ only there. It takes the room the short columns
    # leave, at 80 columns too.
    columns = [
        schema.STATE,
        schema.JURISDICTION,
        schema.POLICY_TYPE,
        SCOPE,
        schema.POLICY,
        REPORT,
        schema.SOURCE_PAGE,
        schema.COUNTY_FIPS,
    ]
    priority = [schema.STATE, schema.JURISDICTION, schema.POLICY, schema.POLICY_TYPE, SCOPE]
    export = combined.select(REPORT, *schema.EXPORTS["policies"].names()).with_columns(
        frame.get_column(SCOPE)
    )
    table = Table(
        "policies",
        frame,
        columns,
        export,
        sort_keys={REPORT: schema.REPORT_START},
        priority=priority,
        wide_only=[schema.COUNTY_FIPS],
        pinned=2,  # state, jurisdiction
    )
    table.identity = POLICY_IDENTITY
    return table


def read_status(report: Report) -> list[str]:
    """How much of ``report`` was read: empty when complete, else its root causes first (``page
    9 of 12 is missing: Section III's table may be incomplete``), then one line per section
    that lacks rows (``Section II: 69 of 121 rows read (pages 5–6)``) and per other cause."""
    if report.complete:
        return []
    causes = [d for d in report.diagnostics if d.cause]
    lines = [str(d) for d in causes]
    for status in report.section_status():
        if not status.diagnostics:
            continue
        if status.rows_expected is None:
            rows = f"{counted(status.rows_read)} rows read, more not read"
        else:
            rows = f"{counted(status.rows_read)} of {counted(status.rows_expected)} rows read"
        where = f" ({page_span(status.pages)})" if status.pages else ""
        lines.append(f"{status.section}: {rows}{where}")
    sections = set(TABLE_SECTIONS.values())
    lines.extend(
        str(d) for d in report.partial_reasons() if d.section not in sections and not d.cause
    )
    return [printable(line) for line in lines]


def read_cell(report: Report) -> str:
    """The Reports pane's Read cell: ``complete``, or ``partial`` with the rows read against
    the rows printed (``partial 57/114 rows``); ``read_status`` has the sections and pages."""
    if report.complete:
        return COMPLETE
    lacking = [s for s in report.section_status() if s.diagnostics]
    if len(lacking) != 1:
        return f"partial ({len(lacking)} sections)" if lacking else "partial"
    (status,) = lacking
    expected = "?" if status.rows_expected is None else counted(status.rows_expected)
    return f"partial {counted(status.rows_read)}/{expected} rows"


def report_info(report: Report) -> dict:
    """The report's one-row summary (file, period, pages, totals) as a dict."""
    return schema.conform(report.reports, schema.REPORTS).row(0, named=True)


def reports_table(reports: Sequence[Report], labels: Sequence[str]) -> Table:
    """One row per open report: file, period, pages, totals, diagnostics."""
    rows = []
    for index, (report, label) in enumerate(zip(reports, labels, strict=True)):
        info = report_info(report)
        rows.append(
            {
                FILE: printable(Path(info[schema.SOURCE_FILE] or "").name),
                PERIOD: period_label(info[schema.REPORT_START], info[schema.REPORT_END]) or "",
                schema.PAGES: info[schema.PAGES],
                schema.DETAINERS_ISSUED_TOTAL: info[schema.DETAINERS_ISSUED_TOTAL],
                schema.DECLINED_COUNT: info[schema.DECLINED_COUNT],
                READ: read_cell(report),
                SAMPLE: SYNTHETIC if report.synthetic else "",
                DIAGNOSTIC_COUNT: len(report.diagnostics),
                REPORT: label,
                REPORT_INDEX: index,
                schema.REPORT_START: info[schema.REPORT_START],
                schema.REPORT_END: info[schema.REPORT_END],
            }
        )
    frame_schema = {
        FILE: pl.String,
        PERIOD: pl.String,
        schema.PAGES: pl.Int64,
        schema.DETAINERS_ISSUED_TOTAL: pl.Int64,
        schema.DECLINED_COUNT: pl.Int64,
        READ: pl.String,
        SAMPLE: pl.String,
        DIAGNOSTIC_COUNT: pl.Int64,
        REPORT: pl.String,
        REPORT_INDEX: pl.Int64,
        schema.REPORT_START: pl.Date,
        schema.REPORT_END: pl.Date,
    }
    frame = pl.DataFrame(rows, schema=frame_schema, orient="row")
    columns = [
        FILE,
        PERIOD,
        READ,
        schema.PAGES,
        schema.DETAINERS_ISSUED_TOTAL,
        schema.DECLINED_COUNT,
        DIAGNOSTIC_COUNT,
    ]
    if any(report.synthetic for report in reports):
        # Right after the period: a synthetic sample is marked wherever a report is named.
        columns.insert(columns.index(PERIOD) + 1, SAMPLE)
    info_frames = [schema.conform(r.reports, schema.REPORTS) for r in reports]
    export = (
        pl.concat(info_frames, how="vertical") if info_frames else schema.empty(schema.REPORTS)
    ).with_columns(pl.Series(DIAGNOSTIC_COUNT, [len(r.diagnostics) for r in reports], pl.Int64))
    # Periods sort by their first day, not alphabetically.
    sort_keys = {PERIOD: schema.REPORT_START, REPORT: schema.REPORT_START}
    table = Table("reports", frame, columns, export, sort_keys=sort_keys)
    table.identity = REPORT_IDENTITY
    return table
