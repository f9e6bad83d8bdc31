"""Column filters: what an analyst keeps or drops, as typed filters in a chain.

A pane's rows are its table narrowed by a chain of filters, in the order they were added
(``Query.chain``): a column equal to values (``State = CA, OR``), a comparison or range on a
number or date (``Days > 365``, ``Issued 2017-02-01..2017-02-03``), empty or not, a search
(``/homicide``), or the keys of a drill-down (``policies for Travis County, TX``). Each filter
turns itself into a Polars expression over the table (``Filter.expr``), says itself in a few
words (``Filter.label``) and is saved as a plain, JSON-able dict (``Filter.to_state``), so a
chain can be written down and read back (``chain_to_state``, ``chain_from_state``).

A new kind of filter is a frozen dataclass subclassing ``Filter`` with a ``kind`` name,
decorated with ``@filter_kind`` so that ``chain_from_state`` can read it back: it gives the
columns it needs (``columns``), its expression and its label, and (when its fields are not
plain JSON values) its own ``to_state``/``from_state``.

``parse_filter`` reads what is typed on the filter line of a column; a mistyped filter raises
``FilterError`` with one line saying why, and nothing changes.

Text compares like the search: case- and accent-insensitive (``dona ana`` equals
``Doña Ana County``'s ``Doña Ana``), each value checked against the column's own values so
that a typo is named with the nearest ones. Dates are read as ISO (``2017-02-01``), US
(``2/1/2017``) or with the month's name (``Feb 1, 2017``); a month (``2017-02``) or a year
(``2017``) stands for all its days.
"""

from __future__ import annotations

import csv
import difflib
import re
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Protocol, TypeVar

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset.cells import fold, fold_series
from detainer_tui.dataset.columns import CORRECTION, ROW, SEARCH, label
from detainer_tui.errors import DetainerError
from detainer_tui.text import printable


class Table(Protocol):
    """What a filter reads of a table (``dataset.table.Table`` is one)."""

    frame: pl.DataFrame
    lists: dict[str, str]
    sort_keys: dict[str, str]
    values: dict[str, str]

    def label(self, column: str) -> str: ...


CHAIN_SEPARATOR = " › "
"""Between the filters of a chain, as the chain line shows it."""


class FilterError(DetainerError):
    """A filter that cannot be read: its message is one line, for under the filter line."""


# -- the column a filter reads --------------------------------------------------------------
def source_column(table: Table, column: str) -> str:
    """The column a filter on the display column ``column`` reads: a joined list's items
    (a record's offences), the typed value behind a bar or a count shown as text; else
    ``column``."""
    return table.lists.get(column) or table.values.get(column) or column


def display_label(table: Table | None, column: str) -> str:
    """The heading of ``column`` (a hidden list column: that of the column showing it)."""
    if table is None:
        return label(column)
    shown = next((d for d, hidden in table.lists.items() if hidden == column), column)
    return table.label(shown) or table.label(table.sort_keys.get(shown, shown)) or shown


KIND_TEXT, KIND_LIST, KIND_NUMBER, KIND_DATE, KIND_BOOL, KIND_OTHER = (
    "text",
    "list",
    "number",
    "date",
    "yes/no",
    "other",
)


def column_kind(table: Table, column: str) -> str:
    """What the values of ``column`` (a display column) are, for a filter on it."""
    dtype = table.frame.schema[source_column(table, column)]
    if isinstance(dtype, pl.List):
        return KIND_LIST
    if dtype == pl.String:
        return KIND_TEXT
    if dtype.is_numeric():
        return KIND_NUMBER
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        return KIND_DATE
    if dtype == pl.Boolean:
        return KIND_BOOL
    return KIND_OTHER


def _typed(table: Table, source: str) -> pl.Expr:
    """The column as its values compare: a date-time by its day."""
    expr = pl.col(source)
    if isinstance(table.frame.schema[source], pl.Datetime):
        expr = expr.dt.date()
    return expr


