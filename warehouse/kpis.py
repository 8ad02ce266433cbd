"""Read the long KPI table from the published snapshot: `jansewa kpis` and the notebooks.

Readers never open the pipeline's own DuckDB file: `query_kpis` opens the snapshot published
beside it (warehouse.snapshot.connect_snapshot), read-only, with parameterised SQL only.

Without a date range the rows come from `kpi_values` as built. With `date_from` / `date_to`
the records counted are restricted to event days in [from, to] and re-aggregated from
`kpi_daily` (sums of numerators and denominators), so every grain -- total included --
covers exactly that range; the total's period_start is then the first day with data in the
range. Medians and the composite index/rank cannot be rebuilt from daily sums and are left
out of a restricted query (read them unrestricted, or at the day grain from kpi_values).
The per-lakh KPIs are rebuilt from the restricted counts, and the 95 % Wilson intervals
(ci_low, ci_high) of the proportions are computed on the re-aggregated numerators and
denominators (warehouse.wilson.with_wilson, one vectorised call). complete, status and
quality_flags come from warehouse.kpi_annotations; a restricted range is complete only when
every KPI's source has been exported up to the range's end.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal, TextIO

import polars as pl

from warehouse.districts import STATE, canonical_district, lookup_key
from warehouse.kpi_annotations import annotate
from warehouse.snapshot import connect_snapshot

GRAINS = ("day", "week", "month", "total")
COLUMNS = [
    "district",
    "period_start",
    "grain",
    "kpi",
    "numerator",
    "denominator",
    "value",
    "complete",
    "status",
    "ci_low",
    "ci_high",
    "quality_flags",
]

_UNRESTRICTED = """
select district, period_start, grain, kpi, numerator, denominator, value, complete, status,
    ci_low, ci_high
from kpi_values
where grain = $grain
    and ($district::varchar is null or district = $district)
    and ($kpi::varchar is null or kpi = $kpi)
order by district, period_start, kpi
"""

_RESTRICTED = """
with

per_capita_kpis as (
    select kpi, per_lakh_kpi
    from (
        values
            ('calls_received', 'calls_per_lakh'),
            ('pass_applications', 'pass_applications_per_lakh'),
            ('grievances_received', 'grievances_per_lakh'),
            ('relief_eligible', 'relief_eligible_per_lakh')
    ) as v (kpi, per_lakh_kpi)
),

population as (
    {population}
),

daily_all as (
    select district, day, kpi, numerator, denominator
    from kpi_daily
    where ($date_from::date is null or day >= $date_from)
        and ($date_to::date is null or day <= $date_to)
        and ($district::varchar is null or district = $district)
),

daily as (
    select district, day, kpi, numerator, denominator
    from daily_all
    where $kpi::varchar is null or kpi = $kpi
    union all
    select d.district, d.day, k.per_lakh_kpi, d.numerator, null
    from daily_all as d
    inner join per_capita_kpis as k on k.kpi = d.kpi
    where $kpi::varchar is null or k.per_lakh_kpi = $kpi
),

first_day as (
    select min(day) as first_day
    from kpi_daily
    where ($date_from::date is null or day >= $date_from)
        and ($date_to::date is null or day <= $date_to)
),

periods as (
    select
        d.district,
        case $grain::varchar
            when 'day' then d.day
            when 'week' then date_trunc('week', d.day)::date
            when 'month' then date_trunc('month', d.day)::date
            else f.first_day
        end as period_start,
        d.kpi,
        d.numerator,
        d.denominator
    from daily as d
    cross join first_day as f
),

rolled as (
    select district, period_start, kpi, sum(numerator) as numerator, sum(denominator) as denominator
    from periods
    group by district, period_start, kpi
),

per_lakh as (
    select r.district, r.period_start, r.kpi, r.numerator, p.lakhs as denominator
    from rolled as r
    inner join per_capita_kpis as k on k.per_lakh_kpi = r.kpi
    inner join population as p on p.district = r.district
),

final as (
    select
        district,
        period_start,
        $grain::varchar as grain,
        kpi,
        numerator,
        denominator,
        case
            when denominator is null then numerator
            when denominator = 0 then null
            else numerator / denominator
        end as value
    from (
        select district, period_start, kpi, numerator, denominator
        from rolled
        where kpi not in (select per_lakh_kpi from per_capita_kpis)
        union all
        select district, period_start, kpi, numerator, denominator
        from per_lakh
    )
)

