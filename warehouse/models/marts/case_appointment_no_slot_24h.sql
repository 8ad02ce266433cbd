-- case_appointment_no_slot_24h: the e-Sachivalaya requests given no slot within 24 hours by
-- the as-of date (int_appointments_sla.is_slot_missed), one row each, in case_list's columns
-- (see case_list.sql) but for the days overdue, which case_list works out: to the day a late
-- slot was communicated (closed_on), or to the as-of date while none is.
-- key: record_id (the request id). Built whole. Reads int_appointments_sla.
with

appointments as (
    select
        request_id,
        district,
        officer_level,
        status,
        day,
        slot_due_on,
        slot_communicated_on
    from int_appointments_sla
    where is_slot_missed
),

final as (
    select
        'appointment_no_slot_24h' as kind,
        request_id as record_id,
        district,
        null as department,
        null as place_type,
        null as place,
        shown_text(officer_level) as detail,
        status,
        day as opened_on,
        slot_due_on as due_on,
        slot_communicated_on as last_action_on,
        slot_communicated_on as closed_on
    from appointments
)

select
    kind,
    record_id,
    district,
    department,
    place_type,
    place,
    detail,
    status,
    opened_on,
    due_on,
    last_action_on,
    closed_on
from final
