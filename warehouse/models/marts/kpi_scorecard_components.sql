-- kpi_scorecard_components: one row per grain ('month' or 'total') × period × district ×
-- scored KPI: the district's value, its 0-100 scaled score and the KPI's weight and direction.
-- key: (grain, period_start, district, kpi). Reads kpi_daily, ref_districts,
-- ref_scorecard_weights.
-- Every district of ref_districts gets a row for every scored KPI and period; a district
-- without a value (no records, or a zero denominator) has value and scaled_score null: it is
-- missing, never zero. Scaling is min-max over the districts that have a value in that
-- period: higher-is-better 100 * (v - min) / (max - min), lower-is-better
-- 100 * (max - v) / (max - min); when max = min every district with a value scores 100.
-- The total grain scales the whole period's values (period_start = first day of the data).
with

daily as (
    select
        district,
        day,
        kpi,
        numerator,
        denominator
    from kpi_daily
    where district <> 'Haryana'
),

weights as (
    select
        kpi,
        weight,
        direction
    from ref_scorecard_weights
),

districts as (
    select district
    from ref_districts
),

first_day as (
    select min(day) as first_day
    from kpi_daily
),

periods as (
    select distinct
        'month' as grain,
        date_trunc('month', day)::date as period_start
    from kpi_daily
    union all
    select
        'total' as grain,
        first_day as period_start
    from first_day
    where first_day is not null
),

sums as (
    select
        'month' as grain,
        date_trunc('month', d.day)::date as period_start,
        d.district,
        d.kpi,
        sum(d.numerator) as numerator,
        sum(d.denominator) as denominator
    from daily as d
    inner join weights as w on w.kpi = d.kpi
    group by all
    union all
    select
        'total' as grain,
        f.first_day as period_start,
        d.district,
        d.kpi,
        sum(d.numerator) as numerator,
        sum(d.denominator) as denominator
    from daily as d
    inner join weights as w on w.kpi = d.kpi
    cross join first_day as f
    group by all
),

grid as (
    select
        p.grain,
        p.period_start,
        r.district,
        w.kpi,
        w.weight,
        w.direction
    from periods as p
    cross join districts as r
    cross join weights as w
),

valued as (
    select
        g.grain,
        g.period_start,
        g.district,
        g.kpi,
        g.weight,
        g.direction,
        s.numerator,
        s.denominator,
        case when s.denominator > 0 then s.numerator / s.denominator end as value
    from grid as g
    left join sums as s
        on s.grain = g.grain
        and s.period_start = g.period_start
        and s.district = g.district
        and s.kpi = g.kpi
),

ranged as (
    select
        grain,
        period_start,
        district,
        kpi,
        weight,
        direction,
        numerator,
        denominator,
        value,
        min(value) over (partition by grain, period_start, kpi) as min_value,
        max(value) over (partition by grain, period_start, kpi) as max_value,
        count(value) over (partition by grain, period_start, kpi) as districts_with_value
    from valued
),

final as (
    select
        grain,
        period_start,
        district,
        kpi,
        numerator,
        denominator,
        value,
        case
            when value is null then null
            when max_value = min_value then 100.0
            when direction = 'higher' then 100.0 * (value - min_value) / (max_value - min_value)
            else 100.0 * (max_value - value) / (max_value - min_value)
        end as scaled_score,
        weight,
        direction,
        min_value,
        max_value,
        districts_with_value
    from ranged
)

select
    grain,
    period_start,
    district,
    kpi,
    numerator,
    denominator,
    value,
    scaled_score,
    weight,
    direction,
    min_value,
    max_value,
    districts_with_value
from final
order by grain, period_start, district, kpi
