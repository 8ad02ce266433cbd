-- kpi_scorecard_components: one row per grain ('month' or 'total') × period × district ×
-- scored KPI: the district's value, its 0-100 scaled score, the KPI's weight, direction and
-- theme, and its effective weight in the composite.
-- key: (grain, period_start, district, kpi). Reads kpi_daily, kpi_period_status,
-- ref_districts, ref_scorecard_weights, ref_scorecard_settings.
-- Every district of ref_districts gets a row for every scored KPI and period; a district
-- without a value (no records, or a zero denominator) has value and scaled_score null: it is
-- missing, never zero. A value from fewer cases (denominator) than the setting min_cases is
-- kept in value but marked too_few_cases, and has no scaled score: it is left out of the
-- scaling and of the district's composite. status is the KPI's status in the period
-- (kpi_period_status: final | provisional | partial); a KPI that is not final is left out
-- the same way (no scaled score, for every district): a cohort rate whose last days cannot
-- have run their course, or a period not yet exported to its end, would rank districts on
-- their luck with the calendar rather than on their service. Scaling is min-max over the districts with a
-- scorable value in that period: higher-is-better 100 * (v - min) / (max - min),
-- lower-is-better 100 * (max - v) / (max - min); when max = min every such district scores
-- 100. effective_weight = theme_weight * weight / (sum of the weights of the theme's KPIs).
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
        direction,
        theme,
        theme_weight,
        theme_weight * weight / sum(weight) over (partition by theme) as effective_weight
    from ref_scorecard_weights
),

settings as (
    select value as min_cases
    from ref_scorecard_settings
    where setting = 'min_cases'
),

districts as (
    select district
    from ref_districts
),

period_status as (
    select
        kpi,
        grain,
        period_start,
        status
    from kpi_period_status
    where grain in ('month', 'total')
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
        w.direction,
        w.theme,
        w.theme_weight,
        w.effective_weight
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
        g.theme,
        g.theme_weight,
        g.effective_weight,
        s.numerator,
        s.denominator,
        case when s.denominator > 0 then s.numerator / s.denominator end as value,
        s.denominator > 0 and s.denominator < t.min_cases as too_few_cases,
        coalesce(ps.status, 'partial') as status
    from grid as g
    cross join settings as t
    left join period_status as ps
        on ps.kpi = g.kpi
        and ps.grain = g.grain
        and ps.period_start = g.period_start
    left join sums as s
        on s.grain = g.grain
        and s.period_start = g.period_start
        and s.district = g.district
        and s.kpi = g.kpi
),

scorable as (
    select
        *,
        case
            when not coalesce(too_few_cases, false) and status = 'final' then value
        end as scorable_value
    from valued
),

ranged as (
    select
        grain,
        period_start,
        district,
        kpi,
        weight,
        direction,
        theme,
        theme_weight,
        effective_weight,
        numerator,
        denominator,
        value,
        coalesce(too_few_cases, false) as too_few_cases,
        status,
        scorable_value,
        min(scorable_value) over (partition by grain, period_start, kpi) as min_value,
        max(scorable_value) over (partition by grain, period_start, kpi) as max_value,
        count(scorable_value) over (partition by grain, period_start, kpi) as districts_with_value
    from scorable
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
            when scorable_value is null then null
            when max_value = min_value then 100.0
            when direction = 'higher'
                then 100.0 * (scorable_value - min_value) / (max_value - min_value)
            else 100.0 * (max_value - scorable_value) / (max_value - min_value)
        end as scaled_score,
        weight,
        direction,
        theme,
        theme_weight,
        effective_weight,
        too_few_cases,
        status,
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
    theme,
    theme_weight,
    effective_weight,
    too_few_cases,
    status,
    min_value,
    max_value,
    districts_with_value
from final
order by grain, period_start, district, kpi
