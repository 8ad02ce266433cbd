-- int_grievances_status: one row per grievance, with its status flags, age and disposal
-- time: the only place the grievance rules are written.
-- key: grievance_no. Reads stg_grievances, ref_as_of.
-- Rules:
--   is_disposed: status disposed (rejected grievances are counted apart, not as disposed).
--   is_pending: status pending or reopened; days_pending = the as-of date (ref_as_of: by
--     default the latest received_on in the data) - date(received_on), for pending ones.
--   is_pending_over_30d: pending and days_pending > 30 (exactly 30 days is not over).
--   due_on: date(received_on) + 30, the last day of the 30 days CPGRAMS allows (case_list
--     counts the days overdue from it).
--   days_to_dispose: (disposed_on - received_on) in days, disposed grievances with a date;
--     disposed_month is the month of that disposal (null otherwise).
--   is_month_end_disposal: disposed in the last three calendar days of its month.
--   is_closed_once: disposed or reopened (closed at least once).
--   is_low_rated: rated 1 or 2 by the citizen (null when not rated).
with

grievances as (
    select
        grievance_no,
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
        g.*,
        g.status = 'disposed' as is_disposed,
        g.status in ('pending', 'reopened') as is_pending,
        g.status = 'disposed' and g.disposed_on is not null as is_disposed_dated,
        case
            when g.status in ('pending', 'reopened') then a.as_of - g.received_on::date
        end as days_pending
    from grievances as g
    cross join as_of as a
),

final as (
    select
        grievance_no,
        district,
        channel,
        department,
        received_on,
        received_on::date as day,
        date_trunc('month', received_on)::date as month,
        status,
        is_disposed,
        status = 'rejected' as is_rejected,
        status = 'reopened' as is_reopened,
        status in ('disposed', 'reopened') as is_closed_once,
        is_pending,
        days_pending,
        coalesce(days_pending > 30, false) as is_pending_over_30d,
        received_on::date + 30 as due_on,
        disposed_on,
        case when is_disposed_dated then epoch(disposed_on - received_on) / 86400.0 end
            as days_to_dispose,
        case when is_disposed_dated then date_trunc('month', disposed_on)::date end
            as disposed_month,
        is_disposed_dated
            and disposed_on::date > last_day(disposed_on::date) - interval 3 day
            as is_month_end_disposal,
        citizen_rating,
        citizen_rating <= 2 as is_low_rated
    from flagged
)

select
    grievance_no,
    district,
    channel,
    department,
    received_on,
    day,
    month,
    status,
    is_disposed,
    is_rejected,
    is_reopened,
    is_closed_once,
    is_pending,
    days_pending,
    is_pending_over_30d,
    due_on,
    disposed_on,
    days_to_dispose,
    disposed_month,
    is_month_end_disposal,
    citizen_rating,
    is_low_rated
from final
