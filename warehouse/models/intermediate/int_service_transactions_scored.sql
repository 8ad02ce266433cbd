-- int_service_transactions_scored: one row per counter transaction, with its waiting time,
-- RTS points and delivery flags: the only place the counter-service rules are written.
-- key: token_no. Reads stg_service_transactions, ref_as_of.
-- Rules:
--   wait_minutes: minutes from token_issued_at to service_completed_at (null when the
--     service has no completion time).
--   is_within_30_min / is_within_45_min: service_completed_at <= token_issued_at + 30 / 45
--     minutes (exactly 30 / 45 counts); false without a completion time.
--   rts_points: 10 within 30 minutes, 5 within 45, else 0; null (not scored) without a
--     completion time.
--   due_on = date(token_issued_at) + rts_timeline_days (null without a timeline).
--   is_on_time: delivered, delivered_on and due_on known, and delivered_on <= due_on.
--   is_overdue_pending: pending, due_on known and the as-of date (ref_as_of) past due_on (a
--     candidate for auto-appeal; its days overdue are worked out by case_list).
--   is_completed: service_completed_at known; is_sms_sent: completed and sms_sent true.
with

transactions as (
    select
        token_no,
        district,
        centre,
        centre_type,
        department,
        service,
        token_issued_at,
        service_completed_at,
        rts_timeline_days,
        delivered_on,
        status,
        sms_sent,
        feedback_rating
    from stg_service_transactions
),

as_of as (
    select as_of
    from ref_as_of
    where source = 'service_transactions'
),

timed as (
    select
        t.*,
        a.as_of,
        t.service_completed_at is not null as is_completed,
        coalesce(
            t.service_completed_at <= t.token_issued_at + interval 30 minute, false
        ) as is_within_30_min,
        coalesce(
            t.service_completed_at <= t.token_issued_at + interval 45 minute, false
        ) as is_within_45_min,
        t.token_issued_at::date + t.rts_timeline_days as due_on
    from transactions as t
    cross join as_of as a
),

flagged as (
    select
        *,
        epoch(service_completed_at - token_issued_at) / 60.0 as wait_minutes,
        case
            when not is_completed then null
            when is_within_30_min then 10
            when is_within_45_min then 5
            else 0
        end as rts_points,
        status = 'delivered' as is_delivered,
        status = 'pending' as is_pending,
        status = 'delivered'
            and delivered_on is not null
            and due_on is not null as is_delivered_with_timeline,
        status = 'pending'
            and due_on is not null
            and as_of > due_on as is_overdue_pending,
        is_completed and coalesce(sms_sent, false) as is_sms_sent
    from timed
),

final as (
    select
        token_no,
        district,
        centre,
        centre_type,
        department,
        service,
        token_issued_at,
        token_issued_at::date as day,
        date_trunc('month', token_issued_at)::date as month,
        status,
        wait_minutes,
        is_completed,
        is_within_30_min,
        is_within_45_min,
        rts_points,
        is_delivered,
        is_delivered_with_timeline,
        due_on,
        is_delivered_with_timeline and delivered_on <= due_on as is_on_time,
        is_pending,
        is_overdue_pending,
        is_sms_sent,
        feedback_rating
    from flagged
)

select
    token_no,
    district,
    centre,
    centre_type,
    department,
    service,
    token_issued_at,
    day,
    month,
    status,
    wait_minutes,
    is_completed,
    is_within_30_min,
    is_within_45_min,
    rts_points,
    is_delivered,
    is_delivered_with_timeline,
    due_on,
    is_on_time,
    is_pending,
    is_overdue_pending,
    is_sms_sent,
    feedback_rating
from final
