"""The arithmetic of the composite, shared by the bootstrap rank ranges and the sensitivity.

numpy versions of what kpi_scorecard_components and kpi_scorecard do in SQL (min-max
scaling with direction, the weighted mean of the scores present, rank with ties), so that
replicates and alternative weightings are scored exactly as the published composite is;
which districts compete for a rank (the KPI-coverage rule); and a transactional table write.
"""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl


def scaled_scores(values: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Min-max scale over the last axis (districts), 100 = best, as kpi_scorecard_components.

    values: (..., K, D) with NaN where a district has no scorable value; lower: (K,) bool,
    True where lower is better. Where every district has the same value, all score 100.
    """
    with np.errstate(invalid="ignore"):
        vmin = np.nanmin(np.where(np.isnan(values), np.inf, values), axis=-1, keepdims=True)
        vmax = np.nanmax(np.where(np.isnan(values), -np.inf, values), axis=-1, keepdims=True)
        spread = vmax - vmin
        up = 100.0 * (values - vmin) / spread
        down = 100.0 * (vmax - values) / spread
    scores = np.where(lower[:, None], down, up)
    scores = np.where(spread == 0, 100.0, scores)
    return np.where(np.isnan(values), np.nan, scores)


def composites(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean over the KPI axis (-2) of the scores present, weights re-normalised.

    scores: (..., K, D); weights: (K,) or broadcastable to scores. NaN without any score.
    """
    w = np.broadcast_to(weights[:, None] if weights.ndim == 1 else weights, scores.shape)
    present = ~np.isnan(scores)
    total = np.where(present, w, 0.0).sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(present, w * scores, 0.0).sum(axis=-2) / total
    return np.where(total > 0, out, np.nan)


def ranks(composite: np.ndarray) -> np.ndarray:
    """Rank over the last axis, 1 = highest, ties (to 6 decimals) share the better rank.

    A district's rank is one more than the number of districts with a higher composite, and
    NaN (no composite) stays NaN and outranks no one: scipy.stats.rankdata(-x, method="min",
    nan_policy="omit"), which tests/warehouse/test_composite_math.py checks it against.
    Counted pair by pair (22 districts: 484 comparisons per period) rather than called from
    scipy, so that a refresh never imports scipy.stats (0.5-0.8 s of Python's lock).
    """
    values = np.round(composite, 6)
    higher = (values[..., None, :] > values[..., :, None]).sum(axis=-1)
    return np.where(np.isnan(values), np.nan, higher + 1.0)


RANKABLE_SQL = (
    "select grain, period_start, district from kpi_scorecard where computed_rank is not null"
)


def rankable_mask(components: pl.DataFrame, periods: pl.DataFrame, dists: pl.DataFrame):
    """(P, D) bool: districts that compete for a rank in each period (all, without `rankable`).

    A district scored on too few KPIs keeps its scaled scores (they are scaled across every
    district with a value, as kpi_scorecard does) but takes no rank, so it neither receives
    a rank range nor pushes the ranked districts down.
    """
    mask = np.zeros((periods.height, dists.height), dtype=bool)
    if "rankable" not in components.columns:
        mask[:] = True
        return mask
    keys = ["grain", "period_start"]
    rows = (
        components.filter(pl.col("rankable"))
        .select(*keys, "district")
        .unique()
        .join(periods, on=keys)
        .join(dists, on="district")
    )
    mask[rows["p"].to_numpy(), rows["d"].to_numpy()] = True
    return mask


def write_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Create or replace a table from a frame, in one transaction (table: a module constant)."""
    con.register("_frame", frame.to_arrow())
    con.begin()
    try:
        con.execute(f"create or replace table {table} as select * from _frame")
        con.commit()
    except Exception:
        con.rollback()
        raise
    finally:
        con.unregister("_frame")
