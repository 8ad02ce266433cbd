-- kpi_service_centres_monthly: counter service per district × centre × centre type ×
-- department × month of the token (token_issued_at), for the dashboard's centre tables.
-- key: (district, centre, centre_type, department, month). Reads
-- int_service_transactions_scored (where the rules are: RTS points, within 30 / 45 minutes,
-- on time, overdue pending, SMS sent). centre_type may be null when the export left it
-- empty. rts_score = rts_points / rts_scored and rts_on_time_rate = on_time /
-- delivered_with_timeline, null when nothing was scored or judged. Not sorted: at state
-- scale this table has millions of rows and sorting them costs more than the dashboard's
-- filtered scans.
with

transactions as (
    select
        district,
        centre,
        centre_type,
        department,
        month,
        rts_points,
        is_within_30_min,
        is_within_45_min,
        is_delivered,
        is_delivered_with_timeline,
        is_on_time,
        is_overdue_pending,
        is_completed,
        is_sms_sent
    from int_service_transactions_scored
),

counted as (
    select
        district,
        centre,
        centre_type,
        department,
        month,
        count(*) as transactions,
        coalesce(sum(rts_points), 0) as rts_points,
        count(rts_points) as rts_scored,
        count(*) filter (where is_within_30_min) as within_30_min,
        count(*) filter (where is_within_45_min) as within_45_min,
        count(*) filter (where is_delivered) as delivered,
        count(*) filter (where is_delivered_with_timeline) as delivered_with_timeline,
        count(*) filter (where is_on_time) as on_time,
        count(*) filter (where is_overdue_pending) as overdue_pending,
        count(*) filter (where is_completed) as completed,
        count(*) filter (where is_sms_sent) as sms_sent
    from transactions
    group by district, centre, centre_type, department, month
),

final as (
    select
        *,
        rts_points / nullif(rts_scored, 0) as rts_score,
        on_time / nullif(delivered_with_timeline, 0) as rts_on_time_rate
    from counted
)

select
    district,
    centre,
    centre_type,
    department,
    month,
    transactions,
    rts_points,
    rts_scored,
    rts_score,
    within_30_min,
    within_45_min,
    delivered,
    delivered_with_timeline,
    on_time,
    rts_on_time_rate,
    overdue_pending,
    completed,
    sms_sent
from final
