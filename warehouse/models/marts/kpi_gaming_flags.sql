-- kpi_gaming_flags: cross-checks against gaming the ranking, one row per district × month ×
-- check that has records behind it.
-- key: (district, period_start, check_name). Reads stg_grievances, stg_helpline_calls,
-- ref_scorecard_settings.
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
        received_on,
        status,
        disposed_on,
        citizen_rating
    from stg_grievances
),

calls as (
    select
        district,
        call_received_at,
        category,
        food_delivered_at,
        feedback_rating
    from stg_helpline_calls
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
        date_trunc('month', disposed_on)::date as period_start,
        count(*) filter (where citizen_rating <= 2) as low_rated,
        count(citizen_rating) as rated,
        count(*) filter (
            where disposed_on::date > last_day(disposed_on::date) - interval 3 day
        ) as month_end,
        count(*) as disposed
    from grievances
    where status = 'disposed'
        and disposed_on is not null
    group by all
),

received as (
    select
        district,
        date_trunc('month', received_on)::date as period_start,
        count(*) filter (where status = 'reopened') as reopened,
        count(*) filter (where status in ('disposed', 'reopened')) as closed_once
    from grievances
    group by all
),

food as (
    select
        district,
        date_trunc('month', call_received_at)::date as period_start,
        count(*) filter (where feedback_rating <= 2) as low_rated,
        count(feedback_rating) as rated
    from calls
    where category = 'food_not_received'
        and food_delivered_at is not null
        and food_delivered_at <= call_received_at + interval 120 minute
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
    from food as f
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
