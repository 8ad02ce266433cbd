"""How much the ranking depends on the weights: three weightings side by side.

Run by warehouse.build.build_marts after the SQL models. From the scaled scores of
kpi_scorecard_components (the same scores, the same KPIs left out for missing data or too
few cases) the composite is rebuilt under three weightings:

- reviewed     the effective weights of scorecard_weights.yml (theme weight × KPI weight /
               the theme's KPI weights): equal to kpi_scorecard's composite;
- equal        every KPI the same weight (a theme with more KPIs counts more);
- theme_equal  every theme the same weight, and every KPI the same weight within its theme.

kpi_scorecard_sensitivity (key: grain, period_start, district) holds the three ranks, their
range, and weighting_dependent = (rank_max - rank_min >= the setting
sensitivity_rank_spread). kpi_scorecard_kendall (key: grain, period_start, weighting_a,
weighting_b) holds Kendall's tau-b (Kendall 1938), which corrects for ties, between each pair
of rankings over the districts ranked by both. It holds no p-value: the three rankings are
drawn from the same scores, so a test of their independence would answer a question nobody
asks; tau says how far they agree.
"""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl

from warehouse.composite_math import RANKABLE_SQL, composites, rankable_mask, ranks, write_frame

WEIGHTINGS = ("reviewed", "equal", "theme_equal")
PAIRS = (("reviewed", "equal"), ("reviewed", "theme_equal"), ("equal", "theme_equal"))


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b of two rankings of the same districts; NaN when either is all ties.

    (concordant - discordant pairs) / sqrt(pairs untied in x * pairs untied in y), counted
    over every ordered pair, which doubles all three counts alike. The statistic of
    scipy.stats.kendalltau (tests/warehouse/test_composite_math.py checks it against it),
    written out so that a refresh never imports scipy.stats.
    """
    dx = np.sign(x[:, None] - x[None, :])
    dy = np.sign(y[:, None] - y[None, :])
    untied = float(np.count_nonzero(dx)) * float(np.count_nonzero(dy))
    return float((dx * dy).sum() / np.sqrt(untied)) if untied else np.nan


def weighting_vectors(kpis: pl.DataFrame) -> dict[str, np.ndarray]:
    """{weighting: weights per KPI} for a frame of kpi, theme, effective_weight (KPI order)."""
    theme_size = kpis.group_by("theme").len().rename({"len": "n"})
    per_theme = kpis.join(theme_size, on="theme", how="left", maintain_order="left")
    return {
        "reviewed": kpis["effective_weight"].to_numpy().astype(float),
        "equal": np.ones(kpis.height),
        "theme_equal": 1.0 / per_theme["n"].to_numpy().astype(float),
    }


def sensitivity(components: pl.DataFrame, spread: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(per-district ranks under each weighting, Kendall's tau per pair) for every period.

    components: grain, period_start, district, kpi, theme, effective_weight, scaled_score,
    and optionally rankable: a district below the KPI coverage is left out of every ranking.
    """
    if components.is_empty():
        return pl.DataFrame(schema=SENSITIVITY_SCHEMA), pl.DataFrame(schema=KENDALL_SCHEMA)
    keys = ["grain", "period_start"]
    periods = components.select(keys).unique().sort(keys)
    kpis = components.select("kpi", "theme", "effective_weight").unique("kpi").sort("kpi")
    dists = components.select("district").unique().sort("district")["district"].to_list()
    P, K, D = periods.height, kpis.height, len(dists)
    grid = (
        periods.with_row_index("p")
        .join(kpis.select("kpi").with_row_index("k"), how="cross")
        .join(pl.DataFrame({"district": dists}).with_row_index("d"), how="cross")
        .join(
            components.select(*keys, "kpi", "district", "scaled_score"),
            on=[*keys, "kpi", "district"],
            how="left",
        )
        .sort("p", "k", "d")
    )
    scores = grid["scaled_score"].cast(pl.Float64).fill_null(np.nan).to_numpy().reshape(P, K, D)
    vectors = weighting_vectors(kpis)
    competing = rankable_mask(
        components,
        periods.with_row_index("p"),
        pl.DataFrame({"district": dists}).with_row_index("d"),
    )
    comp = {name: np.where(competing, composites(scores, w), np.nan) for name, w in vectors.items()}
    rank = {name: ranks(c) for name, c in comp.items()}

    rows, taus = [], []
    for p, (grain, period_start) in enumerate(periods.iter_rows()):
        stacked = np.stack([rank[w][p] for w in WEIGHTINGS])  # (3, D)
        for d, district in enumerate(dists):
            if np.isnan(stacked[:, d]).any():
                continue
            lo, hi = int(stacked[:, d].min()), int(stacked[:, d].max())
            rows.append(
                (
                    grain,
                    period_start,
                    district,
                    *(int(x) for x in stacked[:, d]),
                    *(float(comp[w][p, d]) for w in WEIGHTINGS),
                    lo,
                    hi,
                    hi - lo,
                    hi - lo >= spread,
                )
            )
        for a, b in PAIRS:
            both = ~np.isnan(rank[a][p]) & ~np.isnan(rank[b][p])
            n = int(both.sum())
            tau = kendall_tau_b(rank[a][p][both], rank[b][p][both]) if n >= 2 else np.nan
            taus.append((grain, period_start, a, b, tau, n))
    ranks_frame = pl.DataFrame(rows, schema=SENSITIVITY_SCHEMA, orient="row")
    tau_frame = pl.DataFrame(taus, schema=KENDALL_SCHEMA, orient="row").with_columns(
        pl.col("kendall_tau").fill_nan(None)
    )
    return ranks_frame, tau_frame


SENSITIVITY_SCHEMA = {
    "grain": pl.String,
    "period_start": pl.Date,
    "district": pl.String,
    "rank_reviewed": pl.Int64,
    "rank_equal": pl.Int64,
    "rank_theme_equal": pl.Int64,
    "composite_reviewed": pl.Float64,
    "composite_equal": pl.Float64,
    "composite_theme_equal": pl.Float64,
    "rank_min": pl.Int64,
    "rank_max": pl.Int64,
    "rank_spread": pl.Int64,
    "weighting_dependent": pl.Boolean,
}
KENDALL_SCHEMA = {
    "grain": pl.String,
    "period_start": pl.Date,
    "weighting_a": pl.String,
    "weighting_b": pl.String,
    "kendall_tau": pl.Float64,
    "districts": pl.Int64,
}


def build_sensitivity(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """(Re)build kpi_scorecard_sensitivity and kpi_scorecard_kendall; returns row counts."""
    components = con.sql(
        "select c.grain, c.period_start, c.district, c.kpi, c.theme, c.effective_weight, "
        "c.scaled_score, r.district is not null as rankable from kpi_scorecard_components as c "
        f"left join ({RANKABLE_SQL}) as r on r.grain = c.grain "
        "and r.period_start = c.period_start and r.district = c.district"
    ).pl()
    spread = con.execute(
        "select value from ref_scorecard_settings where setting = 'sensitivity_rank_spread'"
    ).fetchall()[0][0]
    ranks_frame, tau_frame = sensitivity(components, int(spread))
    write_frame(con, "kpi_scorecard_sensitivity", ranks_frame)
    write_frame(con, "kpi_scorecard_kendall", tau_frame)
    return {
        "kpi_scorecard_sensitivity": ranks_frame.height,
        "kpi_scorecard_kendall": tau_frame.height,
    }
