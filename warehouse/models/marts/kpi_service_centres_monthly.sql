-- kpi_service_centres_monthly: counter service per district × centre × centre type ×
-- department × month of the token (token_issued_at), for the dashboard's centre tables.
-- key: (district, centre, centre_type, department, month). Reads stg_service_transactions,
-- ref_as_of. The rules are those of kpi_service_daily (RTS points, on time, overdue, SMS);
-- centre_type may be null when the export left it empty. Not sorted: at state scale this
-- table has millions of rows and sorting them costs more than the dashboard's filtered scans.
with

transactions as (
    select
        district,
        centre,
        centre_type,
        department,
        token_issued_at,
        service_completed_at,
        rts_timeline_days,
        delivered_on,
        status,
        sms_sent
    from stg_service_transactions
),

as_of as (
    select as_of
    from ref_as_of
    where source = 'service_transactions'
),

flagged as (
    select
        t.district,
        t.centre,
        t.centre_type,
        t.department,
        date_trunc('month', t.token_issued_at)::date as month,
        case
            when t.service_completed_at is null then null
            when t.service_completed_at <= t.token_issued_at + interval 30 minute then 10
            when t.service_completed_at <= t.token_issued_at + interval 45 minute then 5
            else 0
        end as rts_points,
        t.status = 'delivered' as is_delivered,
        t.status = 'delivered'
            and t.delivered_on is not null
            and t.rts_timeline_days is not null as is_delivered_with_timeline,
        t.status = 'delivered'
            and t.delivered_on is not null
            and t.rts_timeline_days is not null
            and t.delivered_on <= t.token_issued_at::date + t.rts_timeline_days as is_on_time,
        t.status = 'pending'
            and t.rts_timeline_days is not null
            and a.as_of > t.token_issued_at::date + t.rts_timeline_days as is_overdue_pending,
        t.service_completed_at is not null as is_completed,
        t.service_completed_at is not null and coalesce(t.sms_sent, false) as is_sms_sent
    from transactions as t
    cross join as_of as a
),

final as (
    select
        district,
        centre,
        centre_type,
        department,
        month,
        count(*) as transactions,
        coalesce(sum(rts_points), 0) as rts_points,
        count(rts_points) as rts_scored,
        count(*) filter (where is_delivered) as delivered,
        count(*) filter (where is_delivered_with_timeline) as delivered_with_timeline,
        count(*) filter (where is_on_time) as on_time,
        count(*) filter (where is_overdue_pending) as overdue_pending,
        count(*) filter (where is_completed) as completed,
        count(*) filter (where is_sms_sent) as sms_sent
    from flagged
    group by district, centre, centre_type, department, month
)

select
    district,
    centre,
    centre_type,
    department,
    month,
    transactions,
    rts_points,
    rts_scored,
    delivered,
    delivered_with_timeline,
    on_time,
    overdue_pending,
    completed,
    sms_sent
from final
