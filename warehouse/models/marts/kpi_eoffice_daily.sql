-- kpi_eoffice_daily: one row per district × file creation day (created_on), a cohort: the
-- e-Office files created that day.
-- key: (district, day). Reads stg_eoffice_files.
with

files as (
    select
        district,
        created_on,
        mode,
        movements,
        closed_on
    from stg_eoffice_files
),

final as (
    select
        district,
        created_on as day,
        count(*) as files,
        count(*) filter (where mode = 'electronic') as electronic,
        coalesce(sum(movements), 0) as movements,
        count(*) filter (where closed_on is not null) as closed
    from files
    group by district, created_on
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
