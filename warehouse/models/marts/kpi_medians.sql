-- kpi_medians: median durations per district (and 'Haryana') × grain × period × KPI,
-- computed from record-level data at each grain, because medians cannot be summed.
-- key: (district, grain, period_start, kpi). Reads the per-record durations of
-- int_helpline_calls_flags, int_movement_passes_decisions, int_relief_beneficiaries_paid,
-- int_grievances_status, int_eoffice_files_flags (where each duration and the records it
-- covers are defined), and kpi_daily. Each record is dated by its source's event day, like
-- the daily facts. period_start of the total grain is the first day of the data (min day of
-- kpi_daily), as in kpi_values.
--   call_median_hours_to_resolve        hours_to_resolve
--   pass_median_hours_to_decide         hours_to_decide
--   relief_median_days_to_first_payment days_to_first_payment
--   grievance_median_days_to_dispose    days_to_dispose
--   eoffice_median_days_per_movement    days_per_movement
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

relief as (
    select
        district,
        day,
        'relief_median_days_to_first_payment' as kpi,
        days_to_first_payment as x
    from int_relief_beneficiaries_paid
    where days_to_first_payment is not null
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

durations as materialized (
    select district, day, kpi, x from calls
    union all
    select district, day, kpi, x from passes
    union all
    select district, day, kpi, x from relief
    union all
    select district, day, kpi, x from grievances
    union all
    select district, day, kpi, x from files
),

first_day as (
    select min(day) as first_day
    from kpi_daily
),

-- One plain group-by per grain: DuckDB computes a holistic aggregate (median) over grouping
-- sets several times slower than over separate group-bys.
by_district as (
    select district, 'day' as grain, day as period_start, kpi, median(x) as value, count(*) as records
    from durations
    group by district, day, kpi
    union all
    select district, 'week', date_trunc('week', day)::date, kpi, median(x), count(*)
    from durations
    group by district, date_trunc('week', day)::date, kpi
    union all
    select district, 'month', date_trunc('month', day)::date, kpi, median(x), count(*)
    from durations
    group by district, date_trunc('month', day)::date, kpi
    union all
    select d.district, 'total', f.first_day, d.kpi, median(d.x), count(*)
    from durations as d
    cross join first_day as f
    group by d.district, f.first_day, d.kpi
),

state as (
    select 'Haryana' as district, 'day' as grain, day as period_start, kpi, median(x) as value, count(*) as records
    from durations
    group by day, kpi
    union all
    select 'Haryana', 'week', date_trunc('week', day)::date, kpi, median(x), count(*)
    from durations
    group by date_trunc('week', day)::date, kpi
    union all
    select 'Haryana', 'month', date_trunc('month', day)::date, kpi, median(x), count(*)
    from durations
    group by date_trunc('month', day)::date, kpi
    union all
    select 'Haryana', 'total', f.first_day, d.kpi, median(d.x), count(*)
    from durations as d
    cross join first_day as f
    group by f.first_day, d.kpi
),

final as (
    select district, grain, period_start, kpi, value, records from by_district
    union all
    select district, grain, period_start, kpi, value, records from state
)

select
    district,
    grain,
    period_start,
    kpi,
    value,
    records
from final
order by grain, district, period_start, kpi
