"""Scorecard queries: composite ranks, rank ranges and ties, theme sub-indices, weighting
sensitivity, "why it moved" attribution and the gaming cross-checks."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboards.access import require_district_detail
from dashboards.data.cache import fetch
from dashboards.data.optional_columns import optional

SCORECARD = "kpi_scorecard"
SCORECARD_THEMES = "kpi_scorecard_themes"
SCORECARD_RANGES = "kpi_scorecard_rank_ranges"
SCORECARD_SENSITIVITY = "kpi_scorecard_sensitivity"
SCORECARD_KENDALL = "kpi_scorecard_kendall"
SCORECARD_ATTRIBUTION = "kpi_scorecard_attribution"
TARGET_ATTAINMENT = "kpi_target_attainment"
GAMING_FLAGS = "kpi_gaming_flags"
SCORECARD_COMPONENTS = "kpi_scorecard_components"


def scorecard_periods(warehouse: Path, grain: str) -> list[str]:
    """Period starts (ISO) the scorecard covers at a grain ('month' or 'total'), newest first."""
    frame = fetch(
        warehouse,
        f"select distinct strftime(period_start, '%Y-%m-%d') as period_start from {SCORECARD} "
        "where grain = ? order by period_start desc",
        (grain,),
    )
    return frame["period_start"].to_list()


def scorecard(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """The district scorecard of one period: composite index, rank, rank change, missing KPIs,
    how many KPIs it is scored on out of how many, and why an unranked district is not."""
    return fetch(
        warehouse,
        "select district, composite_index, composite_rank, previous_rank, rank_change, "
        "kpis_scored, kpis_total, kpis_missing, gate_flagged, gate_reasons, "
        f"{optional(warehouse, SCORECARD, 'ranked', 'unranked_reason')} from {SCORECARD} "
        "where grain = ? and period_start = try_cast(? as date) "
        "order by composite_rank nulls last, district",
        (grain, period),
    )


def scorecard_choices(warehouse: Path) -> list[tuple[str, str]]:
    """(grain, period_start ISO) the scorecard covers: months newest first, then the total."""
    frame = fetch(
        warehouse,
        f"select distinct grain, strftime(period_start, '%Y-%m-%d') as period_start "
        f"from {SCORECARD} order by grain = 'total', period_start desc",
    )
    return list(zip(frame["grain"].to_list(), frame["period_start"].to_list(), strict=True))


def scorecard_full(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """One period's scorecard with rank ranges, ties, gate flags and target status counts."""
    return fetch(
        warehouse,
        "select s.district, s.division, s.composite_index, s.composite_rank, s.division_rank, "
        "s.rank_change, s.composite_change, s.improvement_rank, s.kpis_too_few, "
        "s.gate_flagged, s.gate_reasons, s.rank_withheld, s.kpis_scored, s.kpis_total, "
        f"{optional(warehouse, SCORECARD, 'ranked', 'unranked_reason', alias='s')}, "
        "r.rank_low, r.rank_high, "
        "r.tied_with, t.met, t.near, t.missed "
        f"from {SCORECARD} as s left join {SCORECARD_RANGES} as r "
        "on r.grain = s.grain and r.period_start = s.period_start and r.district = s.district "
        "left join (select district, count(*) filter (where status = 'met') as met, "
        "count(*) filter (where status = 'near') as near, "
        "count(*) filter (where status = 'missed') as missed "
        f"from {TARGET_ATTAINMENT} where grain = ? and period_start = try_cast(? as date) "
        "group by district) as t on t.district = s.district "
        "where s.grain = ? and s.period_start = try_cast(? as date) "
        "order by s.composite_rank nulls last, s.district",
        (grain, period, grain, period),
    )


def scorecard_drivers(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """Each district's scored KPIs of one period with their 0-100 scaled score and
    effective weight: what lifts or pulls down its composite."""
    return fetch(
        warehouse,
        "select district, kpi, scaled_score, effective_weight "
        f"from {SCORECARD_COMPONENTS} "
        "where grain = ? and period_start = try_cast(? as date) "
        "and scaled_score is not null and effective_weight > 0 "
        "order by district, scaled_score desc, kpi",
        (grain, period),
    )


def scorecard_themes(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """Theme sub-indices and ranks (statewide and within the division) of one period."""
    return fetch(
        warehouse,
        "select district, division, theme, sub_index, theme_rank, theme_division_rank "
        f"from {SCORECARD_THEMES} where grain = ? and period_start = try_cast(? as date) "
        "order by theme, district",
        (grain, period),
    )


def scorecard_sensitivity(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """Ranks under the reviewed, equal and theme-equal weights, and their spread."""
    return fetch(
        warehouse,
        "select district, rank_reviewed, rank_equal, rank_theme_equal, rank_spread, "
        f"weighting_dependent from {SCORECARD_SENSITIVITY} "
        "where grain = ? and period_start = try_cast(? as date) order by rank_reviewed, district",
        (grain, period),
    )


def scorecard_kendall(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """Kendall's tau between each pair of weightings' rankings."""
    return fetch(
        warehouse,
        f"select weighting_a, weighting_b, kendall_tau, districts from {SCORECARD_KENDALL} "
        "where grain = ? and period_start = try_cast(? as date) order by weighting_a, weighting_b",
        (grain, period),
    )


def attribution(warehouse: Path, district: str, period: str) -> pl.DataFrame:
    """Each scored KPI's contribution to one district's composite change in a month."""
    require_district_detail(district)
    return fetch(
        warehouse,
        "select kpi, theme, score_before, score_now, contribution, composite_change "
        f"from {SCORECARD_ATTRIBUTION} where district = ? and period_start = try_cast(? as date) "
        "order by abs(contribution) desc, kpi",
        (district, period),
    )


def latest_attribution_month(warehouse: Path, district: str) -> str | None:
    """The newest month with an attribution for a district (ISO), or None."""
    require_district_detail(district)
    frame = fetch(
        warehouse,
        "select max(strftime(period_start, '%Y-%m-%d')) as period_start "
        f"from {SCORECARD_ATTRIBUTION} where district = ?",
        (district,),
    )
    return frame["period_start"][0] if frame.height else None


def gaming_flags(warehouse: Path, district: str) -> pl.DataFrame:
    """The gaming cross-checks of one district, month by month, newest first."""
    require_district_detail(district)
    return fetch(
        warehouse,
        "select strftime(period_start, '%Y-%m-%d') as period_start, check_name, numerator, "
        f"denominator, share, threshold, flagged from {GAMING_FLAGS} where district = ? "
        "order by period_start desc, check_name",
        (district,),
    )
