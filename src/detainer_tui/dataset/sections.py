"""The tables of the Records, Policies and Reports panes, built from the open reports.

Each display column is made printable here, once, so the explorer can show any cell as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset import corrections, days
from detainer_tui.dataset.cells import fold_series, printable_lists, printable_series
from detainer_tui.dataset.columns import (
    CORRECTION,
    DAYS,
    DIAGNOSTIC_COUNT,
    FILE,
    FLAG,
    JURISDICTION_KEY,
    OFFENCE_LIST,
    PERIOD,
    REPORT,
    REPORT_INDEX,
    STATE_KEY,
)
from detainer_tui.dataset.corrections import correction_index
from detainer_tui.dataset.periods import period_label
from detainer_tui.dataset.table import Table
from detainer_tui.formats import LIST_SEPARATOR
from detainer_tui.report import Report
from detainer_tui.text import printable


def records_table(combined: pl.DataFrame) -> Table:
    """Section II: one row per declined detainer (``combined``: every report's, labelled)."""
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
            offences.alias(OFFENCE_LIST),
            combined.get_column(REPORT_INDEX),
            combined.get_column(schema.REPORT_START),
            combined.get_column(schema.REPORT_END),
            correction_index(combined, corrections.RECORDS),
        ]
    )
    frame = frame.with_columns(days.days_expr(), days.flags_expr(pl.col(CORRECTION).is_not_null()))
    # Long facility names come after the short, telling columns, so that a narrow
    # terminal shows who, where and when first; a flag comes right after the place it is
    # about.
    columns = [
        schema.STATE,
        schema.JURISDICTION,
        FLAG,
        schema.CITIZENSHIP,
        schema.CRIMINAL_ACTIVITY,
        schema.DETAINER_ISSUED,
        schema.DETAINER_DECLINED,
        DAYS,
        schema.FACILITY,
        REPORT,
        schema.SOURCE_PAGE,
    ]
    export = combined.select(REPORT, *schema.RECORDS.names()).with_columns(
        frame.get_column(DAYS),
        frame.get_column(FLAG),
    )
    searchable = [c for c in columns if c != schema.SOURCE_PAGE]
    return Table(
        "records",
        frame,
        columns,
        export,
        searchable=searchable,
        lists={schema.CRIMINAL_ACTIVITY: OFFENCE_LIST},
    )


def policies_table(combined: pl.DataFrame) -> Table:
    """Section III: one row per policy, its full text in a hidden-width column."""
    text = [schema.STATE, schema.JURISDICTION, schema.POLICY_TYPE, schema.POLICY, REPORT]
    frame = pl.DataFrame(
        [
            *[printable_series(combined.get_column(c)) for c in text],
            combined.get_column(schema.SOURCE_PAGE),
            combined.get_column(REPORT_INDEX),
        ]
    )
    frame = frame.with_columns(
        fold_series(frame.get_column(schema.JURISDICTION)).alias(JURISDICTION_KEY),
        fold_series(frame.get_column(schema.STATE)).alias(STATE_KEY),
    )
    columns = [
        schema.STATE,
        schema.JURISDICTION,
        schema.POLICY_TYPE,
        REPORT,
        schema.SOURCE_PAGE,
        schema.POLICY,
    ]
    export = combined.select(REPORT, *schema.POLICIES.names())
    return Table("policies", frame, columns, export)


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
                DIAGNOSTIC_COUNT: len(report.diagnostics),
                REPORT: label,
                REPORT_INDEX: index,
            }
        )
    frame_schema = {
        FILE: pl.String,
        PERIOD: pl.String,
        schema.PAGES: pl.Int64,
        schema.DETAINERS_ISSUED_TOTAL: pl.Int64,
        schema.DECLINED_COUNT: pl.Int64,
        DIAGNOSTIC_COUNT: pl.Int64,
        REPORT: pl.String,
        REPORT_INDEX: pl.Int64,
    }
    frame = pl.DataFrame(rows, schema=frame_schema, orient="row")
    columns = [
        FILE,
        PERIOD,
        schema.PAGES,
        schema.DETAINERS_ISSUED_TOTAL,
        schema.DECLINED_COUNT,
        DIAGNOSTIC_COUNT,
    ]
    info_frames = [schema.conform(r.reports, schema.REPORTS) for r in reports]
    export = (
        pl.concat(info_frames, how="vertical") if info_frames else schema.empty(schema.REPORTS)
    ).with_columns(pl.Series(DIAGNOSTIC_COUNT, [len(r.diagnostics) for r in reports], pl.Int64))
    return Table("reports", frame, columns, export)
