-- int_staged_days: the staged records of every source per district × event day, kept as a
-- table and rebuilt by day like the daily facts, so that the freshness and data-quality marts
-- count a day's records without scanning every staged record (20M at state scale) each build.
-- key: (source, district, day). Reads every stg_<source> table.
-- day is the source's event day, the one that dates its records in the daily facts (a
-- relief payment: its week's Monday); reach_day is the day the record shows the export
-- reaches: the event day, or a relief payment's paid_on day when later than its Monday
-- (see kpi_source_freshness).
--   records                          staged records of the source, district and day
--   first_reach_day, last_reach_day  min and max reach_day among them
--   last_exported_at, last_loaded_at their newest export and load time (lineage)
with

events as (
    select 'helpline_calls' as source, district, call_received_at::date as day,
        null::date as paid_on, _exported_at, _loaded_at
    from stg_helpline_calls
    union all
    select 'control_room_roster', district, shift_start::date, null, _exported_at, _loaded_at
    from stg_control_room_roster
    union all
    select 'movement_passes', district, applied_on::date, null, _exported_at, _loaded_at
    from stg_movement_passes
    union all
    select 'relief_beneficiaries', district, registered_on, null, _exported_at, _loaded_at
    from stg_relief_beneficiaries
    union all
    select 'relief_payments', district, week_starting, paid_on, _exported_at, _loaded_at
    from stg_relief_payments
    union all
    select 'migrant_registrations', district, registered_on, null, _exported_at, _loaded_at
    from stg_migrant_registrations
    union all
    select 'service_transactions', district, token_issued_at::date, null, _exported_at, _loaded_at
    from stg_service_transactions
    union all
    select 'grievances', district, received_on::date, null, _exported_at, _loaded_at
    from stg_grievances
    union all
    select 'appointments', district, requested_at::date, null, _exported_at, _loaded_at
    from stg_appointments
    union all
    select 'eoffice_files', district, created_on, null, _exported_at, _loaded_at
    from stg_eoffice_files
),

reached as (
    select
        source,
        district,
        day,
        greatest(day, coalesce(paid_on, day)) as reach_day,
        _exported_at,
        _loaded_at
    from events
)

select
    source,
    district,
    day,
    count(*) as records,
    min(reach_day) as first_reach_day,
    max(reach_day) as last_reach_day,
    max(_exported_at) as last_exported_at,
    max(_loaded_at) as last_loaded_at
from reached
group by source, district, day
order by source, district, day
