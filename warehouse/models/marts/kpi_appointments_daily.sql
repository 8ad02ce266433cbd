-- kpi_appointments_daily: one row per district × request day (requested_at), a cohort: the
-- e-Sachivalaya requests made that day.
-- key: (district, day). Reads int_appointments_sla (where the slot-within-24-hours rule
-- is). Every request is in the denominator, cancelled included.
with

requests as (
    select
        district,
        day,
        is_slot_within_24h,
        is_completed,
        is_cancelled
    from int_appointments_sla
),

final as (
    select
        district,
        day,
        count(*) as requests,
        count(*) filter (where is_slot_within_24h) as slot_within_24h,
        count(*) filter (where is_completed) as completed,
        count(*) filter (where is_cancelled) as cancelled
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
