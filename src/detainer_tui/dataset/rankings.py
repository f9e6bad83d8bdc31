"""Rankings: Section I as printed, or declined records counted by a dimension and ranked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset.cells import printable_series
from detainer_tui.dataset.columns import (
    BAR,
    DECLINED,
    NONE_LISTED,
    OFFENCE,
    OFFENCE_LIST,
    REPORT_INDEX,
    key_column,
)
from detainer_tui.dataset.table import Table
from detainer_tui.ranking import competition_ranks

DEFAULT_BAR_WIDTH = 20
_BAR_PARTS = " ▏▎▍▌▋▊▉"
_BAR_FULL = "█"


@dataclass(frozen=True)
class RankingSource:
    """What a rankings table ranks: Section I as printed, or declined records grouped."""

    name: str
    title: str
    keys: tuple[str, ...]
    """Record columns to group by (empty for Section I)."""


ISSUED = RankingSource("issued", "Detainers issued (Section I)", ())
RANKING_SOURCES: tuple[RankingSource, ...] = (
    ISSUED,
    RankingSource("jurisdiction", "Declined by jurisdiction", (schema.JURISDICTION, schema.STATE)),
    RankingSource("state", "Declined by state", (schema.STATE,)),
    RankingSource("facility", "Declined by facility", (schema.FACILITY, schema.STATE)),
    RankingSource("citizenship", "Declined by citizenship", (schema.CITIZENSHIP,)),
    RankingSource("offence", "Declined by offence", (OFFENCE,)),
)
"""Every ranking the Rankings pane can show, in the order it cycles through them."""


def ranking_source(name: str) -> RankingSource:
    """The ranking source called ``name`` (``issued``, ``jurisdiction``, ...)."""
    for source in RANKING_SOURCES:
        if source.name == name:
            return source
    raise KeyError(name)


def rank_counts(frame: pl.DataFrame, keys: Sequence[str], value: str) -> pl.DataFrame:
    """Sum ``value`` by ``keys``, largest first, with competition ranks (1, 2, 2, 4).

    Ties keep a stable order by key, so the same data always ranks the same way.
    """
    summed = frame.group_by(list(keys)).agg(pl.col(value).sum())
    ordered = summed.sort([value, *keys], descending=[True] + [False] * len(keys), nulls_last=True)
    ranks = competition_ranks(ordered.get_column(value))
    return ordered.select(
        pl.Series(schema.RANK, ranks, dtype=pl.Int64),
        *keys,
        value,
    )


def bar(value: int | None, largest: int, width: int) -> str:
    """A horizontal bar of ``width`` cells at most, ``value / largest`` of it filled."""
    if not value or largest <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, part = divmod(eighths, 8)
    return (_BAR_FULL * full + (_BAR_PARTS[part] if part else "")).rstrip()


def _with_bar(frame: pl.DataFrame, value: str, width: int) -> pl.DataFrame:
    values = frame.get_column(value).to_list()
    largest = max((v for v in values if v is not None), default=0)
    return frame.with_columns(
        pl.Series(BAR, [bar(v, largest, width) for v in values], dtype=pl.String)
    )


def ranking_table(
    sections: pl.DataFrame,
    records: Table,
    source: RankingSource,
    report: int | None,
    width: int,
) -> Table:
    """The ranking ``source`` for one report (its index) or all of them (None: summed).

    ``sections`` are the Section I rows of every open report, ``records`` the Records table:
    rankings group the same printable values the Records pane shows, so that a drill-down
    from a ranking row matches its records exactly.
    """
    if source.name == ISSUED.name:
        value = schema.DETAINERS_ISSUED
        keys: tuple[str, ...] = (schema.JURISDICTION, schema.STATE)
        sections = sections.with_columns(printable_series(sections.get_column(k)) for k in keys)
        if report is not None:
            ranked = (
                sections.filter(pl.col(REPORT_INDEX) == report)
                .select(schema.RANK, *keys, value)
                .sort(schema.RANK, nulls_last=True, maintain_order=True)
            )
        else:
            ranked = rank_counts(sections, keys, value)
    else:
        value = DECLINED
        keys = source.keys
        rows = records.frame
        if report is not None:
            rows = rows.filter(pl.col(REPORT_INDEX) == report)
        if OFFENCE in keys:
            rows = rows.select(pl.col(OFFENCE_LIST).alias(OFFENCE)).explode(
                OFFENCE, empty_as_null=True
            )
        ranked = rank_counts(rows.with_columns(pl.lit(1, dtype=pl.Int64).alias(value)), keys, value)
    ranked = _with_bar(ranked, value, width)
    frame = ranked.select(
        schema.RANK,
        *[pl.col(k).fill_null(NONE_LISTED) if k == OFFENCE else pl.col(k) for k in keys],
        value,
        BAR,
        *[pl.col(k).alias(key_column(k)) for k in keys],
    )
    columns = [schema.RANK, *keys, value, BAR]
    export = ranked.select(schema.RANK, *keys, value)
    return Table(
        f"rankings:{source.name}",
        frame,
        columns,
        export,
        sort_keys={BAR: value},
        searchable=list(keys),
    )
