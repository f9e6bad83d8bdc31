"""Competition ranking, the one way detainer-tui ranks counts.

Section I of a report ranks jurisdictions this way, and so do the rankings the explorer
computes from Section II: equal counts share a rank and the next rank skips (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl


def competition_ranks(counts: Sequence[int | None] | pl.Series) -> list[int | None]:
    """The competition rank of each count, largest first: ``[9, 5, 5, 1]`` -> ``[1, 2, 2, 4]``.

    Ranks follow the input order (the counts need not be sorted); a missing count has no rank.
    """
    series = counts if isinstance(counts, pl.Series) else pl.Series(counts, dtype=pl.Int64)
    return series.rank("min", descending=True).cast(pl.Int64).to_list()
