"""Cells made safe to show, and folded for matching: ``text.printable`` and ``fold`` over
Polars columns; numbers as tables (``grouped``) and sentences (``counted``) show them.

The cleaning itself is ``detainer_tui.text.printable``; here it is only applied to columns,
each distinct unclean value once, after a quick vectorised check has found that a column has
any (report text almost never does).
"""

from __future__ import annotations

import locale
import unicodedata
from collections.abc import Sequence

import polars as pl

from detainer_tui.dataset.columns import SEARCH
from detainer_tui.text import ANY_CONTROL, printable

_NON_ASCII = r"[^\x00-\x7f]"
# Separates columns in the search text, so a match never spans two cells.
_SEARCH_SEPARATOR = "\x1f"


def grouped(number: int) -> str:
    """A whole number as the tables show it: in threes with the locale's thousands separator
    (``1,204``, ``1 204``), none in the C locale. Column widths are measured with it too, so
    a grouped number is never cut for the separators it gained."""
    return f"{number:,}".replace(",", _thousands_separator(""))


def counted(number: int) -> str:
    """A count in a sentence (``1,204 records``, ``p90 1.849``): grouped with the locale's
    thousands separator, and with ``,`` where the locale has none (C), as a sentence's
    numbers read better grouped. Never the other way round: in a locale whose decimal point
    is ``,`` (de_DE), ``1,849`` would read as a fraction."""
    return f"{number:,}".replace(",", _thousands_separator(","))


def counted_fraction(number: float, places: int) -> str:
    """A fraction in a sentence (``median 221.5``), with ``places`` decimals: grouped as
    ``counted`` groups, with the locale's decimal point."""
    whole, _, fraction = f"{number:,.{places}f}".partition(".")
    whole = whole.replace(",", _thousands_separator(","))
    return f"{whole}{decimal_point()}{fraction}" if fraction else whole


def _thousands_separator(otherwise: str) -> str:
    """The locale's thousands separator, or ``otherwise`` where it has none (C)."""
    return locale.localeconv().get("thousands_sep") or otherwise


def decimal_point() -> str:
    """The locale's decimal point (``.`` in the C locale, ``,`` in de_DE)."""
    return locale.localeconv().get("decimal_point") or "."


def percent(share: float) -> str:
    """A share of a hundred, one decimal, as a sentence writes it: ``45.2%``, ``45,2%``."""
    return f"{counted_fraction(share, 1)}%"


def fold(text: str) -> str:
    """Lower-case ``text`` and drop its accents, for matching: ``Doña`` -> ``dona``."""
    if text.isascii():  # nothing to decompose (most names): quicker
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def printable_series(series: pl.Series) -> pl.Series:
    """``printable`` over a string series; a quick scan skips the (usual) clean columns."""
    mapping = _printable_values(series)
    return series.replace(mapping) if mapping else series


def printable_lists(series: pl.Series) -> pl.Series:
    """``printable`` over every item of a series of string lists (a record's offences)."""
    mapping = _printable_values(series.explode(empty_as_null=False))
    if not mapping:
        return series
    return series.list.eval(pl.element().replace(mapping))


def _printable_values(series: pl.Series) -> dict[str, str]:
    """Each distinct value of ``series`` that ``printable`` changes, and what it becomes."""
    unclean = series.filter(series.str.contains(ANY_CONTROL).fill_null(False))
    return {value: printable(value) for value in unclean.unique().to_list()}


def fold_series(series: pl.Series) -> pl.Series:
    """``fold`` over a string series, nulls as empty strings."""
    return _fold_distinct(series.fill_null("").str.to_lowercase())


def _fold_distinct(series: pl.Series) -> pl.Series:
    """``fold`` over the non-ASCII values of ``series``, each distinct value once."""
    distinct = series.filter(series.str.contains(_NON_ASCII)).unique().to_list()
    return series.replace({value: fold(value) for value in distinct})


def search_text(frame: pl.DataFrame, columns: Sequence[str]) -> pl.Series:
    """``fold`` of each of ``columns``, joined by a separator no cell contains."""
    if not columns:
        return pl.Series(SEARCH, [""] * frame.height, dtype=pl.String)
    # Lower-casing is all ASCII text needs, and Polars does it for every column at once.
    lowered = frame.lazy().select(
        pl.col(c).cast(pl.String).fill_null("").str.to_lowercase() for c in columns
    )
    lowered = lowered.collect()
    unusual = lowered.select(pl.all().str.contains(_NON_ASCII).any()).row(0)
    parts = [
        _fold_distinct(lowered.get_column(c)) if needs else lowered.get_column(c)
        for c, needs in zip(columns, unusual, strict=True)
    ]
    return (
        pl.DataFrame(parts)
        .select(pl.concat_str(pl.all(), separator=_SEARCH_SEPARATOR).alias(SEARCH))
        .to_series()
    )
