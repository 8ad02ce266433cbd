-- int_appointments_sla: one row per e-Sachivalaya appointment request, with the time to its
-- slot and the 24-hour flag: the only place the appointment rules are written.
-- key: request_id. Reads stg_appointments, ref_as_of.
-- Rules:
--   hours_to_slot: slot_communicated_at - requested_at in hours (null without a slot).
--   is_slot_within_24h: slot_communicated_at <= requested_at + 24 hours (exactly 24 h
--     counts); no slot yet means not within 24 h. Cancelled requests keep their flag.
--   slot_due_on: the day the 24 hours run out, date(requested_at) + 1 (a request made at
--     midnight runs out at the next midnight, which is that day too).
--   is_slot_missed: not within 24 h, and its 24 hours ran out by the end of the as-of date
--     (ref_as_of: by default the latest request day), i.e. slot_due_on <= as-of date: a slot
--     given late, or none given yet. A request of the as-of day itself cannot be judged yet
--     (its window closes the next day), as the KPI's one day to mature says.
--   slot_communicated_on: the day of the slot's communication, where the days overdue of a
--     missed request stop (case_list works them out from slot_due_on).
with

requests as (
    select
        request_id,
        district,
        officer_level,
        requested_at,
        slot_communicated_at,
        status
    from stg_appointments
),

as_of as (
    select as_of
    from ref_as_of
    where source = 'appointments'
),

timed as (
    select
        r.*,
        a.as_of,
        r.requested_at::date + 1 as slot_due_on,
        r.slot_communicated_at is not null
            and r.slot_communicated_at <= r.requested_at + interval 24 hour as is_slot_within_24h
    from requests as r
    cross join as_of as a
),

flagged as (
    select
        *,
        coalesce(not is_slot_within_24h and as_of >= slot_due_on, false) as is_slot_missed
    from timed
),

final as (
    select
        request_id,
        district,
        officer_level,
        requested_at,
        requested_at::date as day,
        status,
        epoch(slot_communicated_at - requested_at) / 3600.0 as hours_to_slot,
        is_slot_within_24h,
        slot_communicated_at::date as slot_communicated_on,
        slot_due_on,
        is_slot_missed,
        status = 'completed' as is_completed,
        status = 'cancelled' as is_cancelled
    from flagged
)

select
    request_id,
    district,
    officer_level,
    requested_at,
    day,
    status,
    hours_to_slot,
    is_slot_within_24h,
    slot_communicated_on,
    slot_due_on,
    is_slot_missed,
    is_completed,
    is_cancelled
from final
