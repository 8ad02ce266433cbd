-- kpi_values: the long KPI table at every grain, one row per district (and 'Haryana') ×
-- grain × period × KPI: what `jansewa kpis`, the dashboard and the notebooks read.
-- key: (district, grain, period_start, kpi). A view (warehouse/model_files.py READER_VIEWS),
-- in the reader snapshot too, over kpi_values_stored (where the rows, their grains, roll-ups
-- and per-capita denominators are defined), kpi_catalog and kpi_period_status.
-- Why a view: the values that are a ratio of the row's numerator and denominator, and the
-- intervals of the proportions, are worked out from them on read, in a few arithmetic steps,
-- instead of being stored: at state scale they were 60 % of this table's bytes in a reader
-- snapshot meant to stay under 50 MB, and writing the intervals cost every build an update
-- of the whole table.
-- value = numerator / denominator, null when the denominator is 0; for counts (null
-- denominator) value = numerator; without a numerator (medians, the composite index and
-- rank) the value kpi_values_stored holds.
-- complete / status: from kpi_period_status (the KPI's source covers the period to its end;
-- 'partial' | 'provisional' (its cohort is not mature yet) | 'final'); a period it does not
-- list is not complete, 'partial'. Joined here, not stored: they change with the as-of date
-- for periods whose numbers do not, which kpi_values_stored then keeps as they are.
-- ci_low / ci_high: the 95 % Wilson score interval (Wilson 1927) of a proportion (kpi_catalog
-- kind 'rate', denominator > 0), the numerator clipped to [0, denominator]; null for every
-- other kind (counts, scores, means, medians, per lakh, the composite): they are not
-- proportions. The same closed form as warehouse/wilson.py (numpy, for the uncertainty
-- module); `jansewa kpis` puts the totals of a date range through this query itself
-- (warehouse/kpi_range_sql.py). The constants are z = 1.9599639845400536 (the 97.5th
-- percentile of the standard normal) and z² = 3.8414588206941236, written as Python computes
-- them, so that both give the same doubles (tests/warehouse/test_kpi_values_view.py).
with

stored as (
    select
        district,
        period_start,
        grain,
        kpi,
        numerator,
        denominator,
        value
    from kpi_values_stored
),

kinds as (
    select
        kpi,
        kind
    from kpi_catalog
),

period_status as (
    select
        kpi,
        grain,
        period_start,
        complete,
        status
    from kpi_period_status
),

valued as (
    select
        s.district,
        s.period_start,
        s.grain,
        s.kpi,
        s.numerator,
        s.denominator,
        case
            when s.numerator is null then s.value
            when s.denominator is null then s.numerator
            when s.denominator = 0 then null
            else s.numerator / s.denominator
        end as value,
        coalesce(p.complete, false) as complete,
        coalesce(p.status, 'partial') as status,
        case
            when k.kind = 'rate' and s.denominator > 0
                then least(greatest(s.numerator, 0), s.denominator) / s.denominator
        end as proportion
    from stored as s
    left join kinds as k on k.kpi = s.kpi
    left join period_status as p
        on p.kpi = s.kpi
        and p.grain = s.grain
        and p.period_start = s.period_start
),

wilson as (
    select
        district,
        period_start,
        grain,
        kpi,
        numerator,
        denominator,
        value,
        complete,
        status,
        1 + 3.8414588206941236 / denominator as shrink,
        proportion + 3.8414588206941236 / (2 * denominator) as centre_times_shrink,
        1.9599639845400536 * sqrt(
            proportion * (1 - proportion) / denominator
            + 3.8414588206941236 / (4 * (denominator * denominator))
        ) as half_times_shrink
    from valued
),

final as (
    select
        district,
        period_start,
        grain,
        kpi,
        numerator,
        denominator,
        value,
        complete,
        status,
        centre_times_shrink / shrink - half_times_shrink / shrink as ci_low,
        centre_times_shrink / shrink + half_times_shrink / shrink as ci_high
    from wilson
)

select
    district,
    period_start,
    grain,
    kpi,
    numerator,
    denominator,
    value,
    complete,
    status,
    ci_low,
    ci_high
from final
