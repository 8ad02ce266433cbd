-- kpi_control_room_daily: control-room staffing against demand, one row per district × day
-- (the hourly facts summed; kpi_daily turns them into the control-room KPIs).
-- key: (district, day). Reads kpi_control_room_hourly (where the rules are: measured days,
-- answered within 20 s, handle time, rostered operator-hours, Erlang C operators needed).
-- On a day that is not measured (older telephony) the call-based sums are null: empty.
--   hours_judged: hours of a measured day with an operators_needed (the denominator of the
--   mean operators needed); needed_operator_hours: their operators_needed summed;
--   understaffed_hours / overstaffed_hours: hours where rostered < / > needed.
with

hours as (
    select
        district,
        day,
        measured,
        calls_offered,
        calls_answered,
        calls_abandoned,
        answered_within_20s,
        handled_calls,
        handle_seconds,
        rostered_operator_hours,
        operators_needed,
        understaffed,
        overstaffed
    from kpi_control_room_hourly
),

final as (
    select
        district,
        day,
        bool_or(measured) as measured,
        sum(calls_offered) as calls_offered,
        sum(calls_answered) as calls_answered,
        sum(calls_abandoned) as calls_abandoned,
        sum(answered_within_20s) as answered_within_20s,
        sum(handled_calls) as handled_calls,
        sum(handle_seconds) as handle_seconds,
        sum(rostered_operator_hours) as rostered_operator_hours,
        count(operators_needed) as hours_judged,
        sum(operators_needed) as needed_operator_hours,
        count(*) filter (where understaffed) as understaffed_hours,
        count(*) filter (where overstaffed) as overstaffed_hours
    from hours
    group by district, day
)

select
    district,
    day,
    measured,
    calls_offered,
    calls_answered,
    calls_abandoned,
    answered_within_20s,
    handled_calls,
    handle_seconds,
    rostered_operator_hours,
    hours_judged,
    needed_operator_hours,
    understaffed_hours,
    overstaffed_hours
from final
order by district, day
