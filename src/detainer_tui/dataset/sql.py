"""The query line: SQL over the open tables, run by Polars' SQL engine, read-only.

Four tables can be queried: ``reports``, ``rankings``, ``records`` (with ``days``) and
``policies``, with the export columns of each plus the ``report`` each row came from (and,
for rankings and records, whether ICE's correction covers it). Every query runs in a fresh
context over the dataset's frames, which Polars never changes: ``CREATE TABLE`` or ``DROP
TABLE`` touch only that context, so no query can change what the panes show. Even so, only a
``SELECT`` (or ``WITH … SELECT``) is run: anything else (``DELETE FROM records``) is refused
with a message saying so, rather than run against a copy and shown as an empty result. The
SQL file readers (``read_csv`` and the like) are refused: queries read the open reports,
nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset.cells import printable_lists, printable_series
from detainer_tui.dataset.table import Table
from detainer_tui.errors import DetainerError
from detainer_tui.formats import LIST_SEPARATOR
from detainer_tui.text import printable

TABLE_NAMES = tuple(schema.TABLES)
"""The tables a query can name."""

MESSAGE_LENGTH = 300
"""Longest error message shown under the prompt (Polars' can run to pages)."""

# Quoted strings hold data, not table functions: blanked before looking for one.
_STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")
_FILE_READER = re.compile(r'(?i)\b"?(read_[a-z]+)"?\s*\(')
# What is not a statement's words: comments, strings and quoted names (blanked to spaces
# before reading which statement a query is).
_NOT_WORDS = re.compile(r"--[^\n]*|/\*.*?(?:\*/|$)|'(?:[^']|'')*'?|\"(?:[^\"]|\"\")*\"?", re.S)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
READ_ONLY = "Only SELECT (or WITH … SELECT) queries are run"
"""The start of the message refusing any other statement."""

# What Polars raises for a query it cannot run: its own errors, and a few plain Python ones
# (a missing file for a reader, a bad literal). A panic in its engine is a BaseException.
_QUERY_FAILURES: tuple[type[BaseException], ...] = (
    pl.exceptions.PolarsError,
    pl.exceptions.PanicException,
    OSError,
    ValueError,
    TypeError,
    OverflowError,
    KeyError,
    IndexError,
)


class QueryError(DetainerError):
    """A query that cannot run: its message is one line, for under the prompt."""


def run_query(tables: Mapping[str, pl.DataFrame], text: str) -> Table:
    """The result of the SQL query ``text`` over ``tables``, as a table to show, run in this
    process (the explorer runs queries in a process of their own: ``bounded_sql``).

    Raises ``QueryError`` with a one-line message when the query cannot run.
    """
    return result_table(execute(tables, checked(text)))


def checked(text: str) -> str:
    """The query ``text`` as it is run (no final ``;``), if it may be: raises ``QueryError``
    for an empty one, a statement other than a ``SELECT``, or one that reads files."""
    query = text.strip().rstrip(";").strip()
    if not query:
        raise QueryError(f"Type a query, e.g. SELECT * FROM records (tables: {_names()})")
    statement = statement_kind(query)
    if statement != "SELECT":
        raise QueryError(
            f"{READ_ONLY}, not {statement or 'this'} "
            f"(queries only read the open tables: {_names()})"
        )
    reader = _FILE_READER.search(_STRING_LITERAL.sub("''", query))
    if reader is not None:
        raise QueryError(
            f"{reader.group(1)}() is not available: queries read only the open tables ({_names()})"
        )
    return query


def execute(tables: Mapping[str, pl.DataFrame], query: str) -> pl.DataFrame:
    """The result of ``query`` (``checked``) over ``tables``; raises ``QueryError``."""
    context = pl.SQLContext({name: frame.lazy() for name, frame in tables.items()})
    try:
        return context.execute(query, eager=True)
    except _QUERY_FAILURES as error:
        raise QueryError(_message(error)) from error


def statement_kind(query: str) -> str:
    """The kind of statement ``query`` is, upper case: ``SELECT`` for a query that only reads
    (a ``WITH`` whose main statement is a ``SELECT``, a ``SELECT`` in parentheses), else its
    first word or words (``DELETE``, ``WITH … DELETE``, ``2 statements``); empty if none."""
    text = _NOT_WORDS.sub(" ", query).strip().rstrip(";").strip()
    if ";" in text:
        return f"{text.count(';') + 1} statements"
    text = text.lstrip("( \t\r\n")
    first = _WORD.match(text)
    if first is None:
        return ""
    word = first.group().upper()
    if word != "WITH":
        return word
    main = _after_common_tables(text[first.end() :])
    return "SELECT" if main == "SELECT" else f"WITH … {main or 'nothing'}"


def _after_common_tables(text: str) -> str:
    """The first word after ``name [(columns)] AS (…), …`` (a ``WITH``'s tables), upper case."""
    depth = 0
    position = 0
    while position < len(text):
        character = text[position]
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif depth == 0 and character.isalpha():
            word = _WORD.match(text, position)
            if word is None:
                position += 1
                continue
            name = word.group().upper()
            if name in ("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "VALUES"):
                preceding = text[:position].rstrip()
                # A word straight after a closing parenthesis at depth 0 is the main statement.
                if preceding.endswith(")"):
                    return name
            position = word.end()
            continue
        position += 1
    return ""


def no_rows_message(text: str) -> str:
    """What the query line says when a query returns no rows (naming the query)."""
    query = " ".join(printable(text).split())
    if len(query) > MESSAGE_LENGTH:
        query = query[: MESSAGE_LENGTH - 1] + "…"
    return f"No rows: the query returned none ({query})"


def _names() -> str:
    return ", ".join(TABLE_NAMES)


def _message(error: BaseException) -> str:
    """The first line of an error, printable and not too long."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    line = printable(lines[0]) if lines else type(error).__name__
    if len(line) > MESSAGE_LENGTH:
        line = line[: MESSAGE_LENGTH - 1] + "…"
    return line


def result_table(result: pl.DataFrame) -> Table:
    """A query's result as a table: every column shown, text made printable.

    Columns are renamed inside the table (the result's own names could be anything, even
    the table's hidden ones) and headed by their names as the query gave them; the export
    keeps the result as it is.
    """
    display: list[pl.Series] = []
    hidden: list[pl.Series] = []
    labels: dict[str, str] = {}
    lists: dict[str, str] = {}
    for position, series in enumerate(result.iter_columns()):
        name = f"column{position}"
        labels[name] = printable(series.name) or f"column {position + 1}"
        shown, items = _shown(series)
        display.append(shown.alias(name))
        if items is not None:
            hidden.append(items.alias(f"_items{position}"))
            lists[name] = f"_items{position}"
    frame = pl.DataFrame([*display, *hidden])
    return Table(
        "query",
        frame,
        [s.name for s in display],
        result,
        labels=labels,
        lists=lists,
    )


def _shown(series: pl.Series) -> tuple[pl.Series, pl.Series | None]:
    """A result column as shown, and for a list column its items (printable strings)."""
    dtype = series.dtype
    if dtype == pl.String:
        return printable_series(series), None
    if isinstance(dtype, (pl.List, pl.Array)):
        items = printable_lists(series.cast(pl.List(pl.String), strict=False))
        return items.list.join(LIST_SEPARATOR), items
    if dtype.is_numeric() or dtype.is_temporal() or dtype == pl.Boolean:
        return series, None
    # Anything else (a struct, binary) is written out as text.
    text = [None if value is None else printable(str(value)) for value in series.to_list()]
    return pl.Series(series.name, text, dtype=pl.String), None
