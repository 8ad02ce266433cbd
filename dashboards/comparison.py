"""Who may be ranked on a KPI, in what order, and which districts are tied: one rule for every
bar, tile and table, so that the pages never disagree.

A district's value is *not ranked* (shown, but without a rank and never "leads" or "trails")
when
- its period is not final: 'partial' (the exports do not cover the period to its end) or
  'provisional' (the cohort has not had its maturity window yet: kpis.yml maturity_days);
- it is a rate on fewer cases (denominator) than the reviewed ``min_cases`` (30): 14 of 20
  calls is "somewhere between 48 % and 85 %", no basis for a place in a league table.

The others are ranked with their 95 % Wilson intervals (ci_low, ci_high): a district's rank is
one more than the number of districts *clearly* better, i.e. whose whole interval lies above
its interval (below it, where lower is better). Districts no other district is clearly better
than all share rank 1 ("=1"): the leader and every district whose interval overlaps the
leader's, unless a third is clearly better than it. Without an interval (scores, medians,
counts) the rank is by value, ties only on equal values. Pure functions, no warehouse.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

import polars as pl

from dashboards.catalog import format_value, info
from dashboards.i18n import format_compact, format_indian, t
from warehouse.districts import STATE

TOO_FEW = "too_few"
NOT_FINAL = ("provisional", "partial")
COLUMNS = {
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "status": pl.Utf8,
}


def with_defaults(values: pl.DataFrame) -> pl.DataFrame:
    """``values`` with every column the rule reads (a frame of district, value alone is a
    final value without interval or case count)."""
    for name, dtype in COLUMNS.items():
        if name not in values.columns:
            default = "final" if name == "status" else None
            values = values.with_columns(pl.lit(default, dtype=dtype).alias(name))
    return values


def note_of(kpi: str, row: dict, min_cases: int) -> str | None:
    """Why a district's value is not ranked (provisional | partial | too_few), else None."""
    if row["value"] is None:
        return None
    if row["status"] in NOT_FINAL:
        return row["status"]
    if (
        info(kpi).kind == "rate"
        and row["denominator"] is not None
        and row["denominator"] < min_cases
    ):
        return TOO_FEW
    return None


def _clearly_better(higher: bool, other: dict, row: dict) -> bool:
    if None not in (other["ci_low"], other["ci_high"], row["ci_low"], row["ci_high"]):
        if higher:
            return other["ci_low"] > row["ci_high"]
        return other["ci_high"] < row["ci_low"]
    return other["value"] > row["value"] if higher else other["value"] < row["value"]


def _clearly_better_counts(higher: bool, rows: list[dict]) -> list[int]:
    """For each row, how many other rows are clearly better than it (_clearly_better).

    When every row has an interval, or none has, the count is read off sorted bounds (a
    district profile ranks 22 districts on ~65 KPIs: pairwise, 30,000 comparisons and
    ~15 ms a period); rows of both kinds, or a NaN, are compared pair by pair."""
    bounds = [(r["ci_low"], r["ci_high"]) for r in rows]
    with_interval = [None not in b for b in bounds]
    keys = [v for b in bounds for v in b if v is not None] + [r["value"] for r in rows]
    if any(math.isnan(v) for v in keys) or (any(with_interval) and not all(with_interval)):
        return [sum(_clearly_better(higher, o, r) for o in rows if o is not r) for r in rows]
    if all(with_interval) and rows:
        if higher:  # better: its low end above my high end
            lows = sorted(low for low, _ in bounds)
            return [len(rows) - bisect_right(lows, high) - (low > high) for low, high in bounds]
        highs = sorted(high for _, high in bounds)  # better: its high end below my low end
        return [bisect_left(highs, low) - (high < low) for low, high in bounds]
    values = sorted(r["value"] for r in rows)
    if higher:
        return [len(rows) - bisect_right(values, r["value"]) for r in rows]
    return [bisect_left(values, r["value"]) for r in rows]


