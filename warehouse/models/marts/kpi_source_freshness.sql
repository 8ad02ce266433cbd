-- kpi_source_freshness: per source × district, how recent the staged data is.
-- key: (source, district). Reads int_staged_days (every stg_<source> table, counted by day).
-- last_event_day is the latest day of the source's event time (the column that dates its
-- records in the daily facts); last_exported_at / last_loaded_at come from lineage. A relief
-- payment is dated by its week's Monday in the facts, but the export that lists it reaches
-- its paid_on day: dating it by the Monday alone would leave the newest month looking
-- incomplete for up to six days after its end.
with

final as (
    select
        source,
        district,
        sum(records)::bigint as records,
        min(first_reach_day) as first_event_day,
        max(last_reach_day) as last_event_day,
        max(last_exported_at) as last_exported_at,
        max(last_loaded_at) as last_loaded_at
    from int_staged_days
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
