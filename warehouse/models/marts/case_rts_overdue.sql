-- case_rts_overdue: the RTS applications pending past their notified timeline at the as-of date
-- (int_service_transactions_scored.is_overdue_pending), one row each, in case_list's columns (see
-- case_list.sql) but for the kind and place type, which case_list names per table, and the days
-- overdue, which it works out.
-- key: record_id (the token number). Partitioned by opened_on, the token day: rebuilt from
-- the first day staging or a moved as-of date changed (warehouse/partitioned_build.py).
-- Reads int_service_transactions_scored.
with

rts as (
    select
        token_no,
        district,
        department,
        centre,
        service,
        status,
        day,
        due_on
    from int_service_transactions_scored
    where is_overdue_pending
),

final as (
    select
        record_prefix(token_no) as record_prefix,
        record_number(token_no) as record_number,
        record_digits(token_no) as record_digits,
        district,
        shown_text(department) as department,
        shown_text(centre) as place,
        shown_text(service) as detail,
        status,
        day as opened_on,
        due_on,
        null::date as last_action_on,
        null::date as closed_on
    from rts
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
