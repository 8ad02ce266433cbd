-- kpi_periods: which periods the exports cover to their end, one row per grain × period.
-- key: (grain, period_start). Reads kpi_daily (the periods), kpi_source_freshness (each
-- source's first and latest event day), ref_as_of.
-- grain: day | week (ISO week, period_start = Monday) | month | total (period_start = the
-- first day of the data), as in kpi_values; period_end = the period's last calendar day
-- (total: the latest day of the data).
-- A source's as_of is its latest event day statewide (max last_event_day of
-- kpi_source_freshness); a build given an explicit as_of date (ref_as_of.from_parameter:
-- "judge the data as of this day", as pending grievances are aged) uses it for every source.
-- sources_with_data: the sources with any record on or before
-- period_end; sources_complete: those of them whose as_of is on or after period_end.
-- complete: every source with data covers the period to its end, so no figure of the
-- period can still grow because its last days have not been exported yet.
with

daily as (
    select day
    from kpi_daily
),

freshness as (
    select
        source,
        first_event_day,
        last_event_day
    from kpi_source_freshness
),

parameter as (
    select max(as_of) filter (where from_parameter) as as_of
    from ref_as_of
),

sources as (
    select
        f.source,
        min(f.first_event_day) as first_event_day,
        coalesce(max(p.as_of), max(f.last_event_day)) as as_of
    from freshness as f
    cross join parameter as p
    group by f.source
),

days as (
    select distinct day
    from daily
),

bounds as (
    select
        min(day) as first_day,
        max(day) as last_day
    from daily
),

periods as (
    select
        'day' as grain,
        day as period_start,
        day as period_end
    from days
    union all
    select distinct
        'week' as grain,
        date_trunc('week', day)::date as period_start,
        (date_trunc('week', day) + interval 6 day)::date as period_end
    from days
    union all
    select distinct
        'month' as grain,
        date_trunc('month', day)::date as period_start,
        last_day(day) as period_end
    from days
    union all
    select
        'total' as grain,
        first_day as period_start,
        last_day as period_end
    from bounds
    where first_day is not null
),

judged as (
    select
        p.grain,
        p.period_start,
        p.period_end,
        count(s.source) as sources_with_data,
        count(s.source) filter (where s.as_of >= p.period_end) as sources_complete
    from periods as p
    left join sources as s on s.first_event_day <= p.period_end
    group by p.grain, p.period_start, p.period_end
),

final as (
    select
        grain,
        period_start,
        period_end,
        sources_with_data::integer as sources_with_data,
        sources_complete::integer as sources_complete,
        sources_complete = sources_with_data as complete
    from judged
)

select
    grain,
    period_start,
    period_end,
    sources_with_data,
    sources_complete,
    complete
from final
order by grain, period_start
