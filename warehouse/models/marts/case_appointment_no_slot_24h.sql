-- case_appointment_no_slot_24h: the e-Sachivalaya requests given no slot within 24 hours by the
-- as-of date (int_appointments_sla.is_slot_missed), one row each, in case_list's columns (see
-- case_list.sql) but for the kind and place type, which case_list names per table, and the days
-- overdue, which it works out: to the day a late slot was communicated (closed_on), or to the
-- as-of date while none is.
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
        record_prefix(request_id) as record_prefix,
        record_number(request_id) as record_number,
        record_digits(request_id) as record_digits,
        district,
        null as department,
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
    record_prefix,
    record_number,
    record_digits,
    district,
    department,
    place,
    detail,
    status,
    opened_on,
    due_on,
    last_action_on,
    closed_on
from final
order by record_prefix, record_number
