-- case_pass_pending: the movement-pass applications undecided more than 2 days after the
-- application day at the as-of date (int_movement_passes_decisions.is_overdue_pending), one row
-- each, in case_list's columns (see case_list.sql) but for the kind and place type, which
-- case_list names per table, and the days overdue, which it works out.
-- key: record_id (the application number). Built whole. Reads int_movement_passes_decisions.
with

passes as (
    select
        application_no,
        district,
        pass_type,
        status,
        day,
        due_on
    from int_movement_passes_decisions
    where is_overdue_pending
),

final as (
    select
        record_prefix(application_no) as record_prefix,
        record_number(application_no) as record_number,
        record_digits(application_no) as record_digits,
        district,
        null as department,
        null as place,
        shown_text(pass_type) as detail,
        status,
        day as opened_on,
        due_on,
        null::date as last_action_on,
        null::date as closed_on
    from passes
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
