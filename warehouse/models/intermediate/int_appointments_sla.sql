-- int_appointments_sla: one row per e-Sachivalaya appointment request, with the time to its
-- slot and the 24-hour flag: the only place the appointment rules are written.
-- key: request_id. Reads stg_appointments.
-- Rules:
--   hours_to_slot: slot_communicated_at - requested_at in hours (null without a slot).
--   is_slot_within_24h: slot_communicated_at <= requested_at + 24 hours (exactly 24 h
--     counts); no slot yet means not within 24 h. Cancelled requests keep their flag.
with

requests as (
    select
        request_id,
        district,
        requested_at,
        slot_communicated_at,
        status
    from stg_appointments
),

final as (
    select
        request_id,
        district,
        requested_at,
        requested_at::date as day,
        status,
        epoch(slot_communicated_at - requested_at) / 3600.0 as hours_to_slot,
        slot_communicated_at is not null
            and slot_communicated_at <= requested_at + interval 24 hour as is_slot_within_24h,
        status = 'completed' as is_completed,
        status = 'cancelled' as is_cancelled
    from requests
)

select
    request_id,
    district,
    requested_at,
    day,
    status,
    hours_to_slot,
    is_slot_within_24h,
    is_completed,
    is_cancelled
from final
