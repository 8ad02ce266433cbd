-- case_relief_unpaid: the eligible relief beneficiaries never paid at the as-of date
-- (int_relief_beneficiaries_paid.is_eligible_unpaid), one row each, in case_list's columns (see
-- case_list.sql) but for the kind and place type, which case_list names per table, and the days
-- overdue, which it works out from due_on, the day of eligibility (no deadline is notified for the
-- first payment: it is owed from then).
-- key: record_id, the first 12 hex characters of the keyed hash of the beneficiary id (the
-- contract keeps that id only hashed), kept whole in record_prefix: a hex id has no number
-- worth splitting off (warehouse/sql_macros.py). Built whole: a payment of any week takes its
-- beneficiary off the list. Reads int_relief_beneficiaries_paid.
with

relief as (
    select
        beneficiary_id,
        district,
        eligibility,
        eligible_from
    from int_relief_beneficiaries_paid
    where is_eligible_unpaid
),

final as (
    select
        left(beneficiary_id, 12) as record_prefix,
        null::bigint as record_number,
        0::utinyint as record_digits,
        district,
        null as department,
        null as place,
        null as detail,
        eligibility as status,
        eligible_from as opened_on,
        eligible_from as due_on,
        null::date as last_action_on,
        null::date as closed_on
    from relief
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