# -- the column's own values, folded once per table ------------------------------------------
_FOLDED: weakref.WeakKeyDictionary[Table, dict[str, pl.DataFrame]] = weakref.WeakKeyDictionary()


def folded_values(table: Table, source: str) -> pl.DataFrame:
    """The distinct values of text column ``source`` (a list column: its items) beside their
    folded form (``value``, ``folded``). Worked out once per table and column."""
    cache = _FOLDED.setdefault(table, {})
    if source not in cache:
        series = table.frame.get_column(source)
        if isinstance(series.dtype, pl.List):
            series = series.explode(empty_as_null=False)
        distinct = series.drop_nulls().unique().sort()
        cache[source] = pl.DataFrame({"value": distinct, "folded": fold_series(distinct)})
    return cache[source]


_ITEMS: weakref.WeakKeyDictionary[Table, dict[str, pl.DataFrame]] = weakref.WeakKeyDictionary()


def _rows_holding(table: Table, source: str, items: Sequence[Any]) -> pl.Series:
    """The row numbers whose list column ``source`` holds any of ``items``.

    The lists are flattened once per table (row number, item), so that each filter is a
    lookup of the items rather than a scan of every list: at a million records it costs a
    fraction of ``list.contains``.
    """
    cache = _ITEMS.setdefault(table, {})
    if source not in cache:
        cache[source] = (
            table.frame.select(ROW, pl.col(source).alias("item"))
            .explode("item", empty_as_null=False)
            .drop_nulls()
        )
    flat = cache[source]
    return flat.filter(pl.col("item").is_in(list(items))).get_column(ROW).unique()


def prepare(table: Table) -> None:
    """Flatten ``table``'s list columns now (a background task), so that the first filter on
    the offences is as quick as the next."""
    for source in table.lists.values():
        _rows_holding(table, source, [])


def _matching(table: Table, source: str, values: Sequence[Any]) -> list[str]:
    """The column's values equal to any of ``values``, ignoring case and accents."""
    wanted = [fold(printable(str(v))).strip() for v in values]
    known = folded_values(table, source)
    return known.filter(pl.col("folded").str.strip_chars().is_in(wanted))["value"].to_list()


# -- filters ----------------------------------------------------------------------------------
FILTER_KINDS: dict[str, type[Filter]] = {}
"""Every kind of filter by its ``kind`` name, for reading a saved chain back."""


_Kind = TypeVar("_Kind", bound="type[Filter]")


def filter_kind(cls: _Kind) -> _Kind:
    """Register a filter class under its ``kind`` (see the module's notes)."""
    FILTER_KINDS[cls.kind] = cls
    return cls


@dataclass(frozen=True)
class Filter(ABC):
    """One step of a chain: keeps the rows its expression is true for."""

    kind: ClassVar[str] = ""
    needs_search: ClassVar[bool] = False
    """Whether its expression reads the table's search text (``columns.SEARCH``)."""

    def __post_init__(self) -> None:
        # A filter read back from a file is checked: text where text belongs, a tuple of
        # values where values belong (``from_state`` drops one that is not).
        for name in ("column", "text", "shown", "op"):
            if hasattr(self, name) and not isinstance(getattr(self, name), str):
                raise TypeError(f"{name} must be text")
        if hasattr(self, "values") and not isinstance(self.values, tuple):
            raise TypeError("values must be a list")
        for name in ("negate", "exact"):
            if hasattr(self, name) and not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be true or false")

    def columns(self) -> tuple[str, ...]:
        """The columns it reads (a chain read back drops a filter whose column is gone)."""
        column = getattr(self, "column", None)
        return (column,) if column else ()

    @abstractmethod
    def expr(self, table: Table) -> pl.Expr:
        """True for the rows it keeps (never null)."""

    @abstractmethod
    def label(self, table: Table | None = None) -> str:
        """The filter in a few words, as the chain line shows it (printable)."""

    def to_state(self) -> dict[str, Any]:
        """A plain, JSON-able dict that ``from_state`` reads back."""
        return {"kind": self.kind, **{k: _to_json(v) for k, v in asdict(self).items()}}

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Filter:
        """The filter ``to_state`` wrote (raises ``KeyError``/``TypeError``/``ValueError``
        when ``data`` is not one)."""
        fields = {k: _from_json(v) for k, v in data.items() if k != "kind"}
        return cls(**fields)


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"date"}:
        return date.fromisoformat(value["date"])
    if isinstance(value, dict) and set(value) == {"datetime"}:
        return datetime.fromisoformat(value["datetime"])
    if isinstance(value, list):
        return tuple(_from_json(v) for v in value)
    return value


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if not value.time() else value
    return printable(str(value))


