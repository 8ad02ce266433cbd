-- kpi_scorecard_themes: each theme's sub-index and ranks, one row per grain ('month' or
-- 'total') × period × district × theme.
-- key: (grain, period_start, district, theme). Reads kpi_scorecard_components,
-- ref_districts.
-- sub_index = mean of the theme's scaled KPI scores the district has, weighted by the KPI
-- weights (re-normalised over those it has), 0-100; null when it has none. theme_rank
-- ranks the sub-index statewide, theme_division_rank within the district's division
-- (1 = best; ties to 6 decimals share the better rank). kpis_scored / kpis_total count the
-- theme's KPIs.
with

components as (
    select
        grain,
        period_start,
        district,
        kpi,
        theme,
        theme_weight,
        weight,
        scaled_score
    from kpi_scorecard_components
),

districts as (
    select
        district,
        division
    from ref_districts
),

sub_index as (
    select
        grain,
        period_start,
        district,
        theme,
        max(theme_weight) as theme_weight,
        sum(weight * scaled_score)
            / nullif(sum(weight) filter (where scaled_score is not null), 0) as sub_index,
        count(scaled_score) as kpis_scored,
        count(*) as kpis_total
    from components
    group by grain, period_start, district, theme
),

final as (
    select
        s.grain,
        s.period_start,
        s.district,
        d.division,
        s.theme,
        s.theme_weight,
        s.sub_index,
        case
            when s.sub_index is not null then rank() over (
                partition by s.grain, s.period_start, s.theme, s.sub_index is null
                order by round(s.sub_index, 6) desc
            )
        end as theme_rank,
        case
            when s.sub_index is not null then rank() over (
                partition by s.grain, s.period_start, s.theme, d.division, s.sub_index is null
                order by round(s.sub_index, 6) desc
            )
        end as theme_division_rank,
        s.kpis_scored,
        s.kpis_total
    from sub_index as s
    inner join districts as d on d.district = s.district
)

select
    grain,
    period_start,
    district,
    division,
    theme,
    theme_weight,
    sub_index,
    theme_rank,
    theme_division_rank,
    kpis_scored,
    kpis_total
from final
order by grain, period_start, theme, theme_rank nulls last, district
