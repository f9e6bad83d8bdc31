"""Marks and notes on rows, joined onto the tables as ordinary columns.

What a mark is attached to: a row's *identity* (``Table.identity``), made of

- the table (records, rankings, policies, reports);
- its report's period (start and end dates), not its file: a re-parse, ``cache clear``, a
  moved or renamed PDF, or a corrected revision of the same period that prints the same row,
  all find the mark again;
- the row's own values as printed (a record's state, jurisdiction, facility, citizenship,
  offences and both dates; a policy's place, type and text); a ranking row is what it ranks
  (its jurisdiction and state, or state, offence...) in one report or in all of them summed,
  never its rank or count;
- its occurrence among rows identical in all of these (the first, the second...), so that two
  records printed twice with the same values are two rows, each marked on its own.

A row whose values differ (a corrected revision that changed the row) is another row: the mark
stays on the row it was made on, listed in the Triage pane, and is never shown on a different
row. The key stored is the SHA-256 of the identity written as canonical JSON.

The explorer asks everything here through ``Triage``; it never opens the database itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset.columns import BAR, REPORT, REPORT_INDEX, ROW, label
from detainer_tui.dataset.details import Detail
from detainer_tui.dataset.filters import Filter, filter_kind
from detainer_tui.dataset.periods import period_label
from detainer_tui.dataset.rankings import ranking_source
from detainer_tui.dataset.table import Query, Table
from detainer_tui.store.triage import (
    ANY_NOTE,
    MarkRow,
    NoteChanged,
    RowRef,
    SavedView,
    TriageStore,
    TriageUnavailable,
    ViewExists,
)
from detainer_tui.text import printable

MARK = "mark"
"""Display column: ``✓`` on a marked row."""
NOTE = "note"
"""Display column (once a table has a note): the row's note."""
MARKED = "marked"
"""Export and query column: whether the row is marked (true/false)."""
TRIAGE_KEY = "_triage_key"
"""Hidden column: the key of a marked or noted row (null otherwise)."""
MARK_SIGN = "✓"
TABLE = "table"
ROW_VALUES = "row"
BY = "by"
AT = "at"
TRIAGE_LABELS = {MARK: MARK_SIGN, NOTE: "Note", TABLE: "Table", ROW_VALUES: "Row", BY: "By"}
TRIAGE_TABLES = ("records", "rankings", "policies", "reports")

_LEFT_OUT = {BAR, REPORT}
"""Display columns not kept among a marked row's values (a bar; the report is kept apart)."""


@filter_kind
@dataclass(frozen=True)
class Marked(Filter):
    """The "marked only" filter: rows marked (in the triage database), as a step of a chain
    like any other filter."""

    kind: ClassVar[str] = "marked"

    def columns(self) -> tuple[str, ...]:
        return (MARK,)

    def expr(self, table: Any) -> pl.Expr:
        return (pl.col(MARK) == MARK_SIGN).fill_null(False)

    def label(self, table: Any = None) -> str:
        return "marked only"


def with_marked_only(query: Query) -> Query:
    """``query`` with the "marked only" filter at the end of its chain, or without it if it
    has one (``M`` toggles it)."""
    if any(isinstance(step, Marked) for step in query.chain):
        return replace(query, chain=tuple(s for s in query.chain if not isinstance(s, Marked)))
    return replace(query, chain=(*query.chain, Marked()))


def reads_marks(query: Query) -> bool:
    """Whether ``query``'s rows depend on marks or notes (so a change must query again)."""
    return any(MARK in step.columns() or NOTE in step.columns() for step in query.steps)


class MarkingOff(Exception):
    """A mark or note was asked where it cannot be made; the message says why."""


@dataclass
class _Annotated:
    base: Table
    version: int
    table: Table
    marked: int
    noted: int


# -- identity -------------------------------------------------------------------------------
def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def row_identity(table: Table, row: dict[str, Any], occurrence: int) -> dict[str, Any]:
    """The identity of ``row`` of ``table`` (see the module's notes), as JSON-able values."""
    identity = table.identity
    if identity is None:
        raise MarkingOff("rows of this table cannot be marked")
    period = (
        [_json_value(row.get(c)) for c in identity.period] if identity.period is not None else None
    )
    return {
        "table": identity.table,
        "fixed": {name: value for name, value in identity.fixed},
        "period": period,
        "values": {c: _json_value(row.get(c)) for c in identity.columns},
        "occurrence": occurrence,
    }