@filter_kind
@dataclass(frozen=True)
class Equals(Filter):
    """Rows whose column equals one of ``values`` (text ignoring case and accents; a list
    column: holds one of them); with ``negate``, the other rows (empty ones included)."""

    kind: ClassVar[str] = "equals"
    column: str
    values: tuple[Any, ...]
    negate: bool = False
    exact: bool = False
    """Text equal as it is (a cell's own value), not ignoring case and accents."""

    def expr(self, table: Table) -> pl.Expr:
        source = source_column(table, self.column)
        dtype = table.frame.schema[source]
        if isinstance(dtype, pl.List):
            items = list(self.values)
            if dtype.inner == pl.String and not self.exact:
                items = _matching(table, source, self.values)
            cond = pl.col(ROW).is_in(_rows_holding(table, source, items).implode())
        elif dtype == pl.String:
            values = list(self.values) if self.exact else _matching(table, source, self.values)
            cond = pl.col(source).is_in(values).fill_null(False)
        else:
            cond = _typed(table, source).is_in(list(self.values)).fill_null(False)
        return ~cond if self.negate else cond

    def label(self, table: Table | None = None) -> str:
        name = display_label(table, self.column)
        shown = ", ".join(_shown(v) for v in self.values)
        listed = table is not None and isinstance(
            table.frame.schema.get(source_column(table, self.column)), pl.List
        )
        if listed:
            return f"{name} {'lacks' if self.negate else 'has'} {shown}"
        return f"{name} {'≠' if self.negate else '='} {shown}"


COMPARISONS: dict[str, Callable[[pl.Expr, Any], pl.Expr]] = {
    "<": lambda e, v: e < v,
    "<=": lambda e, v: e <= v,
    ">": lambda e, v: e > v,
    ">=": lambda e, v: e >= v,
}


@filter_kind
@dataclass(frozen=True)
class Compare(Filter):
    """Rows whose number or date compares to ``value`` as ``op`` says (``<``, ``<=``, ``>``,
    ``>=``)."""

    kind: ClassVar[str] = "compare"
    column: str
    op: str
    value: Any

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.op not in COMPARISONS:
            raise ValueError(f"not a comparison: {self.op!r}")

    def expr(self, table: Table) -> pl.Expr:
        typed = _typed(table, source_column(table, self.column))
        return COMPARISONS[self.op](typed, self.value).fill_null(False)

    def label(self, table: Table | None = None) -> str:
        return f"{display_label(table, self.column)} {self.op} {_shown(self.value)}"


@filter_kind
@dataclass(frozen=True)
class Between(Filter):
    """Rows whose number or date is from ``low`` to ``high``, both included."""

    kind: ClassVar[str] = "between"
    column: str
    low: Any
    high: Any

    def expr(self, table: Table) -> pl.Expr:
        typed = _typed(table, source_column(table, self.column))
        return typed.is_between(self.low, self.high, closed="both").fill_null(False)

    def label(self, table: Table | None = None) -> str:
        name = display_label(table, self.column)
        return f"{name} {_shown(self.low)}..{_shown(self.high)}"


