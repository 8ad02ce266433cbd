-- kpi_source_loads: what has been loaded from each export source: files loaded and rejected,
-- and rows read = accepted + duplicates + quarantined over the files currently recorded.
-- key: source. Reads ingest_manifest (the pipeline's own table: only counts reach readers).
with

manifest as (
    select
        source,
        status,
        rows_read,
        rows_accepted,
        rows_duplicate,
        rows_quarantined,
        loaded_at
    from ingest_manifest
),

final as (
    select
        source,
        count(*) filter (where status <> 'rejected') as files_loaded,
        count(*) filter (where status = 'rejected') as files_rejected,
        coalesce(sum(rows_read) filter (where status <> 'rejected'), 0) as rows_read,
        coalesce(sum(rows_accepted), 0) as rows_accepted,
        coalesce(sum(rows_duplicate), 0) as rows_duplicate,
        coalesce(sum(rows_quarantined), 0) as rows_quarantined,
        max(loaded_at) as last_loaded_at
    from manifest
    group by source
)

select
    source,
    files_loaded,
    files_rejected,
    rows_read,
    rows_accepted,
    rows_duplicate,
    rows_quarantined,
    last_loaded_at
from final
