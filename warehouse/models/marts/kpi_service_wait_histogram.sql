-- kpi_service_wait_histogram: counter waiting time (token to completion) per district ×
-- month of the token × 5-minute bucket, for the dashboard's waiting-time histogram.
-- key: (district, month, bucket_upper_min). Reads int_service_transactions_scored (wait
-- minutes and RTS points per transaction).
-- Buckets are closed on the right so they line up with the RTS marks: (0, 5], (5, 10], …,
-- (115, 120] (a wait of exactly 0 falls in the first), then the overflow bucket (> 120 min)
-- with bucket_lower_min = 120, bucket_upper_min = null and is_overflow = true. Only
-- transactions with a completion time are counted. rts_points is the points its waits
-- scored (the 30 and 45 minute marks are bucket edges, so every wait in a bucket scores the
-- same).
with

transactions as (
    select
        district,
        month,
        wait_minutes,
        rts_points
    from int_service_transactions_scored
    where is_completed
),

bucketed as (
    select
        district,
        month,
        case
            when wait_minutes > 120 then null
            else greatest(5, ceil(wait_minutes / 5.0)::integer * 5)
        end as bucket_upper_min,
        rts_points
    from transactions
),

final as (
    select
        district,
        month,
        coalesce(bucket_upper_min - 5, 120) as bucket_lower_min,
        bucket_upper_min,
        bucket_upper_min is null as is_overflow,
        min(rts_points) as rts_points,
        count(*) as transactions
    from bucketed
    group by district, month, bucket_upper_min
)

select
    district,
    month,
    bucket_lower_min,
    bucket_upper_min,
    is_overflow,
    rts_points,
    transactions
from final
order by district, month, bucket_lower_min
