-- kpi_grievances_daily: one row per district × received day (received_on), a cohort: the
-- grievances received that day, by their current status.
-- key: (district, day). Reads stg_grievances, ref_as_of.
-- Disposed = status disposed (rejected grievances are counted apart, not as disposed).
-- Pending over 30 days = status pending or reopened and the as-of date (ref_as_of: by
-- default the latest received_on in the data) minus date(received_on) is more than 30 days.
with

grievances as (
    select
        district,
        received_on,
        status,
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
        g.received_on::date as day,
        g.status,
        g.status in ('pending', 'reopened') as is_pending,
        g.status in ('pending', 'reopened')
            and a.as_of - g.received_on::date > 30 as is_pending_over_30d,
        g.citizen_rating
    from grievances as g
    cross join as_of as a
),

final as (
    select
        district,
        day,
        count(*) as received,
        count(*) filter (where status = 'disposed') as disposed,
        count(*) filter (where status = 'rejected') as rejected,
        count(*) filter (where is_pending) as pending,
        count(*) filter (where is_pending_over_30d) as pending_over_30d,
        count(citizen_rating) as ratings,
        coalesce(sum(citizen_rating), 0) as rating_points
    from flagged
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
