-- kpi_eoffice_offices: e-Office files per district × office × department × month of creation
-- (created_on), each office's departments also together, and both over the whole period:
-- what the district profile ranks offices on.
-- key: (grain, period_start, district, office, level, department). Reads
-- int_eoffice_files_flags (where the rules are: electronic, days per movement, idle over 30
-- days), ref_as_of.
-- grain: month (period_start = the creation month) | total (period_start = the first month of
-- the data). level: 'department' (one department of the office; department null when the
-- export left it empty) | 'office' (all the office's departments together; department null).
-- A file is counted in its creation month, like kpi_eoffice_daily: files, electronic and
-- files_idle of an office's months add up to its total, and its department rows to its
-- office row; the medians do not add up, hence the office and total rows.
--   electronic_share = electronic / files (files > 0 on every row);
--   ci_low / ci_high: the share's 95 % Wilson score interval, null here, filled in by
--     warehouse.uncertainty.add_eoffice_office_intervals right after this model;
--   median_days_per_movement: median of days_per_movement over files_moved (the files with
--     at least one movement and a last movement date), null when there is none;
--   files_idle: files not closed and not moved for more than 30 days at as_of (is_idle).
-- An office or department that ingestion hashed because it looked personal (64 hex
-- characters) is shown as its first 12, as in case_list.
-- Built whole every refresh, not by partition: files_idle ages with the as-of date (a long
-- open file of any month turns idle), and the total rows read every month.
with

files as (
    select
        district,
        office,
        department,
        month,
        is_electronic,
        days_per_movement,
        is_idle
    from int_eoffice_files_flags
),

as_of as (
    select as_of
    from ref_as_of
    where source = 'eoffice_files'
),

named as (
    select
        district,
        case
            when regexp_full_match(office, '[0-9a-f]{64}') then left(office, 12)
            else office
        end as office,
        case
            when regexp_full_match(department, '[0-9a-f]{64}') then left(department, 12)
            else department
        end as department,
        month,
        is_electronic,
        days_per_movement,
        is_idle
    from files
),

first_month as (
    select min(month) as first_month
    from named
),

periods as (
    select
        'month' as grain,
        month as period_start,
        district,
        office,
        department,
        is_electronic,
        days_per_movement,
        is_idle
    from named
    union all
    select
        'total' as grain,
        f.first_month as period_start,
        n.district,
        n.office,
        n.department,
        n.is_electronic,
        n.days_per_movement,
        n.is_idle
    from named as n
    cross join first_month as f
),

-- One plain group-by per level: DuckDB computes a median over grouping sets several times
-- slower than over separate group-bys (kpi_medians).
counted as (
    select
        grain,
        period_start,
        district,
        office,
        'department' as level,
        department,
        count(*) as files,
        count(*) filter (where is_electronic) as electronic,
        count(days_per_movement) as files_moved,
        median(days_per_movement) as median_days_per_movement,
        count(*) filter (where is_idle) as files_idle
    from periods
    group by grain, period_start, district, office, department
    union all
    select
        grain,
        period_start,
        district,
        office,
        'office' as level,
        null::varchar as department,
        count(*) as files,
        count(*) filter (where is_electronic) as electronic,
        count(days_per_movement) as files_moved,
        median(days_per_movement) as median_days_per_movement,
        count(*) filter (where is_idle) as files_idle
    from periods
    group by grain, period_start, district, office
),

final as (
    select
        c.grain,
        c.period_start,
        c.district,
        c.office,
        c.level,
        c.department,
        c.files,
        c.electronic,
        c.electronic / nullif(c.files, 0) as electronic_share,
        null::double as ci_low,
        null::double as ci_high,
        c.files_moved,
        c.median_days_per_movement,
        c.files_idle,
        a.as_of
    from counted as c
    left join as_of as a on true
)

select
    grain,
    period_start,
    district,
    office,
    level,
    department,
    files,
    electronic,
    electronic_share,
    ci_low,
    ci_high,
    files_moved,
    median_days_per_movement,
    files_idle,
    as_of
from final
order by district, grain, period_start, office, level, department