select district, period_start, grain, kpi, numerator, denominator, value
from final
order by district, period_start, kpi
"""


_RATE_KPIS = "select kpi from kpi_catalog where kind = 'rate'"

# Census 2011 population in lakhs per district and for the state; a snapshot published
# before ref_districts existed has no per-lakh rows in a restricted query.
_POPULATION = """select district, population_2011 / 100000.0 as lakhs
    from ref_districts
    union all
    select 'Haryana' as district, sum(population_2011) / 100000.0 as lakhs
    from ref_districts"""
_NO_POPULATION = "select null::varchar as district, null::double as lakhs where false"
_NO_INTERVALS = "null::double as ci_low, null::double as ci_high"
_NO_STATUS = "null::boolean as complete, null::varchar as status"


def _columns(con, table: str) -> set[str]:
    rows = con.sql(
        "select column_name from information_schema.columns where table_name = ?", params=[table]
    ).fetchall()
    return {row[0] for row in rows}


def resolve_district(name: str) -> str:
    """Any spelling of a district, or the state ('Haryana'), to its canonical name.

    Raises ValueError (UnknownDistrictError) for a name that matches neither.
    """
    if lookup_key(name) == lookup_key(STATE):
        return STATE
    return canonical_district(name)


def query_kpis(
    warehouse: Path,
    grain: str = "total",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    district: str | None = None,
    kpi: str | None = None,
) -> pl.DataFrame:
    """The long KPI table from the published snapshot, sorted by district, period_start, kpi.

    Columns: district, period_start, grain, kpi, numerator, denominator, value, complete,
    status (partial | provisional | final), ci_low, ci_high (the 95 % Wilson interval of a
    proportion; null for other kinds), quality_flags (warehouse.kpi_annotations: a restricted
    range is judged on its own end). Refuses
    (ValueError, one line) an unknown grain, district or KPI id and a range whose start is
    after its end.
    """
    if grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}: expected one of {', '.join(GRAINS)}")
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValueError(f"--from {date_from} is after --to {date_to}")
    district_name = resolve_district(district) if district is not None else None
    params = {"grain": grain, "district": district_name, "kpi": kpi}
    with connect_snapshot(warehouse) as con:
        known = con.sql("select count(*) from kpi_catalog where kpi = ?", params=[kpi])
        if kpi is not None and not known.fetchall()[0][0]:
            raise ValueError(f"unknown KPI id {kpi!r} (the ids are listed in kpi_catalog)")
        if date_from is None and date_to is None:
            sql = _UNRESTRICTED
            present = _columns(con, "kpi_values")
            if "ci_low" not in present:  # published before the intervals
                sql = sql.replace("ci_low, ci_high", _NO_INTERVALS, 1)
            if "status" not in present:  # published before complete periods
                sql = sql.replace("complete, status", _NO_STATUS, 1)
            frame = annotate(con, con.sql(sql, params=params).pl())
        else:
            has_population = "population_2011" in _columns(con, "ref_districts")
            sql = _RESTRICTED.replace(
                "{population}", _POPULATION if has_population else _NO_POPULATION
            )
            frame = con.sql(sql, params=params | {"date_from": date_from, "date_to": date_to}).pl()
            rates = {row[0] for row in con.sql(_RATE_KPIS).fetchall()}
            # Only a restricted range recomputes intervals; the stored table carries them.
            from warehouse.wilson import with_wilson

            frame = annotate(con, with_wilson(frame, rates), date_to, restricted=True)
    return frame.select(COLUMNS)


def write_table(frame: pl.DataFrame, fmt: Literal["csv", "json"], stream: TextIO) -> None:
    """Write a frame as CSV (with header) or JSON (a list of records); dates as ISO strings."""
    temporal = [name for name, dtype in frame.schema.items() if dtype.is_temporal()]
    if temporal:
        frame = frame.with_columns(pl.col(temporal).cast(pl.String))
    if fmt == "csv":
        stream.write(frame.write_csv())
    elif fmt == "json":
        stream.write(frame.write_json())
        stream.write("\n")
    else:
        raise ValueError(f"unknown format {fmt!r}: expected csv or json")
