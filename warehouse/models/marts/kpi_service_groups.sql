-- kpi_service_groups: counter service per grain × period × scope × dimension × member, with
-- the rates ready to read, so the service page and the notebooks divide nothing themselves.
-- key: (grain, period_start, scope, dimension, member). Reads kpi_service_centres_monthly.
-- grain: month (period_start = the token month) | total (period_start = the first month).
-- scope: a district, or 'Haryana' (every district). dimension: 'scope' (member = the scope:
-- its total), 'centre' (member = the centre; district scopes only, a centre is in one
-- district) or 'department'. Sums of numerators and denominators, then divided (never a mean
-- of rates); a rate is null when its denominator is 0:
--   rts_score = rts_points / rts_scored; rts_on_time_rate = on_time /
--   delivered_with_timeline; sms_coverage = sms_sent / completed; within_30_min_share and
--   within_45_min_share = within_30_min (within_45_min) / rts_scored.
with

centres as (
    select
        district,
        centre,
        centre_type,
        department,
        month,
        transactions,
        rts_points,
        rts_scored,
        within_30_min,
        within_45_min,
        delivered_with_timeline,
        on_time,
        overdue_pending,
        completed,
        sms_sent
    from kpi_service_centres_monthly
),

first_month as (
    select min(month) as first_month
    from centres
),

periods as (
    select 'month' as grain, c.month as period_start, c.*
    from centres as c
    union all
    select 'total' as grain, f.first_month as period_start, c.*
    from centres as c
    cross join first_month as f
),

scoped as (
    select district as scope, * from periods
    union all
    select 'Haryana' as scope, * from periods
),

members as (
    select p.*, k.dimension, k.member
    from scoped as p
    cross join lateral (
        values
            ('scope', p.scope),
            ('centre', case when p.scope <> 'Haryana' then p.centre end),
            ('department', p.department)
    ) as k (dimension, member)
    where k.member is not null
),

summed as (
    select
        grain,
        period_start,
        scope,
        dimension,
        member,
        case when dimension = 'centre' then any_value(centre_type) end as centre_type,
        sum(transactions)::bigint as transactions,
        sum(rts_points)::bigint as rts_points,
        sum(rts_scored)::bigint as rts_scored,
        sum(within_30_min)::bigint as within_30_min,
        sum(within_45_min)::bigint as within_45_min,
        sum(delivered_with_timeline)::bigint as delivered_with_timeline,
        sum(on_time)::bigint as on_time,
        sum(overdue_pending)::bigint as overdue_pending,
        sum(completed)::bigint as completed,
        sum(sms_sent)::bigint as sms_sent
    from members
    group by grain, period_start, scope, dimension, member
),

final as (
    select
        *,
        rts_points / nullif(rts_scored, 0) as rts_score,
        on_time / nullif(delivered_with_timeline, 0) as rts_on_time_rate,
        sms_sent / nullif(completed, 0) as sms_coverage,
        within_30_min / nullif(rts_scored, 0) as within_30_min_share,
        within_45_min / nullif(rts_scored, 0) as within_45_min_share
    from summed
)

select
    grain,
    period_start,
    scope,
    dimension,
    member,
    centre_type,
    transactions,
    rts_points,
    rts_scored,
    rts_score,
    within_30_min,
    within_45_min,
    within_30_min_share,
    within_45_min_share,
    delivered_with_timeline,
    on_time,
    rts_on_time_rate,
    overdue_pending,
    completed,
    sms_sent,
    sms_coverage
from final
order by grain, period_start, scope, dimension, member
