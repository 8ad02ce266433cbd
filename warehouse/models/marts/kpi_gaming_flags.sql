-- kpi_gaming_flags: cross-checks against gaming the ranking, one row per district × month ×
-- check that has records behind it.
-- key: (district, period_start, check_name). Reads int_grievances_status,
-- int_helpline_calls_flags (where low rated, month-end disposal and food within 2 h are
-- defined), ref_scorecard_settings.
-- share = numerator / denominator; flagged when share > threshold (the setting named
-- gaming_<check>_max) and denominator >= min_cases. The checks:
--   low_rated_disposed  grievances disposed that month (disposed_on) and rated by the
--                       citizen: share rated 1 or 2 (closed, but not to the citizen's
--                       satisfaction);
--   reopened_share      grievances received that month: reopened / (disposed + reopened)
--                       (closures that did not hold);
--   month_end_closures  grievances disposed that month: share disposed in its last three
--                       calendar days (a rush to close before the month's ranking);
--   food_2h_low_rated   food requests received that month, delivered within 2 h (as
--                       kpi_helpline_daily counts them) and rated by the caller: share rated 1
--                       or 2 (a delivery time the caller did not experience).
with

grievances as (
    select
        district,
        month,
        is_reopened,
        is_closed_once,
        disposed_month,
        is_month_end_disposal,
        citizen_rating,
        is_low_rated
    from int_grievances_status
),

food as (
    select
        district,
        month,
        feedback_rating,
        is_low_rated
    from int_helpline_calls_flags
    where is_food_within_2h
),

settings as (
    select
        max(value) filter (where setting = 'min_cases') as min_cases,
        max(value) filter (where setting = 'gaming_low_rated_disposed_max') as low_rated_max,
        max(value) filter (where setting = 'gaming_reopened_share_max') as reopened_max,
        max(value) filter (where setting = 'gaming_month_end_share_max') as month_end_max,
        max(value) filter (where setting = 'gaming_food_2h_low_rated_max') as food_max
    from ref_scorecard_settings
),

disposals as (
    select
        district,
        disposed_month as period_start,
        count(*) filter (where is_low_rated) as low_rated,
        count(citizen_rating) as rated,
        count(*) filter (where is_month_end_disposal) as month_end,
        count(*) as disposed
    from grievances
    where disposed_month is not null
    group by all
),

received as (
    select
        district,
        month as period_start,
        count(*) filter (where is_reopened) as reopened,
        count(*) filter (where is_closed_once) as closed_once
    from grievances
    group by all
),

food_rated as (
    select
        district,
        month as period_start,
        count(*) filter (where is_low_rated) as low_rated,
        count(feedback_rating) as rated
    from food
    group by all
),

checks as (
    select
        d.district, d.period_start, 'low_rated_disposed' as check_name,
        d.low_rated as numerator, d.rated as denominator, s.low_rated_max as threshold
    from disposals as d
    cross join settings as s
    union all
    select
        d.district, d.period_start, 'month_end_closures',
        d.month_end, d.disposed, s.month_end_max
    from disposals as d
    cross join settings as s
    union all
    select
        r.district, r.period_start, 'reopened_share',
        r.reopened, r.closed_once, s.reopened_max
    from received as r
    cross join settings as s
    union all
    select
        f.district, f.period_start, 'food_2h_low_rated',
        f.low_rated, f.rated, s.food_max
    from food_rated as f
    cross join settings as s
),

final as (
    select
        c.district,
        c.period_start,
        strftime(c.period_start, '%Y-%m') as period,
        c.check_name,
        c.numerator,
        c.denominator,
        c.numerator / c.denominator as share,
        c.threshold,
        c.numerator / c.denominator > c.threshold and c.denominator >= s.min_cases as flagged
    from checks as c
    cross join settings as s
    where c.denominator > 0
)

select
    district,
    period_start,
    period,
    check_name,
    numerator,
    denominator,
    share,
    threshold,
    flagged
from final
order by district, period_start, check_name
