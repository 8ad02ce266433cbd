-- kpi_values_stored: what the view kpi_values stores, one row per district (and 'Haryana') ×
-- grain × period × KPI: every numerator and denominator, and only the values that are not
-- their ratio (medians, the composite index and rank). The view works out the ratios and the
-- Wilson intervals on read (kpi_values.sql says why).
-- key: (district, grain, period_start, kpi). Reads kpi_daily, kpi_medians, kpi_scorecard,
-- ref_districts. Rebuilt by period (warehouse/partitioned_build.py PERIOD_PARTITIONED): the
-- day, week and month rows from the period holding the first day kpi_daily or the medians'
-- durations changed, and every build the totals, relief's median (which payments of any day
-- move) and the composite (the scorecard is built whole).
-- grain: day | week (ISO week, period_start = Monday) | month | total (period_start = first
-- day of the data). Roll-ups sum numerators and denominators, never average rates.
-- value (worked out by the view): numerator / denominator, null when the denominator is 0;
-- for counts (null denominator) the numerator. Medians (kpi_medians) and the composite index
-- and rank (kpi_scorecard; month and total grains, districts only) carry only a value,
-- stored here; the value of every other row is stored as null.
-- Per capita (kind per_lakh): calls_per_lakh, pass_applications_per_lakh,
-- grievances_per_lakh, relief_eligible_per_lakh = the count of the period (numerator) per
-- lakh residents of Census 2011 (denominator = population_2011 / 100,000; the state's is the
-- sum over districts), rolled up as the count then divided, never summed per day.
-- complete / status: added by the view from kpi_period_status, which moves with the as-of
-- date while these rows do not.
with

daily as (
    select
        district,
        day,
        kpi,
        numerator,
        denominator
    from kpi_daily
),

first_day as (
    select min(day) as first_day
    from kpi_daily
),

rolled as (
    select
        district,
        'day' as grain,
        day as period_start,
        kpi,
        numerator,
        denominator
    from daily
    union all
    select
        district,
        'week' as grain,
        date_trunc('week', day)::date as period_start,
        kpi,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from daily
    group by all
    union all
    select
        district,
        'month' as grain,
        date_trunc('month', day)::date as period_start,
        kpi,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from daily
    group by all
    union all
    select
        d.district,
        'total' as grain,
        f.first_day as period_start,
        d.kpi,
        sum(d.numerator) as numerator,
        sum(d.denominator) as denominator
    from daily as d
    cross join first_day as f
    group by all
),

population as (
    select
        district,
        population_2011 / 100000.0 as lakhs
    from ref_districts
    union all
    select
        'Haryana' as district,
        sum(population_2011) / 100000.0 as lakhs
    from ref_districts
),

per_capita_kpis as (
    select kpi, per_lakh_kpi
    from per_capita_kpis()
),

per_capita as (
    select
        r.district,
        r.grain,
        r.period_start,
        k.per_lakh_kpi as kpi,
        r.numerator,
        p.lakhs as denominator,
        null::double as value
    from rolled as r
    inner join per_capita_kpis as k on k.kpi = r.kpi
    inner join population as p on p.district = r.district
),

additive as (
    select
        district,
        grain,
        period_start,
        kpi,
        numerator,
        denominator,
        null::double as value
    from rolled
),

medians as (
    select
        district,
        grain,
        period_start,
        kpi,
        null::double as numerator,
        null::double as denominator,
        value
    from kpi_medians
),

composite as (
    select
        s.district,
        s.grain,
        s.period_start,
        k.kpi,
        null::double as numerator,
        null::double as denominator,
        k.value
    from kpi_scorecard as s
    cross join lateral (
        values
            ('composite_index', s.composite_index),
            ('composite_rank', s.composite_rank::double)
    ) as k (kpi, value)
    where s.composite_index is not null
),

valued as (
    select district, grain, period_start, kpi, numerator, denominator, value from additive
    union all
    select district, grain, period_start, kpi, numerator, denominator, value from per_capita
    union all
    select district, grain, period_start, kpi, numerator, denominator, value from medians
    union all
    select district, grain, period_start, kpi, numerator, denominator, value from composite
),

final as (
    select
        district,
        period_start,
        grain,
        kpi,
        numerator,
        denominator,
        value
    from valued
)

select
    district,
    period_start,
    grain,
    kpi,
    numerator,
    denominator,
    value
from final
order by grain, district, period_start, kpi
