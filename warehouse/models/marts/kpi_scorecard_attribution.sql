-- kpi_scorecard_attribution: why a district's composite moved, one row per month × district
-- × scored KPI, for the months that have a previous month.
-- key: (period_start, district, kpi). Reads kpi_scorecard_components, kpi_scorecard.
-- A KPI's share of the composite is w = effective_weight / (sum of the effective weights
-- of the KPIs the district has that month), 0 when it has no scaled score. Its
-- contribution to composite_change is w_now * score_now - w_before * score_before (a
-- missing score counts 0 with weight 0), so the contributions sum exactly to
-- composite_index - previous_composite. It is split into
--   score_effect  = mean(w_before, w_now) × (score_now - score_before): the weight × change of
--                   its scaled score (the whole contribution when the weights did not move);
--   weight_effect = mean(score_before, score_now) × (w_now - w_before): the re-normalisation
--                   when KPIs enter or leave the district's composite (missing, too few
--                   cases);
-- score_effect + weight_effect = contribution (both use a missing score as 0).
-- Only districts with a composite in both months get rows.
with

components as (
    select
        period_start,
        district,
        kpi,
        theme,
        scaled_score,
        effective_weight
    from kpi_scorecard_components
    where grain = 'month'
),

scorecard as (
    select
        period_start,
        district,
        composite_index,
        previous_composite,
        composite_change
    from kpi_scorecard
    where grain = 'month'
        and composite_change is not null
),

shares as (
    select
        period_start,
        district,
        kpi,
        theme,
        coalesce(scaled_score, 0) as score,
        scaled_score is not null as scored,
        case
            when scaled_score is not null
                then effective_weight
                    / sum(effective_weight) filter (where scaled_score is not null)
                        over (partition by period_start, district)
            else 0
        end as share
    from components
),

paired as (
    select
        s.period_start,
        s.district,
        c.kpi,
        c.theme,
        p.score as score_before,
        c.score as score_now,
        p.scored as scored_before,
        c.scored as scored_now,
        p.share as weight_before,
        c.share as weight_now,
        s.composite_change
    from scorecard as s
    inner join shares as c
        on c.period_start = s.period_start
        and c.district = s.district
    inner join shares as p
        on p.period_start = (s.period_start - interval 1 month)::date
        and p.district = s.district
        and p.kpi = c.kpi
),

final as (
    select
        period_start,
        strftime(period_start, '%Y-%m') as period,
        district,
        kpi,
        theme,
        case when scored_before then score_before end as score_before,
        case when scored_now then score_now end as score_now,
        weight_before,
        weight_now,
        (weight_before + weight_now) / 2 * (score_now - score_before) as score_effect,
        (score_before + score_now) / 2 * (weight_now - weight_before) as weight_effect,
        weight_now * score_now - weight_before * score_before as contribution,
        composite_change
    from paired
)

select
    period_start,
    period,
    district,
    kpi,
    theme,
    score_before,
    score_now,
    weight_before,
    weight_now,
    score_effect,
    weight_effect,
    contribution,
    composite_change
from final
order by period_start, district, kpi
