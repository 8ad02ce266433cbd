-- case_list: the records behind each breach at the as-of date, so that officials can chase
-- them: one row per record on a list, with ids, places and dates only (never a personal field).
-- key: (kind, record_id). Reads int_service_transactions_scored, int_grievances_status,
-- int_appointments_sla, int_relief_beneficiaries_paid, int_movement_passes_decisions,
-- int_eoffice_files_flags, ref_as_of.
-- Each list takes the records its int_ model flags (the rule is written there, once), with
-- the due date and the days overdue that model works out against its source's as-of date
-- (ref_as_of, never the wall clock). kind, flag, and the KPI it explains per district:
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
-- (the contract keeps only its keyed hash), the first 12 hex characters of that hash.
-- place_type / place: the centre (RTS), channel (grievances) or office (e-Office); detail:
-- the RTS service, the officer level asked for, the pass type. opened_on: the token,
-- receipt, request, application or creation day, for relief the day of eligibility (also its
-- due_on: no deadline is notified for the first payment). last_action_on: the day a late
-- slot was communicated, a file's last movement. A text value that ingestion hashed because
-- it looked personal (64 hex characters) is shown as its first 12, as the beneficiary id.
-- ageing_bucket: days_overdue '0-7', '8-30', '31-90', '>90'. as_of: the list's as-of date.
with

rts as (
    select
        token_no,
        district,
        department,
        centre,
        service,
        status,
        day,
        due_on,
        days_overdue
    from int_service_transactions_scored
    where is_overdue_pending
),

grievances as (
    select
        grievance_no,
        district,
        department,
        channel,
        status,
        day,
        due_on,
        days_overdue
    from int_grievances_status
    where is_pending_over_30d
),

appointments as (
    select
        request_id,
        district,
        officer_level,
        status,
        day,
        slot_due_on,
        slot_communicated_on,
        days_overdue
    from int_appointments_sla
    where is_slot_missed
),

relief as (
    select
        beneficiary_id,
        district,
        eligibility,
        eligible_from,
        days_unpaid
    from int_relief_beneficiaries_paid
    where is_eligible_unpaid
),

passes as (
    select
        application_no,
        district,
        pass_type,
        status,
        day,
        due_on,
        days_overdue
    from int_movement_passes_decisions
    where is_overdue_pending
),

files as (
    select
        file_no,
        district,
        office,
        department,
        created_on,
        last_movement_on,
        due_on,
        days_overdue
    from int_eoffice_files_flags
    where is_idle
),

as_of as (
    select
        source,
        as_of
    from ref_as_of
),

listed as (
    select
        'rts_overdue' as kind,
        'service_transactions' as source,
        token_no as record_id,
        district,
        department,
        'centre' as place_type,
        centre as place,
        service as detail,
        status,
        day as opened_on,
        due_on,
        null::date as last_action_on,
        days_overdue
    from rts
    union all
    select
        'grievance_pending_30d', 'grievances', grievance_no, district, department,
        'channel', channel, null, status, day, due_on, null, days_overdue
    from grievances
    union all
    select
        'appointment_no_slot_24h', 'appointments', request_id, district, null,
        null, null, officer_level, status, day, slot_due_on, slot_communicated_on, days_overdue
    from appointments
    union all
    select
        'relief_unpaid', 'relief_beneficiaries', left(beneficiary_id, 12), district, null,
        null, null, null, eligibility, eligible_from, eligible_from, null, days_unpaid
    from relief
    union all
    select
        'pass_pending', 'movement_passes', application_no, district, null,
        null, null, pass_type, status, day, due_on, null, days_overdue
    from passes
    union all
    select
        'eoffice_idle', 'eoffice_files', file_no, district, department,
        'office', office, null, null, created_on, due_on, last_movement_on, days_overdue
    from files
),

final as (
    select
        l.kind,
        l.record_id,
        l.district,
        case
            when regexp_full_match(l.department, '[0-9a-f]{64}') then left(l.department, 12)
            else l.department
        end as department,
        l.place_type,
        case
            when regexp_full_match(l.place, '[0-9a-f]{64}') then left(l.place, 12)
            else l.place
        end as place,
        case
            when regexp_full_match(l.detail, '[0-9a-f]{64}') then left(l.detail, 12)
            else l.detail
        end as detail,
        l.status,
        l.opened_on,
        l.due_on,
        l.last_action_on,
        l.days_overdue::integer as days_overdue,
        case
            when l.days_overdue <= 7 then '0-7'
            when l.days_overdue <= 30 then '8-30'
            when l.days_overdue <= 90 then '31-90'
            else '>90'
        end as ageing_bucket,
        a.as_of
    from listed as l
    left join as_of as a on a.source = l.source
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
order by district, kind, days_overdue desc, record_id
