-- kpi_scorecard: the district scorecard, one row per grain ('month' or 'total') × period ×
-- district (all districts of ref_districts).
-- key: (grain, period_start, district). Reads kpi_scorecard_components.
-- composite_index = weighted mean of the scaled scores the district has (weights
-- re-normalised over those KPIs), 0-100; null when it has none. composite_rank: 1 = best,
-- ties (equal to 6 decimals) share the better rank; null without a composite.
-- previous_rank is the rank in the calendar month before (month grain only) and
-- rank_change = previous_rank - composite_rank (positive = moved up).
-- kpis_missing lists the scored KPIs the district had no value for, comma-separated.
with

components as (
    select
        grain,
        period_start,
        district,
        kpi,
        scaled_score,
        weight
    from kpi_scorecard_components
),

composite as (
    select
        grain,
        period_start,
        district,
        sum(weight * scaled_score) / nullif(sum(weight) filter (where scaled_score is not null), 0)
            as composite_index,
        count(scaled_score) as kpis_scored,
        count(*) as kpis_total,
        coalesce(sum(weight) filter (where scaled_score is not null), 0) as weight_scored,
        coalesce(string_agg(kpi, ',' order by kpi) filter (where scaled_score is null), '')
            as kpis_missing
    from components
    group by grain, period_start, district
),

ranked as (
    select
        grain,
        period_start,
        district,
        composite_index,
        case
            when composite_index is not null then rank() over (
                partition by grain, period_start, composite_index is null
                order by round(composite_index, 6) desc
            )
        end as composite_rank,
        kpis_scored,
        kpis_total,
        weight_scored,
        kpis_missing
    from composite
),

with_previous as (
    select
        r.grain,
        r.period_start,
        r.district,
        r.composite_index,
        r.composite_rank,
        p.composite_rank as previous_rank,
        r.kpis_scored,
        r.kpis_total,
        r.weight_scored,
        r.kpis_missing
    from ranked as r
    left join ranked as p
        on r.grain = 'month'
        and p.grain = 'month'
        and p.district = r.district
        and p.period_start = (r.period_start - interval 1 month)::date
),

final as (
    select
        grain,
        period_start,
        case when grain = 'month' then strftime(period_start, '%Y-%m') else 'total' end as period,
        district,
        composite_index,
        composite_rank,
        previous_rank,
        previous_rank - composite_rank as rank_change,
        kpis_scored,
        kpis_total,
        weight_scored,
        kpis_missing
    from with_previous
)

select
    grain,
    period_start,
    period,
    district,
    composite_index,
    composite_rank,
    previous_rank,
    rank_change,
    kpis_scored,
    kpis_total,
    weight_scored,
    kpis_missing
from final
order by grain, period_start, composite_rank nulls last, district
