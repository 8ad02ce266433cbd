-- kpi_source_freshness: per source × district, how recent the staged data is.
-- key: (source, district). Reads every stg_<source> table.
-- last_event_day is the latest day of the source's event time (the column that dates its
-- records in the daily facts); last_exported_at / last_loaded_at come from lineage. A relief
-- payment is dated by its week's Monday in the facts, but the export that lists it reaches
-- its paid_on day: dating it by the Monday alone would leave the newest month looking
-- incomplete for up to six days after its end.
with

events as (
    select 'helpline_calls' as source, district, call_received_at::date as day, _exported_at, _loaded_at
    from stg_helpline_calls
    union all
    select 'control_room_roster', district, shift_start::date, _exported_at, _loaded_at
    from stg_control_room_roster
    union all
    select 'movement_passes', district, applied_on::date, _exported_at, _loaded_at
    from stg_movement_passes
    union all
    select 'relief_beneficiaries', district, registered_on, _exported_at, _loaded_at
    from stg_relief_beneficiaries
    union all
    select 'relief_payments', district, greatest(week_starting, coalesce(paid_on, week_starting)),
        _exported_at, _loaded_at
    from stg_relief_payments
    union all
    select 'migrant_registrations', district, registered_on, _exported_at, _loaded_at
    from stg_migrant_registrations
    union all
    select 'service_transactions', district, token_issued_at::date, _exported_at, _loaded_at
    from stg_service_transactions
    union all
    select 'grievances', district, received_on::date, _exported_at, _loaded_at
    from stg_grievances
    union all
    select 'appointments', district, requested_at::date, _exported_at, _loaded_at
    from stg_appointments
    union all
    select 'eoffice_files', district, created_on, _exported_at, _loaded_at
    from stg_eoffice_files
),

final as (
    select
        source,
        district,
        count(*) as records,
        min(day) as first_event_day,
        max(day) as last_event_day,
        max(_exported_at) as last_exported_at,
        max(_loaded_at) as last_loaded_at
    from events
    group by source, district
)

select
    source,
    district,
    records,
    first_event_day,
    last_event_day,
    last_exported_at,
    last_loaded_at
from final
order by source, district
