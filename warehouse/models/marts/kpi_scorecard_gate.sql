-- kpi_scorecard_gate: the data-quality gate of the scorecard, one row per grain ('month' or
-- 'total') × period × district (all districts of ref_districts), with the reasons a rank is
-- flagged.
-- key: (grain, period_start, district). Reads kpi_daily (the periods), kpi_catalog,
-- ref_scorecard_weights, ref_districts, kpi_data_quality.
-- Only the sources that feed a scored KPI (kpi_catalog.source) are gated. A rank is flagged
-- with the reasons kpi_data_quality gives for one of them in the same period and district
-- (its 'month' rows for a month, its 'total' rows for the total):
--   stale        the district's latest day with records up to the period's last day is more
--                than `stale_days` before the source's latest day statewide up to that day
--                (or it has no record at all while others do);
--   quarantined  the district's quarantined rows of the source dated in the period / (those
--                + its staged rows in the period) is above `quarantine_share_max`; quarantined
--                rows with no date count in the total only;
--   check failed rows of the district dated in the period break a check of the source's
--                latest validation run (dq_failures: counted by query, not from examples).
-- reasons: '; '-separated, e.g. "stale: grievances (no records for 12 days)".
with

scored_sources as (
    select distinct c.source
    from kpi_catalog as c
    inner join ref_scorecard_weights as w on w.kpi = c.kpi
),

districts as (
    select district
    from ref_districts
),

first_day as (
    select min(day) as first_day
    from kpi_daily
),

periods as (
    select distinct
        'month' as grain,
        date_trunc('month', day)::date as period_start
    from kpi_daily
    union all
    select
        'total' as grain,
        first_day as period_start
    from first_day
    where first_day is not null
),

quality as (
    select
        grain,
        period_start,
        source,
        district,
        reasons
    from kpi_data_quality
    where flagged and grain in ('month', 'total')
),

reasons as (
    select
        q.grain,
        q.period_start,
        q.district,
        q.source,
        unnest(q.reasons) as reason
    from quality as q
    inner join scored_sources as s on s.source = q.source
    inner join periods as p on p.grain = q.grain and p.period_start = q.period_start
),

grid as (
    select
        p.grain,
        p.period_start,
        d.district
    from periods as p
    cross join districts as d
),

final as (
    select
        g.grain,
        g.period_start,
        g.district,
        count(r.reason) > 0 as gate_flagged,
        count(r.reason) as gate_reason_count,
        coalesce(string_agg(r.reason, '; ' order by r.reason), '') as gate_reasons
    from grid as g
    left join reasons as r
        on r.grain = g.grain
        and r.period_start = g.period_start
        and r.district = g.district
    group by all
)

select
    grain,
    period_start,
    district,
    gate_flagged,
    gate_reason_count,
    gate_reasons
from final
order by grain, period_start, district
