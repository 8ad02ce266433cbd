-- int_relief_beneficiaries_paid: one row per relief beneficiary, with eligibility, first
-- payment and the days it took: the only place "paid at least once" is written.
-- key: beneficiary_id. Reads stg_relief_beneficiaries, int_relief_payments_disbursed.
-- Rules:
--   is_eligible: eligibility eligible; eligible_from: verified_on, else registered_on.
--   first_paid_on: the earliest disbursed payment of the beneficiary (joined on the hashed
--     beneficiary_id); is_eligible_paid: eligible and paid at least once.
--   days_to_first_payment: first_paid_on - eligible_from, eligible beneficiaries paid.
--   is_eligible_unpaid: eligible and never paid (eligible and not is_eligible_paid).
--     The scheme notifies no deadline for the first payment: every eligible family is
--     owed it from eligibility (the weekly payment normally comes within the first week),
--     so case_list counts the days unpaid from eligible_from to the as-of date.
with

beneficiaries as (
    select
        beneficiary_id,
        district,
        registered_on,
        eligibility,
        verified_on
    from stg_relief_beneficiaries
),

payments as (
    select
        beneficiary_id,
        paid_on
    from int_relief_payments_disbursed
    where is_disbursed
),

first_payments as (
    select
        beneficiary_id,
        min(paid_on) as first_paid_on
    from payments
    group by beneficiary_id
),

flagged as (
    select
        b.*,
        b.eligibility = 'eligible' as is_eligible,
        coalesce(b.verified_on, b.registered_on) as eligible_from,
        p.first_paid_on
    from beneficiaries as b
    left join first_payments as p on p.beneficiary_id = b.beneficiary_id
),

final as (
    select
        beneficiary_id,
        district,
        registered_on,
        registered_on as day,
        eligibility,
        is_eligible,
        eligible_from,
        first_paid_on,
        is_eligible and first_paid_on is not null as is_eligible_paid,
        case
            when is_eligible and first_paid_on is not null
                then (first_paid_on - eligible_from)::double
        end as days_to_first_payment,
        is_eligible and first_paid_on is null as is_eligible_unpaid
    from flagged
)

select
    beneficiary_id,
    district,
    registered_on,
    day,
    eligibility,
    is_eligible,
    eligible_from,
    first_paid_on,
    is_eligible_paid,
    days_to_first_payment,
    is_eligible_unpaid
from final
