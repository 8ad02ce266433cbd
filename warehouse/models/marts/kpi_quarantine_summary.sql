-- kpi_quarantine_summary: rejected rows per source × reason × file (from quarantine).
-- key: (source, reason, file). Reads quarantine.
-- Only counts, lines and the offending column: never row contents.
with

rejected as (
    select
        source,
        reason,
        file,
        line,
        column_name,
        quarantined_at
    from quarantine
),

final as (
    select
        source,
        reason,
        file,
        count(*) as rows,
        min(line) as first_line,
        max(line) as last_line,
        string_agg(distinct column_name, ',' order by column_name) as columns,
        min(quarantined_at) as first_quarantined_at,
        max(quarantined_at) as last_quarantined_at
    from rejected
    group by source, reason, file
)

select
    source,
    reason,
    file,
    rows,
    first_line,
    last_line,
    columns,
    first_quarantined_at,
    last_quarantined_at
from final
order by source, reason, file
