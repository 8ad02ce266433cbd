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
-- Control-room rules (the telephony columns Answered At, Call Ended At, Abandoned; exports of
-- older telephony lack them, and their calls are not measured: every control-room flag
-- below is null for them, so their KPIs are empty, not zero):
--   is_measured: the call has an Abandoned flag or an Answered At.
--   is_abandoned: the Abandoned flag where given, else no Answered At (a call abandoned
--     before it was answered has no Answered At); is_answered: measured and not abandoned.
--   seconds_to_answer: answered_at - call_received_at, answered calls with an Answered At;
--     is_answered_within_20s: answered_at <= call_received_at + 20 seconds (exactly 20 s
--     counts); an answered call without an Answered At is not within 20 s.
--   handle_seconds: call_ended_at - answered_at, answered calls with both times (the
--     numerator of the average handle time; its denominator counts these calls).
--   hour: the clock hour the call came in (the control-room KPIs' grain).
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
        food_delivered_at,
        answered_at,
        call_ended_at,
        abandoned
    from stg_helpline_calls
),

flagged as (
    select
        *,
        category = 'food_not_received' as is_food_request,
        abandoned is not null or answered_at is not null as is_measured
    from calls
),

telephony as (
    select
        *,
        case when is_measured then coalesce(abandoned, answered_at is null) end as is_abandoned
    from flagged
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
        feedback_rating <= 2 as is_low_rated,
        date_trunc('hour', call_received_at) as hour,
        is_measured,
        case when is_measured then not is_abandoned end as is_answered,
        is_abandoned,
        case
            when is_measured and not is_abandoned
                then epoch(answered_at - call_received_at)
        end as seconds_to_answer,
        case
            when is_measured and not is_abandoned
                then coalesce(answered_at <= call_received_at + interval 20 second, false)
        end as is_answered_within_20s,
        case
            when is_measured and not is_abandoned
                then epoch(call_ended_at - answered_at)
        end as handle_seconds
    from telephony
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
    is_low_rated,
    hour,
    is_measured,
    is_answered,
    is_abandoned,
    seconds_to_answer,
    is_answered_within_20s,
    handle_seconds
from final
