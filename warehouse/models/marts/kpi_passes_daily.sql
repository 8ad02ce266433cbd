-- kpi_passes_daily: one row per district × application day (applied_on), a cohort: the
-- passes applied for on that day, by their current status.
-- key: (district, day). Reads int_movement_passes_decisions (where the rules are: decided =
-- approved or rejected; issued = approved, the published approval definition).
with

passes as (
    select
        district,
        day,
        is_decided,
        is_approved,
        is_rejected,
        is_pending
    from int_movement_passes_decisions
),

final as (
    select
        district,
        day,
        count(*) as applications,
        count(*) filter (where is_decided) as decided,
        count(*) filter (where is_approved) as approved,
        count(*) filter (where is_rejected) as rejected,
        count(*) filter (where is_pending) as pending
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
