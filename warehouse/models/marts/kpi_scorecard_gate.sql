-- kpi_scorecard_gate: the data-quality gate of the scorecard, one row per grain ('month' or
-- 'total') × period × district (all districts of ref_districts), with the reasons a rank is
-- flagged.
-- key: (grain, period_start, district). Reads kpi_daily, kpi_catalog, ref_scorecard_weights,
-- ref_scorecard_settings, ref_districts, ref_district_aliases, stg_* (row counts), quarantine,
-- dq_results.
-- Only the sources that feed a scored KPI (kpi_catalog.source) are gated. A rank is flagged
-- when, for one of them:
--   stale        the district's latest day with records up to the period's last day is more
--                than `stale_days` before the source's latest day statewide up to that day
--                (or it has no record at all while others do);
--   quarantined  the district's quarantined rows of the source / (quarantined + staged) is
--                above `quarantine_share_max`. Quarantined rows carry no trustworthy date (a
--                bad date is a reason to quarantine), so the share is over all loaded rows
--                and applies to every period; the district of a quarantined row is its raw
--                text folded like warehouse.districts.lookup_key (rows whose district is
--                unknown belong to no district);
--   check failed a check of the source's latest validation run (dq_results) failed and its
--                examples name the district ('district=<name>'); the run validates the
--                staged data the scorecard is computed from, so it applies to every period.
-- reasons: '; '-separated, e.g. "stale: grievances (no records for 12 days)".
with

settings as (
    select
        max(value) filter (where setting = 'stale_days') as stale_days,
        max(value) filter (where setting = 'quarantine_share_max') as quarantine_share_max
    from ref_scorecard_settings
),

scored_sources as (
    select distinct c.source
    from kpi_catalog as c
    inner join ref_scorecard_weights as w on w.kpi = c.kpi
),

source_days as (
    select distinct
        c.source,
        d.district,
        d.day
    from kpi_daily as d
    inner join kpi_catalog as c on c.kpi = d.kpi
    inner join scored_sources as s on s.source = c.source
    where d.district <> 'Haryana'
        and (d.numerator > 0 or d.denominator > 0)
),

districts as (
    select district
    from ref_districts
),

first_day as (
    select
        min(day) as first_day,
        max(day) as last_day
    from kpi_daily
),

periods as (
    select distinct
        'month' as grain,
        date_trunc('month', day)::date as period_start,
        last_day(day) as period_end
    from kpi_daily
    union all
    select
        'total' as grain,
        first_day as period_start,
        last_day as period_end
    from first_day
    where first_day is not null
),

source_latest as (
    select
        p.grain,
        p.period_start,
        s.source,
        max(s.day) as source_last_day
    from periods as p
    inner join source_days as s on s.day <= p.period_end
    group by all
),

district_latest as (
    select
        p.grain,
        p.period_start,
        s.source,
        s.district,
        max(s.day) as district_last_day
    from periods as p
    inner join source_days as s on s.day <= p.period_end
    group by all
),

stale as (
    select
        l.grain,
        l.period_start,
        r.district,
        l.source,
        'stale: ' || l.source || ' (' || case
            when d.district_last_day is null then 'no records'
            else 'no records for ' || (l.source_last_day - d.district_last_day) || ' days'
        end || ')' as reason
    from source_latest as l
    cross join districts as r
    cross join settings as t
    left join district_latest as d
        on d.grain = l.grain
        and d.period_start = l.period_start
        and d.source = l.source
        and d.district = r.district
    where d.district_last_day is null
        or l.source_last_day - d.district_last_day > t.stale_days
),

staged_rows as (
    select 'helpline_calls' as source, district, count(*) as rows from stg_helpline_calls group by all
    union all
    select 'movement_passes', district, count(*) from stg_movement_passes group by all
    union all
    select 'relief_beneficiaries', district, count(*) from stg_relief_beneficiaries group by all
    union all
    select 'migrant_registrations', district, count(*) from stg_migrant_registrations group by all
    union all
    select 'service_transactions', district, count(*) from stg_service_transactions group by all
    union all
    select 'grievances', district, count(*) from stg_grievances group by all
    union all
    select 'appointments', district, count(*) from stg_appointments group by all
    union all
    select 'eoffice_files', district, count(*) from stg_eoffice_files group by all
),

quarantined_rows as (
    -- quarantine.district is the canonical name, null when the row's district is unknown
    select
        q.source,
        q.district,
        count(*) as rows
    from quarantine as q
    where q.district is not null
    group by all
),

quarantine_share as (
    select
        q.source,
        q.district,
        q.rows as quarantined,
        coalesce(s.rows, 0) as staged,
        q.rows / (q.rows + coalesce(s.rows, 0)) as share
    from quarantined_rows as q
    inner join scored_sources as c on c.source = q.source
    left join staged_rows as s on s.source = q.source and s.district = q.district
),

quarantined as (
    select
        p.grain,
        p.period_start,
        q.district,
        q.source,
        'quarantined: ' || q.source || ' (' || round(100 * q.share, 1) || ' % of '
            || (q.quarantined + q.staged) || ' rows)' as reason
    from quarantine_share as q
    cross join periods as p
    cross join settings as t
    where q.share > t.quarantine_share_max
),

latest_runs as (
    select
        source,
        arg_max(run_id, validated_at) as run_id
    from dq_results
    group by source
),

failed_checks as (
    select distinct
        r.source,
        r.expectation,
        d.district
    from dq_results as r
    inner join latest_runs as l on l.source = r.source and l.run_id = r.run_id
    inner join scored_sources as c on c.source = r.source
    inner join districts as d on contains(r.examples, 'district=' || d.district)
    where not r.success
),

check_failed as (
    select
        p.grain,
        p.period_start,
        f.district,
        f.source,
        'check failed: ' || f.source || '.' || f.expectation as reason
    from failed_checks as f
    cross join periods as p
),

reasons as (
    select grain, period_start, district, source, reason from stale
    union all
    select grain, period_start, district, source, reason from quarantined
    union all
    select grain, period_start, district, source, reason from check_failed
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
