-- kpi_medians: median durations per district (and 'Haryana') × grain × period × KPI,
-- computed from record-level data at each grain, because medians cannot be summed.
-- key: (district, grain, period_start, kpi). Reads int_record_durations (the durations of
-- calls, passes, grievances and e-Office files, where each is chosen), the relief
-- beneficiaries' days to first payment from int_relief_beneficiaries_paid, and kpi_daily.
-- Each record is dated by its source's event day, like the daily facts. period_start of the
-- total grain is the first day of the data (min day of kpi_daily), as in kpi_values.
-- An incremental build recomputes the day, week and month rows from the period of the first
-- changed day on, and every total and relief row (warehouse/partitioned_build.py,
-- PERIOD_PARTITIONED).
--   call_median_hours_to_resolve        hours_to_resolve
--   pass_median_hours_to_decide         hours_to_decide
--   relief_median_days_to_first_payment days_to_first_payment
--   grievance_median_days_to_dispose    days_to_dispose
--   eoffice_median_days_per_movement    days_per_movement
-- Its three first CTEs are not materialised: each grain's query then reads the two tables
-- with its own period filter, which an incremental build's few days prune by zone maps,
-- where a shared copy of all 6.1M state-year durations cost 0.3 s of CPU to make on every
-- build (an incremental build's query took 0.49-0.56 s against 0.55-0.74 s, a full build's
-- 1.20-1.21 s against 1.23-1.41 s).
with

recorded as not materialized (
    select
        district,
        day,
        kpi,
        x
    from int_record_durations
),

relief as not materialized (
    select
        district,
        day,
        'relief_median_days_to_first_payment' as kpi,
        days_to_first_payment as x
    from int_relief_beneficiaries_paid
    where days_to_first_payment is not null
),

durations as not materialized (
    select district, day, kpi, x from recorded
    union all
    select district, day, kpi, x from relief
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
