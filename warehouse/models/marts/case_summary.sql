-- case_summary: how many records each case list holds, so that a page can show the counts
-- (equal to the KPI numerators they explain) without reading the lists themselves.
-- key: (district, kind, department, ageing_bucket): one row per combination with at least
-- one case; department is null for the lists whose source has none (appointments, relief,
-- passes). Reads case_list.
-- oldest_days_overdue: the most days overdue in the group; as_of: the list's as-of date.
with

cases as (
    select
        district,
        kind,
        department,
        ageing_bucket,
        days_overdue,
        as_of
    from case_list
),

final as (
    select
        district,
        kind,
        department,
        ageing_bucket,
        count(*) as cases,
        max(days_overdue) as oldest_days_overdue,
        max(as_of) as as_of
    from cases
    group by district, kind, department, ageing_bucket
)

select
    district,
    kind,
    department,
    ageing_bucket,
    cases,
    oldest_days_overdue,
    as_of
from final
order by district, kind, department, oldest_days_overdue
