-- overdue_growth: the districts whose overdue count (one of $kpis) in the latest final month
-- is at least $min_count and grew by at least $growth_pct % on the final month before it
-- (from 0, any count of at least $min_count). One row per KPI x district.
-- Reads kpi_period_status, kpi_values (a district without a row counts 0), ref_districts.
with

final_months as (
    select kpi, period_start
    from kpi_period_status
    where grain = 'month' and status = 'final'
),

watched as (
    select kpi, period_start
    from final_months
    where list_contains($kpis::varchar[], kpi)
),

pairs as (
    select l.kpi, max(w.period_start) as month_from, l.month_to
    from (select kpi, max(period_start) as month_to from watched group by kpi) as l
    inner join watched as w on w.kpi = l.kpi and w.period_start < l.month_to
    group by l.kpi, l.month_to
),

counts as (
    select p.kpi, d.district, p.month_from, p.month_to,
        coalesce(a.value, 0) as previous, coalesce(b.value, 0) as current
    from pairs as p
    cross join ref_districts as d
    left join kpi_values as a
        on a.grain = 'month' and a.kpi = p.kpi and a.district = d.district
        and a.period_start = p.month_from
    left join kpi_values as b
        on b.grain = 'month' and b.kpi = p.kpi and b.district = d.district
        and b.period_start = p.month_to
)

select kpi, district, month_from, month_to, previous, current
from counts
where current >= $min_count
    and (previous = 0 or (current - previous) * 100.0 / previous >= $growth_pct)
order by kpi, district
