-- kpi_relief_daily: one row per district × day, where the day is a registration day
-- (registered_on: the cohort of beneficiaries registered that day) or a payment day (paid_on:
-- rupees disbursed that day), or both.
-- key: (district, day). Reads int_relief_beneficiaries_paid (eligible, paid at least once),
-- int_relief_payments_disbursed (a payment is disbursed when it has paid_on). Registration
-- columns use the beneficiary's district; disbursement columns use the payment's district.
with

beneficiaries as (
    select
        district,
        day,
        is_eligible,
        is_eligible_paid
    from int_relief_beneficiaries_paid
),

payments as (
    select
        district,
        paid_on,
        amount
    from int_relief_payments_disbursed
    where is_disbursed
),

registrations as (
    select
        district,
        day,
        count(*) as registered,
        count(*) filter (where is_eligible) as eligible,
        count(*) filter (where is_eligible_paid) as eligible_paid
    from beneficiaries
    group by district, day
),

disbursements as (
    select
        district,
        paid_on as day,
        count(*) as payments,
        sum(amount) as amount_disbursed
    from payments
    group by district, paid_on
),

final as (
    select
        coalesce(r.district, d.district) as district,
        coalesce(r.day, d.day) as day,
        coalesce(r.registered, 0) as registered,
        coalesce(r.eligible, 0) as eligible,
        coalesce(r.eligible_paid, 0) as eligible_paid,
        coalesce(d.payments, 0) as payments,
        coalesce(d.amount_disbursed, 0) as amount_disbursed
    from registrations as r
    full join disbursements as d on d.district = r.district and d.day = r.day
)

select
    district,
    day,
    registered,
    eligible,
    eligible_paid,
    payments,
    amount_disbursed
from final
order by district, day
