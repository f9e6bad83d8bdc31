"""``Dataset``: the combined frames of all open reports, and the tables each pane shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import cached_property
from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset import (
    charts,
    corrections,
    days,
    details,
    drills,
    fips,
    frequency,
    periods,
    rankings,
    revisions,
    sections,
    sql,
    states,
    weekly,
)
from detainer_tui.dataset.columns import (
    CORRECTED,
    CORRECTION,
    CORRECTIONS_BEHIND,
    REPORT,
    REPORT_INDEX,
)
from detainer_tui.dataset.corrections import correction_index
from detainer_tui.dataset.details import Detail
from detainer_tui.dataset.policy_links import LinkedPolicy, PolicyLinks
from detainer_tui.dataset.rankings import DEFAULT_BAR_WIDTH, ISSUED, RankingSource
from detainer_tui.dataset.table import Drill, Table, View
from detainer_tui.dataset.triage import Triage
from detainer_tui.report import Report, in_order
from detainer_tui.text import printable


class Dataset:
    """The combined frames of all open reports, and the tables each pane shows."""

    def __init__(
        self,
        reports: Sequence[Report] = (),
        problems: Sequence[str] = (),
        shown_revisions: Mapping[revisions.Period, str] | None = None,
    ) -> None:
        """Combine ``reports``; ``problems`` are messages about inputs that could not open.

        Of reports that cover the same period from different files (revisions), one file's
        are shown: ``shown_revisions`` (period -> source file hash) or the default choice
        (``revisions.choose``). ``reports`` are the ones shown; ``opened`` all of them, both
        by period, then by file (``report.in_order``), whatever order they arrived in.
        """
        self.opened: tuple[Report, ...] = tuple(in_order(reports))
        self.revisions = revisions.choose(self.opened, shown_revisions or {})
        shown = [i for i, report in enumerate(self.opened) if not self.revisions.hides(report)]
        self.reports: tuple[Report, ...] = tuple(self.opened[i] for i in shown)
        self.problems: tuple[str, ...] = tuple(problems)
        # Labelled among every opened report: a shown revision's label names its file.
        labels = periods.report_labels(self.opened)
        self.labels: tuple[str, ...] = tuple(labels[i] for i in shown)
        self._rankings: dict[tuple[str, int | None, int], Table] = {}
        self._weekly: dict[tuple[str, bool, int, bool], Table] = {}

    # -- what is open --------------------------------------------------------------------
    @cached_property
    def largest_table(self) -> int:
        """Rows of the longest section over the shown reports (without building any table):
        what work over this dataset may take."""
        return max(
            (sum(report.table(name).height for report in self.reports) for name in schema.TABLES),
            default=0,
        )

    def hidden_revisions(self) -> int:
        """How many opened reports are revisions not shown now."""
        return len(self.opened) - len(self.reports)

    def next_revision(self, report: int | None = None) -> tuple[Dataset, str] | None:
        """This dataset showing the next revision of report ``report``'s period (or of the
        first period with revisions), and a line saying which is shown; None when no period
        has revisions."""
        if not self.revisions.sources:
            return None
        key = revisions.period(self.reports[report]) if report is not None else None
        if key not in self.revisions.sources:
            key = next(iter(self.revisions.sources))
        dataset = Dataset(self.opened, self.problems, revisions.switched(self.revisions, key))
        return dataset, revisions.describe(dataset.opened, dataset.revisions, key)

    def with_report(self, report: Report) -> Dataset:
        """A dataset with ``report`` added (reports arrive one at a time while loading).

        Raises (a Polars error) when a table of ``report`` does not fit its declared schema:
        the tables are built lazily, so without this check the failure would surface later,
        in whichever pane first queries them, instead of against this one report.
        """
        for name, table_schema in schema.TABLES.items():
            schema.conform(report.table(name), table_schema)
        return Dataset([*self.opened, report], self.problems, self.revisions.shown)

    def with_problem(self, message: str) -> Dataset:
        """A dataset that also lists ``message`` among the inputs that could not open."""
        return Dataset(self.opened, [*self.problems, message], self.revisions.shown)

    def period(self) -> str | None:
        """The span covered by all open reports, e.g. ``Jan 28 – Feb 17, 2017``."""
        return periods.span(self.reports)

    def summary(self, *, detailed: bool = True) -> str:
        """One line saying which reports are open and the period they cover (and how many
        revisions are not shown)."""
        line = periods.summary(self.reports, detailed=detailed)
        hidden = self.hidden_revisions()
        if hidden:
            line += f" · {hidden} other revision{'s' if hidden != 1 else ''} hidden"
        return line

    def file_name(self, report: int) -> str:
        """Report ``report``'s file name, without its folder (printable)."""
        return periods.file_name(self.reports[report])

    def read_status(self, report: int) -> list[str]:
        """Empty when report ``report`` was read in full; otherwise what is missing, one
        printable line per section (rows read against rows printed, pages affected)."""
        return sections.read_status(self.reports[report])

    @cached_property
    def report_infos(self) -> tuple[dict[str, Any], ...]:
        """Each shown report's one-row summary (file, hash, period...), by index."""
        return tuple(sections.report_info(report) for report in self.reports)

    def diagnostics(self, report: int) -> list[str]:
        """What the parser noticed in report ``report``, one printable line each."""
        return [printable(str(d)) for d in self.reports[report].diagnostics]

    # -- combined frames -----------------------------------------------------------------
    def _combined(self, name: str, table_schema: pl.Schema) -> pl.DataFrame:
        combined = self._concatenated(name, table_schema)
        # The county code is worked out once per distinct place, over every report.
        return fips.with_county_fips(combined) if schema.JURISDICTION in combined else combined

    def _concatenated(self, name: str, table_schema: pl.Schema) -> pl.DataFrame:
        frames = [
            schema.conform(report.table(name), table_schema).with_columns(
                pl.lit(label, dtype=pl.String).alias(REPORT),
                pl.lit(index, dtype=pl.Int64).alias(REPORT_INDEX),
            )
            for index, (report, label) in enumerate(zip(self.reports, self.labels, strict=True))
        ]
        if not frames:
            return schema.empty(table_schema).with_columns(
                pl.lit(None, dtype=pl.String).alias(REPORT),
                pl.lit(None, dtype=pl.Int64).alias(REPORT_INDEX),
            )
        return pl.concat(frames, how="vertical")

    @cached_property
    def combined_records(self) -> pl.DataFrame:
        """Section II of every open report, with the report each row came from."""
        return self._combined("records", schema.RECORDS)

    @cached_property
    def combined_rankings(self) -> pl.DataFrame:
        """Section I of every open report, with the report each row came from."""
        return self._combined("rankings", schema.RANKINGS)

    @cached_property
    def combined_policies(self) -> pl.DataFrame:
        """Section III of every open report, with the report each row came from."""
        return self._combined("policies", schema.POLICIES)

    # -- pane tables ---------------------------------------------------------------------
    @cached_property
    def records(self) -> Table:
        """Section II: one row per declined detainer."""
        return sections.records_table(self.combined_records, self.policy_links)

    @cached_property
    def policies(self) -> Table:
        """Section III: one row per policy, its full text in a hidden-width column."""
        return sections.policies_table(self.combined_policies)

    @cached_property
    def reports_table(self) -> Table:
        """One row per open report: file, period, pages, totals, diagnostics."""
        return sections.reports_table(self.reports, self.labels)

    def rankings(
        self,
        source: RankingSource = ISSUED,
        report: int | None = None,
        bar_width: int = DEFAULT_BAR_WIDTH,
        leave_out_corrected: bool = False,
    ) -> Table:
        """A ranking for one report (its index) or all together (``None``: summed, re-ranked).

        Section I is shown as printed for one report; for all reports the detainers issued
        are summed by jurisdiction and state. The other sources count declined records.
        With ``leave_out_corrected``, rows ICE corrected are not counted.
        """
        key = (source.name, report, bar_width, leave_out_corrected)
        if key not in self._rankings:
            # Section I does not read the records: the first pane shown at start is painted
            # without building the Records table (and the policy links it needs).
            table = rankings.ranking_table(
                self.combined_rankings,
                self.records if source.name != ISSUED.name else None,
                source,
                report,
                bar_width,
                leave_out_corrected,
            )
            period = self.periods[report] if report is not None else None
            table.identity = rankings.ranking_identity(source, period)
            self._rankings[key] = table
        return self._rankings[key]

    # -- analyst views -------------------------------------------------------------------
    @property
    def periods(self) -> list[tuple[date | None, date | None]]:
        """Each open report's period (start, end), in the order the reports were opened."""
        return [
            (
                periods.first(r.reports, schema.REPORT_START),
                periods.first(r.reports, schema.REPORT_END),
            )
            for r in self.reports
        ]

    def weeks(self) -> list[weekly.Week]:
        """The week-over-week columns: each report's period in date order, and the gaps."""
        return weekly.weeks(self.periods, self.labels)

    def week_over_week(
        self,
        source: RankingSource = ISSUED,
        *,
        leave_out_corrected: bool = False,
        bar_width: int = DEFAULT_BAR_WIDTH,
        shared_scale: bool = False,
    ) -> Table:
        """``source`` per report, one row per jurisdiction (or state...), one column a week;
        sparklines on each row's own scale, or with ``shared_scale`` on one."""
        key = (source.name, leave_out_corrected, bar_width, shared_scale)
        built = self._weekly.get(key)
        if built is None:
            built = weekly.week_over_week(
                self.combined_rankings,
                self.records,
                source,
                self.periods,
                self.labels,
                leave_out_corrected=leave_out_corrected,
                width=bar_width,
                shared_scale=shared_scale,
            )
            self._weekly[key] = built  # tables are never changed: built once, shown often
        return built

    def declines_per_day(
        self, view: View, *, bar_width: int = DEFAULT_BAR_WIDTH
    ) -> charts.ChartSeries:
        """The records ``view`` shows, counted by the day they were declined, over every day
        of the open reports' weeks."""
        return charts.declines_per_day(view, self.periods, self.labels, width=bar_width)

    def issued_per_month(
        self, view: View, *, bar_width: int = DEFAULT_BAR_WIDTH
    ) -> charts.ChartSeries:
        """The records ``view`` shows, counted by the month their detainer was issued."""
        return charts.issued_per_month(view, width=bar_width)

    def days_histogram(self, view: View, *, bar_width: int = DEFAULT_BAR_WIDTH) -> Table:
        """Days to decline of the records ``view`` shows, in fixed bins."""
        return charts.days_histogram(view, width=bar_width)

    def days_bin_rows(self, view: View, label: str) -> Table:
        """The records ``view`` shows in the days-to-decline bin ``label``."""
        return charts.days_bin_rows(view, label)

    def frequency(
        self,
        view: View,
        column: str,
        *,
        leave_out_corrected: bool = False,
        bar_width: int = DEFAULT_BAR_WIDTH,
    ) -> Table:
        """How often each value of ``column`` occurs among the rows ``view`` shows."""
        return frequency.frequency_table(
            view, column, leave_out_corrected=leave_out_corrected, width=bar_width
        )

    def rows_behind(
        self, view: View, column: str, value: Any, *, leave_out_corrected: bool = False
    ) -> Table:
        """The rows ``view`` shows whose ``column`` holds ``value``."""
        return frequency.rows_behind(view, column, value, leave_out_corrected=leave_out_corrected)

    @cached_property
    def query_tables(self) -> dict[str, pl.DataFrame]:
        """The tables a query can name, as their export columns plus the report label."""
        corrected = {
            "rankings": correction_index(self.combined_rankings, corrections.RANKINGS),
            "records": self.records.frame.get_column(CORRECTION),
        }
        frames = {
            "reports": self.reports_table.export.with_columns(
                pl.Series(REPORT, self.labels, dtype=pl.String)
            ),
            "rankings": self.combined_rankings.drop(REPORT_INDEX),
            "records": self.combined_records.drop(REPORT_INDEX).with_columns(days.days_expr()),
            "policies": self.combined_policies.drop(REPORT_INDEX),
        }
        for name, index in corrected.items():
            frames[name] = frames[name].with_columns(index.is_not_null().alias(CORRECTED))
        return frames

    def sql(self, text: str, triage: Triage | None = None) -> Table:
        """The result of a SQL query over ``reports``, ``rankings``, ``records`` and
        ``policies``, run in this process; raises ``QueryError`` when it cannot run. With
        ``triage``, the tables have the columns ``marked`` and ``note``."""
        return sql.run_query(self.sql_tables(triage), text)

    def sql_tables(self, triage: Triage | None = None) -> dict[str, pl.DataFrame]:
        """The tables a SQL query reads (with ``triage``, with ``marked`` and ``note``)."""
        tables = self.query_tables
        if triage is not None:
            tables = triage.query_tables(self, tables)
        return dict(tables)

    def state_map(
        self,
        source: RankingSource = ISSUED,
        report: int | None = None,
        *,
        leave_out_corrected: bool = False,
    ) -> states.StateMap:
        """Counts by state for the map (Section I: issued; otherwise declined)."""
        return states.state_map(
            self.combined_rankings,
            self.records,
            source,
            report,
            leave_out_corrected=leave_out_corrected,
        )

    def days_stats(self, view: View) -> days.DaysStats:
        """Days from issue to decline over the records ``view`` shows."""
        return days.view_days_stats(view)

    def unmatched_places(self, report: int) -> list[str]:
        """Report ``report``'s jurisdictions that got no county code (``Name, ST``), from its
        rankings, records and policies; a state's own policies are not counted."""
        frames = [
            frame.filter(pl.col(REPORT_INDEX) == report)
            for frame in (self.combined_rankings, self.combined_records, self.combined_policies)
        ]
        return sorted({place for frame in frames for place in fips.unmatched(frame)})

    def date_problems(self, report: int) -> list[str]:
        """Report ``report``'s records whose dates cannot be right, one line each."""
        return days.date_problems(self.records.frame, report)

    def corrections_of(self, report: int) -> list[corrections.Correction]:
        """ICE's corrections of the edition report ``report`` is (by its period)."""
        period = self.periods[report]
        return [c for c in corrections.CORRECTIONS if (c.start, c.end) == period]

    def corrections_behind(self, row: dict[str, Any]) -> list[corrections.Correction]:
        """ICE's corrections covering a row of a table (a record, a ranking row)."""
        index = row.get(CORRECTION)
        if index is not None:
            return [corrections.CORRECTIONS[index]]
        return [corrections.CORRECTIONS[i] for i in row.get(CORRECTIONS_BEHIND) or ()]

    # -- navigation between panes --------------------------------------------------------
    def records_drill(
        self, source: RankingSource, row: dict[str, Any], report: int | None
    ) -> Drill:
        """The records behind a ranking row (one report's, or every report's)."""
        return drills.records_drill(source, row, report, self.labels)

    @cached_property
    def policy_links(self) -> PolicyLinks:
        """Which Section III policies apply to which records (see ``policy_links``)."""
        table = self.policies.frame
        return PolicyLinks(
            table.select(schema.STATE, schema.JURISDICTION, schema.POLICY_TYPE, REPORT_INDEX)
        )

    def linked_policies(
        self, jurisdiction: str | None, state: str | None
    ) -> tuple[LinkedPolicy, ...]:
        """The policies that apply to a record of ``jurisdiction`` in ``state``: its county's
        or city's whatever agency Section III names, then its state's own."""
        return self.policy_links.for_record(jurisdiction, state)

    def policy_drill(self, jurisdiction: str | None, state: str | None) -> Drill | None:
        """The Policies rows that apply to a record of ``jurisdiction`` in ``state``.

        None when no open report lists one.
        """
        return self.policy_links.drill(jurisdiction, state)

    # -- a row in full -------------------------------------------------------------------
    def record_detail(self, row: dict[str, Any], view: View | None = None) -> Detail:
        """A record in full, with every policy that applies to it, ICE's correction if one
        covers it, and the days statistics of ``view`` (the records shown around it)."""
        jurisdiction, state = row.get(schema.JURISDICTION), row.get(schema.STATE)
        stats = days.view_days_stats(view) if view is not None else None
        return details.record_detail(
            row,
            self.policy_drill(jurisdiction, state),
            self.linked_policies(jurisdiction, state),
            self.corrections_behind(row),
            stats,
        )

    def policy_detail(self, row: dict[str, Any]) -> Detail:
        """A policy in full."""
        return details.policy_detail(row)

    def report_detail(self, row: dict[str, Any]) -> Detail:
        """A report's file, totals and every diagnostic (``row`` from the Reports table)."""
        index = row[REPORT_INDEX]
        info = sections.report_info(self.reports[index])
        return details.report_detail(
            row,
            info,
            self.read_status(index),
            self.diagnostics(index),
            self.unmatched_places(index),
            self.corrections_of(index),
        )

    def correction_detail(
        self, source: RankingSource, row: dict[str, Any], report: int | None
    ) -> Detail | None:
        """ICE's corrections behind a ranking row, in full, with the records behind the row
        (Enter opens them); None when ICE corrected none of what the row counts."""
        found = self.corrections_behind(row)
        if not found:
            return None
        drill = self.records_drill(source, row, report)
        return details.correction_detail(drill.label, found, drill)
