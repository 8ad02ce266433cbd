-- int_control_room_roster_hours: one row per roster shift × clock hour it covers, with the
-- operator-hours it puts into that hour: the only place the roster rules are written.
-- key: (shift_key, hour). Reads stg_control_room_roster.
-- Rules:
--   A shift covers [shift_start, shift_end): one that crosses midnight puts its later hours
--     on the next day. Overlapping shifts of one room add up (the marts sum them).
--   A shift counts for its first 24 hours at most: a longer one is a mistyped date (the
--     suite's shift_end_in_range warns about it), and no day is then owed operators by a
--     shift that started two days before (the partitioned build relies on it).
--   operator_hours: operators_on_duty × the share of the clock hour the shift covers (a
--     shift from 08:30 puts half an hour of each operator into 08:00-09:00).
--   The room is the district: calls to 1950 and to the district's own number reach it.
with

shifts as (
    select
        shift_key,
        district,
        shift_start,
        least(shift_end, shift_start + interval 24 hour) as shift_end,
        operators_on_duty
    from stg_control_room_roster
    where shift_end > shift_start
),

hours as (
    select
        shift_key,
        district,
        shift_start,
        shift_end,
        operators_on_duty,
        unnest(
            generate_series(
                date_trunc('hour', shift_start), shift_end - interval 1 microsecond, interval 1 hour
            )
        ) as hour
    from shifts
),

final as (
    select
        shift_key,
        district,
        hour,
        hour::date as day,
        operators_on_duty,
        operators_on_duty
            * epoch(least(shift_end, hour + interval 1 hour) - greatest(shift_start, hour))
            / 3600.0 as operator_hours
    from hours
)

select
    shift_key,
    district,
    hour,
    day,
    operators_on_duty,
    operator_hours
from final