@filter_kind
@dataclass(frozen=True)
class Empty(Filter):
    """Rows whose column is empty (no value, blank text, no items); with ``negate``, the
    others."""

    kind: ClassVar[str] = "empty"
    column: str
    negate: bool = False

    def expr(self, table: Table) -> pl.Expr:
        source = source_column(table, self.column)
        dtype = table.frame.schema[source]
        expr = pl.col(source)
        if isinstance(dtype, pl.List):
            cond = expr.is_null() | (expr.list.len() == 0)
        elif dtype == pl.String:
            # Cells are whitespace-normalised: a blank one is "".
            cond = expr.is_null() | (expr == "")
        else:
            cond = expr.is_null()
        cond = cond.fill_null(True)
        return ~cond if self.negate else cond

    def label(self, table: Table | None = None) -> str:
        return f"{display_label(table, self.column)} {'not empty' if self.negate else 'empty'}"


@filter_kind
@dataclass(frozen=True)
class Search(Filter):
    """Rows whose text columns contain ``text`` (case- and accent-insensitive), as ``/``
    searches."""

    kind: ClassVar[str] = "search"
    needs_search: ClassVar[bool] = True
    text: str

    def expr(self, table: Table) -> pl.Expr:
        needle = fold(printable(self.text)).strip()
        if not needle:
            return pl.lit(True)
        return pl.col(SEARCH).str.contains(needle, literal=True).fill_null(False)

    def label(self, table: Table | None = None) -> str:
        return f"/{printable(self.text)}"


@filter_kind
@dataclass(frozen=True)
class Within(Filter):
    """Rows whose (hidden) ``column`` is one of ``values``, said as ``shown``: a drill-down
    by keys, such as the policies that apply to a record."""

    kind: ClassVar[str] = "within"
    column: str
    values: tuple[Any, ...]
    shown: str

    def expr(self, table: Table) -> pl.Expr:
        return pl.col(self.column).is_in(list(self.values)).fill_null(False)

    def label(self, table: Table | None = None) -> str:
        return printable(self.shown)


def cell_filters(table: Table, column: str, row: dict[str, Any], *, keep: bool) -> list[Filter]:
    """``=`` (``keep``) or ``!`` on the cell of ``row`` in ``column``: keep, or drop, the rows
    equal to it. On a list column (offences): keep the rows holding each of the cell's items,
    or drop those holding any of them. An empty cell: keep the empty ones, or drop them."""
    source = source_column(table, column)
    value = row.get(source)
    if isinstance(value, list | tuple | pl.Series):
        items = [v for v in value if v is not None]
        if not items:
            return [Empty(column, negate=not keep)]
        if keep:
            return [Equals(column, (item,), exact=True) for item in items]
        return [Equals(column, tuple(items), negate=True, exact=True)]
    if value is None or (isinstance(value, str) and not value.strip()):
        return [Empty(column, negate=not keep)]
    if isinstance(value, datetime):
        value = value.date()
    return [Equals(column, (value,), negate=not keep, exact=True)]


def value_filter(column: str, value: Any) -> Filter:
    """The rows whose ``column`` holds ``value`` exactly (a list column: among its items;
    None: empty), as the rows behind a frequency's value."""
    return Empty(column) if value is None else Equals(column, (value,), exact=True)


@filter_kind
@dataclass(frozen=True)
class NotCorrected(Filter):
    """Rows ICE's corrections do not cover (``c``: corrections left out)."""

    kind: ClassVar[str] = "not_corrected"

    def expr(self, table: Table) -> pl.Expr:
        if CORRECTION not in table.frame.columns:
            return pl.lit(True)
        return pl.col(CORRECTION).is_null()

    def label(self, table: Table | None = None) -> str:
        return "ICE's corrections left out"


# -- reading what is typed -------------------------------------------------------------------
_COMPARISON = re.compile(r"^(<=|>=|=<|=>|<|>|≤|≥)\s*(.*)$")
_NEGATION = re.compile(r"^(?:!=|≠|!|not\s+)\s*(.*)$", re.IGNORECASE)
_RANGE = re.compile(r"^(.*?)\s*\.\.\s*(.*)$")
_SYNONYMS = {"=<": "<=", "=>": ">=", "≤": "<=", "≥": ">="}
HELP = "a value, a list (CA, OR), > 365, <= 7, a range (a..b), empty or not empty"


