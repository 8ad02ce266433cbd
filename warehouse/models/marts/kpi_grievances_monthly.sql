-- kpi_grievances_monthly: grievances per district × channel × department × month received.
-- key: (district, channel, department, month). Reads stg_grievances, ref_as_of.
-- Same rules as kpi_grievances_daily (disposed, pending = pending or reopened, pending over
-- 30 days at the as-of date); median_days_to_dispose over the disposed grievances.
with

grievances as (
    select
        district,
        channel,
        department,
        received_on,
        status,
        disposed_on,
        citizen_rating
    from stg_grievances
),

as_of as (
    select as_of
    from ref_as_of
    where source = 'grievances'
),

flagged as (
    select
        g.district,
        g.channel,
        g.department,
        date_trunc('month', g.received_on)::date as month,
        g.status,
        g.status in ('pending', 'reopened') as is_pending,
        g.status in ('pending', 'reopened')
            and a.as_of - g.received_on::date > 30 as is_pending_over_30d,
        case
            when g.status = 'disposed' and g.disposed_on is not null
                then epoch(g.disposed_on - g.received_on) / 86400.0
        end as days_to_dispose,
        g.citizen_rating
    from grievances as g
    cross join as_of as a
),

final as (
    select
        district,
        channel,
        department,
        month,
        count(*) as received,
        count(*) filter (where status = 'disposed') as disposed,
        count(*) filter (where status = 'rejected') as rejected,
        count(*) filter (where is_pending) as pending,
        count(*) filter (where is_pending_over_30d) as pending_over_30d,
        median(days_to_dispose) as median_days_to_dispose,
        count(citizen_rating) as ratings,
        coalesce(sum(citizen_rating), 0) as rating_points
    from flagged
    group by district, channel, department, month
)

select
    district,
    channel,
    department,
    month,
    received,
    disposed,
    rejected,
    pending,
    pending_over_30d,
    median_days_to_dispose,
    ratings,
    rating_points
from final
order by district, month, channel, department
