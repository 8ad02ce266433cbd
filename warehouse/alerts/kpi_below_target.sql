-- kpi_below_target: the districts whose KPI has been worse than its target in each of the
-- latest final months, one row per district x KPI whose run of such months reaches $periods.
-- Reads kpi_period_status (final months), kpi_target_attainment, ref_districts.
-- Parameters: $kpis (null: every KPI with a target), $include_near (near counts as worse),
-- $periods. A district with no value in a month is not worse that month (the run breaks);
-- partial and provisional months are not in final_months: they neither count nor break it.
-- first_month: the first month of the run (the alert's period); latest: the latest final
-- month, whose value, target and status are given.
with

final_months as (
    select kpi, period_start
    from kpi_period_status
    where grain = 'month' and status = 'final'
),

watched as (
    select distinct kpi
    from kpi_target_attainment
    where $kpis::varchar[] is null or list_contains($kpis::varchar[], kpi)
),

grid as (
    select d.district, m.kpi, m.period_start
    from final_months as m
    inner join watched as w on w.kpi = m.kpi
    cross join ref_districts as d
),

marked as (
    select
        g.district, g.kpi, g.period_start, a.value, a.target, a.direction, a.status,
        coalesce(a.status = 'missed' or ($include_near and a.status = 'near'), false) as worse
    from grid as g
    left join kpi_target_attainment as a
        on a.grain = 'month' and a.district = g.district and a.kpi = g.kpi
        and a.period_start = g.period_start
),

last_good as (
    select
        district, kpi, max(period_start) as latest,
        coalesce(max(period_start) filter (where not worse), date '0001-01-01') as last_good
    from marked
    group by district, kpi
),

runs as (
    select m.district, m.kpi, l.latest, min(m.period_start) as first_month, count(*) as periods
    from marked as m
    inner join last_good as l on l.district = m.district and l.kpi = m.kpi
    where m.period_start > l.last_good
    group by m.district, m.kpi, l.latest
),

final as (
    select r.district, r.kpi, r.first_month, r.latest, r.periods, m.value, m.target,
        m.direction, m.status
    from runs as r
    inner join marked as m
        on m.district = r.district and m.kpi = r.kpi and m.period_start = r.latest
    where r.periods >= $periods
)

select district, kpi, first_month, latest, periods, value, target, direction, status
from final
order by kpi, district