def parse_filter(table: Table, column: str, text: str) -> Filter:
    """The filter typed on ``column``'s filter line: a value or a comma-separated list
    (``CA, OR``; ``!= CA`` or ``not CA`` for the other rows), for numbers and dates a
    comparison (``> 365``) or a range (``2017-02-01..2017-02-03``), ``empty`` or
    ``not empty``. Raises ``FilterError`` saying what is wrong."""
    text = text.strip()
    name = display_label(table, column)
    kind = column_kind(table, column)
    if not text:
        raise FilterError(f"Type {HELP}.")
    lowered = text.casefold()
    if lowered in ("empty", "is empty", "= empty"):
        return Empty(column)
    if lowered in ("not empty", "!empty", "!= empty", "is not empty"):
        return Empty(column, negate=True)
    negated = _NEGATION.match(text)
    if negated:
        return _values(table, column, name, kind, negated[1], negate=True)
    compared = _COMPARISON.match(text)
    if compared:
        op = _SYNONYMS.get(compared[1], compared[1])
        return _comparison(column, name, kind, op, compared[2].strip())
    if text.startswith("="):  # "= CA", "== CA"
        return _values(table, column, name, kind, text.lstrip("="), negate=False)
    ranged = _RANGE.match(text)
    if ranged and kind in (KIND_NUMBER, KIND_DATE):
        return _range(column, name, kind, ranged[1].strip(), ranged[2].strip())
    if kind == KIND_DATE:
        whole = _whole_date(text, name)  # "Feb 1, 2017" has a comma of its own
        if whole is not None:
            low, high = whole
            return Equals(column, (low,)) if low == high else Between(column, low, high)
    return _values(table, column, name, kind, text, negate=False)


def _whole_date(text: str, name: str) -> tuple[date, date] | None:
    """The days ``text`` names as one date, or None when it is not one (but a list)."""
    try:
        return parse_dates(text, name)
    except FilterError:
        if "," in text:
            return None
        raise


def _comparison(column: str, name: str, kind: str, op: str, text: str) -> Filter:
    if kind not in (KIND_NUMBER, KIND_DATE):
        raise FilterError(f"{name} holds {_kind_words(kind)}: compare numbers or dates only.")
    if not text:
        raise FilterError(f"Say what to compare {name} with: {op} and a value.")
    if kind == KIND_NUMBER:
        return Compare(column, op, parse_number(text, name))
    low, high = parse_dates(text, name)
    # A month or a year: after it is after its last day, before it before its first.
    return Compare(column, op, high if op in (">", "<=") else low)


def _range(column: str, name: str, kind: str, low_text: str, high_text: str) -> Filter:
    if not low_text or not high_text:
        raise FilterError(f"A range needs both ends: {name} a..b.")
    if kind == KIND_NUMBER:
        low, high = parse_number(low_text, name), parse_number(high_text, name)
    else:
        low, high = parse_dates(low_text, name)[0], parse_dates(high_text, name)[1]
    if low > high:
        raise FilterError(f"The range {low_text}..{high_text} is backwards: put the lower first.")
    return Between(column, low, high)


def _values(table: Table, column: str, name: str, kind: str, text: str, *, negate: bool) -> Filter:
    text = text.strip()
    if not text:
        raise FilterError(f"Type {HELP}.")
    if text.casefold() == "empty":
        return Empty(column, negate=negate)
    if kind in (KIND_TEXT, KIND_LIST):
        return Equals(column, tuple(_text_values(table, column, name, text)), negate)
    parts = split_values(text)
    if kind == KIND_NUMBER:
        values = tuple(parse_number(p, name) for p in parts)
    elif kind == KIND_DATE:
        values = []
        for part in parts:
            low, high = parse_dates(part, name)
            if low != high:
                if len(parts) > 1:
                    raise FilterError(f"{part} is more than a day: give it alone, or a..b.")
                if negate:
                    raise FilterError(f"To leave out {part}, use < {low} or > {high}.")
                return Between(column, low, high)
            values.append(low)
        values = tuple(values)
    elif kind == KIND_BOOL:
        values = tuple(_parse_bool(p, name) for p in parts)
    else:
        raise FilterError(f"{name} cannot be filtered by value; try empty or not empty.")
    return Equals(column, values, negate)


