-- kpi_relief_daily: one row per district × day, where the day is a registration day
-- (registered_on: the cohort of beneficiaries registered that day) or a payment day (paid_on:
-- rupees disbursed that day), or both.
-- key: (district, day). Reads stg_relief_beneficiaries, stg_relief_payments.
-- "Paid at least once" = the beneficiary (joined on the hashed beneficiary_id) has any payment
-- with a paid_on date. A payment without paid_on is not disbursed. Registration columns use
-- the beneficiary's district; disbursement columns use the payment's district.
with

beneficiaries as (
    select
        beneficiary_id,
        district,
        registered_on,
        eligibility
    from stg_relief_beneficiaries
),

payments as (
    select
        beneficiary_id,
        district,
        amount,
        paid_on
    from stg_relief_payments
),

paid_beneficiaries as (
    select distinct beneficiary_id
    from payments
    where paid_on is not null
),

registrations as (
    select
        b.district,
        b.registered_on as day,
        count(*) as registered,
        count(*) filter (where b.eligibility = 'eligible') as eligible,
        count(*) filter (
            where b.eligibility = 'eligible' and p.beneficiary_id is not null
        ) as eligible_paid
    from beneficiaries as b
    left join paid_beneficiaries as p on p.beneficiary_id = b.beneficiary_id
    group by b.district, b.registered_on
),

disbursements as (
    select
        district,
        paid_on as day,
        count(*) as payments,
        sum(amount) as amount_disbursed
    from payments
    where paid_on is not null
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
