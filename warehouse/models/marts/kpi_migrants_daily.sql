-- kpi_migrants_daily: one row per district × registration day (registered_on), a cohort:
-- the workers registered that day, by their current status.
-- key: (district, day). Reads stg_migrant_registrations.
with

registrations as (
    select
        district,
        registered_on,
        status
    from stg_migrant_registrations
),

final as (
    select
        district,
        registered_on as day,
        count(*) as registered,
        count(*) filter (where status = 'dispatched') as dispatched,
        count(*) filter (where status = 'cancelled') as cancelled
    from registrations
    group by district, registered_on
)

select
    district,
    day,
    registered,
    dispatched,
    cancelled
from final
order by district, day
