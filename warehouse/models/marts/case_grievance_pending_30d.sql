-- case_grievance_pending_30d: the grievances pending over 30 days at the as-of date
-- (int_grievances_status.is_pending_over_30d), one row each, in case_list's columns (see
-- case_list.sql) but for the kind and place type, which case_list names per table, and the days
-- overdue, which it works out.
-- key: record_id (the grievance number). Partitioned by opened_on, the day received: rebuilt
-- from the first day staging or a moved as-of date changed (warehouse/partitioned_build.py).
-- Reads int_grievances_status.
with

grievances as (
    select
        grievance_no,
        district,
        department,
        channel,
        status,
        day,
        due_on
    from int_grievances_status
    where is_pending_over_30d
),

final as (
    select
        record_prefix(grievance_no) as record_prefix,
        record_number(grievance_no) as record_number,
        record_digits(grievance_no) as record_digits,
        district,
        shown_text(department) as department,
        shown_text(channel) as place,
        null as detail,
        status,
        day as opened_on,
        due_on,
        null::date as last_action_on,
        null::date as closed_on
    from grievances
)

select
    record_prefix,
    record_number,
    record_digits,
    district,
    department,
    place,
    detail,
    status,
    opened_on,
    due_on,
    last_action_on,
    closed_on
from final
order by record_prefix, record_number
