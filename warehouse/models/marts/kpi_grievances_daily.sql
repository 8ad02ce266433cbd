-- kpi_grievances_daily: one row per district × received day (received_on), a cohort: the
-- grievances received that day, by their current status.
-- key: (district, day). Reads int_grievances_status (where the rules are: disposed, pending
-- = pending or reopened, pending over 30 days at the as-of date).
with

grievances as (
    select
        district,
        day,
        is_disposed,
        is_rejected,
        is_pending,
        is_pending_over_30d,
        citizen_rating
    from int_grievances_status
),

final as (
    select
        district,
        day,
        count(*) as received,
        count(*) filter (where is_disposed) as disposed,
        count(*) filter (where is_rejected) as rejected,
        count(*) filter (where is_pending) as pending,
        count(*) filter (where is_pending_over_30d) as pending_over_30d,
        count(citizen_rating) as ratings,
        coalesce(sum(citizen_rating), 0) as rating_points
    from grievances
    group by district, day
)

select
    district,
    day,
    received,
    disposed,
    rejected,
    pending,
    pending_over_30d,
    ratings,
    rating_points
from final
order by district, day
