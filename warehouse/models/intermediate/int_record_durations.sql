-- int_record_durations: one row per record and duration the medians are taken over, dated by
-- its source's event day, kept as a table (not a view) so that kpi_medians need not derive
-- every record's duration again each build, and rebuilt by day like the daily facts.
-- key: none (district, day, kpi, x repeat). Reads int_helpline_calls_flags,
-- int_movement_passes_decisions, int_grievances_status, int_eoffice_files_flags (where each
-- duration and the records it covers are defined).
--   call_median_hours_to_resolve        hours_to_resolve
--   pass_median_hours_to_decide         hours_to_decide
--   grievance_median_days_to_dispose    days_to_dispose
--   eoffice_median_days_per_movement    days_per_movement
-- Not here: relief's days to first payment. A payment recorded today changes the duration of
-- a beneficiary registered months ago, so a rebuild by day would miss it: kpi_medians reads
-- that duration from int_relief_beneficiaries_paid every build. None of these durations
-- depends on the as-of date.
with

calls as (
    select
        district,
        day,
        'call_median_hours_to_resolve' as kpi,
        hours_to_resolve as x
    from int_helpline_calls_flags
    where hours_to_resolve is not null
),

passes as (
    select
        district,
        day,
        'pass_median_hours_to_decide' as kpi,
        hours_to_decide as x
    from int_movement_passes_decisions
    where hours_to_decide is not null
),

grievances as (
    select
        district,
        day,
        'grievance_median_days_to_dispose' as kpi,
        days_to_dispose as x
    from int_grievances_status
    where days_to_dispose is not null
),

files as (
    select
        district,
        day,
        'eoffice_median_days_per_movement' as kpi,
        days_per_movement as x
    from int_eoffice_files_flags
    where days_per_movement is not null
),

final as (
    select district, day, kpi, x from calls
    union all
    select district, day, kpi, x from passes
    union all
    select district, day, kpi, x from grievances
    union all
    select district, day, kpi, x from files
)

select
    district,
    day,
    kpi,
    x
from final
order by day, district, kpi
