-- rank_drop: the districts whose composite rank fell by at least $places places from the
-- month before the latest final month (of composite_rank) to that month, and whose two rank
-- ranges (kpi_scorecard_rank_ranges, bootstrap 95 %) do not overlap.
-- Reads kpi_period_status, kpi_scorecard, kpi_scorecard_rank_ranges. A district unranked in
-- either month, or without a range, never appears (null comparisons).
with

final_months as (
    select period_start
    from kpi_period_status
    where kpi = 'composite_rank' and grain = 'month' and status = 'final'
),

months as (
    select (max(period_start) - interval 1 month)::date as month_from,
        max(period_start) as month_to
    from final_months
),

pair as (
    select month_from, month_to
    from months
    where month_from in (select period_start from final_months)
),

ranks as (
    select s.period_start, s.district, s.composite_rank, r.rank_low, r.rank_high
    from kpi_scorecard as s
    left join kpi_scorecard_rank_ranges as r
        on r.grain = s.grain and r.period_start = s.period_start and r.district = s.district
    where s.grain = 'month'
),

final as (
    select b.district, p.month_from, p.month_to,
        a.composite_rank as rank_from, b.composite_rank as rank_to,
        a.rank_low as low_from, a.rank_high as high_from,
        b.rank_low as low_to, b.rank_high as high_to
    from pair as p
    inner join ranks as a on a.period_start = p.month_from
    inner join ranks as b on b.period_start = p.month_to and b.district = a.district
    where b.composite_rank - a.composite_rank >= $places
        and a.rank_high < b.rank_low
)

select district, month_from, month_to, rank_from, rank_to, low_from, high_from, low_to, high_to
from final
order by district
