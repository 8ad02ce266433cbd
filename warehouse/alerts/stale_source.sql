-- stale_source: the sources whose newest record (any district) is more than $days days
-- older than the snapshot's as-of date: the newest record of any source, or the as-of date
-- the build was given (ref_as_of.from_parameter).
-- Reads kpi_source_freshness, ref_as_of.
with

parameter as (
    select max(as_of) filter (where from_parameter) as as_of
    from ref_as_of
),

sources as (
    select source, max(last_event_day) as last_event_day
    from kpi_source_freshness
    group by source
),

snapshot as (
    select coalesce(max(p.as_of), max(s.last_event_day)) as as_of
    from sources as s
    cross join parameter as p
)

select s.source, s.last_event_day, n.as_of, n.as_of - s.last_event_day as days_behind
from sources as s
cross join snapshot as n
where n.as_of - s.last_event_day > $days
order by s.source
