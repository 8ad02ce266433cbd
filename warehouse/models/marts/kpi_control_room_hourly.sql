-- kpi_control_room_hourly: control-room staffing against demand, one row per district ×
-- clock hour in which a call came in or an operator was rostered.
-- key: (district, hour). Reads int_helpline_calls_flags (answered, abandoned, within 20 s,
-- handle time: the call rules are there), int_control_room_roster_hours (operator-hours:
-- the roster rules are there) and the build's operators_needed_80_20 (warehouse/erlang.py).
--   measured: the district's calls of that day carry the telephony columns. On a day that is
--     not measured (exports of older telephony) every call-based column below is null:
--     empty, not zero; calls_received still counts the calls.
--   calls_offered (measured calls received), calls_answered, calls_abandoned,
--   answered_within_20s, handled_calls (answered with a handle time), handle_seconds.
--   rostered_operator_hours: operators on duty over the hour, overlapping shifts added up
--     (the mean number on duty); 0 when no shift covers the hour.
--   erlang_handle_seconds: the mean handle time Erlang C is given: the hour's own; else the
--     district's that day; else all districts' that day (an hour whose every call was
--     abandoned has no handle time of its own).
--   operators_needed: the fewest operators for which Erlang C gives >= 80 % of calls answered
--     within 20 s at the hour's offered calls and that handle time; 0 for an hour without
--     calls, at least 1 for an hour with some. Null when not measured (or no handle time).
--   understaffed: rostered_operator_hours < operators_needed (a room with no roster at an
--     hour in which calls came is understaffed); overstaffed: rostered > needed (the usual
--     workforce-planning reading: more on duty than the 80/20 target asks for).
with

calls as (
    select
        district,
        hour,
        day,
        is_measured,
        is_answered,
        is_abandoned,
        is_answered_within_20s,
        handle_seconds
    from int_helpline_calls_flags
),

roster as (
    select
        district,
        hour,
        day,
        operator_hours
    from int_control_room_roster_hours
),

call_hours as (
    select
        district,
        hour,
        any_value(day) as day,
        count(*) as calls_received,
        count(*) filter (where is_measured) as calls_offered,
        count(*) filter (where is_answered) as calls_answered,
        count(*) filter (where is_abandoned) as calls_abandoned,
        count(*) filter (where is_answered_within_20s) as answered_within_20s,
        count(handle_seconds) as handled_calls,
        coalesce(sum(handle_seconds), 0) as handle_seconds
    from calls
    group by district, hour
),

roster_hours as (
    select
        district,
        hour,
        any_value(day) as day,
        sum(operator_hours) as rostered_operator_hours
    from roster
    group by district, hour
),

measured_days as (
    select
        district,
        day,
        sum(handle_seconds) / nullif(count(handle_seconds), 0) as district_day_handle_seconds
    from calls
    where is_measured
    group by district, day
),

state_days as (
    select
        day,
        sum(handle_seconds) / nullif(count(handle_seconds), 0) as state_day_handle_seconds
    from calls
    where is_measured
    group by day
),

hours as (
    select
        coalesce(c.district, r.district) as district,
        coalesce(c.hour, r.hour) as hour,
        coalesce(c.day, r.day) as day,
        coalesce(c.calls_received, 0) as calls_received,
        c.calls_offered,
        c.calls_answered,
        c.calls_abandoned,
        c.answered_within_20s,
        c.handled_calls,
        c.handle_seconds,
        coalesce(r.rostered_operator_hours, 0) as rostered_operator_hours
    from call_hours as c
    full outer join roster_hours as r on r.district = c.district and r.hour = c.hour
),

judged as (
    select
        h.district,
        h.hour,
        h.day,
        m.day is not null as measured,
        h.calls_received,
        case when m.day is not null then coalesce(h.calls_offered, 0) end as calls_offered,
        case when m.day is not null then coalesce(h.calls_answered, 0) end as calls_answered,
        case when m.day is not null then coalesce(h.calls_abandoned, 0) end as calls_abandoned,
        case
            when m.day is not null then coalesce(h.answered_within_20s, 0)
        end as answered_within_20s,
        case when m.day is not null then coalesce(h.handled_calls, 0) end as handled_calls,
        case when m.day is not null then coalesce(h.handle_seconds, 0) end as handle_seconds,
        h.rostered_operator_hours,
        case
            when m.day is not null then coalesce(
                h.handle_seconds / nullif(h.handled_calls, 0),
                m.district_day_handle_seconds,
                s.state_day_handle_seconds
            )
        end as erlang_handle_seconds
    from hours as h
    left join measured_days as m on m.district = h.district and m.day = h.day
    left join state_days as s on s.day = h.day
),

sized as (
    select
        *,
        case
            when measured and calls_offered = 0 then 0
            when measured then operators_needed_80_20(calls_offered, erlang_handle_seconds)
        end as operators_needed
    from judged
),

final as (
    select
        district,
        hour,
        day,
        date_trunc('month', day)::date as month,
        measured,
        calls_received,
        calls_offered,
        calls_answered,
        calls_abandoned,
        answered_within_20s,
        handled_calls,
        handle_seconds,
        rostered_operator_hours,
        erlang_handle_seconds,
        operators_needed,
        rostered_operator_hours < operators_needed as understaffed,
        rostered_operator_hours > operators_needed as overstaffed
    from sized
)

select
    district,
    hour,
    day,
    month,
    measured,
    calls_received,
    calls_offered,
    calls_answered,
    calls_abandoned,
    answered_within_20s,
    handled_calls,
    handle_seconds,
    rostered_operator_hours,
    erlang_handle_seconds,
    operators_needed,
    understaffed,
    overstaffed
from final
order by district, hour
