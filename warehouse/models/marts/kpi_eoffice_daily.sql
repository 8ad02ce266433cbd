-- kpi_eoffice_daily: one row per district × file creation day (created_on), a cohort: the
-- e-Office files created that day.
-- key: (district, day). Reads int_eoffice_files_flags (electronic, closed).
with

files as (
    select
        district,
        day,
        is_electronic,
        movements,
        is_closed
    from int_eoffice_files_flags
),

final as (
    select
        district,
        day,
        count(*) as files,
        count(*) filter (where is_electronic) as electronic,
        coalesce(sum(movements), 0) as movements,
        count(*) filter (where is_closed) as closed
    from files
    group by district, day
)

select
    district,
    day,
    files,
    electronic,
    movements,
    closed
from final
order by district, day