def split_values(text: str) -> list[str]:
    """``CA, OR`` -> ``["CA", "OR"]``; a value with a comma in double quotes stays whole."""
    parts = next(csv.reader([text], skipinitialspace=True), [])
    return [p.strip() for p in parts if p.strip()]


def _text_values(table: Table, column: str, name: str, text: str) -> list[str]:
    """The values typed for a text or list column, each checked against the column's own:
    the whole text when it is one of them (``Korea, South``), else each comma-separated
    part. A state may be given by name on a column of state codes."""
    source = source_column(table, column)
    known = folded_values(table, source)
    folded = set(known["folded"].str.strip_chars().to_list())
    if fold(text) in folded:
        return [text]
    values = []
    for part in split_values(text):
        if fold(part) in folded:
            values.append(part)
            continue
        code = _state_code(part) if column == schema.STATE else None
        if code is not None and code.casefold() in folded:
            values.append(code)
            continue
        raise FilterError(_not_found(name, part, known))
    return values


def _state_code(text: str) -> str | None:
    # Imported here: the state table lives with the parser, which the explorer imports late.
    from detainer_tui.ingest.values import parse_state

    return parse_state(text)


def _not_found(name: str, typed: str, known: pl.DataFrame) -> str:
    """``No State is "Calfornia"; nearest: CA, California...``."""
    needle = fold(typed).strip()
    values = known["value"].to_list()
    folded = [f.strip() for f in known["folded"].to_list()]
    containing = [v for v, f in zip(values, folded, strict=True) if needle and needle in f]
    close = difflib.get_close_matches(needle, folded, n=3, cutoff=0.6)
    nearest = list(dict.fromkeys([*containing[:3], *(values[folded.index(c)] for c in close)]))
    said = f'No {name} is "{printable(typed)}"'
    if nearest:
        return f"{said}; nearest: {', '.join(printable(v) for v in nearest[:4])}."
    return f"{said}."


def parse_number(text: str, name: str = "the column") -> int | float:
    """``365``, ``-3``, ``1,234`` (one number), ``2.5``; raises ``FilterError``."""
    cleaned = text.replace(",", "").replace("_", "").strip()
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        return float(cleaned)
    except ValueError:
        raise FilterError(f'{name} holds numbers: "{printable(text)}" is not one.') from None


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$")


def parse_dates(text: str, name: str = "the column") -> tuple[date, date]:
    """The first and last day ``text`` names: a day (``2017-02-01``, ``2/1/2017``,
    ``Feb 1, 2017``, ``1 Feb 2017``) is both; a month (``2017-02``, ``Feb 2017``) or a year
    (``2017``) spans its days. Raises ``FilterError``."""
    cleaned = text.strip().casefold()
    try:
        if m := _ISO.match(cleaned):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _US.match(cleaned):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            day = date(year, int(m[1]), int(m[2]))
            return day, day
        if (m := _MONTH_DAY_YEAR.match(cleaned)) and m[1] in _MONTHS:
            day = date(int(m[3]), _MONTHS[m[1]], int(m[2]))
            return day, day
        if (m := _DAY_MONTH_YEAR.match(cleaned)) and m[2] in _MONTHS:
            day = date(int(m[3]), _MONTHS[m[2]], int(m[1]))
            return day, day
        if m := _ISO_MONTH.match(cleaned):
            return _month(int(m[1]), int(m[2]))
        if (m := _MONTH_YEAR.match(cleaned)) and m[1] in _MONTHS:
            return _month(int(m[2]), _MONTHS[m[1]])
        if m := _YEAR.match(cleaned):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:
        raise FilterError(f'"{printable(text)}" is not a day of the calendar.') from None
    raise FilterError(
        f'{name} holds dates: "{printable(text)}" is not one (2017-02-01, 2/1/2017, '
        "Feb 1, 2017, 2017-02)."
    )


