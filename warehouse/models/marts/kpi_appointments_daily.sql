-- kpi_appointments_daily: one row per district × request day (requested_at), a cohort: the
-- e-Sachivalaya requests made that day.
-- key: (district, day). Reads stg_appointments.
-- Slot within 24 h: slot_communicated_at <= requested_at + 24 hours (exactly 24 h counts);
-- no slot yet means not within 24 h. Every request is in the denominator, cancelled included.
with

requests as (
    select
        district,
        requested_at,
        slot_communicated_at,
        status
    from stg_appointments
),

final as (
    select
        district,
        requested_at::date as day,
        count(*) as requests,
        count(*) filter (
            where slot_communicated_at is not null
                and slot_communicated_at <= requested_at + interval 24 hour
        ) as slot_within_24h,
        count(*) filter (where status = 'completed') as completed,
        count(*) filter (where status = 'cancelled') as cancelled
    from requests
    group by district, day
)

select
    district,
    day,
    requests,
    slot_within_24h,
    completed,
    cancelled
from final
order by district, day
