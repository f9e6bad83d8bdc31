"""Every key of the explorer, in one table: the bindings, the help page and the command palette
are all made from it.

Each ``Key`` names the keys, the action they run and the widget that holds the binding (its
``scope``); each help ``Row`` groups keys with what they do, and each ``Section`` is one table
of the help page (``help.md`` says where it goes). A new key is one ``Key`` in a ``Row``: its
binding, its line of help and, with ``palette`` text, its command follow.

The keys of the panes and their tables are priority bindings, so each is handled the moment it
arrives, in the order typed. That matters over a slow link, where several keys come at once: in
"/travis", the "/" must open the search line before "travis" is delivered, and in "ls" the
cursor must move before the sort. They are bound on the panes and tables themselves, so focus
decides where a key goes: while the search line or a dialog has the keyboard, the panes are not
in its path and the key goes there instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from textual.binding import Binding

from detainer_tui import config

# Scopes: the widget that holds a key's binding.
APP = "app"  # Textual's own (the command palette)
PANE = "pane"  # every pane (TablePane)
TABLE = "table"  # the table of the current pane (FrameTable)
RANKINGS = "rankings"  # the Rankings pane
RECORDS = "records"  # the Records pane
SEARCH = "search"  # the search line
HELP = "help"  # the help screen
MODAL = "modal"  # the help and detail views
DETAIL = "detail"  # a row's detail view
EXPORT = "export"  # the export dialog
EXPORT_PATH = "export path"  # the export dialog's path field
EXPORT_FORMAT = "export format"  # the export dialog's format choice
CONFIRM = "confirm"  # the overwrite question
QUERY = "query"  # the query line
PROMPT = "prompt"  # the filter line and the column prompt
MAP = "map"  # the state map
TRIAGE = "triage"  # the Triage pane
ASK = "ask"  # a one-line question over the screen (a note, a view's name)
CHART = "chart"  # a chart of declines per day (or issued per month)
RESULT = "result"  # a screen of a worked-out table (a frequency, week over week...)

# Keys of these scopes act the moment they arrive (see the module's docstring).
_PRIORITY = {PANE, TABLE, RANKINGS, RECORDS, TRIAGE}

_SHOWN = {
    "slash": "/",
    "question_mark": "?",
    "greater_than_sign": ">",
    "less_than_sign": "<",
    "minus": "-",
    "plus": "+",
    "colon": ":",
    "equals_sign": "=",
    "exclamation_mark": "!",
    "vertical_line": "|",
}


def key_label(key: str) -> str:
    """A Textual key name as the help and palette show it: ``slash`` -> ``/``."""
    return _SHOWN.get(key, key)


@dataclass(frozen=True)
class Key:
    """Keys that run one action in one widget."""

    keys: tuple[str, ...]
    """Textual key names; any of them runs the action."""
    action: str | None
    """The action, in the namespace of the widget holding the binding (None: that widget
    handles the key itself, as an input line does Enter)."""
    name: str
    """What the action is called: the binding's description, and the palette's command."""
    scope: str
    palette: str = ""
    """What the command palette says the command does; empty: not in the palette."""

    def binding(self) -> Binding:
        """This key as a Textual binding."""
        assert self.action is not None
        return Binding(
            ",".join(self.keys),
            self.action,
            self.name,
            show=False,
            priority=self.scope in _PRIORITY,
        )

    @property
    def shown(self) -> str:
        """The keys as the palette names them: ``/``, ``v``, ``escape``."""
        return " / ".join(key_label(key) for key in self.keys)


@dataclass(frozen=True)
class Row:
    """One line of a help table: keys and what they do."""

    keys: tuple[Key, ...]
    does: str
    joiner: str = " / "
    """Between the keys of different actions: ``v`` / ``V``, or ``1`` ``2`` ``3``."""
    where: str = ""
    """Said after the keys, e.g. ``(in the search line)``."""

    @property
    def shown(self) -> str:
        """The keys as the help shows them (Markdown), each key once."""
        seen: set[str] = set()
        parts: list[str] = []
        for key in self.keys:
            new = [name for name in key.keys if name not in seen]
            seen.update(new)
            if new:
                parts.append(" / ".join(f"`{key_label(name)}`" for name in new))
        shown = self.joiner.join(parts)
        return f"{shown} {self.where}" if self.where else shown


@dataclass(frozen=True)
class Section:
    """A table of the help page (``<!-- keys: NAME -->`` in ``help.md``)."""

    name: str
    rows: tuple[Row, ...]
    in_help: bool = True
    """False for keys the help page describes in its prose instead."""

    def markdown(self) -> str:
        """The section as a Markdown table."""
        lines = ["| Key | What it does |", "|---|---|"]
        # A pipe inside a cell (the key `|`) is escaped, or it would end the cell.
        lines.extend(
            f"| {row.shown.replace('|', chr(92) + '|')} | {row.does.replace('|', chr(92) + '|')} |"
            for row in self.rows
        )
        return "\n".join(lines)


PANES: dict[str, str] = {str(number): pane for number, pane in enumerate(config.PANES, start=1)}
"""Key -> pane id, in tab order: the panes ``config.toml`` may name, numbered."""

SHOW_PANE: dict[str, Key] = {
    pane: Key(
        (key,),
        f"screen.show_pane('{pane}')",
        f"Show {pane.capitalize()}",
        PANE,
        palette=f"Switch to the {pane} pane",
    )
    for key, pane in PANES.items()
}
SEARCH_PANE = Key(("slash",), "screen.search", "Search", PANE, "Filter the current pane's rows")
SUBMIT_SEARCH = Key(("enter",), "submit", "Keep the search", SEARCH)
CANCEL_SEARCH = Key(("escape",), "cancel", "Clear the search", SEARCH)
CLEAR = Key(
    ("escape",),
    "screen.escape",
    "Clear search or filters",
    PANE,
    "Drop the search, else every filter of the chain (u brings them back)",
)
SORT = Key(
    ("s",),
    "sort",
    "Sort by column",
    PANE,
    "Sort by the column under the cursor: ascending, descending, then the table's order",
)
KEEP_EQUAL = Key(
    ("equals_sign",),
    "keep_equal",
    "Keep rows equal to the cell",
    PANE,
    "Keep the rows whose value in this column equals the cell's (offences: holds it)",
)
DROP_EQUAL = Key(
    ("exclamation_mark",),
    "drop_equal",
    "Drop rows equal to the cell",
    PANE,
    "Drop the rows whose value in this column equals the cell's (offences: holds it)",
)
FILTER_LINE = Key(
    ("vertical_line",),
    "screen.filter_line",
    "Filter this column",
    PANE,
    "Filter the column under the cursor: a value, a list, > 365, a..b, empty",
)
REMOVE_LAST = Key(
    ("backspace",),
    "remove_last",
    "Remove the last filter",
    PANE,
    "Remove the last filter of the chain",
)
UNDO = Key(
    ("u",),
    "undo",
    "Undo",
    PANE,
    "Undo the last change of filter, sort, hidden or widened column",
)
JUMP_COLUMN = Key(
    ("J",),
    "screen.jump_column",
    "Jump to a column",
    PANE,
    "Move the cursor to a column, by name (completed as you type)",
)
COPY_CELL = Key(
    ("y",),
    "copy_cell",
    "Copy the cell",
    PANE,
    "Copy the cell under the cursor to the clipboard (works over SSH)",
)
COPY_ROW = Key(
    ("Y",),
    "copy_row",
    "Copy the row",
    PANE,
    "Copy the row under the cursor, tab-separated with a heading line",
)
SUBMIT_PROMPT = Key(("enter",), None, "Apply", PROMPT)
CLOSE_PROMPT = Key(("escape",), "close", "Close the line", PROMPT)
COMPLETE_PROMPT = Key(("tab",), "complete", "Complete the column name", PROMPT)
COPY_DETAIL = Key(("y",), "copy", "Copy the record", DETAIL)
ACTIVATE = Key(
    ("enter",), "activate", "Open row", TABLE, "Detail of the row, or drill down from a ranking"
)
EXPORT_VIEW = Key(
    ("e",), "screen.export", "Export view", PANE, "Write the rows shown to CSV, JSON or Parquet"
)
PALETTE = Key(("ctrl+p",), None, "Command palette", APP)
SHOW_HELP = Key(("question_mark",), "screen.help", "Help", PANE, "Every key, per pane")
OTHER_REVISION = Key(
    ("o",),
    "screen.other_revision",
    "Other revision",
    PANE,
    "Show the next file covering the period under the cursor (a revision or a copy)",
)
QUIT = Key(("q",), "screen.quit", "Quit", PANE)
QUIT_CTRL_C = Key(("ctrl+c",), "screen.quit", "Quit", PANE)
SUSPEND = Key(
    ("ctrl+z",),
    "app.suspend",
    "Suspend",
    PANE,
    "Suspend to the shell (fg brings the explorer back)",
)

NEXT_SOURCE = Key(("v",), "next_source", "Next ranking", RANKINGS)
PREVIOUS_SOURCE = Key(("V",), "previous_source", "Previous ranking", RANKINGS)
NEXT_REPORT = Key(("r",), "next_report", "Next report", RANKINGS)
PREVIOUS_REPORT = Key(("R",), "previous_report", "Previous report", RANKINGS)
POLICY = Key(
    ("p",),
    "policy",
    "Policies that apply",
    RECORDS,
    "Jump from a record to every policy that applies to it, local and state-wide",
)

WIDEN_COLUMN = Key(
    ("greater_than_sign",),
    "widen_column",
    "Widen column",
    PANE,
    "Widen the column under the cursor",
)
NARROW_COLUMN = Key(
    ("less_than_sign",),
    "narrow_column",
    "Narrow column",
    PANE,
    "Narrow the column under the cursor",
)
HIDE_COLUMN = Key(
    ("minus",), "hide_column", "Hide column", PANE, "Hide the column under the cursor"
)
SHOW_COLUMNS = Key(
    ("plus",), "show_columns", "Show hidden columns", PANE, "Show the hidden columns again"
)

CLOSE = Key(("escape", "q"), "close", "Close", MODAL)
# Reading a long policy or the help page as in a pager; the arrows, page up / down, home and
# end are the scrolled page's own.
READ_KEYS = (
    Key(("j",), "read('down')", "Scroll down", MODAL),
    Key(("k",), "read('up')", "Scroll up", MODAL),
    Key(("space",), "read('page_down')", "Page down", MODAL),
    Key(("b",), "read('page_up')", "Page up", MODAL),
    Key(("g",), "read('top')", "Top", MODAL),
    Key(("G",), "read('end')", "End", MODAL),
)

MARK_ROW = Key(
    ("space",),
    "toggle_mark",
    "Mark row",
    PANE,
    "Mark or unmark the row under the cursor (kept in the triage database)",
)
NOTE_ROW = Key(
    ("n",), "note", "Note", PANE, "Write or edit a one-line note on the row under the cursor"
)
MARKED_ONLY = Key(
    ("M",),
    "marked_only",
    "Marked only (toggle)",
    PANE,
    "Show only the marked rows of this pane; again, every row",
)
SAVE_VIEW = Key(
    ("W",),
    "screen.save_view",
    "Save view",
    PANE,
    "Save this pane's filters, search and sort under a name (the palette opens it again)",
)
ASK_SUBMIT = Key(("enter",), None, "Save", ASK)
ASK_CANCEL = Key(("escape",), "cancel", "Cancel", ASK)

FREQUENCY = Key(
    ("F",),
    "screen.frequency",
    "Frequency",
    PANE,
    "Count each value of the column under the cursor, in the rows shown",
)
QUERY_LINE = Key(
    ("colon",),
    "screen.query",
    "Query (SQL)",
    PANE,
    "SQL over the tables reports, rankings, records and policies",
)
STATE_MAP = Key(("m",), "screen.map", "State map", PANE, "The states on a tile map, shaded")
CORRECTIONS = Key(
    ("c",),
    "screen.toggle_corrections",
    "Leave out corrected rows (toggle)",
    PANE,
    "Count, or leave out, the rows ICE corrected (rankings, frequencies, map)",
)
WEEK_OVER_WEEK = Key(
    ("w",),
    "week_over_week",
    "Week over week",
    RANKINGS,
    "This ranking per report period, side by side",
)
RUN_QUERY = Key(("enter",), None, "Run the query", QUERY)
CLOSE_QUERY = Key(("escape",), "close", "Close the query line", QUERY)
HISTORY = (
    Key(("up",), "history(-1)", "Earlier query", QUERY),
    Key(("down",), "history(1)", "Later query", QUERY),
)
MAP_MOVES = (
    Key(("up", "k"), "move('up')", "North", MAP),
    Key(("down", "j"), "move('down')", "South", MAP),
    Key(("left", "h"), "move('left')", "West", MAP),
    Key(("right", "l"), "move('right')", "East", MAP),
)
MAP_OPEN = Key(("enter",), "open", "The state's records", MAP)
MAP_CLOSE = Key(("escape", "q"), "close", "Close the map", MAP)
MAP_EXPORT = Key(("e",), "export", "Export the map", MAP)
MAP_HELP = Key(("question_mark",), "help", "Help", MAP)
MAP_COPY = Key(("y",), "copy", "Copy the state and its count", MAP)

DECLINES_PER_DAY = Key(
    ("t",),
    "screen.declines_per_day",
    "Declines per day",
    RECORDS,
    "Chart the records shown by the day they were declined (or issued, by month)",
)
DAYS_HISTOGRAM = Key(
    ("H",),
    "screen.days_histogram",
    "Days to decline",
    RECORDS,
    "Days from issue to decline of the records shown, in bins: count, share, bar",
)
SPARKLINE_SCALE = Key(
    ("a",),
    "switch",
    "Trend scale: per row or one for all",
    RESULT,
)
CHART_MOVES = (
    Key(("left", "h"), "move(-1)", "Previous day", CHART),
    Key(("right", "l"), "move(1)", "Next day", CHART),
)
CHART_PAGES = (
    Key(("pageup",), "page(-1)", "A chart back", CHART),
    Key(("pagedown",), "page(1)", "A chart on", CHART),
)
CHART_ENDS = (
    Key(("home", "g"), "first", "First day", CHART),
    Key(("end", "G"), "last", "Last day", CHART),
)
CHART_BUSIEST = Key(("b",), "busiest", "Busiest day", CHART)
CHART_OPEN = Key(("enter",), "open", "The day's records", CHART)
CHART_SWITCH = Key(("i",), "switch", "Issued per month / declines per day", CHART)
CHART_EXPORT = Key(("e",), "export", "Export the series", CHART)
CHART_COPY = Key(("y",), "copy", "Copy the day and its count", CHART)
CHART_CLOSE = Key(("escape", "q"), "close", "Close the chart", CHART)
CHART_HELP = Key(("question_mark",), "help", "Help", CHART)

SECTIONS: tuple[Section, ...] = (
    Section(
        "every pane",
        (
            # Joined without spaces so that a narrow help page does not break the list.
            Row(
                tuple(SHOW_PANE.values()),
                "Rankings, Records, Policies, Reports, Triage",
                joiner="·",
            ),
            Row(
                (SEARCH_PANE,),
                "Search this pane: typing filters its rows across all text columns, ignoring "
                "case and accents (`dona ana` finds `Doña Ana County`)",
            ),
            Row(
                (SUBMIT_SEARCH,),
                "Back to the table, the filter kept",
                where="(in the search line)",
            ),
            Row(
                (CLEAR, CANCEL_SEARCH),
                "Clear the search; pressed again, every filter of the chain (`u` brings them back)",
            ),
            Row(
                (SORT,),
                "Sort by the column under the cursor: ascending, again descending, a third "
                "time back to the table's own order (the cursor stays on its row)",
            ),
            Row((ACTIVATE,), "Open the row in full, or drill down (see each pane)"),
            Row(
                (EXPORT_VIEW,),
                "Export the rows shown, as filtered and sorted, to CSV, JSON or Parquet; asks "
                "for the path and never overwrites a file without asking",
            ),
            Row(
                (FREQUENCY,),
                "Frequency of the column under the cursor: each value's count, share and bar, "
                "over the rows shown (offences count each one, dates each day)",
            ),
            Row(
                (QUERY_LINE,),
                "Query line: SQL over `reports`, `rankings`, `records` (with `days`) and "
                "`policies`; the result opens as a table",
            ),
            Row((STATE_MAP,), "State map: declined detainers (or Section I) by state"),
            Row(
                (CORRECTIONS,),
                "Leave out the rows ICE corrected from rankings, frequencies and the map; "
                "`c` again counts them",
            ),
            Row(
                (OTHER_REVISION,),
                "Where two files cover the same period (a corrected edition, a repaired copy), "
                "one is shown at a time: show the other for the period under the cursor",
            ),
            Row(
                (MARK_ROW,),
                "Mark or unmark the row under the cursor; the status line counts the marks, and "
                "everyone using the same triage database sees them",
            ),
            Row((NOTE_ROW,), "Write or edit a one-line note on the row (empty: remove it)"),
            Row((MARKED_ONLY,), "Only the marked rows (a filter like any other); again, all"),
            Row((SAVE_VIEW,), "Save this pane's filters, search and sort under a name"),
            Row((PALETTE,), "Command palette: every action by name, and the saved views"),
            Row((COPY_CELL,), "Copy the cell under the cursor to the clipboard (OSC 52)"),
            Row((COPY_ROW,), "Copy the row: tab-separated, with a line of headings"),
            Row((SHOW_HELP,), "This help"),
            Row((QUIT, QUIT_CTRL_C), "Quit (either closes the keys panel first, if open)"),
            Row(
                (SUSPEND,),
                "Suspend to the shell; `fg` brings the explorer back as it was (where no shell "
                "could, as under `ssh host detainer-tui`, it says so and goes on)",
            ),
        ),
    ),
    Section(
        "filters",
        (
            Row(
                (KEEP_EQUAL,),
                "Keep the rows equal to the cell under the cursor (offences: "
                "the rows holding each of its offences)",
            ),
            Row((DROP_EQUAL,), "Drop the rows equal to the cell (offences: holding any of them)"),
            Row(
                (FILTER_LINE,),
                "Filter the column under the cursor: `CA, OR`, `!= CA`, `> 365`, `<= 7`, "
                "`2017-02-01..2017-02-03`, `2/1/2017`, `2017-02`, `empty`, `not empty`",
            ),
            Row(
                (SUBMIT_PROMPT, CLOSE_PROMPT),
                "Apply the filter, or close the line",
                where="(in the filter line)",
            ),
            Row(
                (REMOVE_LAST,),
                "Remove the last filter of the chain (the line above the status bar)",
            ),
            Row((UNDO,), "Undo the last change of filter, search, sort, hidden or widened column"),
            Row((JUMP_COLUMN,), "Jump to a column by name; `tab` completes it"),
        ),
    ),
    Section(
        "table",
        (
            Row((Key(("j", "down"), "cursor_down", "Down", TABLE),), "Down one row"),
            Row((Key(("k", "up"), "cursor_up", "Up", TABLE),), "Up one row"),
            Row(
                (
                    Key(("h", "left"), "cursor_left", "Left", TABLE),
                    Key(("l", "right"), "cursor_right", "Right", TABLE),
                ),
                "Column to the left or right (the column `s` sorts by)",
                joiner=", ",
            ),
            Row((Key(("g", "home"), "scroll_home", "Top", TABLE),), "First row"),
            Row((Key(("G", "end"), "scroll_end", "Bottom", TABLE),), "Last row"),
            Row(
                (
                    Key(("pageup",), "page_up", "Page up", TABLE),
                    Key(("pagedown",), "page_down", "Page down", TABLE),
                ),
                "Up or down a screen",
            ),
            Row(
                (WIDEN_COLUMN, NARROW_COLUMN),
                "Widen or narrow the column under the cursor (columns are sized to their "
                "content and the terminal; the least important are narrowed first)",
            ),
            Row((HIDE_COLUMN,), "Hide the column under the cursor"),
            Row((SHOW_COLUMNS,), "Show the hidden columns again"),
        ),
    ),
    Section(
        "rankings",
        (
            Row(
                (NEXT_SOURCE, PREVIOUS_SOURCE),
                "Next / previous ranking: detainers issued, declined by jurisdiction, state, "
                "facility, citizenship, offence",
            ),
            Row(
                (NEXT_REPORT, PREVIOUS_REPORT),
                "Next / previous report: all reports together (summed, ranked afresh), or one "
                "report alone",
            ),
            Row(
                (ACTIVATE,),
                "Drill down: the records of this jurisdiction (or state, facility, citizenship, "
                "offence)",
            ),
            Row(
                (WEEK_OVER_WEEK,),
                "Week over week: this ranking with one column per report period; its trend "
                "draws each row on its own scale (`a` there: every row on one scale)",
            ),
        ),
    ),
    Section(
        "result tables",
        (
            Row(
                (ACTIVATE,),
                "A frequency: the rows behind the value; week over week: the records; "
                "a query result: the row in full",
            ),
            Row(
                (CLEAR,),
                "Drop the search and filters added here; pressed again, back where you came from",
            ),
            Row(
                (SPARKLINE_SCALE,),
                "Week over week: the trend on each row's own scale, or on one scale for all",
            ),
        ),
    ),
    Section(
        "query line",
        (
            Row((RUN_QUERY,), "Run the query; an error shows under it and the text stays"),
            Row(HISTORY, "Earlier or later queries (kept between sessions)"),
            Row((CLOSE_QUERY,), "Close the query line (a query still running is given up)"),
        ),
    ),
    Section(
        "state map",
        (
            Row(MAP_MOVES, "Move to the next state that way", joiner=" "),
            Row((MAP_OPEN,), "The state's declined-detainer records"),
            Row((MAP_EXPORT,), "Export the map's counts"),
            Row((MAP_COPY,), "Copy the state under the cursor and its count"),
            Row((MAP_CLOSE,), "Back"),
        ),
    ),
    Section(
        "chart",
        (
            Row(CHART_MOVES, "The day (or month) before or after", joiner=", "),
            Row(CHART_PAGES + CHART_ENDS, "A chart's width back or on; the first or last day"),
            Row((CHART_BUSIEST,), "The busiest day, then the next busiest"),
            Row((CHART_OPEN,), "The records of the day (or month) under the cursor"),
            Row((CHART_SWITCH,), "Detainers issued per month; `i` again: declines per day"),
            Row((CHART_EXPORT,), "Export the series (each day and its count)"),
            Row((CHART_COPY,), "Copy the day (or month) under the cursor and its count"),
            Row((CHART_CLOSE,), "Back"),
        ),
    ),
    Section(
        "records",
        (
            Row((ACTIVATE,), "The record in full"),
            Row(
                (POLICY, Key(("p",), "policy", "Policies that apply", DETAIL)),
                "Jump to every policy that applies to the record: its county's or city's, "
                "whatever agency Section III names, and its state's own (also in the record "
                "view)",
            ),
            Row(
                (DECLINES_PER_DAY,),
                "Declines per day of the records shown (search and filters apply), each "
                "report's week marked; `enter` on a day opens its records",
            ),
            Row(
                (DAYS_HISTOGRAM,),
                "Days to decline of the records shown: `0`, `1–7`, `8–30`, `31–90`, "
                "`91–365`, `1–2 years`, `2–5 years`, `over 5 years`; `enter` opens a bin's "
                "records",
            ),
        ),
    ),
    Section("policies", (Row((ACTIVATE,), "The policy text in its own view"),)),
    Section("reports", (Row((ACTIVATE,), "The report's file, checksum and every diagnostic"),)),
    Section(
        "triage",
        (
            Row((ACTIVATE,), "Go to the row in its own pane"),
            Row((MARK_ROW, NOTE_ROW), "Unmark the row, or edit its note, from here"),
        ),
    ),
    Section(
        "dialogs",
        (
            Row((CLOSE,), "Close a detail view or this help"),
            Row(
                READ_KEYS,
                "Scroll a detail view or this help: a line, a page, to the top or the end "
                "(the arrows, page up / down, home and end too)",
            ),
            Row((COPY_DETAIL,), "Copy the whole record (in a detail view)"),
            Row(
                (
                    Key(("enter",), None, "Export", EXPORT),
                    Key(("enter",), "screen.submit", "Export", EXPORT_FORMAT),
                ),
                "Export (in the export dialog)",
            ),
            Row(
                (Key(("ctrl+u",), "clear", "Clear the path", EXPORT_PATH),),
                "Clear the path field (in the export dialog)",
            ),
            Row(
                (
                    Key(("right", "space"), "step(1)", "Next format", EXPORT_FORMAT),
                    Key(("left",), "step(-1)", "Previous format", EXPORT_FORMAT),
                ),
                "Choose the format (in the export dialog: shift+tab from the path goes to it)",
            ),
            Row((ASK_SUBMIT,), "Save the note or the view's name (in its line)"),
            Row((ASK_CANCEL,), "Leave it as it was (in its line)"),
            Row(
                (
                    Key(("y",), "answer(True)", "Yes", CONFIRM),
                    Key(("n",), "answer(False)", "No", CONFIRM),
                ),
                "Overwrite an existing file (or delete a saved view), or not",
            ),
        ),
    ),
    Section(
        "help screen",
        (
            Row(
                (Key(("question_mark",), "close", "Close", HELP),),
                "Close this help (said in the help's first line)",
            ),
        ),
        in_help=False,
    ),
    Section(
        "unlisted",
        (
            # The usual ways out of a dialog, which the help page does not spell out.
            Row((Key(("escape",), "cancel", "Cancel", EXPORT),), "Cancel the export"),
            Row(
                (Key(("enter",), "enter", "Close, or the records", DETAIL),),
                "Close a detail view (a correction's: open the records behind it)",
            ),
            Row((MAP_HELP,), "Help, from the map"),
            Row((COMPLETE_PROMPT,), "Complete the column name (in the column prompt)"),
            Row((CHART_HELP,), "Help, from a chart"),
            Row(
                (Key(("escape", "q"), "answer(False)", "No", CONFIRM),),
                "Keep the existing file (or the view)",
            ),
        ),
        in_help=False,
    ),
)
"""The help page's key tables, in the order it shows them."""


def all_keys() -> Iterator[Key]:
    """Every key of the table, each once."""
    seen: set[int] = set()
    for section in SECTIONS:
        for row in section.rows:
            for key in row.keys:
                if id(key) not in seen:
                    seen.add(id(key))
                    yield key


def bindings(*scopes: str) -> list[Binding]:
    """The bindings of the widget that holds ``scopes``' keys."""
    return [key.binding() for key in all_keys() if key.scope in scopes and key.action is not None]


def action(scope: str, key: str) -> str | None:
    """The action ``key`` runs in ``scope``, if any."""
    return next((k.action for k in all_keys() if k.scope == scope and key in k.keys), None)


def section(name: str) -> Section:
    """The help section called ``name``."""
    return next(s for s in SECTIONS if s.name == name)


def palette_key() -> str:
    """The key that opens the command palette."""
    return PALETTE.keys[0]
