-- kpi_period_status: whether a KPI's value for a period is partial, provisional or final,
-- one row per KPI of kpi_catalog × grain × period of kpi_periods.
-- key: (kpi, grain, period_start). Reads kpi_catalog (source, maturity_days), kpi_periods,
-- kpi_source_freshness, ref_scorecard_weights, ref_as_of.
-- as_of: the latest event day statewide of the KPI's source (max last_event_day of
-- kpi_source_freshness), or the build's explicit as_of date when one was given (as in
-- kpi_periods); for the composite (source 'scorecard') the earliest as_of of the
-- scored sources that have data, since it is computed from all of them. Null when the
-- source has no record at all.
-- complete: period_end <= as_of (the source's exports reach the period's last day).
-- status: 'partial'     not complete: the last days of the period are not exported yet;
--         'provisional' complete, but as_of < period_end + maturity_days: records of the
--                       period's last days can still change status (a grievance received
--                       on the 28th can be disposed until the 30-day window has run);
--         'final'       otherwise (as_of = period_end + maturity_days is final).
with

catalog as (
    select
        kpi,
        source,
        maturity_days
    from kpi_catalog
),

periods as (
    select
        grain,
        period_start,
        period_end
    from kpi_periods
),

parameter as (
    select max(as_of) filter (where from_parameter) as as_of
    from ref_as_of
),

source_as_of as (
    select
        f.source,
        coalesce(max(p.as_of), max(f.last_event_day)) as as_of
    from kpi_source_freshness as f
    cross join parameter as p
    group by f.source
),

scored_sources as (
    select distinct c.source
    from kpi_catalog as c
    inner join ref_scorecard_weights as w on w.kpi = c.kpi
),

scorecard_as_of as (
    select min(a.as_of) as as_of
    from scored_sources as s
    inner join source_as_of as a on a.source = s.source
),

kpi_as_of as (
    select
        c.kpi,
        c.maturity_days,
        case
            when c.source = 'scorecard' then (select as_of from scorecard_as_of)
            else a.as_of
        end as as_of
    from catalog as c
    left join source_as_of as a on a.source = c.source
),

judged as (
    select
        k.kpi,
        p.grain,
        p.period_start,
        p.period_end,
        k.as_of,
        p.period_end + k.maturity_days as final_from,
        coalesce(p.period_end <= k.as_of, false) as complete
    from periods as p
    cross join kpi_as_of as k
),

final as (
    select
        kpi,
        grain,
        period_start,
        period_end,
        as_of,
        complete,
        case
            when not complete then 'partial'
            when as_of < final_from then 'provisional'
            else 'final'
        end as status
    from judged
)

select
    kpi,
    grain,
    period_start,
    period_end,
    as_of,
    complete,
    status
from final
order by kpi, grain, period_start
