-- case_list: the records behind each breach at the as-of date, so that officials can chase
-- them: one row per record on a list, with ids, places and dates only (never a personal field).
-- key: (kind, record_id). A view (warehouse/build.py READER_VIEWS), in the reader snapshot
-- too, over the six lists' tables case_<kind>, which hold each record's dates, and ref_as_of.
-- Why a view: the days overdue of every record grow with the as-of date, so a stored list
-- would be rewritten whole each day; the lists' tables change only where records do, and the
-- largest two are rebuilt by day (warehouse/partitioned_build.py).
-- Each list takes the records its int_ model flags (the rule is written there, once). kind,
-- flag, and the KPI it explains per district:
--   rts_overdue              is_overdue_pending    rts_overdue_pending (numerator, total)
--   grievance_pending_30d    is_pending_over_30d   grievance_pending_over_30d (numerator, total)
--   appointment_no_slot_24h  is_slot_missed        appointment_slot_24h_rate: denominator -
--                                                  numerator over the days before the as-of
--   relief_unpaid            is_eligible_unpaid    relief_disbursal_coverage: denominator -
--                                                  numerator (total)
--   pass_pending             is_overdue_pending    pass_pending_share's numerator over the
--                                                  days before the as-of date - 2
--   eoffice_idle             is_idle               none (files idle over 30 days)
-- Columns: record_id is the source's own id; for relief, whose beneficiary id is personal
-- (the contract keeps only its keyed hash), the first 12 hex characters of that hash. The
-- lists' tables keep it in three parts (warehouse/sql_macros.py says why), joined here: the
-- text before its trailing digits, those digits as a number, and how many digits there were
-- (relief's hex id stays whole, in the first). kind and place_type are the same for every
-- record of a table, so they are named here, per table, rather than stored in each row.
-- place_type / place: the centre (RTS), channel (grievances) or office (e-Office); detail:
-- the RTS service, the officer level asked for, the pass type. opened_on: the token,
-- receipt, request, application or creation day, for relief the day of eligibility.
-- due_on: the day the record fell due: the RTS timeline's last day, the 30th day of a
-- grievance, the day a slot's 24 hours ran out, two days after a pass application, 30 days
-- after a file last moved, for relief the day of eligibility (no deadline is notified for the
-- first payment). last_action_on: the day a late slot was communicated, a file's last
-- movement. A text value that ingestion hashed because it looked personal (64 hex
-- characters) is shown as its first 12, as the beneficiary id (the macro shown_text).
-- days_overdue (the one place it is worked out): from due_on to the as-of date, or to the day
-- the breach ended when it has (a slot communicated late: closed_on), never below 0 (a
-- beneficiary found eligible after the as-of date). ageing_bucket: days_overdue '0-7',
-- '8-30', '31-90', '>90'. as_of: the list's as-of date (its source's, ref_as_of).
with

listed as (
    select
        'service_transactions' as source, 'rts_overdue' as kind, 'centre' as place_type,
        record_prefix, record_number, record_digits, district, department, place,
        detail, status, opened_on, due_on, last_action_on, closed_on
    from case_rts_overdue
    union all
    select
        'grievances', 'grievance_pending_30d', 'channel',
        record_prefix, record_number, record_digits, district, department, place,
        detail, status, opened_on, due_on, last_action_on, closed_on
    from case_grievance_pending_30d
    union all
    select
        'appointments', 'appointment_no_slot_24h', null,
        record_prefix, record_number, record_digits, district, department, place,
        detail, status, opened_on, due_on, last_action_on, closed_on
    from case_appointment_no_slot_24h
    union all
    select
        'relief_beneficiaries', 'relief_unpaid', null,
        record_prefix, record_number, record_digits, district, department, place,
        detail, status, opened_on, due_on, last_action_on, closed_on
    from case_relief_unpaid
    union all
    select
        'movement_passes', 'pass_pending', null,
        record_prefix, record_number, record_digits, district, department, place,
        detail, status, opened_on, due_on, last_action_on, closed_on
    from case_pass_pending
    union all
    select
        'eoffice_files', 'eoffice_idle', 'office',
        record_prefix, record_number, record_digits, district, department, place,
        detail, status, opened_on, due_on, last_action_on, closed_on
    from case_eoffice_idle
),

as_of as (
    select
        source,
        as_of
    from ref_as_of
),

aged as (
    select
        l.kind,
        l.record_prefix || case
            when l.record_digits > 0 then lpad(l.record_number::varchar, l.record_digits, '0')
            else ''
        end as record_id,
        l.district,
        l.department,
        l.place_type,
        l.place,
        l.detail,
        l.status,
        l.opened_on,
        l.due_on,
        l.last_action_on,
        greatest(least(coalesce(l.closed_on, a.as_of), a.as_of) - l.due_on, 0)::integer
            as days_overdue,
        a.as_of
    from listed as l
    left join as_of as a on a.source = l.source
),

final as (
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
        days_overdue,
        case
            when days_overdue <= 7 then '0-7'
            when days_overdue <= 30 then '8-30'
            when days_overdue <= 90 then '31-90'
            else '>90'
        end as ageing_bucket,
        as_of
    from aged
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
    days_overdue,
    ageing_bucket,
    as_of
from final
