-- kpi_grievances_monthly: grievances per district × channel × department × month received.
-- key: (district, channel, department, month). Reads int_grievances_status (where the rules
-- are: disposed, pending = pending or reopened, pending over 30 days at the as-of date, days
-- to dispose); median_days_to_dispose over the disposed grievances with a disposal date.
with

grievances as (
    select
        district,
        channel,
        department,
        month,
        is_disposed,
        is_rejected,
        is_pending,
        is_pending_over_30d,
        days_to_dispose,
        citizen_rating
    from int_grievances_status
),

final as (
    select
        district,
        channel,
        department,
        month,
        count(*) as received,
        count(*) filter (where is_disposed) as disposed,
        count(*) filter (where is_rejected) as rejected,
        count(*) filter (where is_pending) as pending,
        count(*) filter (where is_pending_over_30d) as pending_over_30d,
        median(days_to_dispose) as median_days_to_dispose,
        count(citizen_rating) as ratings,
        coalesce(sum(citizen_rating), 0) as rating_points
    from grievances
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
