-- int_eoffice_files_flags: one row per e-Office file, with its mode, closure, pace and idle
-- time: the only place the e-Office rules are written.
-- key: file_no. Reads stg_eoffice_files, ref_as_of.
-- Rules:
--   day / month: the creation day and its month (the cohort a file is counted in).
--   is_electronic: mode electronic; is_closed: closed_on known.
--   days_per_movement: (last_movement_on - created_on) / movements, files with at least one
--     movement and a last movement date.
--   idle_since: last_movement_on, else created_on (a file never moved is idle since it was
--     opened); due_on = idle_since + 30.
--   is_idle: not closed and the as-of date (ref_as_of: by default the latest creation day)
--     past due_on, i.e. no movement for more than 30 days (case_list works out the days
--     overdue). Thirty days because files keep moving for weeks (a pause of a week
--     or two is the normal pace: e-Office KPIs are final 30 days after their period,
--     warehouse/reference/kpis.yml), so a month without any movement is a stalled file, the
--     same month CPGRAMS gives a grievance; no norm for a file's stay is notified in the
--     exports or DOMAIN.md. Change the 30 here, in one place, when one is.
with

files as (
    select
        file_no,
        district,
        office,
        department,
        created_on,
        mode,
        movements,
        last_movement_on,
        closed_on
    from stg_eoffice_files
),

as_of as (
    select as_of
    from ref_as_of
    where source = 'eoffice_files'
),

flagged as (
    select
        f.*,
        a.as_of,
        f.closed_on is not null as is_closed,
        coalesce(f.last_movement_on, f.created_on) as idle_since,
        coalesce(f.last_movement_on, f.created_on) + 30 as due_on
    from files as f
    cross join as_of as a
),

final as (
    select
        file_no,
        district,
        office,
        department,
        created_on,
        created_on as day,
        date_trunc('month', created_on)::date as month,
        mode = 'electronic' as is_electronic,
        movements,
        last_movement_on,
        is_closed,
        case
            when movements > 0 and last_movement_on is not null
                then (last_movement_on - created_on)::double / movements
        end as days_per_movement,
        idle_since,
        due_on,
        coalesce(not is_closed and as_of > due_on, false) as is_idle
    from flagged
)

select
    file_no,
    district,
    office,
    department,
    created_on,
    day,
    month,
    is_electronic,
    movements,
    last_movement_on,
    is_closed,
    days_per_movement,
    idle_since,
    due_on,
    is_idle
from final
