-- int_eoffice_files_flags: one row per e-Office file, with its mode, closure and pace.
-- key: file_no. Reads stg_eoffice_files.
-- Rules:
--   is_electronic: mode electronic; is_closed: closed_on known.
--   days_per_movement: (last_movement_on - created_on) / movements, files with at least one
--     movement and a last movement date.
with

files as (
    select
        file_no,
        district,
        created_on,
        mode,
        movements,
        last_movement_on,
        closed_on
    from stg_eoffice_files
),

final as (
    select
        file_no,
        district,
        created_on,
        created_on as day,
        mode = 'electronic' as is_electronic,
        movements,
        closed_on is not null as is_closed,
        case
            when movements > 0 and last_movement_on is not null
                then (last_movement_on - created_on)::double / movements
        end as days_per_movement
    from files
)

select
    file_no,
    district,
    created_on,
    day,
    is_electronic,
    movements,
    is_closed,
    days_per_movement
from final
