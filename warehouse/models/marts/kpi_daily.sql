-- kpi_daily: the long table of additive KPIs, one row per district × day × KPI, plus the
-- state's own row (district 'Haryana' = the sum over districts).
-- key: (district, day, kpi). Reads the kpi_<area>_daily facts.
-- A rate carries numerator and denominator (value = numerator / denominator, null when the
-- denominator is 0); a count or amount carries it in numerator with a null denominator.
-- Medians are not additive and live in kpi_medians; the composite lives in kpi_scorecard.
with

helpline as (
    select
        d.district, d.day, k.kpi, k.numerator, k.denominator
    from kpi_helpline_daily as d
    cross join lateral (
        values
            ('calls_received', d.calls_received::double, null::double),
            ('calls_resolved', d.calls_resolved, null),
            ('call_category_share.food_not_received', d.calls_food_not_received, d.calls_received),
            ('call_category_share.covid_prevention', d.calls_covid_prevention, d.calls_received),
            ('call_category_share.ration', d.calls_ration, d.calls_received),
            ('call_category_share.law_and_order', d.calls_law_and_order, d.calls_received),
            ('call_category_share.other_essentials', d.calls_other_essentials, d.calls_received),
            ('call_category_share.movement_pass', d.calls_movement_pass, d.calls_received),
            ('call_category_share.relief_fund', d.calls_relief_fund, d.calls_received),
            ('call_category_share.migrant_registration', d.calls_migrant_registration, d.calls_received),
            ('call_category_share.general_enquiry', d.calls_general_enquiry, d.calls_received),
            ('call_resolution_rate', d.calls_resolved, d.calls_received),
            ('food_requests', d.food_requests, null),
            ('food_within_2h_rate', d.food_within_2h, d.food_requests),
            ('feedback_coverage', d.resolved_with_rating, d.calls_resolved),
            ('call_mean_feedback_rating', d.rating_points, d.ratings)
    ) as k (kpi, numerator, denominator)
),

-- control rooms: only the days whose calls carry the telephony columns (else empty, not 0)
control_room as (
    select
        d.district, d.day, k.kpi, k.numerator, k.denominator
    from kpi_control_room_daily as d
    cross join lateral (
        values
            ('calls_offered', d.calls_offered::double, null::double),
            ('calls_answered', d.calls_answered, null),
            ('calls_abandoned', d.calls_abandoned, null),
            ('call_service_level_20s', d.answered_within_20s, d.calls_offered),
            ('call_abandonment_rate', d.calls_abandoned, d.calls_offered),
            ('call_avg_handle_seconds', d.handle_seconds, d.handled_calls),
            ('calls_per_operator_hour', d.calls_answered, d.rostered_operator_hours),
            ('operator_occupancy', d.handle_seconds, d.rostered_operator_hours * 3600),
            ('operators_needed_80_20', d.needed_operator_hours, d.hours_judged),
            ('understaffed_hours', d.understaffed_hours, null),
            ('overstaffed_hours', d.overstaffed_hours, null)
    ) as k (kpi, numerator, denominator)
    where d.measured
),

passes as (
    select
        d.district, d.day, k.kpi, k.numerator, k.denominator
    from kpi_passes_daily as d
    cross join lateral (
        values
            ('pass_applications', d.applications::double, null::double),
            ('pass_issued', d.approved, null),
            ('pass_approval_rate', d.approved, d.applications),
            ('pass_decision_rate', d.decided, d.applications),
            ('pass_pending_share', d.pending, d.applications)
    ) as k (kpi, numerator, denominator)
),

relief as (
    select
        d.district, d.day, k.kpi, k.numerator, k.denominator
    from kpi_relief_daily as d
    cross join lateral (
        values
            ('relief_registered', d.registered::double, null::double),
            ('relief_eligible', d.eligible, null),
            ('relief_paid', d.eligible_paid, null),
            ('relief_disbursal_coverage', d.eligible_paid, d.eligible),
            ('relief_payments', d.payments, null),
            ('relief_amount_disbursed', d.amount_disbursed, null)
    ) as k (kpi, numerator, denominator)
),

migrants as (
    select
        d.district, d.day, k.kpi, k.numerator, k.denominator
    from kpi_migrants_daily as d
    cross join lateral (
        values
            ('migrants_registered', d.registered::double, null::double),
            ('migrants_dispatched', d.dispatched, null),
            ('migrant_dispatch_rate', d.dispatched, d.registered)
    ) as k (kpi, numerator, denominator)
),

service as (
    select
        d.district, d.day, k.kpi, k.numerator, k.denominator
    from kpi_service_daily as d
    cross join lateral (
        values
            ('service_transactions', d.transactions::double, null::double),
            ('rts_score', d.rts_points, d.rts_scored),
            ('rts_on_time_rate', d.delivered_on_time, d.delivered_with_timeline),
            ('rts_overdue_pending', d.overdue_pending, null),
            ('sms_coverage', d.sms_sent, d.completed),
            ('service_mean_feedback_rating', d.rating_points, d.ratings)
    ) as k (kpi, numerator, denominator)
),

grievances as (
    select
        d.district, d.day, k.kpi, k.numerator, k.denominator
    from kpi_grievances_daily as d
    cross join lateral (
        values
            ('grievances_received', d.received::double, null::double),
            ('grievance_disposal_rate', d.disposed, d.received),
            ('grievance_pending_over_30d', d.pending_over_30d, null),
            ('grievance_pending_over_30d_share', d.pending_over_30d, d.received),
            ('grievance_mean_citizen_rating', d.rating_points, d.ratings)
    ) as k (kpi, numerator, denominator)
),

appointments as (
    select
        d.district, d.day, k.kpi, k.numerator, k.denominator
    from kpi_appointments_daily as d
    cross join lateral (
        values
            ('appointment_requests', d.requests::double, null::double),
            ('appointment_slot_24h_rate', d.slot_within_24h, d.requests)
    ) as k (kpi, numerator, denominator)
),

eoffice as (
    select
        d.district, d.day, k.kpi, k.numerator, k.denominator
    from kpi_eoffice_daily as d
    cross join lateral (
        values
            ('eoffice_files', d.files::double, null::double),
            ('eoffice_electronic_share', d.electronic, d.files)
    ) as k (kpi, numerator, denominator)
),

districts as (
    select district, day, kpi, numerator, denominator from helpline
    union all
    select district, day, kpi, numerator, denominator from control_room
    union all
    select district, day, kpi, numerator, denominator from passes
    union all
    select district, day, kpi, numerator, denominator from relief
    union all
    select district, day, kpi, numerator, denominator from migrants
    union all
    select district, day, kpi, numerator, denominator from service
    union all
    select district, day, kpi, numerator, denominator from grievances
    union all
    select district, day, kpi, numerator, denominator from appointments
    union all
    select district, day, kpi, numerator, denominator from eoffice
),

state as (
    select
        'Haryana' as district,
        day,
        kpi,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from districts
    group by day, kpi
),

final as (
    select district, day, kpi, numerator, denominator from districts
    union all
    select district, day, kpi, numerator, denominator from state
)

select
    district,
    day,
    kpi,
    numerator,
    denominator
from final
order by district, day, kpi
