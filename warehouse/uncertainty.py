"""Uncertainty of the KPIs and of the ranks: Wilson intervals and bootstrap rank ranges.

Run by warehouse.build.build_marts after the SQL models (set-based work stays in SQL; the
statistics live here, vectorised with numpy):

- `add_eoffice_office_intervals` fills kpi_eoffice_offices.ci_low / ci_high with the 95 %
  Wilson score interval (Wilson 1927, warehouse.wilson) of the electronic share of every row
  (an office, or one of its departments, in a month or in total). The intervals of
  kpi_values are worked out on read by that view (warehouse/models/marts/kpi_values.sql).
- `bootstrap_rank_ranges` works out, for every district's composite, the range of ranks it
  takes over a seeded bootstrap of its records, and which districts it cannot be told apart
  from (overlapping ranges = tied); warehouse/rank_ranges.py writes them to
  kpi_scorecard_rank_ranges.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zlib

import duckdb
import numpy as np
import polars as pl

from warehouse.composite_math import composites, rankable_mask, ranks, scaled_scores
from warehouse.wilson import wilson_interval

CHUNK = 25  # bootstrap replicates drawn at a time (bounds memory to ~CHUNK x daily rows)


def add_eoffice_office_intervals(con: duckdb.DuckDBPyConnection) -> int:
    """Fill kpi_eoffice_offices.ci_low / ci_high, the 95 % Wilson interval of each row's
    electronic share (electronic of files); returns the rows filled."""
    rows = con.sql(
        "select rowid as row_id, electronic, files from kpi_eoffice_offices where files > 0"
    ).pl()
    if rows.is_empty():
        return 0
    low, high = wilson_interval(rows["electronic"].to_numpy(), rows["files"].to_numpy())
    intervals = rows.select("row_id").with_columns(ci_low=pl.Series(low), ci_high=pl.Series(high))
    con.register("_office_intervals", intervals.to_arrow())
    con.begin()
    try:
        con.execute(
            "update kpi_eoffice_offices as o set ci_low = w.ci_low, ci_high = w.ci_high "
            "from _office_intervals as w where o.rowid = w.row_id"
        )
        con.commit()
    except Exception:
        con.rollback()
        raise
    finally:
        con.unregister("_office_intervals")
    return rows.height


RANGE_SCHEMA = {
    "grain": pl.String,
    "period_start": pl.Date,
    "district": pl.String,
    "computed_rank": pl.Int64,
    "rank_low": pl.Int64,
    "rank_high": pl.Int64,
    "tied_with": pl.String,
    "tied_count": pl.Int64,
    "replicates": pl.Int64,
    "seed": pl.Int64,
}


def period_seed(seed: int, grain: str, period_start: dt.date) -> list[int]:
    """The entropy of one period's stream of draws: the configured seed, the grain and the
    period's first day. A period's ranges then depend on its own records only, so a build
    may redraw just the periods whose records changed (warehouse/rank_ranges.py) and get
    what a build of every period gets."""
    return [int(seed), zlib.crc32(grain.encode("utf-8")), period_start.toordinal()]


def bootstrap_rank_ranges(
    daily: pl.DataFrame,
    components: pl.DataFrame,
    replicates: int,
    seed: int,
) -> pl.DataFrame:
    """Rank ranges of the composite over a bootstrap of each district-period's days.

    The resampling unit is the day: for every district, period and scored KPI, the month's
    (or the whole period's) daily numerator/denominator pairs are drawn with replacement,
    as many as there are, and summed; values are re-scaled across districts, composites
    rebuilt with the same effective weights and KPIs (a KPI with too few cases stays out),
    and districts re-ranked. Why days rather than a Binomial(denominator, p) redraw of each
    rate: records of one day share the day's staffing, backlog and outages, so they are not
    independent; resampling whole days keeps that clustering (wider, more honest ranges),
    keeps each numerator with its own denominator, needs no distributional model, and works
    the same for the 0-10 RTS score, which is not a proportion. Its limit: a district with
    records on one day only has no spread. Each period is drawn from a stream of its own,
    numpy's default_rng(period_seed(seed, grain, period_start)), which makes it reproducible
    and independent of the other periods.

    daily: grain, period_start, district, kpi, day, numerator, denominator (one row per day
    with records of a scorable cell); components: kpi_scorecard_components' grain, period_start,
    district, kpi, direction, effective_weight, scorable, and optionally rankable (the
    district met the KPI coverage: only those are ranked, as in kpi_scorecard). rank_low / rank_high are the 2.5th
    and 97.5th percentiles of the replicate ranks ('lower' / 'higher' interpolation, so
    they are ranks), widened to include the published point rank; districts whose ranges
    overlap are tied (tied_with lists them).
    """
    keys = ["grain", "period_start"]
    days = daily.partition_by(keys, as_dict=True)
    frames = [pl.DataFrame(schema=RANGE_SCHEMA)]
    for (grain, start), period in sorted(components.partition_by(keys, as_dict=True).items()):
        rng = np.random.default_rng(period_seed(seed, grain, start))
        own_days = days.get((grain, start), daily.clear())
        frames.append(_period_rank_ranges(own_days, period, replicates, seed, rng))
    return pl.concat(frames)


def _period_rank_ranges(
    daily: pl.DataFrame,
    components: pl.DataFrame,
    replicates: int,
    seed: int,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """bootstrap_rank_ranges of the periods in ``components``, all drawn from ``rng``."""
    if components.filter(pl.col("scorable")).is_empty():
        return pl.DataFrame(schema=RANGE_SCHEMA)
    keys = ["grain", "period_start"]
    periods = components.select(keys).unique().sort(keys).with_row_index("p")
    kpis = (
        components.select("kpi", "direction", "effective_weight").unique("kpi").sort("kpi")
    ).with_row_index("k")
    dists = components.select("district").unique().sort("district").with_row_index("d")
    P, K, D = periods.height, kpis.height, dists.height
    competing = rankable_mask(components, periods, dists)
    lower = (kpis["direction"] == "lower").to_numpy()
    weights = kpis["effective_weight"].to_numpy().astype(float)

    def index(frame: pl.DataFrame) -> pl.DataFrame:
        return (
            frame.join(periods, on=keys)
            .join(kpis.select("kpi", "k"), on="kpi")
            .join(dists, on="district")
        )

    comp = index(components.filter(pl.col("scorable")))
    # The point estimate, from the same daily rows (equal to kpi_scorecard's composite).
    cells = (
        index(daily)
        .filter(pl.col("denominator").is_not_null())
        .join(comp.select("p", "k", "d"), on=["p", "k", "d"], how="semi")
        .sort("p", "k", "d", "day")  # a fixed order: the seed then fixes the resample
    )
    num = cells["numerator"].cast(pl.Float64).fill_null(0).to_numpy()
    den = cells["denominator"].cast(pl.Float64).fill_null(0).to_numpy()
    n_rows = len(num)
    cell = cells.select("p", "k", "d").to_numpy()
    new_cell = np.r_[True, (cell[1:] != cell[:-1]).any(axis=1)] if n_rows else np.array([], bool)
    starts = np.flatnonzero(new_cell)
    sizes = np.diff(np.r_[starts, n_rows])
    gp = cells["p"].to_numpy()[starts]
    gk = cells["k"].to_numpy()[starts]
    gd = cells["d"].to_numpy()[starts]

    def cell_values(nums: np.ndarray, dens: np.ndarray) -> np.ndarray:
        """(R, G) sums -> (R, P, K, D) values, NaN where a cell has none."""
        with np.errstate(invalid="ignore", divide="ignore"):
            vals = np.where(dens > 0, nums / dens, np.nan)
        out = np.full((vals.shape[0], P, K, D), np.nan)
        out[:, gp, gk, gd] = vals
        return out

    point_vals = cell_values(
        np.add.reduceat(num, starts)[None, :] if n_rows else np.zeros((1, 0)),
        np.add.reduceat(den, starts)[None, :] if n_rows else np.zeros((1, 0)),
    )
    point_comp = composites(scaled_scores(point_vals, lower), weights)
    point_rank = ranks(np.where(competing, point_comp, np.nan))[0]  # (P, D)

    rep_ranks = np.full((replicates, P, D), np.nan)
    row_start = np.repeat(starts, sizes)
    row_size = np.repeat(sizes, sizes)
    for first in range(0, replicates, CHUNK):
        r = min(CHUNK, replicates - first)
        if n_rows == 0:
            break
        idx = row_start + (rng.random((r, n_rows)) * row_size).astype(np.int64)
        nums = np.add.reduceat(num[idx], starts, axis=1)
        dens = np.add.reduceat(den[idx], starts, axis=1)
        comp_r = composites(scaled_scores(cell_values(nums, dens), lower), weights)
        rep_ranks[first : first + r] = ranks(np.where(competing, comp_r, np.nan))

    has_rank = ~np.isnan(point_rank)
    with warnings.catch_warnings():  # all-NaN columns: districts without a composite
        warnings.simplefilter("ignore", RuntimeWarning)
        low = np.nanquantile(rep_ranks, 0.025, axis=0, method="lower") if n_rows else point_rank
        high = np.nanquantile(rep_ranks, 0.975, axis=0, method="higher") if n_rows else point_rank
    low = np.where(has_rank, np.fmin(low, point_rank), np.nan)
    high = np.where(has_rank, np.fmax(high, point_rank), np.nan)

    names = dists["district"].to_list()
    records = []
    for p, (grain, period_start) in enumerate(periods.select(keys).iter_rows()):
        lo, hi = low[p], high[p]
        overlap = (lo[:, None] <= hi[None, :]) & (lo[None, :] <= hi[:, None])
        np.fill_diagonal(overlap, False)
        for d in np.flatnonzero(has_rank[p]):
            tied = [names[j] for j in np.flatnonzero(overlap[d]) if has_rank[p, j]]
            records.append(
                (
                    grain,
                    period_start,
                    names[d],
                    int(point_rank[p, d]),
                    int(lo[d]),
                    int(hi[d]),
                    ",".join(tied),
                    len(tied),
                    int(replicates),
                    int(seed),
                )
            )
    return pl.DataFrame(records, schema=RANGE_SCHEMA, orient="row")
