-- int_movement_passes_decisions: one row per movement-pass application, with its decision
-- flags and time to decide: the only place the pass rules are written.
-- key: application_no. Reads stg_movement_passes, ref_as_of.
-- Rules:
--   is_decided: approved or rejected; is_approved = issued (the published approval
--     definition); is_pending: status pending.
--   hours_to_decide: decision_on - applied_on in hours, decided passes with a decision time.
--   due_on: date(applied_on) + 2. Two days because SARAL decided a pass within a day or two
--     of the application in 2020 (the same reason the pass KPIs are final two days after
--     their period: maturity_days in warehouse/reference/kpis.yml); no timeline is notified
--     for passes. Change the 2 here, in one place, when one is.
--   is_overdue_pending: pending and the as-of date (ref_as_of: by default the latest
--     application day) past due_on, i.e. undecided more than 2 days after the application
--     day (case_list works out the days overdue).
with

passes as (
    select
        application_no,
        district,
        applied_on,
        pass_type,
        status,
        decision_on
    from stg_movement_passes
),

as_of as (
    select as_of
    from ref_as_of
    where source = 'movement_passes'
),

flagged as (
    select
        p.*,
        a.as_of,
        p.status in ('approved', 'rejected') as is_decided,
        p.status = 'pending' as is_pending,
        p.applied_on::date + 2 as due_on
    from passes as p
    cross join as_of as a
),

final as (
    select
        application_no,
        district,
        applied_on,
        applied_on::date as day,
        pass_type,
        status,
        is_decided,
        status = 'approved' as is_approved,
        status = 'rejected' as is_rejected,
        is_pending,
        case
            when is_decided and decision_on is not null
                then epoch(decision_on - applied_on) / 3600.0
        end as hours_to_decide,
        due_on,
        coalesce(is_pending and as_of > due_on, false) as is_overdue_pending
    from flagged
)

select
    application_no,
    district,
    applied_on,
    day,
    pass_type,
    status,
    is_decided,
    is_approved,
    is_rejected,
    is_pending,
    hours_to_decide,
    due_on,
    is_overdue_pending
from final