def identity_key(identity: dict[str, Any]) -> str:
    """The key a row is stored under: SHA-256 of its identity as canonical JSON."""
    text = json.dumps(identity, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _match_columns(table: Table) -> list[str]:
    identity = table.identity
    assert identity is not None
    return [*identity.columns, *(identity.period or ())]


def occurrence(table: Table, row: dict[str, Any]) -> int:
    """How many rows before ``row`` in ``table`` have the same identity values."""
    identity = table.identity
    if identity is None or identity.period is None:
        return 0  # one ranking's rows are each a different thing ranked
    columns = sorted(_match_columns(table), key=lambda c: table.frame.schema[c] != pl.Date)
    # One cheap comparison over the column alone first (a date), then the rest on the few
    # rows left: copying every column of a million rows would cost more than the rest.
    first = table.frame.get_column(columns[0])
    hits = first.eq_missing(pl.Series([row.get(columns[0])], dtype=first.dtype)).arg_true()
    frame = table.frame.select(ROW, *columns[1:])[hits]
    for column in columns[1:]:
        frame = frame.filter(pl.col(column).eq_missing(row.get(column)))
    return frame.filter(pl.col(ROW) < row[ROW]).height


def _marks_frame(table: Table, marks: Sequence[MarkRow]) -> pl.DataFrame:
    """The marks of ``table`` as a frame of its identity columns (typed as the table's),
    occurrence, key, mark and note."""
    identity = table.identity
    assert identity is not None
    data: dict[str, pl.Series] = {}
    for column in identity.columns:
        values = [m.identity.get("values", {}).get(column) for m in marks]
        data[column] = _typed(column, values, table.frame.schema[column])
    if identity.period is not None:
        for position, column in enumerate(identity.period):
            values = [(m.identity.get("period") or [None, None])[position] for m in marks]
            data[column] = _typed(column, values, table.frame.schema[column])
    data["_occurrence"] = pl.Series("_occurrence", [m.identity.get("occurrence", 0) for m in marks])
    data[TRIAGE_KEY] = pl.Series(TRIAGE_KEY, [m.key for m in marks], dtype=pl.String)
    data[MARKED] = pl.Series(MARKED, [m.marked for m in marks], dtype=pl.Boolean)
    data[NOTE] = pl.Series(NOTE, [m.note for m in marks], dtype=pl.String)
    return pl.DataFrame(data).with_columns(pl.col("_occurrence").cast(pl.UInt32, strict=False))


def _typed(name: str, values: list[Any], dtype: pl.DataType) -> pl.Series:
    if dtype == pl.Date:
        return pl.Series(name, values, dtype=pl.String).str.to_date(strict=False)
    try:
        return pl.Series(name, values, dtype=dtype, strict=False)
    except (TypeError, ValueError, pl.exceptions.PolarsError):
        return pl.Series(name, [None] * len(values), dtype=dtype)


def _matches(table: Table, marks: Sequence[MarkRow]) -> pl.DataFrame:
    """Rows of ``table`` that ``marks`` are on: its row number, key, mark and note."""
    wanted = _marks_frame(table, marks)
    columns = _match_columns(table)
    rows = table.frame.select(ROW, *columns)
    if columns:
        first = columns[0]
        values = wanted.get_column(first)
        keep = pl.col(first).is_in(values.drop_nulls().unique().implode())
        if values.null_count():
            keep = keep | pl.col(first).is_null()
        rows = rows.filter(keep)
        candidates = rows.join(
            wanted.select(columns).unique(), on=columns, how="semi", nulls_equal=True
        ).sort(ROW)
        candidates = candidates.with_columns(
            pl.int_range(pl.len(), dtype=pl.UInt32).over(columns).alias("_occurrence")
        )
    else:
        candidates = rows.with_columns(pl.lit(0, dtype=pl.UInt32).alias("_occurrence"))
    on = [*columns, "_occurrence"]
    return candidates.join(wanted, on=on, how="inner", nulls_equal=True).select(
        ROW, TRIAGE_KEY, MARKED, NOTE
    )


def _applies(table: Table, mark: MarkRow) -> bool:
    identity = table.identity
    return (
        identity is not None
        and mark.table == identity.table
        and mark.identity.get("fixed", {}) == {name: value for name, value in identity.fixed}
    )


def annotate(table: Table, marks: Sequence[MarkRow]) -> tuple[Table, int, int]:
    """``table`` with a mark column first, its notes (a Note column once any row has one)
    and the export columns ``marked`` and ``note``; and how many rows are marked, noted."""
    n = table.total
    mark = pl.repeat("", n, dtype=pl.String, eager=True).alias(MARK)
    note = pl.repeat(None, n, dtype=pl.String, eager=True).alias(NOTE)
    key = pl.repeat(None, n, dtype=pl.String, eager=True).alias(TRIAGE_KEY)
    mine = [m for m in marks if _applies(table, m)]
    marked = noted = 0
    if mine and n:
        hits = _matches(table, mine)
        rows = hits.get_column(ROW)
        key = key.scatter(rows, hits.get_column(TRIAGE_KEY))
        flagged = hits.filter(pl.col(MARKED))
        if flagged.height:
            mark = mark.scatter(flagged.get_column(ROW), MARK_SIGN)
        with_note = hits.filter(pl.col(NOTE).is_not_null())
        if with_note.height:
            note = note.scatter(with_note.get_column(ROW), with_note.get_column(NOTE))
        marked, noted = flagged.height, with_note.height
    return _with_columns(table, mark, note, key, shown_note=noted > 0), marked, noted


def _with_columns(
    table: Table,
    mark: pl.Series,
    note: pl.Series,
    key: pl.Series,
    *,
    shown_note: bool,
    marked: pl.Series | None = None,
) -> Table:
    if marked is None:
        marked = mark == MARK_SIGN
    export = [marked.alias(MARKED), note]
    last = [note] if shown_note else []
    hidden = [key] if shown_note else [key, note]
    # Measured on the notes alone: a million-row column of few values costs ms to measure.
    noted = note.drop_nulls()
    widths = [1, *([int(noted.str.len_chars().max() or 0)] if shown_note else [])]
    annotated = table.annotated([mark], last, export, hidden, widths=widths)
    annotated.labels = {**annotated.labels, MARK: MARK_SIGN, NOTE: TRIAGE_LABELS[NOTE]}
    return annotated


# -- the analyst's marks ---------------------------------------------------------------------
class Triage:
    """The marks and notes of one triage database, and the tables they annotate.

    Built once per explorer (or command); every table a pane shows goes through ``annotate``.
    """

    def __init__(self, store: TriageStore) -> None:
        self.store = store
        self.version = 0
        """Bumped whenever the marks change (here or in another process)."""
        self._marks: list[MarkRow] = store.marks()
        self._annotated: dict[int, _Annotated] = {}
        self._listing: tuple[int, Table] | None = None
        store.changed()

    @classmethod
    def open(cls, path: Path | None = None) -> Triage:
        """The triage database at ``path`` (default: the data folder's); never raises."""
        return cls(TriageStore.open(path))

    @property
    def problem(self) -> str | None:
        """Why marking is off (None when it is on)."""
        return self.store.problem

    @property
    def notice(self) -> str:
        """Something to say once about the database (a damaged file set aside)."""
        return self.store.notice

    @property
    def marks(self) -> list[MarkRow]:
        """Every marked or noted row, as last read."""
        return list(self._marks)

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    # -- tables ---------------------------------------------------------------------------
    def annotate(self, table: Table) -> Table:
        """``table`` with its marks and notes as columns (the same object while they have
        not changed). A table whose rows cannot be marked is returned as it is."""
        if table.identity is None or MARK in table.columns:
            return table
        # Read once: a pane's query annotates in a worker thread while a key may change them.
        version, marks = self.version, self._marks
        entry = self._annotated.get(id(table))
        if entry is not None and entry.base is table and entry.version == version:
            return entry.table
        annotated, marked, noted = annotate(table, marks)
        if len(self._annotated) > 32:  # tables of datasets no longer shown
            self._annotated.clear()
        self._annotated[id(table)] = _Annotated(table, version, annotated, marked, noted)
        return annotated

    def is_current(self, table: Table) -> bool:
        """Whether ``table`` (annotated) shows the marks as they are now: false when they
        changed while it was being built (another analyst's, or a key's)."""
        entry = self._entry(table) if MARK in table.columns else None
        return entry is None or entry.version == self.version

    def counts(self, table: Table) -> tuple[int, int]:
        """How many rows of ``table`` (annotated) are marked and noted."""
        for entry in self._annotated.values():
            if entry.table is table:
                return entry.marked, entry.noted
        if MARK not in table.columns:
            return 0, 0
        frame = table.frame
        noted = frame.get_column(NOTE).is_not_null().sum() if NOTE in frame.columns else 0
        return int((frame.get_column(MARK) == MARK_SIGN).sum()), int(noted)

    def _entry(self, table: Table) -> _Annotated | None:
        return next((e for e in self._annotated.values() if e.table is table), None)

    # -- writing --------------------------------------------------------------------------
    def _ref(
        self,
        table: Table,
        row: dict[str, Any],
        reports: Sequence[dict[str, Any]],
        index: int | None,
    ) -> RowRef:
        key = row.get(TRIAGE_KEY)
        stored = self.mark(key) if key is not None else None
        if stored is not None:
            # The row is one stored already: its key and identity say which it is.
            identity = stored.identity
        else:
            identity = row_identity(table, row, occurrence(table, row))
            key = identity_key(identity)
        values = {
            c: _json_value(row.get(c))
            for c in table.columns
            if c not in _LEFT_OUT and c not in (MARK, NOTE)
        }
        values = {**dict(table.identity.fixed if table.identity else ()), **values}
        report = _report_of(row, reports, index)
        period = identity.get("period") or identity.get("fixed", {}).get("period")
        start, end = period or (_iso(report, schema.REPORT_START), _iso(report, schema.REPORT_END))
        return RowRef(
            key,
            identity["table"],
            identity,
            values,
            report_file=report.get(schema.SOURCE_FILE),
            report_start=start,
            report_end=end,
            report_sha256=report.get(schema.SHA256),
        )

    def toggle_mark(
        self,
        table: Table,
        row: dict[str, Any],
        reports: Sequence[dict[str, Any]] = (),
        report: int | None = None,
    ) -> tuple[Table, bool]:
        """Mark ``row`` of ``table`` (an annotated table), or unmark it if marked; the table
        with the change, and whether the row is now marked.

        ``reports`` are the open reports' one-row summaries (``Dataset.report_infos``), by
        index: the file a mark was made in is recorded with it (``report``: the report of a
        row that does not say, a ranking's). Raises ``MarkingOff`` when marking is
        off or the table's rows cannot be marked.
        """
        marked = row.get(MARK) != MARK_SIGN
        ref = self._ref(table, row, reports, report)
        self._write(lambda: self.store.set_mark(ref, marked))
        return self._changed(table, row, ref.key, mark=MARK_SIGN if marked else ""), marked

    def set_note(
        self,
        table: Table,
        row: dict[str, Any],
        text: str,
        reports: Sequence[dict[str, Any]] = (),
        report: int | None = None,
        *,
        replacing: str | None = ANY_NOTE,
    ) -> Table:
        """Write ``text`` as ``row``'s note (empty: remove it); the table with the change.
        With ``replacing`` (the note the analyst began from), raises ``NoteChanged`` if
        the stored note is another by now (see ``TriageStore.set_note``)."""
        ref = self._ref(table, row, reports, report)
        self._write(lambda: self.store.set_note(ref, text, replacing=replacing))
        return self._changed(table, row, ref.key)

    def _write(self, write: Any) -> None:
        if self.problem is not None:
            raise MarkingOff(f"Marking is off: {self.problem}")
        try:
            write()
        except TriageUnavailable as error:
            raise MarkingOff(f"Not saved: {error}") from error

    def _changed(
        self,
        table: Table,
        row: dict[str, Any],
        key: str,
        *,
        mark: str | None = None,
    ) -> Table:
        """After our own write: the stored row re-read, and ``table`` with the one row
        changed (no join over the table); other tables are annotated afresh when asked."""
        stored = self._reread(key)
        entry = self._entry(table)
        if entry is None:
            return table
        frame = table.frame
        index = row[ROW]
        # Only the columns that change are copied (a million-row column costs ms to copy).
        mark_column = frame.get_column(MARK)
        marked = table.export.get_column(MARKED)
        if mark is not None and (mark_column[index] == MARK_SIGN) != (mark == MARK_SIGN):
            mark_column = mark_column.clone().scatter([index], mark)
            marked = marked.clone().scatter([index], mark == MARK_SIGN)
            entry.marked += 1 if mark == MARK_SIGN else -1
        note_column = frame.get_column(NOTE)
        note = stored.note if stored is not None else None
        if note_column[index] != note:
            entry.noted += (note is not None) - (note_column[index] is not None)
            note_column = note_column.clone().scatter([index], note)
        key_column = frame.get_column(TRIAGE_KEY)
        if key_column[index] != key:
            key_column = key_column.clone().scatter([index], key)
        updated = _with_columns(
            entry.base,
            mark_column,
            note_column,
            key_column,
            shown_note=entry.noted > 0,
            marked=marked,
        )
        entry.table, entry.version = updated, self.version
        return updated

    def refresh(self) -> bool:
        """Read the marks again if anyone changed the database (or it was replaced); whether
        they changed."""
        if not self.store.changed():
            return False
        self._marks = self.store.marks()
        self.version += 1
        return True

    def news(self) -> list[str]:
        """What happened to the database file since last asked (moved, replaced), to say."""
        said, self.store.news = self.store.news, []
        return said

    # -- views over the marks -------------------------------------------------------------
    def detail(self, detail: Detail, row: dict[str, Any]) -> Detail:
        """``detail`` (a row in full) with the row's mark and note, if it has either."""
        key = row.get(TRIAGE_KEY)
        stored = next((m for m in self._marks if m.key == key), None) if key else None
        if stored is None:
            return detail
        fields = list(detail.fields)
        if stored.marked:
            fields.append(("Marked", f"by {stored.marked_by} at {stored.marked_at}"))
        if stored.note is not None:
            fields.append(("Note", stored.note))
            fields.append(("Noted", f"by {stored.noted_by} at {stored.noted_at}"))
        return replace(detail, fields=tuple((k, printable(v)) for k, v in fields))

    def listing(self) -> Table:
        """The Triage pane: every marked or noted row of every table, latest change first."""
        if self._listing is None or self._listing[0] != self.version:
            self._listing = (self.version, listing(self._marks))
        return self._listing[1]

    def toggle_stored(self, key: str) -> None:
        """Unmark the row stored under ``key``, or mark it again (from the Triage pane)."""
        stored = self.mark(key)
        if stored is not None:
            self._write(lambda: self.store.set_mark(_stored_ref(stored), not stored.marked))
            self._reread(key)

    def note_stored(self, key: str, text: str, *, replacing: str | None = ANY_NOTE) -> None:
        """Write the note of the row stored under ``key`` (from the Triage pane); with
        ``replacing``, only over that note (else ``NoteChanged``, and the row is read
        again)."""
        stored = self.mark(key)
        if stored is not None:
            try:
                self._write(
                    lambda: self.store.set_note(_stored_ref(stored), text, replacing=replacing)
                )
            finally:
                self._reread(key)

    def _reread(self, key: str) -> MarkRow | None:
        stored = self.store.mark(key)
        self._marks = [m for m in self._marks if m.key != key]
        if stored is not None and (stored.marked or stored.note is not None):
            self._marks.append(stored)
        self.version += 1
        return stored

    def query_tables(
        self, dataset: Any, tables: dict[str, pl.DataFrame]
    ) -> dict[str, pl.DataFrame]:
        """The query line's tables with ``marked`` and ``note`` (records, policies, reports:
        row for row as the panes show them; rankings as printed in Section I)."""
        sources = {
            "records": dataset.records,
            "policies": dataset.policies,
            "reports": dataset.reports_table,
        }
        tables = dict(tables)
        for name, table in sources.items():
            frame = tables.get(name)
            if frame is None or frame.height != table.total:
                continue
            annotated = self.annotate(table).export
            tables[name] = frame.with_columns(
                annotated.get_column(MARKED), annotated.get_column(NOTE)
            )
        return tables

    def mark(self, key: str) -> MarkRow | None:
        """The marked or noted row stored under ``key``."""
        return next((m for m in self._marks if m.key == key), None)

    # -- named views ----------------------------------------------------------------------
    def views(self) -> list[SavedView]:
        """The named views saved in the database."""
        return self.store.views()

    def save_view(
        self, name: str, pane: str, state: dict[str, Any], *, replace: bool = True
    ) -> None:
        """Save a pane's filters under ``name``; raises ``MarkingOff`` if it cannot, and
        unless ``replace``, ``ViewExists`` if a view has that name."""
        self._write(lambda: self.store.save_view(name, pane, state, replace=replace))

    def delete_view(self, name: str) -> bool:
        """Forget the view called ``name`` (whether there was one); raises ``MarkingOff`` if
        it cannot."""
        deleted: list[bool] = []
        self._write(lambda: deleted.append(self.store.delete_view(name)))
        return bool(deleted and deleted[0])


def listing(marks: Sequence[MarkRow]) -> Table:
    """Every marked or noted row of ``marks``, latest first, as the Triage pane shows them."""
    rows = []
    for mark in reversed(marks):
        when, who = _latest(mark)
        rows.append(
            {
                MARK: MARK_SIGN if mark.marked else "",
                TABLE: mark.table,
                ROW_VALUES: row_text(mark),
                REPORT: report_text(mark),
                NOTE: printable(mark.note or ""),
                BY: printable(who or ""),
                AT: shown_time(when),
                TRIAGE_KEY: mark.key,
            }
        )
    columns = [MARK, TABLE, ROW_VALUES, REPORT, NOTE, BY, AT]
    frame = pl.DataFrame(rows, schema={c: pl.String for c in [*columns, TRIAGE_KEY]}, orient="row")
    export = export_frame(list(reversed(marks)))
    return Table(
        "triage",
        frame,
        columns,
        export,
        labels=TRIAGE_LABELS,
        priority=[MARK, TABLE, ROW_VALUES, NOTE, REPORT, BY, AT],
        noun="marked or noted rows",
    )


def listing_of_nothing() -> Table:
    """The Triage pane with no database to list."""
    return listing([])


def _stored_ref(mark: MarkRow) -> RowRef:
    return RowRef(
        mark.key,
        mark.table,
        mark.identity,
        mark.values,
        mark.report_file,
        mark.report_start,
        mark.report_end,
        mark.report_sha256,
    )


def locate(table: Table, key: str) -> int | None:
    """The row number in ``table`` (annotated) of the row stored under ``key``."""
    if TRIAGE_KEY not in table.frame.columns:
        return None
    hits = table.frame.filter(pl.col(TRIAGE_KEY) == key).get_column(ROW)
    return int(hits[0]) if hits.len() else None


def row_text(mark: MarkRow) -> str:
    """A marked row's own values, as one line (a ranking's, then which ranking it is in: the
    place comes before the ranking's long title, which a narrow column cuts)."""
    values = [str(v) for k, v in mark.values.items() if v not in (None, "") and k not in _RANKING]
    source = mark.values.get("source")
    if mark.table == "rankings" and isinstance(source, str):
        with contextlib.suppress(KeyError):
            values.append(ranking_source(source).title)
    return printable(" · ".join(values))


_RANKING = {"source", "period"}
"""A ranking row's values that say which ranking it is, not what the row holds."""


def report_text(mark: MarkRow) -> str:
    """Which report a marked row is in: its period and file name (or all reports summed)."""
    start, end = _date(mark.report_start), _date(mark.report_end)
    period = period_label(start, end) if start and end else "all reports"
    name = Path(mark.report_file).name if mark.report_file else ""
    return printable(f"{period} ({name})" if name else period)


def export_frame(marks: Sequence[MarkRow]) -> pl.DataFrame:
    """Every marked or noted row with its values, table, report (file, period, sha256), mark,
    note, who and when: one row each, one column per value any of them has."""
    value_columns: list[str] = []
    for mark in marks:
        for name in mark.values:
            if name not in value_columns and name not in _FIXED_EXPORT:
                value_columns.append(name)
    rows = []
    for mark in marks:
        row: dict[str, Any] = {
            TABLE: mark.table,
            schema.SOURCE_FILE: mark.report_file,
            schema.REPORT_START: _date(mark.report_start),
            schema.REPORT_END: _date(mark.report_end),
            schema.SHA256: mark.report_sha256,
            MARKED: mark.marked,
            "marked_by": mark.marked_by if mark.marked else None,
            "marked_at": mark.marked_at if mark.marked else None,
            NOTE: mark.note,
            "noted_by": mark.noted_by if mark.note is not None else None,
            "noted_at": mark.noted_at if mark.note is not None else None,
        }
        for name in value_columns:
            value = mark.values.get(name)
            row[name] = None if value is None else str(value)
        rows.append(row)
    fixed_schema: dict[str, pl.DataType] = {
        TABLE: pl.String(),
        schema.SOURCE_FILE: pl.String(),
        schema.REPORT_START: pl.Date(),
        schema.REPORT_END: pl.Date(),
        schema.SHA256: pl.String(),
        MARKED: pl.Boolean(),
        "marked_by": pl.String(),
        "marked_at": pl.String(),
        NOTE: pl.String(),
        "noted_by": pl.String(),
        "noted_at": pl.String(),
    }
    frame_schema = {**fixed_schema, **{name: pl.String() for name in value_columns}}
    return pl.DataFrame(rows, schema=frame_schema, orient="row")


_FIXED_EXPORT = {
    TABLE,
    schema.SOURCE_FILE,
    schema.REPORT_START,
    schema.REPORT_END,
    schema.SHA256,
    MARKED,
    "marked_by",
    "marked_at",
    NOTE,
    "noted_by",
    "noted_at",
}


def trim_export(frame: pl.DataFrame) -> pl.DataFrame:
    """An export of a view without the mark and note columns when no row shown has either."""
    if MARKED not in frame.columns:
        return frame
    if frame.get_column(MARKED).any() or frame.get_column(NOTE).is_not_null().any():
        return frame
    return frame.drop(MARKED, NOTE)


def shown_time(stamp: str | None) -> str:
    """A stored time (``2017-02-03T14:05:09Z``, UTC) as the panes show it: to the minute, in
    this machine's time zone (``2017-02-03 09:05``). The export keeps it as stored."""
    if not stamp:
        return ""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return printable(stamp)
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M")


def _latest(mark: MarkRow) -> tuple[str | None, str | None]:
    changes = []
    if mark.marked and mark.marked_at:
        changes.append((mark.marked_at, mark.marked_by))
    if mark.note is not None and mark.noted_at:
        changes.append((mark.noted_at, mark.noted_by))
    return max(changes) if changes else (None, None)


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _iso(report: dict[str, Any], column: str) -> str | None:
    value = report.get(column)
    return value.isoformat() if isinstance(value, date) else None


def _report_of(
    row: dict[str, Any], reports: Sequence[dict[str, Any]], fallback: int | None
) -> dict[str, Any]:
    index = row.get(REPORT_INDEX, fallback)
    if isinstance(index, int) and 0 <= index < len(reports):
        return reports[index]
    return {}


def heading(column: str) -> str:
    """The heading of a triage column."""
    return TRIAGE_LABELS.get(column) or label(column)


__all__ = [
    "MARK",
    "MARKED",
    "MARK_SIGN",
    "NOTE",
    "TRIAGE_KEY",
    "Marked",
    "MarkingOff",
    "NoteChanged",
    "Triage",
    "ViewExists",
    "annotate",
    "export_frame",
    "identity_key",
    "locate",
    "row_identity",
    "shown_time",
    "trim_export",
]