def _month(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _parse_bool(text: str, name: str) -> bool:
    lowered = text.casefold()
    if lowered in ("true", "yes", "y", "1"):
        return True
    if lowered in ("false", "no", "n", "0"):
        return False
    raise FilterError(f'{name} is yes or no: "{printable(text)}" is neither.')


def _kind_words(kind: str) -> str:
    return {KIND_TEXT: "text", KIND_LIST: "lists of values", KIND_BOOL: "yes or no"}.get(
        kind, "values"
    )


# -- chains: saving, reading back, saying -------------------------------------------------------
def chain_to_state(chain: Sequence[Filter]) -> list[dict[str, Any]]:
    """The chain as plain, JSON-able dicts."""
    return [step.to_state() for step in chain]


def chain_from_state(data: Any, columns: Collection[str]) -> tuple[tuple[Filter, ...], list[str]]:
    """The chain ``chain_to_state`` wrote, keeping only filters whose columns are among
    ``columns`` (a table's, hidden ones included); and a note for each one dropped."""
    steps: list[Filter] = []
    notes: list[str] = []
    for item in data if isinstance(data, list) else []:
        kind = item.get("kind") if isinstance(item, dict) else None
        cls = FILTER_KINDS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            notes.append(f"a filter of unknown kind ({printable(str(kind))}) was dropped")
            continue
        try:
            step = cls.from_state(item)
        except (KeyError, TypeError, ValueError):
            notes.append(f"a {kind} filter that could not be read was dropped")
            continue
        missing = [c for c in step.columns() if c not in columns]
        if missing:
            gone = ", ".join(printable(c) for c in missing)
            notes.append(f"filter {step.label()} dropped: no column {gone} any more")
            continue
        steps.append(step)
    return tuple(steps), notes


@dataclass(frozen=True)
class ChainLine:
    """What the line above the status bar says: the filters, and the sort."""

    steps: tuple[str, ...]
    sort: str = ""
    emptied_by: int | None = None
    """The filter after which no row was left, if the rows shown are none."""

    def text(self, width: int | None = None) -> str:
        """The line, cut to ``width`` cells with ``…``: the earliest filters go first (the
        latest, which ``backspace`` removes, stay); the sort and ``no rows:`` stay."""
        if self.emptied_by is not None:
            kept = list(self.steps[: self.emptied_by + 1])
            after = self.steps[self.emptied_by + 1 :]
            prefix = "no rows: "
            suffix = f" (then {CHAIN_SEPARATOR.join(after)})" if after else ""
        else:
            kept, prefix, suffix = list(self.steps), "", ""
        if self.sort:
            suffix += f" · {self.sort}" if kept else self.sort
        body = CHAIN_SEPARATOR.join(kept)
        line = prefix + body + suffix
        if width is None or len(line) <= width:
            return line
        room = width - len(prefix) - len(suffix) - 1
        if room >= 8:
            return prefix + "…" + body[len(body) - room :] + suffix
        return line[: max(0, width - 1)] + "…"


@dataclass
class History:
    """Undo: earlier states, latest last (at most ``limit``)."""

    limit: int = 100
    states: list[Any] = field(default_factory=list)

    def push(self, state: Any) -> None:
        """Remember ``state`` (unless it is the latest already)."""
        if self.states and self.states[-1] == state:
            return
        self.states.append(state)
        del self.states[: -self.limit]

    def pop(self) -> Any | None:
        """The latest state remembered, forgotten; None when there is none."""
        return self.states.pop() if self.states else None

    def __len__(self) -> int:
        return len(self.states)
