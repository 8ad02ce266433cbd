-- kpi_service_daily: one row per district × token day (token_issued_at), a cohort: the
-- counter transactions whose token was issued that day.
-- key: (district, day). Reads int_service_transactions_scored (where the rules are: RTS
-- points, within 30 / 45 minutes, on time, overdue pending at the as-of date, SMS sent).
-- rts_points / rts_scored: points summed over the transactions with a completion time.
with

transactions as (
    select
        district,
        day,
        rts_points,
        is_delivered,
        is_delivered_with_timeline,
        is_on_time,
        is_pending,
        is_overdue_pending,
        is_completed,
        is_sms_sent,
        feedback_rating
    from int_service_transactions_scored
),

final as (
    select
        district,
        day,
        count(*) as transactions,
        coalesce(sum(rts_points), 0) as rts_points,
        count(rts_points) as rts_scored,
        count(*) filter (where is_delivered) as delivered,
        count(*) filter (where is_delivered_with_timeline) as delivered_with_timeline,
        count(*) filter (where is_on_time) as delivered_on_time,
        count(*) filter (where is_pending) as pending,
        count(*) filter (where is_overdue_pending) as overdue_pending,
        count(*) filter (where is_completed) as completed,
        count(*) filter (where is_sms_sent) as sms_sent,
        count(feedback_rating) as ratings,
        coalesce(sum(feedback_rating), 0) as rating_points
    from transactions
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
