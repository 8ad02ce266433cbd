-- kpi_helpline_daily: one row per district × call day (the day the call was received).
-- key: (district, day). Reads int_helpline_calls_flags (where the rules are: resolved =
-- resolved or closed; food within 2 h = delivered <= 120 minutes after the call).
with

calls as (
    select
        district,
        day,
        category,
        is_resolved,
        is_food_request,
        is_food_within_2h,
        feedback_rating
    from int_helpline_calls_flags
),

final as (
    select
        district,
        day,
        count(*) as calls_received,
        count(*) filter (where category = 'food_not_received') as calls_food_not_received,
        count(*) filter (where category = 'covid_prevention') as calls_covid_prevention,
        count(*) filter (where category = 'ration') as calls_ration,
        count(*) filter (where category = 'law_and_order') as calls_law_and_order,
        count(*) filter (where category = 'other_essentials') as calls_other_essentials,
        count(*) filter (where category = 'movement_pass') as calls_movement_pass,
        count(*) filter (where category = 'relief_fund') as calls_relief_fund,
        count(*) filter (where category = 'migrant_registration') as calls_migrant_registration,
        count(*) filter (where category = 'general_enquiry') as calls_general_enquiry,
        count(*) filter (where is_resolved) as calls_resolved,
        count(*) filter (where is_food_request) as food_requests,
        count(*) filter (where is_food_within_2h) as food_within_2h,
        count(*) filter (where is_resolved and feedback_rating is not null) as resolved_with_rating,
        count(feedback_rating) as ratings,
        coalesce(sum(feedback_rating), 0) as rating_points
    from calls
    group by district, day
)

select
    district,
    day,
    calls_received,
    calls_food_not_received,
    calls_covid_prevention,
    calls_ration,
    calls_law_and_order,
    calls_other_essentials,
    calls_movement_pass,
    calls_relief_fund,
    calls_migrant_registration,
    calls_general_enquiry,
    calls_resolved,
    food_requests,
    food_within_2h,
    resolved_with_rating,
    ratings,
    rating_points
from final
order by district, day
