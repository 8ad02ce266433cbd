-- kpi_medians: median durations per district (and 'Haryana') × grain × period × KPI,
-- computed from record-level data at each grain, because medians cannot be summed.
-- key: (district, grain, period_start, kpi). Reads stg_helpline_calls, stg_movement_passes,
-- stg_relief_beneficiaries, stg_relief_payments, stg_grievances, stg_eoffice_files, kpi_daily.
-- Each record is dated by its source's event day, like the daily facts. period_start of the
-- total grain is the first day of the data (min day of kpi_daily), as in kpi_values.
--   call_median_hours_to_resolve        resolved_at - call_received_at, calls with resolved_at
--   pass_median_hours_to_decide         decision_on - applied_on, approved or rejected passes
--   relief_median_days_to_first_payment first paid_on - eligibility day (verified_on, else
--                                       registered_on), eligible beneficiaries paid at least once
--   grievance_median_days_to_dispose    disposed_on - received_on, disposed grievances
--   eoffice_median_days_per_movement    (last_movement_on - created_on) / movements, files
--                                       with at least one movement
with

calls as (
    select
        district,
        call_received_at::date as day,
        'call_median_hours_to_resolve' as kpi,
        epoch(resolved_at - call_received_at) / 3600.0 as x
    from stg_helpline_calls
    where resolved_at is not null
),

passes as (
    select
        district,
        applied_on::date as day,
        'pass_median_hours_to_decide' as kpi,
        epoch(decision_on - applied_on) / 3600.0 as x
    from stg_movement_passes
    where decision_on is not null and status in ('approved', 'rejected')
),

first_payments as (
    select
        beneficiary_id,
        min(paid_on) as first_paid_on
    from stg_relief_payments
    where paid_on is not null
    group by beneficiary_id
),

relief as (
    select
        b.district,
        b.registered_on as day,
        'relief_median_days_to_first_payment' as kpi,
        (p.first_paid_on - coalesce(b.verified_on, b.registered_on))::double as x
    from stg_relief_beneficiaries as b
    inner join first_payments as p on p.beneficiary_id = b.beneficiary_id
    where b.eligibility = 'eligible'
),

grievances as (
    select
        district,
        received_on::date as day,
        'grievance_median_days_to_dispose' as kpi,
        epoch(disposed_on - received_on) / 86400.0 as x
    from stg_grievances
    where status = 'disposed' and disposed_on is not null
),

files as (
    select
        district,
        created_on as day,
        'eoffice_median_days_per_movement' as kpi,
        (last_movement_on - created_on)::double / movements as x
    from stg_eoffice_files
    where movements > 0 and last_movement_on is not null
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
