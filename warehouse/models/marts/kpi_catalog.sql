-- kpi_catalog: every KPI id that kpi_values can hold, one row per KPI, with its kind, unit,
-- direction and source: the dashboard's labels and `jansewa kpis --kpi` validation read it.
-- key: kpi. Static (reads no table).
-- kind: count (numerator = value, no denominator) · amount (rupees, like a count) · rate
-- (numerator / denominator, 0-1) · score (numerator / denominator on another scale) · mean ·
-- median (value only) · index / rank (the scorecard, month and total grains only) ·
-- per_lakh (a count per lakh residents of Census 2011: numerator = count, denominator =
-- population in lakhs).
-- direction: higher | lower (which way is better), null where neither is.
with

catalog as (
    select kpi, label, kind, unit, direction, source
    from (
        values
            ('calls_received', 'Calls received', 'count', 'calls', null, 'helpline_calls'),
            ('calls_resolved', 'Calls resolved or closed', 'count', 'calls', null, 'helpline_calls'),
            ('call_category_share.food_not_received', 'Share of calls: food not received', 'rate', 'share', null, 'helpline_calls'),
            ('call_category_share.covid_prevention', 'Share of calls: covid prevention', 'rate', 'share', null, 'helpline_calls'),
            ('call_category_share.ration', 'Share of calls: ration', 'rate', 'share', null, 'helpline_calls'),
            ('call_category_share.law_and_order', 'Share of calls: law and order', 'rate', 'share', null, 'helpline_calls'),
            ('call_category_share.other_essentials', 'Share of calls: other essentials', 'rate', 'share', null, 'helpline_calls'),
            ('call_category_share.movement_pass', 'Share of calls: movement pass', 'rate', 'share', null, 'helpline_calls'),
            ('call_category_share.relief_fund', 'Share of calls: relief fund', 'rate', 'share', null, 'helpline_calls'),
            ('call_category_share.migrant_registration', 'Share of calls: migrant registration', 'rate', 'share', null, 'helpline_calls'),
            ('call_category_share.general_enquiry', 'Share of calls: general enquiry', 'rate', 'share', null, 'helpline_calls'),
            ('call_resolution_rate', 'Call resolution rate', 'rate', 'share', 'higher', 'helpline_calls'),
            ('call_median_hours_to_resolve', 'Median hours to resolve a call', 'median', 'hours', 'lower', 'helpline_calls'),
            ('food_requests', 'Food requests (food not received calls)', 'count', 'calls', null, 'helpline_calls'),
            ('food_within_2h_rate', 'Food delivered within 2 h', 'rate', 'share', 'higher', 'helpline_calls'),
            ('feedback_coverage', 'Resolved calls with feedback', 'rate', 'share', 'higher', 'helpline_calls'),
            ('call_mean_feedback_rating', 'Mean caller feedback rating', 'mean', 'rating 1-5', 'higher', 'helpline_calls'),
            ('pass_applications', 'Pass applications', 'count', 'applications', null, 'movement_passes'),
            ('pass_issued', 'Passes issued', 'count', 'passes', null, 'movement_passes'),
            ('pass_approval_rate', 'Pass approval rate', 'rate', 'share', null, 'movement_passes'),
            ('pass_decision_rate', 'Pass decision rate', 'rate', 'share', 'higher', 'movement_passes'),
            ('pass_pending_share', 'Passes still pending', 'rate', 'share', 'lower', 'movement_passes'),
            ('pass_median_hours_to_decide', 'Median hours to decide a pass', 'median', 'hours', 'lower', 'movement_passes'),
            ('relief_registered', 'Relief registrations', 'count', 'beneficiaries', null, 'relief_beneficiaries'),
            ('relief_eligible', 'Relief beneficiaries eligible', 'count', 'beneficiaries', null, 'relief_beneficiaries'),
            ('relief_paid', 'Eligible beneficiaries paid at least once', 'count', 'beneficiaries', null, 'relief_beneficiaries'),
            ('relief_disbursal_coverage', 'Relief disbursal coverage', 'rate', 'share', 'higher', 'relief_beneficiaries'),
            ('relief_payments', 'Relief payments made', 'count', 'payments', null, 'relief_payments'),
            ('relief_amount_disbursed', 'Relief disbursed', 'amount', 'rupees', null, 'relief_payments'),
            ('relief_median_days_to_first_payment', 'Median days from eligibility to first payment', 'median', 'days', 'lower', 'relief_beneficiaries'),
            ('migrants_registered', 'Migrant workers registered', 'count', 'workers', null, 'migrant_registrations'),
            ('migrants_dispatched', 'Migrant workers sent home', 'count', 'workers', null, 'migrant_registrations'),
            ('migrant_dispatch_rate', 'Migrant dispatch rate', 'rate', 'share', 'higher', 'migrant_registrations'),
            ('service_transactions', 'Service transactions', 'count', 'transactions', null, 'service_transactions'),
            ('rts_score', 'RTS waiting-time score', 'score', 'points 0-10', 'higher', 'service_transactions'),
            ('rts_on_time_rate', 'Delivered within the RTS timeline', 'rate', 'share', 'higher', 'service_transactions'),
            ('rts_overdue_pending', 'Pending past the RTS timeline', 'count', 'applications', 'lower', 'service_transactions'),
            ('sms_coverage', 'Completed with SMS sent', 'rate', 'share', 'higher', 'service_transactions'),
            ('service_mean_feedback_rating', 'Mean citizen feedback at counters', 'mean', 'rating 1-5', 'higher', 'service_transactions'),
            ('grievances_received', 'Grievances received', 'count', 'grievances', null, 'grievances'),
            ('grievance_disposal_rate', 'Grievance disposal rate', 'rate', 'share', 'higher', 'grievances'),
            ('grievance_pending_over_30d', 'Grievances pending over 30 days', 'count', 'grievances', 'lower', 'grievances'),
            ('grievance_pending_over_30d_share', 'Share pending over 30 days', 'rate', 'share', 'lower', 'grievances'),
            ('grievance_median_days_to_dispose', 'Median days to dispose a grievance', 'median', 'days', 'lower', 'grievances'),
            ('grievance_mean_citizen_rating', 'Mean citizen rating of grievance handling', 'mean', 'rating 1-5', 'higher', 'grievances'),
            ('appointment_requests', 'Appointment requests', 'count', 'requests', null, 'appointments'),
            ('appointment_slot_24h_rate', 'Slot communicated within 24 h', 'rate', 'share', 'higher', 'appointments'),
            ('eoffice_files', 'e-Office files created', 'count', 'files', null, 'eoffice_files'),
            ('eoffice_electronic_share', 'Files moved electronically', 'rate', 'share', 'higher', 'eoffice_files'),
            ('eoffice_median_days_per_movement', 'Median days per file movement', 'median', 'days', 'lower', 'eoffice_files'),
            ('calls_per_lakh', 'Calls per lakh residents', 'per_lakh', 'per lakh', null, 'helpline_calls'),
            ('pass_applications_per_lakh', 'Pass applications per lakh residents', 'per_lakh', 'per lakh', null, 'movement_passes'),
            ('grievances_per_lakh', 'Grievances per lakh residents', 'per_lakh', 'per lakh', null, 'grievances'),
            ('relief_eligible_per_lakh', 'Relief beneficiaries eligible per lakh residents', 'per_lakh', 'per lakh', null, 'relief_beneficiaries'),
            ('composite_index', 'District composite index', 'index', 'score 0-100', 'higher', 'scorecard'),
            ('composite_rank', 'District rank (1 = best)', 'rank', 'rank', 'lower', 'scorecard')
    ) as v (kpi, label, kind, unit, direction, source)
),

final as (
    select
        kpi,
        label,
        kind,
        unit,
        direction,
        source
    from catalog
)

select
    kpi,
    label,
    kind,
    unit,
    direction,
    source
from final
order by kpi
