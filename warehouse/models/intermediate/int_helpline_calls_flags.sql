-- int_helpline_calls_flags: one row per helpline call, with its resolution and food-delivery
-- flags and durations: the only place the helpline rules are written.
-- key: call_id. Reads stg_helpline_calls.
-- Rules:
--   is_resolved: status resolved or closed (a control room closes a call once it is dealt
--     with; open and escalated calls are not yet resolved).
--   hours_to_resolve: resolved_at - call_received_at in hours, calls with resolved_at.
--   is_food_request: category food_not_received; minutes_to_food: food_delivered_at -
--     call_received_at in minutes, for food requests with a delivery time.
--   is_food_within_2h: a food request with food_delivered_at <= call_received_at + 120
--     minutes (exactly 120 counts; no delivery time means not met).
--   is_low_rated: rated 1 or 2 by the caller (null when not rated).
with

calls as (
    select
        call_id,
        district,
        call_received_at,
        category,
        status,
        resolved_at,
        feedback_rating,
        food_delivered_at
    from stg_helpline_calls
),

flagged as (
    select
        *,
        category = 'food_not_received' as is_food_request
    from calls
),

final as (
    select
        call_id,
        district,
        call_received_at,
        call_received_at::date as day,
        date_trunc('month', call_received_at)::date as month,
        category,
        status,
        status in ('resolved', 'closed') as is_resolved,
        epoch(resolved_at - call_received_at) / 3600.0 as hours_to_resolve,
        is_food_request,
        case
            when is_food_request then epoch(food_delivered_at - call_received_at) / 60.0
        end as minutes_to_food,
        is_food_request
            and food_delivered_at is not null
            and food_delivered_at <= call_received_at + interval 120 minute as is_food_within_2h,
        feedback_rating,
        feedback_rating <= 2 as is_low_rated
    from flagged
)

select
    call_id,
    district,
    call_received_at,
    day,
    month,
    category,
    status,
    is_resolved,
    hours_to_resolve,
    is_food_request,
    minutes_to_food,
    is_food_within_2h,
    feedback_rating,
    is_low_rated
from final
