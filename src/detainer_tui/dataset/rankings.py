"""Rankings: Section I as printed, or declined records counted by a dimension and ranked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from detainer_tui import schema
from detainer_tui.dataset import corrections, fips
from detainer_tui.dataset.cells import printable_series
from detainer_tui.dataset.columns import (
    BAR,
    CORRECTED,
    CORRECTED_SHARE,
    CORRECTION,
    CORRECTIONS_BEHIND,
    DECLINED,
    FLAG,
    NONE_LISTED,
    OFFENCE,
    OFFENCE_LIST,
    REPORT_INDEX,
    key_column,
)
from detainer_tui.dataset.corrections import correction_index
from detainer_tui.dataset.days import CORRECTED_FLAG
from detainer_tui.dataset.table import Identity, Table
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


def ranking_identity(source: RankingSource, period: tuple[Any, Any] | None) -> Identity:
    """What tells a row of ranking ``source`` (of one report's ``period``, or of every report
    summed when None) from the others, for marks and notes: what it ranks (a jurisdiction and
    state, a state, an offence...), never its rank or count, which change as reports open."""
    keys = source.keys or (schema.JURISDICTION, schema.STATE)
    shown = None if period is None else [str(day) for day in period]
    return Identity("rankings", keys, None, (("source", source.name), ("period", shown)))


def ranking_source(name: str) -> RankingSource:
    """The ranking source called ``name`` (``issued``, ``jurisdiction``, ...)."""
    for source in RANKING_SOURCES:
        if source.name == name:
            return source
    raise KeyError(name)


def rank_counts(
    frame: pl.DataFrame, keys: Sequence[str], value: str, extra: Sequence[pl.Expr] = ()
) -> pl.DataFrame:
    """Sum ``value`` by ``keys``, largest first, with competition ranks (1, 2, 2, 4).

    Ties keep a stable order by key, so the same data always ranks the same way. ``extra``
    are further aggregations, kept after ``value``.
    """
    summed = frame.group_by(list(keys)).agg(pl.col(value).sum(), *extra)
    ordered = summed.sort([value, *keys], descending=[True] + [False] * len(keys), nulls_last=True)
    ranks = competition_ranks(ordered.get_column(value))
    return ordered.select(
        pl.Series(schema.RANK, ranks, dtype=pl.Int64),
        *keys,
        value,
        *[e.meta.output_name() for e in extra],
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
    records: Table | None,
    source: RankingSource,
    report: int | None,
    width: int,
    leave_out_corrected: bool = False,
) -> Table:
    """The ranking ``source`` for one report (its index) or all of them (None: summed).

    ``sections`` are the Section I rows of every open report, ``records`` the Records table
    (None will do for Section I, which does not read it): rankings group the same printable
    values the Records pane shows, so that a drill-down from a ranking row matches its
    records exactly. Rows ICE corrected are flagged, or with
    ``leave_out_corrected`` not counted at all (Section I of one report is then ranked afresh).
    """
    if source.name == ISSUED.name:
        value = schema.DETAINERS_ISSUED
        keys: tuple[str, ...] = (schema.JURISDICTION, schema.STATE)
        sections = sections.with_columns(
            correction_index(sections, corrections.RANKINGS),
            *[printable_series(sections.get_column(k)) for k in keys],
        )
        if leave_out_corrected:
            sections = sections.filter(pl.col(CORRECTION).is_null())
        if report is not None:
            ranked = (
                sections.filter(pl.col(REPORT_INDEX) == report)
                .sort(schema.RANK, nulls_last=True, maintain_order=True)
                .select(schema.RANK, *keys, value, *_correction_columns(single=True))
            )
            if leave_out_corrected:
                ranks = competition_ranks(ranked.get_column(value))
                ranked = ranked.with_columns(pl.Series(schema.RANK, ranks, dtype=pl.Int64))
        else:
            ranked = rank_counts(sections, keys, value, _correction_columns())
    else:
        value = DECLINED
        keys = source.keys
        if records is None:
            raise ValueError(f"the {source.name} ranking counts records: give them")
        rows = records.frame
        if report is not None:
            rows = rows.filter(pl.col(REPORT_INDEX) == report)
        if leave_out_corrected:
            rows = rows.filter(pl.col(CORRECTION).is_null())
        if OFFENCE in keys:
            rows = rows.select(pl.col(OFFENCE_LIST).alias(OFFENCE), CORRECTION).explode(
                OFFENCE, empty_as_null=True
            )
        ranked = rank_counts(
            rows.select(*keys, CORRECTION).with_columns(pl.lit(1, dtype=pl.Int64).alias(value)),
            keys,
            value,
            _correction_columns(),
        )
    ranked = _with_bar(ranked, value, width)
    # A jurisdiction's county code, in view last (off to the right on a narrow terminal).
    place = schema.JURISDICTION in keys
    fips_columns = [schema.COUNTY_FIPS] if place else []
    if place:
        ranked = fips.with_county_fips(ranked)
    frame = ranked.select(
        schema.RANK,
        *[pl.col(k).fill_null(NONE_LISTED) if k == OFFENCE else pl.col(k) for k in keys],
        value,
        BAR,
        flag_expr(),
        CORRECTED_SHARE,
        CORRECTIONS_BEHIND,
        *fips_columns,
        *[pl.col(k).alias(key_column(k)) for k in keys],
    )
    columns = [schema.RANK, *keys, FLAG, value, BAR, *fips_columns]
    export = ranked.select(
        schema.RANK,
        *keys,
        *fips_columns,
        value,
        (pl.col(CORRECTED_SHARE) > 0).alias(CORRECTED),
    )
    return Table(
        f"rankings:{source.name}",
        frame,
        columns,
        export,
        sort_keys={BAR: value, FLAG: CORRECTED_SHARE},
        searchable=[*keys, FLAG],
        wide_only=fips_columns,
    )


SOME_CORRECTED_FLAG = "some corrected"
"""A ranking row's flag when ICE corrected some, not all, of the rows it counts."""


def _correction_columns(*, single: bool = False) -> list[pl.Expr]:
    """How much of a ranking row ICE corrected, and which corrections (see ``_flag``)."""
    corrected = pl.col(CORRECTION).is_not_null()
    if single:
        return [
            corrected.cast(pl.Float64).alias(CORRECTED_SHARE),
            pl.concat_list(CORRECTION).list.drop_nulls().alias(CORRECTIONS_BEHIND),
        ]
    return [
        corrected.mean().alias(CORRECTED_SHARE),
        pl.col(CORRECTION).drop_nulls().unique().sort().alias(CORRECTIONS_BEHIND),
    ]


def flag_expr() -> pl.Expr:
    """A ranking row's flag, from the share of its rows ICE corrected."""
    share = pl.col(CORRECTED_SHARE)
    return (
        pl.when(share >= 1)
        .then(pl.lit(CORRECTED_FLAG))
        .when(share > 0)
        .then(pl.lit(SOME_CORRECTED_FLAG))
        .otherwise(pl.lit(None, dtype=pl.String))
        .alias(FLAG)
    )


def summed_label(source: RankingSource) -> str:
    """What "all reports" means for ``source``: Section I lists only each week's top
    jurisdictions, so its sum leaves out every week a jurisdiction was not among them."""
    if source.name == ISSUED.name:
        return "All reports: weekly top lists summed"
    return "All reports (summed)"
