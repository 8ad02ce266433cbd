"""Control-room queries on `kpi_control_room_hourly`: one district's staffing by weekday and
hour of the day, and every district's understaffed share by hour of the day, for one period.

Both read only the hours the mart judged (``operators_needed`` not null: hours of days whose
calls carry the telephony columns, with a call or an operator on duty), so that their hours
are the ones the KPIs `understaffed_hours` and `operators_needed_80_20` count; a period with
no judged hour gives no rows. Every value is a parameter; results are cached per snapshot
version."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboards.access import require_district_detail
from dashboards.data.cache import fetch

CONTROL_ROOM_HOURLY = "kpi_control_room_hourly"

# The period's judged hours, as a condition DuckDB can prune by its zone maps: the mart is
# built and updated day by day, so a month's or a day's hours sit in a row group or two. With
# the grain a parameter too ("? = 'month' and month = ? or ..."), every row group was read:
# 6.6-7.0 ms a query on the state-year snapshot, against 2.5 ms.
_PERIODS = {
    "total": ("true", 0),
    "month": ("month = try_cast(? as date)", 1),
    "week": ("day >= try_cast(? as date) and day < try_cast(? as date) + 7", 2),
    "day": ("day = try_cast(? as date)", 1),
}


def _period_hours(grain: str, period: str) -> tuple[str, tuple]:
    """(condition, its parameters) selecting the judged hours of one period of ``grain``;
    an unknown grain selects none."""
    condition, uses = _PERIODS.get(grain, ("false", 0))
    return f"operators_needed is not null and {condition}", (period,) * uses


def staffing_by_weekday_hour(
    warehouse: Path, district: str, grain: str, period: str
) -> pl.DataFrame:
    """One row per weekday (1 = Monday .. 7 = Sunday) and hour of the day (0-23) with a
    judged hour in the period: hours_judged, calls_offered (summed), rostered and needed
    (operators on duty and operators Erlang C asks for, each the mean over those hours),
    understaffed_hours and overstaffed_hours. Empty when the district's calls of the period
    carry no answer times. A district's detail: refused to a role that may not read it."""
    require_district_detail(district)
    hours, params = _period_hours(grain, period)
    return fetch(
        warehouse,
        f"""
        select isodow(hour) as weekday, hour(hour) as hour_of_day,
               count(*) as hours_judged,
               sum(calls_offered) as calls_offered,
               avg(rostered_operator_hours) as rostered,
               avg(operators_needed) as needed,
               count(*) filter (where understaffed) as understaffed_hours,
               count(*) filter (where overstaffed) as overstaffed_hours
        from {CONTROL_ROOM_HOURLY}
        where {hours} and district = ?
        group by all
        order by weekday, hour_of_day
        """,
        (*params, district),
    )


def understaffed_by_hour(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """One row per district and hour of the day (0-23) with a judged hour in the period:
    hours_judged, understaffed_hours and their share (understaffed / judged). A comparison
    of every district, as the explorer's ranking is: no district's detail."""
    hours, params = _period_hours(grain, period)
    return fetch(
        warehouse,
        f"""
        select district, hour(hour) as hour_of_day,
               count(*) as hours_judged,
               count(*) filter (where understaffed) as understaffed_hours,
               count(*) filter (where understaffed) / count(*) as understaffed_share
        from {CONTROL_ROOM_HOURLY}
        where {hours}
        group by all
        order by district, hour_of_day
        """,
        params,
    )
