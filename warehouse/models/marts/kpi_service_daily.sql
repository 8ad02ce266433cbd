-- kpi_service_daily: one row per district × token day (token_issued_at), a cohort: the
-- counter transactions whose token was issued that day.
-- key: (district, day). Reads stg_service_transactions, ref_as_of.
-- Rules (shared with kpi_service_centres_monthly):
--   RTS points: 10 if service_completed_at <= token_issued_at + 30 min, 5 if <= + 45 min, else
--     0; only transactions with a completion time are scored.
--   On time: status delivered, delivered_on and rts_timeline_days known, and
--     delivered_on <= date(token_issued_at) + rts_timeline_days.
--   Overdue pending: status pending, timeline known, and the as-of date (ref_as_of) is past
--     date(token_issued_at) + rts_timeline_days (candidates for auto-appeal).
--   Completed: service_completed_at is known; SMS sent: completed and sms_sent is true.
with

transactions as (
    select
        district,
        token_issued_at,
        service_completed_at,
        rts_timeline_days,
        delivered_on,
        status,
        sms_sent,
        feedback_rating
    from stg_service_transactions
),

as_of as (
    select as_of
    from ref_as_of
    where source = 'service_transactions'
),

flagged as (
    select
        t.district,
        t.token_issued_at::date as day,
        case
            when t.service_completed_at is null then null
            when t.service_completed_at <= t.token_issued_at + interval 30 minute then 10
            when t.service_completed_at <= t.token_issued_at + interval 45 minute then 5
            else 0
        end as rts_points,
        t.status = 'delivered'
            and t.delivered_on is not null
            and t.rts_timeline_days is not null as is_delivered_with_timeline,
        t.status = 'delivered'
            and t.delivered_on is not null
            and t.rts_timeline_days is not null
            and t.delivered_on <= t.token_issued_at::date + t.rts_timeline_days as is_on_time,
        t.status = 'pending'
            and t.rts_timeline_days is not null
            and a.as_of > t.token_issued_at::date + t.rts_timeline_days as is_overdue_pending,
        t.status,
        t.service_completed_at is not null as is_completed,
        t.service_completed_at is not null and coalesce(t.sms_sent, false) as is_sms_sent,
        t.feedback_rating
    from transactions as t
    cross join as_of as a
),

final as (
    select
        district,
        day,
        count(*) as transactions,
        coalesce(sum(rts_points), 0) as rts_points,
        count(rts_points) as rts_scored,
        count(*) filter (where status = 'delivered') as delivered,
        count(*) filter (where is_delivered_with_timeline) as delivered_with_timeline,
        count(*) filter (where is_on_time) as delivered_on_time,
        count(*) filter (where status = 'pending') as pending,
        count(*) filter (where is_overdue_pending) as overdue_pending,
        count(*) filter (where is_completed) as completed,
        count(*) filter (where is_sms_sent) as sms_sent,
        count(feedback_rating) as ratings,
        coalesce(sum(feedback_rating), 0) as rating_points
    from flagged
    group by district, day
)

select
    district,
    day,
    transactions,
    rts_points,
    rts_scored,
    delivered,
    delivered_with_timeline,
    delivered_on_time,
    pending,
    overdue_pending,
    completed,
    sms_sent,
    ratings,
    rating_points
from final
order by district, day
