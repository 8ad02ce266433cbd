-- kpi_data_quality: data-quality status per source × district × period, the one table the
-- scorecard gate (kpi_scorecard_gate), the overview alert and the quality page can all read.
-- grain: 'month'   period_start = the month's first day; every month that kpi_daily or any
--                  staged, quarantined or failing row falls in, for every source × district of
--                  ref_districts (a district with no rows in a month still gets its row);
--        'undated' period_start null: rows with no event time (quarantined rows whose
--                  event_day is null, a failed check's rows whose event time is null), which
--                  no month can claim; only where there are such rows;
--        'total'   period_start = kpi_daily's first day (the scorecard's total): every row,
--                  dated or not.
-- key: (grain, period_start, source, district). district null: rows no district can claim
-- (quarantined with an unknown district, staged or failing rows whose district is not one of
-- the 22, checks of the whole table); those rows exist only where there are such rows.
-- Reads int_staged_days (staged records per source, district and event day), quarantine
-- (district, event_day), dq_results and dq_failures (each source's latest validation run),
-- kpi_daily (the scorecard's periods), ref_districts, ref_scorecard_settings (stale_days,
-- quarantine_share_max).
--   staged_rows, quarantined_rows  rows of the source in the district and period;
--                 quarantine_share = quarantined / (quarantined + staged), null when both are 0
--   failed_checks, failed_check_names, failed_rows  checks of the latest run whose breaking
--                 rows (dq_failures) fall in the district and period, and how many rows
--   last_day_with_records  the district's latest event day up to the period's last day
--                 (total: at all); source_last_day the same over all districts; stale_days
--                 the gap between them
--   flags, reasons  'stale' (the gap is above stale_days, or the district has no record while
--                 the source has; not for 'undated'), 'quarantined' (share above
--                 quarantine_share_max), 'check failed' (one reason per check); reason joins
--                 the reasons with '; '; flagged when there is any.
with

settings as (
    select
        max(value) filter (where setting = 'stale_days') as stale_days,
        max(value) filter (where setting = 'quarantine_share_max') as quarantine_share_max
    from ref_scorecard_settings
),

districts as (
    select district
    from ref_districts
),

quarantined_events as (
    select
        source,
        district,
        event_day as day
    from quarantine
),

latest_runs as (
    select
        source,
        arg_max(run_id, validated_at) as run_id
    from dq_results
    group by source
),

failure_rows as (
    select
        f.source,
        f.expectation,
        f.district,
        f.period_start,
        f.rows
    from dq_failures as f
    inner join latest_runs as l on l.source = f.source and l.run_id = f.run_id
),

scorecard_span as (
    select min(day) as first_day
    from kpi_daily
),

staged as (
    select
        e.source,
        d.district,
        date_trunc('month', e.day)::date as period_start,
        sum(e.records)::bigint as staged_rows,
        max(e.day) as last_day
    from int_staged_days as e
    left join districts as d on d.district = e.district
    group by all
),

quarantined as (
    select
        q.source,
        d.district,
        date_trunc('month', q.day)::date as period_start,
        count(*) as quarantined_rows
    from quarantined_events as q
    left join districts as d on d.district = q.district
    group by all
),

failed as (
    select
        f.source,
        d.district,
        f.period_start,
        f.expectation,
        sum(f.rows)::bigint as rows
    from failure_rows as f
    left join districts as d on d.district = f.district
    group by all
),

failed_by_grain as (
    select
        case when period_start is null then 'undated' else 'month' end as grain,
        period_start,
        source,
        district,
        expectation,
        rows
    from failed
    union all
    select
        'total' as grain,
        (select first_day from scorecard_span) as period_start,
        source,
        district,
        expectation,
        sum(rows)::bigint as rows
    from failed
    group by all
),

failed_summary as (
    select
        grain,
        period_start,
        source,
        district,
        count(*) as failed_checks,
        string_agg(expectation, ', ' order by expectation) as failed_check_names,
        sum(rows)::bigint as failed_rows
    from failed_by_grain
    group by all
),

months as (
    select distinct date_trunc('month', day)::date as period_start from kpi_daily
    union
    select period_start from staged where period_start is not null
    union
    select period_start from quarantined where period_start is not null
    union
    select period_start from failed where period_start is not null
),

sources as (
    select source from staged
    union
    select source from quarantined
    union
    select source from failed
),

buckets as (
    select
        s.source,
        d.district,
        m.period_start
    from sources as s
    cross join districts as d
    cross join months as m
    union
    select source, district, period_start from staged
    union
    select source, district, period_start from quarantined
    union
    select source, district, period_start from failed
),

bucket_rows as (
    select
        b.source,
        b.district,
        b.period_start,
        coalesce(s.staged_rows, 0) as staged_rows,
        coalesce(q.quarantined_rows, 0) as quarantined_rows,
        s.last_day
    from buckets as b
    left join staged as s
        on s.source = b.source
        and s.district is not distinct from b.district
        and s.period_start is not distinct from b.period_start
    left join quarantined as q
        on q.source = b.source
        and q.district is not distinct from b.district
        and q.period_start is not distinct from b.period_start
),

-- "up to the period's last day": the latest day of this month or any month before it
monthly as (
    select
        'month' as grain,
        period_start,
        source,
        district,
        staged_rows,
        quarantined_rows,
        max(last_day) over (
            partition by source, district order by period_start
            rows between unbounded preceding and current row
        ) as last_day_with_records,
        max(case when district is not null then last_day end) over (
            partition by source order by period_start
            range between unbounded preceding and current row
        ) as source_last_day
    from bucket_rows
    where period_start is not null
),

undated as (
    select
        'undated' as grain,
        period_start,
        source,
        district,
        staged_rows,
        quarantined_rows,
        cast(null as date) as last_day_with_records,
        cast(null as date) as source_last_day
    from bucket_rows
    where period_start is null
),

totals as (
    select
        'total' as grain,
        (select first_day from scorecard_span) as period_start,
        source,
        district,
        sum(staged_rows)::bigint as staged_rows,
        sum(quarantined_rows)::bigint as quarantined_rows,
        max(last_day) as last_day_with_records,
        max(max(case when district is not null then last_day end))
            over (partition by source) as source_last_day
    from bucket_rows
    group by source, district
),

status as (
    select
        u.grain,
        u.period_start,
        u.source,
        u.district,
        u.staged_rows,
        u.quarantined_rows,
        u.quarantined_rows::double / nullif(u.quarantined_rows + u.staged_rows, 0)
            as quarantine_share,
        coalesce(f.failed_checks, 0) as failed_checks,
        f.failed_check_names,
        f.failed_rows,
        u.last_day_with_records,
        u.source_last_day,
        u.source_last_day - u.last_day_with_records as stale_days
    from (
        select * from monthly
        union all
        select * from undated
        union all
        select * from totals
    ) as u
    left join failed_summary as f
        on f.grain = u.grain
        and f.period_start is not distinct from u.period_start
        and f.source = u.source
        and f.district is not distinct from u.district
),

reasons as (
    select
        s.grain,
        s.period_start,
        s.source,
        s.district,
        'stale' as flag,
        'stale: ' || s.source || ' (' || case
            when s.last_day_with_records is null then 'no records'
            else 'no records for ' || s.stale_days || ' days'
        end || ')' as reason
    from status as s
    cross join settings as t
    where s.grain <> 'undated'
        and s.district is not null
        and s.source_last_day is not null
        and (s.last_day_with_records is null or s.stale_days > t.stale_days)
    union all
    select
        s.grain,
        s.period_start,
        s.source,
        s.district,
        'quarantined' as flag,
        'quarantined: ' || s.source || ' (' || round(100 * s.quarantine_share, 1) || ' % of '
            || (s.quarantined_rows + s.staged_rows)
            || case when s.grain = 'undated' then ' undated rows)' else ' rows)' end as reason
    from status as s
    cross join settings as t
    where s.quarantine_share > t.quarantine_share_max
    union all
    select
        grain,
        period_start,
        source,
        district,
        'check failed' as flag,
        'check failed: ' || source || '.' || expectation as reason
    from failed_by_grain
),

reason_lists as (
    select
        grain,
        period_start,
        source,
        district,
        list_sort(list_distinct(list(flag))) as flags,
        list(reason order by reason) as reasons
    from reasons
    group by all
),

final as (
    select
        s.grain,
        s.period_start,
        s.source,
        s.district,
        s.staged_rows,
        s.quarantined_rows,
        s.quarantine_share,
        s.failed_checks,
        s.failed_check_names,
        s.failed_rows,
        s.last_day_with_records,
        s.source_last_day,
        s.stale_days,
        coalesce(r.flags, []::varchar[]) as flags,
        coalesce(r.reasons, []::varchar[]) as reasons,
        coalesce(array_to_string(r.reasons, '; '), '') as reason,
        r.reasons is not null as flagged
    from status as s
    left join reason_lists as r
        on r.grain = s.grain
        and r.period_start is not distinct from s.period_start
        and r.source = s.source
        and r.district is not distinct from s.district
)

select
    grain,
    period_start,
    source,
    district,
    staged_rows,
    quarantined_rows,
    quarantine_share,
    failed_checks,
    failed_check_names,
    failed_rows,
    last_day_with_records,
    source_last_day,
    stale_days,
    flags,
    reasons,
    reason,
    flagged
from final
order by grain, period_start, source, district
