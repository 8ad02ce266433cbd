"""The SQL of a KPI read over a date range (`jansewa kpis --from / --to`), kept apart from
warehouse.kpis, which chooses and runs it.

Over a range the records counted are restricted to event days in [from, to] and re-aggregated
from kpi_daily (sums of numerators and denominators) at the asked grain, and the per-lakh KPIs
are rebuilt from the restricted counts and the Census 2011 population. Those rows then go
through kpi_values.sql itself (``range_sql``), in place of kpi_values_stored: values and the
95 % Wilson intervals of the proportions are worked out as for the stored rows, by the same
SQL, not a copy of it.
"""

from warehouse.model_files import model_sql
from warehouse.sql_macros import per_capita_kpis_sql

RANGE_SQL = """
with

per_capita_kpis as (
    {per_capita_kpis}
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
        null::double as value
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
"""

# Census 2011 population in lakhs per district and for the state; a snapshot published
# before ref_districts existed has no per-lakh rows in a restricted query.
POPULATION_SQL = """select district, population_2011 / 100000.0 as lakhs
    from ref_districts
    union all
    select 'Haryana' as district, sum(population_2011) / 100000.0 as lakhs
    from ref_districts"""
NO_POPULATION_SQL = "select null::varchar as district, null::double as lakhs where false"


# kpi_values.sql reads complete / status from kpi_period_status, which a snapshot published
# before complete periods lacks; a range's rows are judged afresh anyway (kpi_annotations).
_NO_PERIOD_STATUS = """,
kpi_period_status as (
    select null::varchar as kpi, null::varchar as grain, null::date as period_start,
        null::boolean as complete, null::varchar as status
    where false
)"""


def range_sql(population: str, has_period_status: bool = True) -> str:
    """The rows of a range with their values and intervals: RANGE_SQL through kpi_values.sql.

    ``population`` is POPULATION_SQL, or NO_POPULATION_SQL for a snapshot without it. The
    CTE named kpi_values_stored stands, inside the view's query, for the table of that name
    (and an empty kpi_period_status for a snapshot without one).
    """
    rows = RANGE_SQL.replace("{population}", population).replace(
        "{per_capita_kpis}", per_capita_kpis_sql()
    )
    status = "" if has_period_status else _NO_PERIOD_STATUS
    return f"""
with kpi_values_stored as ({rows}){status}
select district, period_start, grain, kpi, numerator, denominator, value, ci_low, ci_high
from ({model_sql("kpi_values")})
"""
