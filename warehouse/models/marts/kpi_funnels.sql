-- kpi_funnels: the pass and relief funnels per district (and 'Haryana'), whole period.
-- key: (district, funnel, step). Reads kpi_passes_daily, kpi_relief_daily.
-- passes: applied -> decided (approved or rejected) -> approved.
-- relief: registered -> eligible -> paid (eligible and paid at least once).
-- share_of_first = records / the funnel's first step (null when that is 0).
with

passes as (
    select
        district,
        sum(applications) as applied,
        sum(decided) as decided,
        sum(approved) as approved
    from kpi_passes_daily
    group by district
),

relief as (
    select
        district,
        sum(registered) as registered,
        sum(eligible) as eligible,
        sum(eligible_paid) as paid
    from kpi_relief_daily
    group by district
),

steps as (
    select p.district, k.funnel, k.step_order, k.step, k.records
    from passes as p
    cross join lateral (
        values
            ('passes', 1, 'applied', p.applied),
            ('passes', 2, 'decided', p.decided),
            ('passes', 3, 'approved', p.approved)
    ) as k (funnel, step_order, step, records)
    union all
    select r.district, k.funnel, k.step_order, k.step, k.records
    from relief as r
    cross join lateral (
        values
            ('relief', 1, 'registered', r.registered),
            ('relief', 2, 'eligible', r.eligible),
            ('relief', 3, 'paid', r.paid)
    ) as k (funnel, step_order, step, records)
),

with_state as (
    select district, funnel, step_order, step, records
    from steps
    union all
    select 'Haryana' as district, funnel, step_order, step, sum(records) as records
    from steps
    group by funnel, step_order, step
),

final as (
    select
        district,
        funnel,
        step_order,
        step,
        records::bigint as records,
        records / nullif(first_value(records) over (
            partition by district, funnel order by step_order
        ), 0) as share_of_first
    from with_state
)

select
    district,
    funnel,
    step_order,
    step,
    records,
    share_of_first
from final
order by district, funnel, step_order
