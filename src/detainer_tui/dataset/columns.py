"""The dataset's own column names and the headings the explorer shows for every column.

The report tables' names live in ``schema.py``; these are the columns the dataset derives
(which report a row came from, a count of declined records, a bar) and the hidden ones that
carry keys for queries. Hidden columns start with an underscore: the explorer never shows them.
"""

from __future__ import annotations

from detainer_tui import schema

REPORT = "report"
"""Which report a row came from: the report's period label (plus its file name if needed)."""
FILE = "file"
PERIOD = "period"
DECLINED = "declined"
BAR = "bar"
OFFENCE = "offence"
DIAGNOSTIC_COUNT = "diagnostics"

SAMPLE = "sample"
"""The Reports pane: ``synthetic`` for a report that says it is no ICE publication."""
READ = "read"
"""Whether a report was read in full: ``complete``, or which sections lack rows and where."""
COMPLETE = "complete"
"""The Read cell of a report whose every printed row is in the tables."""
POLICY_LINK = "policy_link"
"""Whether a record's jurisdiction or state has a policy: ``local``, ``state-wide``, both."""
SCOPE = "scope"
"""Whether a policy is its state's own (``state-wide``) or a county's or city's (``local``)."""
DAYS = "days"
"""Whole days from a detainer's issue to its decline (declined minus issued)."""
FLAG = "flag"
"""What is known to be wrong with a row: ICE corrected it, or its dates do not add up."""
CORRECTED = "corrected"
"""In query tables: whether ICE's correction of its report covers the row."""
VALUE = "value"
COUNT = "count"
SHARE = "share"
TOTAL = "total"
CHANGE = "change"
TREND = "trend"

ROW = "_row"
SEARCH = "_search"
REPORT_INDEX = "_report"
OFFENCE_LIST = "_offences"
POLICY_KEY = "_policy_key"
CORRECTION = "_correction"
"""Which of ICE's corrections covers the row (its position in ``CORRECTIONS``), else null."""
CORRECTIONS_BEHIND = "_corrections"
"""A ranking row: the corrections covering any row it counts."""
CORRECTED_SHARE = "_corrected_share"
"""A ranking row: how many of the rows it counts ICE corrected, as a fraction."""

LABELS: dict[str, str] = {
    REPORT: "Report",
    FILE: "File",
    PERIOD: "Period",
    schema.RANK: "Rank",
    schema.JURISDICTION: "Jurisdiction",
    schema.STATE: "State",
    schema.DETAINERS_ISSUED: "Issued",
    DECLINED: "Declined",
    BAR: "",
    schema.FACILITY: "Facility",
    schema.CITIZENSHIP: "Citizenship",
    OFFENCE: "Offence",
    schema.CRIMINAL_ACTIVITY: "Offences",
    schema.DETAINER_ISSUED: "Issued",
    schema.DETAINER_DECLINED: "Declined",
    schema.SOURCE_PAGE: "Page",
    schema.POLICY_TYPE: "Policy type",
    schema.COUNTY_FIPS: "FIPS",
    schema.POLICY: "Policy",
    POLICY_LINK: "Policy",
    SCOPE: "Scope",
    schema.PAGES: "Pages",
    schema.DETAINERS_ISSUED_TOTAL: "Issued",
    schema.DECLINED_COUNT: "Declined",
    DIAGNOSTIC_COUNT: "Diagnostics",
    READ: "Read",
    SAMPLE: "Sample",
    DAYS: "Days",
    FLAG: "Flag",
    COUNT: "Count",
    SHARE: "Share",
    TOTAL: "Total",
    CHANGE: "Change",
    TREND: "Trend",
    schema.SOURCE_FILE: "Source file",
    schema.SHA256: "SHA-256",
    schema.REPORT_START: "Period start",
    schema.REPORT_END: "Period end",
    schema.PARSER_VERSION_COL: "Parser version",
}
"""Column headings as the explorer shows them."""

NONE_LISTED = "(none listed)"
"""Shown in the offence ranking for declined detainers that list no notable criminal activity."""


def label(column: str) -> str:
    """The heading shown for ``column``."""
    return LABELS.get(column, column.replace("_", " ").capitalize())


def key_column(column: str) -> str:
    """The hidden column of a ranking row holding the value a drill-down matches on."""
    return f"_key_{column}"
