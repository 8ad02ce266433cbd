-- data_quality: the district x source rows of kpi_data_quality flagged in the latest month
-- with one of $flags, only the sources of a scored KPI when $scored_only (the flags that
-- gate a rank, as kpi_scorecard_gate reads them).
-- Reads kpi_data_quality, kpi_catalog, ref_scorecard_weights, ref_districts.
with

latest as (
    select max(period_start) as period_start
    from kpi_data_quality
    where grain = 'month'
),

scored_sources as (
    select distinct c.source
    from kpi_catalog as c
    inner join ref_scorecard_weights as w on w.kpi = c.kpi
)

select q.district, q.period_start, q.source, q.reasons, q.staged_rows, q.quarantined_rows,
    q.failed_checks, q.stale_days
from kpi_data_quality as q
inner join latest as l on l.period_start = q.period_start
inner join ref_districts as d on d.district = q.district
where q.grain = 'month'
    and q.flagged
    and len(list_intersect(q.flags, $flags::varchar[])) > 0
    and (not $scored_only or q.source in (select source from scored_sources))
order by q.source, q.district
