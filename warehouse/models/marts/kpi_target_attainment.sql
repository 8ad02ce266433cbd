-- kpi_target_attainment: every value of a KPI with a reviewed target against that target,
-- one row per district (and 'Haryana') × grain × period × KPI of ref_kpi_targets.
-- key: (district, grain, period_start, kpi). Reads kpi_values, ref_kpi_targets.
-- A view (warehouse/model_files.py READER_VIEWS), in the reader snapshot too: each row is a
-- few arithmetic steps from a kpi_values row and its target, which readers ask for one
-- period at a time, while the stored table took 2.9 MB of a state-year snapshot meant to stay
-- under 50 MB.
-- attainment = value / target where higher is better, target / value where lower is better
-- (1 = on target; CityScore's actual / target). A lower-is-better value of 0 beats any
-- target: its attainment is null (unbounded) and its status met.
-- status: met (the value reaches the target), near (attainment >= 1 - near_band), missed.
-- Rows without a value (zero denominator) are left out.
with

measured as (
    select
        district,
        period_start,
        grain,
        kpi,
        value
    from kpi_values
    where value is not null
),

targets as (
    select
        kpi,
        target,
        direction,
        near_band,
        source
    from ref_kpi_targets
),

attained as (
    select
        v.district,
        v.period_start,
        v.grain,
        v.kpi,
        v.value,
        t.target,
        t.direction,
        t.near_band,
        t.source as target_source,
        case
            when t.direction = 'higher' then v.value / t.target
            when v.value > 0 then t.target / v.value
        end as attainment,
        case
            when t.direction = 'higher' then v.value >= t.target
            else v.value <= t.target
        end as reached
    from measured as v
    inner join targets as t on t.kpi = v.kpi
),

final as (
    select
        district,
        period_start,
        grain,
        kpi,
        value,
        target,
        direction,
        attainment,
        case
            when reached then 'met'
            when attainment >= 1 - near_band then 'near'
            else 'missed'
        end as status,
        target_source
    from attained
)

select
    district,
    period_start,
    grain,
    kpi,
    value,
    target,
    direction,
    attainment,
    status,
    target_source
from final
