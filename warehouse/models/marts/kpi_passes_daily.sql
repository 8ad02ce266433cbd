-- kpi_passes_daily: one row per district × application day (applied_on), a cohort: the
-- passes applied for on that day, by their current status.
-- key: (district, day). Reads stg_movement_passes.
-- Decided = approved or rejected; issued = approved (the published approval definition).
with

passes as (
    select
        district,
        applied_on,
        status
    from stg_movement_passes
),

final as (
    select
        district,
        applied_on::date as day,
        count(*) as applications,
        count(*) filter (where status in ('approved', 'rejected')) as decided,
        count(*) filter (where status = 'approved') as approved,
        count(*) filter (where status = 'rejected') as rejected,
        count(*) filter (where status = 'pending') as pending
    from passes
    group by district, day
)

select
    district,
    day,
    applications,
    decided,
    approved,
    rejected,
    pending
from final
order by district, day
