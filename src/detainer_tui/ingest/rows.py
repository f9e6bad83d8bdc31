"""What a table read gives: its rows as printed, the words it could not place, and where its
headers and rows are (``tables.read_table`` makes them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from detainer_tui.ingest import values
from detainer_tui.ingest.headers import ColumnLayout, Header
from detainer_tui.ingest.lines import Line


@dataclass
class RawRow:
    """A table row as printed: per field, the text of each line it spans."""

    page: int
    cells: dict[str, list[str]] = field(default_factory=dict)
    first: Line | None = None  # the line its values begin on (for ``detainer-tui debug``)

    def add(self, cells: dict[str, str]) -> None:
        for name, text in cells.items():
            self.cells.setdefault(name, []).append(text)

    def text(self, name: str) -> str:
        return values.join_lines(self.cells.get(name, []))


@dataclass
class Unplaced:
    """Words inside a table that ended up in no cell, and why."""

    page: int
    text: str
    why: str


@dataclass
class TableRead:
    """What was read from one section: rows, the prose before the table, and problems."""

    rows: list[RawRow]
    prose: list[Line]
    header_found: bool
    # Words of the table region in no header, cell or page furniture.
    unplaced: list[Unplaced] = field(default_factory=list)
    # The page of every line that looks like the first line of a row (it holds a value of a
    # kind that begins rows: a date, a count), to check that as many rows were read.
    row_like: list[int] = field(default_factory=list)
    # Columns whose header wording is unknown, read by what their values are.
    inferred: list[tuple[int, str, str]] = field(default_factory=list)  # page, header, field
    # Every page the table (header or rows) is printed on.
    pages: set[int] = field(default_factory=set)
    # Each header row with the columns it sets, and whether vertical rules placed them.
    layouts: list[tuple[Header, ColumnLayout, bool]] = field(default_factory=list)
    # How unruled cells are aligned vertically (TOP, CENTRE or BOTTOM).
    alignment: str = ""
    # Pages whose first table lines go on with the row begun on the page before.
    continued: set[int] = field(default_factory=set)