def compare(values: pl.DataFrame, kpi: str, min_cases: int) -> list[dict]:
    """The districts of ``values`` (the state row left out) as dicts with their columns plus
    ``note`` (why not ranked, or None), ``rank`` (None when not ranked) and ``shared`` (the
    rank is shared with another district), listed ranked first (by rank, then value), then
    the values not ranked, then the districts without a value."""
    rows = with_defaults(values).filter(pl.col("district") != STATE).to_dicts()
    return compare_rows(rows, kpi, min_cases)


def compare_rows(rows: list[dict], kpi: str, min_cases: int) -> list[dict]:
    """compare() of rows already read (each with every column of COLUMNS, no state row),
    which it annotates in place: for callers that compare many KPIs of one frame, so the
    frame is turned into rows once rather than once per KPI."""
    higher = info(kpi).higher_is_better
    for r in rows:
        r["note"] = note_of(kpi, r, min_cases)
    rankable = [r for r in rows if r["value"] is not None and r["note"] is None]
    for r in rows:
        r["rank"] = None
    for r, better in zip(rankable, _clearly_better_counts(higher, rankable), strict=True):
        r["rank"] = 1 + better
    counts: dict[int, int] = {}
    for r in rankable:
        counts[r["rank"]] = counts.get(r["rank"], 0) + 1
    for r in rows:
        r["shared"] = r["rank"] is not None and counts[r["rank"]] > 1

    def order(r: dict):
        value = r["value"]
        by_value = 0.0 if value is None else (-value if higher else value)
        group = 0 if r["rank"] is not None else (1 if value is not None else 2)
        return (group, r["rank"] or 0, by_value, r["district"])

    return sorted(rows, key=order)


def rank_text(row: dict) -> str:
    """'=1' for a shared rank, '2' for a district's own, '' when not ranked."""
    if row.get("rank") is None:
        return ""
    return f"={row['rank']}" if row.get("shared") else str(row["rank"])


def interval_text(kpi: str, low: float | None, high: float | None) -> str:
    """A rate's 95 % interval in percent: whole points ('58–65 %') unless it is narrower than
    two points ('40.1–41.7 %'); '' without one."""
    if low is None or high is None or info(kpi).kind != "rate":
        return ""
    decimals = 0 if (high - low) * 100 >= 2 else 1
    return f"{format_indian(low * 100, decimals)}–{format_indian(high * 100, decimals)} %"


def cases_text(row: dict, lang: str) -> str:
    """'n = 20': the cases behind a value (its denominator), '' when it has none."""
    n = row.get("denominator")
    return "" if n is None else f"n = {format_compact(n, lang)}"


def value_text(kpi: str, row: dict, lang: str) -> str:
    """The value as a person should read it: '61.8 % (58–65 %)' with its interval, else
    '7.4 · n = 1,234' with its case count, else the value alone."""
    text = format_value(kpi, row.get("value"), lang)
    if row.get("value") is None:
        return text
    interval = interval_text(kpi, row.get("ci_low"), row.get("ci_high"))
    if interval and row.get("note") != TOO_FEW:
        return f"{text} ({interval})"
    cases = cases_text(row, lang) if info(kpi).kind != "per_lakh" else ""
    return f"{text} · {cases}" if cases else text


def note_text(row: dict, lang: str) -> str:
    """'too few cases (n = 20)', 'provisional', 'partial period' or ''."""
    note = row.get("note")
    if note == TOO_FEW:
        return f"{t('note.too_few', lang)} ({cases_text(row, lang)})"
    if note in NOT_FINAL:
        return t(f"note.{note}", lang)
    return ""


def coverage_text(row: dict, lang: str) -> str:
    """'11 of 13': the KPIs a district's composite is scored on, of those scored that period."""
    if row.get("kpis_scored") is None or row.get("kpis_total") is None:
        return ""
    return t("sc.n_of", lang, n=row["kpis_scored"], total=row["kpis_total"])


def unranked_text(row: dict, lang: str) -> str:
    """Why a district listed in the scorecard has no rank ('' when it is ranked)."""
    if row.get("ranked") is not False:
        return ""
    reason = row.get("unranked_reason") or ""
    if lang == "hi":
        return t("sc.unranked_hi", lang, n=row["kpis_scored"], total=row["kpis_total"])
    return reason
