-- case_eoffice_idle: the open e-Office files with no movement for more than 30 days at the as-of
-- date (int_eoffice_files_flags.is_idle), one row each, in case_list's columns (see case_list.sql)
-- but for the kind and place type, which case_list names per table, and the days overdue, which it
-- works out.
-- key: record_id (the file number). Built whole: a file created long ago falls idle as the
-- as-of date moves. Reads int_eoffice_files_flags.
with

files as (
    select
        file_no,
        district,
        office,
        department,
        created_on,
        last_movement_on,
        due_on
    from int_eoffice_files_flags
    where is_idle
),

final as (
    select
        record_prefix(file_no) as record_prefix,
        record_number(file_no) as record_number,
        record_digits(file_no) as record_digits,
        district,
        shown_text(department) as department,
        shown_text(office) as place,
        null as detail,
        null as status,
        created_on as opened_on,
        due_on,
        last_movement_on as last_action_on,
        null::date as closed_on
    from files
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
