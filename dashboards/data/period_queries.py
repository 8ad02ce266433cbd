"""Which periods are complete (`kpi_periods`) and the reviewed settings a fair comparison uses
(`ref_scorecard_settings`: min_cases).

A period is complete when every source with data by its last day has been exported to that
day; pages open on the latest complete period of their grain and mark the others partial, so
nobody is judged on days the exports do not cover yet."""

from __future__ import annotations

from pathlib import Path

from dashboards.data.cache import fetch

KPI_PERIODS = "kpi_periods"
SCORECARD_SETTINGS = "ref_scorecard_settings"

# The reviewed value in warehouse/reference/scorecard_weights.yml; used only when a snapshot
# has no such setting, so that a page still greys the smallest samples.
DEFAULT_MIN_CASES = 30


def period_status(warehouse: Path, grain: str) -> dict[str, dict]:
    """{period_start ISO: {'period_end': ISO, 'complete': bool}} for a grain."""
    frame = fetch(
        warehouse,
        "select strftime(period_start, '%Y-%m-%d') as period_start, "
        "strftime(period_end, '%Y-%m-%d') as period_end, complete "
        f"from {KPI_PERIODS} where grain = ? order by period_start desc",
        (grain,),
    )
    return {
        r["period_start"]: {"period_end": r["period_end"], "complete": bool(r["complete"])}
        for r in frame.iter_rows(named=True)
    }


def latest_complete(plist: list[str], status: dict[str, dict]) -> str | None:
    """The newest period of ``plist`` (newest first) that is complete; else the newest.

    A period kpi_periods does not know counts as partial: it is not marked complete."""
    for period in plist:
        if status.get(period, {}).get("complete"):
            return period
    return plist[0] if plist else None


def min_cases(warehouse: Path) -> int:
    """The reviewed minimum number of cases behind a rate (setting min_cases)."""
    frame = fetch(
        warehouse,
        f"select value from {SCORECARD_SETTINGS} where setting = 'min_cases'",
    )
    if frame.is_empty() or frame["value"][0] is None:
        return DEFAULT_MIN_CASES
    return int(frame["value"][0])
