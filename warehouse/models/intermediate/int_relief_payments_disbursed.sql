-- int_relief_payments_disbursed: one row per relief payment, flagged disbursed or not.
-- key: payment_id. Reads stg_relief_payments.
-- Rule: a payment is disbursed when it has a paid_on date (a payment without paid_on is
-- recorded but not yet disbursed).
with

payments as (
    select
        payment_id,
        beneficiary_id,
        district,
        amount,
        paid_on
    from stg_relief_payments
),

final as (
    select
        payment_id,
        beneficiary_id,
        district,
        amount,
        paid_on,
        paid_on is not null as is_disbursed
    from payments
)

select
    payment_id,
    beneficiary_id,
    district,
    amount,
    paid_on,
    is_disbursed
from final
