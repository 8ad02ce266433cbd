-- kpi_service_wait_histogram: counter waiting time (token to completion) per district ×
-- month of the token × 5-minute bucket, for the dashboard's waiting-time histogram.
-- key: (district, month, bucket_upper_min). Reads stg_service_transactions.
-- Buckets are closed on the right so they line up with the RTS points: (0, 5], (5, 10], …,
-- (115, 120] (a wait of exactly 0 falls in the first), then the overflow bucket (> 120 min)
-- with bucket_lower_min = 120, bucket_upper_min = null and is_overflow = true. Only
-- transactions with a completion time are counted. rts_points is the points of the bucket's
-- waits (10 up to 30 min, 5 up to 45, else 0).
with

transactions as (
    select
        district,
        token_issued_at,
        service_completed_at
    from stg_service_transactions
    where service_completed_at is not null
),

waits as (
    select
        district,
        date_trunc('month', token_issued_at)::date as month,
        epoch(service_completed_at - token_issued_at) / 60.0 as wait_min
    from transactions
),

bucketed as (
    select
        district,
        month,
        case
            when wait_min > 120 then null
            else greatest(5, ceil(wait_min / 5.0)::integer * 5)
        end as bucket_upper_min
    from waits
),

final as (
    select
        district,
        month,
        coalesce(bucket_upper_min - 5, 120) as bucket_lower_min,
        bucket_upper_min,
        bucket_upper_min is null as is_overflow,
        case
            when bucket_upper_min <= 30 then 10
            when bucket_upper_min <= 45 then 5
            else 0
        end as rts_points,
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
