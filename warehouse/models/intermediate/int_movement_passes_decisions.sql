-- int_movement_passes_decisions: one row per movement-pass application, with its decision
-- flags and time to decide: the only place the pass rules are written.
-- key: application_no. Reads stg_movement_passes.
-- Rules:
--   is_decided: approved or rejected; is_approved = issued (the published approval
--     definition); is_pending: status pending.
--   hours_to_decide: decision_on - applied_on in hours, decided passes with a decision time.
with

passes as (
    select
        application_no,
        district,
        applied_on,
        status,
        decision_on
    from stg_movement_passes
),

flagged as (
    select
        *,
        status in ('approved', 'rejected') as is_decided
    from passes
),

final as (
    select
        application_no,
        district,
        applied_on,
        applied_on::date as day,
        status,
        is_decided,
        status = 'approved' as is_approved,
        status = 'rejected' as is_rejected,
        status = 'pending' as is_pending,
        case
            when is_decided and decision_on is not null
                then epoch(decision_on - applied_on) / 3600.0
        end as hours_to_decide
    from flagged
)

select
    application_no,
    district,
    applied_on,
    day,
    status,
    is_decided,
    is_approved,
    is_rejected,
    is_pending,
    hours_to_decide
from final
