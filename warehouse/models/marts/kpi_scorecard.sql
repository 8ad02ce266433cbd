-- kpi_scorecard: the district scorecard, one row per grain ('month' or 'total') × period ×
-- district (all districts of ref_districts).
-- key: (grain, period_start, district). Reads kpi_scorecard_components, kpi_scorecard_gate,
-- ref_districts, ref_scorecard_settings.
-- composite_index = mean of the scaled scores the district has, weighted by the KPIs'
-- effective weights (theme weight × KPI weight / sum of the theme's KPI weights),
-- re-normalised over the KPIs it has; 0-100; null when it has none.
-- Coverage: kpis_scored = the scored KPIs the district has a scaled score for (a final value
-- from enough cases); kpis_total = the scored KPIs of the weights file that have a final
-- value for at least one district in the period (a KPI nobody can be scored on, e.g. still
-- provisional, does not count against anyone). A district needs
-- ceil(min_kpi_coverage × kpis_total) scored KPIs to be ranked; below that it is listed with
-- its composite_index but no rank: a composite of a few KPIs measures another thing than one
-- of all of them, and ranking the two side by side rewards missing data.
-- computed_rank: 1 = best statewide among the districts with enough coverage, ties (equal to
-- 6 decimals) share the better rank; null without a composite or below the coverage.
-- division_rank: the same within the district's administrative
-- division (the peer group). composite_rank = computed_rank, except that it is withheld
-- (null) for a district flagged by the data-quality gate when the setting
-- withhold_flagged_ranks is 1; division_rank likewise.
-- previous_rank / previous_composite: the calendar month before (month grain only);
-- rank_change = previous_rank - composite_rank (positive = moved up); composite_change =
-- composite_index - previous_composite; improvement_rank ranks composite_change (1 = most
-- improved: the delta ranking), over the districts ranked in both months.
-- kpis_missing lists the scored KPIs the district had no scaled score for (no value, too few
-- cases, or not final); kpis_too_few those left out for too few cases (comma-separated).
-- ranked: composite_rank is not null; unranked_reason says why not ('no KPI scored',
-- 'scored on 6 of 13 KPIs, fewer than the 10 required', 'rank withheld by the data-quality
-- gate: ...'), null when ranked.
with

components as (
    select
        grain,
        period_start,
        district,
        kpi,
        scaled_score,
        effective_weight,
        too_few_cases
    from kpi_scorecard_components
),

gate as (
    select
        grain,
        period_start,
        district,
        gate_flagged,
        gate_reasons
    from kpi_scorecard_gate
),

districts as (
    select
        district,
        division
    from ref_districts
),

settings as (
    select
        coalesce(max(value) filter (where setting = 'withhold_flagged_ranks'), 0) = 1
            as withhold,
        coalesce(max(value) filter (where setting = 'min_kpi_coverage'), 0) as min_kpi_coverage
    from ref_scorecard_settings
),

coverage as (
    select
        grain,
        period_start,
        count(distinct kpi) filter (where scaled_score is not null) as kpis_total
    from components
    group by grain, period_start
),

composite as (
    select
        grain,
        period_start,
        district,
        sum(effective_weight * scaled_score)
            / nullif(sum(effective_weight) filter (where scaled_score is not null), 0)
            as composite_index,
        count(scaled_score) as kpis_scored,
        coalesce(sum(effective_weight) filter (where scaled_score is not null), 0)
            as weight_scored,
        coalesce(string_agg(kpi, ',' order by kpi) filter (where scaled_score is null), '')
            as kpis_missing,
        coalesce(string_agg(kpi, ',' order by kpi) filter (where too_few_cases), '')
            as kpis_too_few
    from components
    group by grain, period_start, district
),

covered as (
    select
        c.*,
        v.kpis_total,
        ceil(round(s.min_kpi_coverage * v.kpis_total, 9))::integer as kpis_required,
        c.composite_index is not null
            and c.kpis_scored >= ceil(round(s.min_kpi_coverage * v.kpis_total, 9)) as coverage_met
    from composite as c
    inner join coverage as v
        on v.grain = c.grain
        and v.period_start = c.period_start
    cross join settings as s
),

ranked as (
    select
        c.grain,
        c.period_start,
        c.district,
        d.division,
        c.composite_index,
        case
            when c.coverage_met then rank() over (
                partition by c.grain, c.period_start, c.coverage_met
                order by round(c.composite_index, 6) desc
            )
        end as computed_rank,
        case
            when c.coverage_met then rank() over (
                partition by c.grain, c.period_start, d.division, c.coverage_met
                order by round(c.composite_index, 6) desc
            )
        end as computed_division_rank,
        c.kpis_scored,
        c.kpis_total,
        c.kpis_required,
        c.coverage_met,
        c.weight_scored,
        c.kpis_missing,
        c.kpis_too_few,
        g.gate_flagged,
        g.gate_reasons,
        g.gate_flagged and s.withhold as rank_withheld
    from covered as c
    inner join districts as d on d.district = c.district
    inner join gate as g
        on g.grain = c.grain
        and g.period_start = c.period_start
        and g.district = c.district
    cross join settings as s
),

published as (
    select
        *,
        case when not rank_withheld then computed_rank end as composite_rank,
        case when not rank_withheld then computed_division_rank end as division_rank,
        case
            when composite_index is null then 'no KPI scored'
            when not coverage_met then format(
                'scored on {} of {} KPIs, fewer than the {} required',
                kpis_scored, kpis_total, kpis_required
            )
            when rank_withheld then 'rank withheld by the data-quality gate: ' || gate_reasons
        end as unranked_reason
    from ranked
),

with_previous as (
    select
        r.*,
        p.composite_rank as previous_rank,
        p.composite_index as previous_composite,
        r.composite_index - p.composite_index as composite_change,
        -- only a district ranked in both months competes on improvement: a change measured
        -- on too few KPIs, or behind a data-quality gate, would rank noise
        r.composite_rank is not null
            and p.composite_rank is not null as improvement_eligible
    from published as r
    left join published as p
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
        division,
        composite_index,
        composite_rank,
        division_rank,
        computed_rank,
        previous_rank,
        previous_rank - composite_rank as rank_change,
        previous_composite,
        composite_change,
        case
            when improvement_eligible then rank() over (
                partition by grain, period_start, improvement_eligible
                order by round(composite_change, 6) desc
            )
        end as improvement_rank,
        kpis_scored::integer as kpis_scored,
        kpis_total::integer as kpis_total,
        composite_rank is not null as ranked,
        unranked_reason,
        weight_scored,
        kpis_missing,
        kpis_too_few,
        gate_flagged,
        gate_reasons,
        rank_withheld
    from with_previous
)

select
    grain,
    period_start,
    period,
    district,
    division,
    composite_index,
    composite_rank,
    division_rank,
    computed_rank,
    previous_rank,
    rank_change,
    previous_composite,
    composite_change,
    improvement_rank,
    kpis_scored,
    kpis_total,
    ranked,
    unranked_reason,
    weight_scored,
    kpis_missing,
    kpis_too_few,
    gate_flagged,
    gate_reasons,
    rank_withheld
from final
order by grain, period_start, composite_rank nulls last, district
