"""A small warehouse with the marts' contract shapes, built without the pipeline.

Deterministic synthetic numbers (a hash of district, KPI and day), rolled up the way the
contract says (sums of numerators and denominators, never means of rates), with the state
row 'Haryana'. Used while the marts are being written, and to keep the dashboard tests fast.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.publication import publish_snapshot
from warehouse.districts import district_names
from warehouse.sources import HELPLINE_CATEGORIES

FIRST_DAY = "2020-04-01"
LAST_DAY = "2020-05-31"

RATE_KPIS = (
    "call_resolution_rate",
    "food_within_2h_rate",
    "feedback_coverage",
    "pass_approval_rate",
    "relief_disbursal_coverage",
    "migrant_dispatch_rate",
    "rts_on_time_rate",
    "sms_coverage",
    "grievance_disposal_rate",
    "appointment_slot_24h_rate",
    "eoffice_electronic_share",
)
COUNT_KPIS = ("pass_applications", "relief_eligible", "grievance_pending_over_30d")


def build_fixture_warehouse(warehouse: Path) -> Path:
    """Write the fixture warehouse at ``warehouse`` and publish its snapshot; returns the path."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse))
    try:
        _build(con)
    finally:
        con.close()
    publish_snapshot(warehouse)
    return warehouse


def _build(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "create or replace table ref_district as select unnest(?::varchar[]) as district",
        [district_names()],
    )
    con.execute(
        "create or replace table ref_day as select cast(unnest(generate_series(cast(? as date), "
        "cast(? as date), interval 1 day)) as date) as day",
        [FIRST_DAY, LAST_DAY],
    )
    con.execute(
        "create or replace table ref_category as select unnest(?::varchar[]) as category",
        [list(HELPLINE_CATEGORIES)],
    )
    # Deterministic pseudo-random fractions in [0, 1).
    con.execute("create or replace macro frac(s) as (hash(s) % 10000) / 10000.0")
    con.execute(
        """
        create or replace table kpi_daily as
        with calls_by_category as (
          select d.district, day, category,
                 cast(5 + floor(frac(d.district || category) * 40 + frac(d.district || category || day) * 10) as double) as n
          from ref_district d, ref_day, ref_category
        ), calls as (
          select district, day, sum(n) as n from calls_by_category group by all
        ), rates as (
          select d.district, day, k.kpi,
                 cast(20 + floor(frac(d.district || k.kpi || day) * 80) as double) as den,
                 least(0.98, 0.25 + frac(d.district || k.kpi) * 0.6 + frac(k.kpi || day) * 0.1) as p
          from ref_district d, ref_day, (select unnest(?::varchar[]) as kpi) k
        ), counts as (
          select d.district, day, k.kpi,
                 cast(10 + floor(frac(d.district || k.kpi || day) * 300) as double) as n
          from ref_district d, ref_day, (select unnest(?::varchar[]) as kpi) k
        )
        select district, day, 'calls_received' as kpi, n as numerator, cast(null as double) as denominator from calls
        union all
        select c.district, c.day, 'call_category_share.' || category, c.n, t.n
        from calls_by_category c join calls t using (district, day)
        union all
        select district, day, kpi, floor(den * p), den from rates
        union all
        select district, day, kpi, n, null from counts
        union all
        select district, day, 'relief_amount_disbursed', 1000 * (50 + floor(frac(district || 'amt' || day) * 400)), null
        from ref_district, ref_day
        union all
        select district, day, 'rts_score',
               t * (3 + floor(frac(district || 'rts') * 6) + frac(district || 'rts' || day)), t
        from (select district, day, cast(40 + floor(frac(district || 'tx' || day) * 60) as double) as t
              from ref_district, ref_day)
        """,
        [list(RATE_KPIS), list(COUNT_KPIS)],
    )
    con.execute(
        """
        create or replace table kpi_values as
        with with_state as (
          select district, day, kpi, numerator, denominator from kpi_daily
          union all
          select 'Haryana', day, kpi, sum(numerator), sum(denominator) from kpi_daily group by day, kpi
        ), periods as (
          select district, day as period_start, 'day' as grain, kpi, numerator, denominator from with_state
          union all
          select district, cast(date_trunc('week', day) as date), 'week', kpi, numerator, denominator from with_state
          union all
          select district, cast(date_trunc('month', day) as date), 'month', kpi, numerator, denominator from with_state
          union all
          select district, cast(? as date), 'total', kpi, numerator, denominator from with_state
        )
        select district, period_start, grain, kpi, sum(numerator) as numerator,
               sum(denominator) as denominator,
               case when sum(denominator) is null then sum(numerator)
                    else sum(numerator) / nullif(sum(denominator), 0) end as value
        from periods group by district, period_start, grain, kpi
        """,
        [FIRST_DAY],
    )
    con.execute(
        """
        create or replace table kpi_scorecard_components as
        with v as (
          select grain, period_start, district, kpi, value from kpi_values
          where grain in ('month', 'total') and district <> 'Haryana' and kpi = any(?::varchar[])
        )
        select grain, period_start, district, kpi, value,
               100 * (value - min(value) over w) / nullif(max(value) over w - min(value) over w, 0) as scaled_score,
               1.0 as weight, 'higher' as direction
        from v window w as (partition by grain, period_start, kpi)
        """,
        [list(RATE_KPIS)],
    )
    con.execute(
        """
        create or replace table kpi_scorecard as
        with idx as (
          select grain, period_start, district, avg(scaled_score) as composite_index,
                 count(scaled_score) as kpis_scored, count(*) as kpis_total
          from kpi_scorecard_components group by all
        ), ranked as (
          select *, rank() over (partition by grain, period_start order by composite_index desc) as composite_rank
          from idx
        ), prev as (
          select r.*, case when r.grain = 'month' then lag(composite_rank) over (partition by grain, district order by period_start) end as previous_rank
          from ranked as r
        )
        select grain, period_start,
               case when grain = 'month' then strftime(period_start, '%Y-%m') else 'total' end as period,
               district, composite_index, composite_rank, previous_rank,
               previous_rank - composite_rank as rank_change, kpis_scored, kpis_total,
               cast(kpis_scored as double) as weight_scored, '' as kpis_missing
        from prev
        """
    )
    con.execute(
        """
        insert into kpi_values
        select district, period_start, grain, 'composite_index', null, null, composite_index from kpi_scorecard
        union all
        select district, period_start, grain, 'composite_rank', null, null, composite_rank from kpi_scorecard
        """
    )
    con.execute(
        """
        create or replace table kpi_service_centres_monthly as
        with base as (
          select district, district || ' SARAL ' || c as centre,
                 case when c = 1 then 'SARAL' else 'Atal Seva Kendra' end as centre_type,
                 dept as department, cast(m as date) as month,
                 cast(100 + floor(frac(district || c || dept || m) * 400) as bigint) as transactions,
                 4 + frac(district || dept) * 5 as score,
                 cast(80 + floor(frac(district || dept || m) * 100) as bigint) as delivered
          from ref_district, (select unnest([1, 2]) as c),
               (select unnest(['Revenue', 'Transport', 'Social Justice']) as dept),
               (select unnest(['2020-04-01', '2020-05-01']) as m)
        )
        select district, centre, centre_type, department, month, transactions,
               cast(floor(transactions * score) as bigint) as rts_points, transactions as rts_scored,
               delivered, delivered as delivered_with_timeline,
               cast(floor(delivered * (0.6 + frac(district || department) * 0.35)) as bigint) as on_time,
               cast(floor(frac(district || 'od' || department || month) * 30) as bigint) as overdue_pending,
               transactions as completed, cast(floor(transactions * 0.9) as bigint) as sms_sent
        from base
        """
    )
    con.execute(
        """
        create or replace table kpi_service_wait_histogram as
        select district, cast(m as date) as month,
               case when b > 120 then 120 else b - 5 end as bucket_lower_min,
               case when b > 120 then null else b end as bucket_upper_min,
               b > 120 as is_overflow,
               case when b <= 30 then 10 when b <= 45 then 5 else 0 end as rts_points,
               cast(floor(1000 * exp(-b / (15 + frac(district) * 20)) * (0.5 + frac(district || b || m))) as bigint) as transactions
        from ref_district, (select unnest(generate_series(5, 125, 5)) as b),
             (select unnest(['2020-04-01', '2020-05-01']) as m)
        """
    )
    con.execute(
        """
        create or replace table kpi_funnels as
        with steps as (
          select district, 'passes' as funnel, 1 as step_order, 'applied' as step,
                 cast(case when district = 'Jhajjar' then 28629 else 5000 + floor(frac(district || 'pa') * 20000) end as bigint) as records
          from ref_district
          union all
          select district, 'passes', 2, 'decided',
                 cast(case when district = 'Jhajjar' then 20000 else 4000 + floor(frac(district || 'pd') * 1000) end as bigint)
          from ref_district
          union all
          select district, 'passes', 3, 'approved',
                 cast(case when district = 'Jhajjar' then 8304 else 2000 + floor(frac(district || 'pi') * 1000) end as bigint)
          from ref_district
          union all
          select district, 'relief', 1, 'registered', cast(9000 + floor(frac(district || 'rr') * 1000) as bigint) from ref_district
          union all
          select district, 'relief', 2, 'eligible',
                 cast(case when district = 'Jhajjar' then 5120 else 3000 + floor(frac(district || 're') * 5000) end as bigint)
          from ref_district
          union all
          select district, 'relief', 3, 'paid',
                 cast(case when district = 'Jhajjar' then 3164 else 1500 + floor(frac(district || 'rp') * 1500) end as bigint)
          from ref_district
        ), with_state as (
          select * from steps
          union all
          select 'Haryana', funnel, step_order, step, sum(records) from steps group by all
        )
        select district, funnel, step_order, step, cast(records as bigint) as records,
               records / nullif(first_value(records) over (partition by district, funnel order by step_order), 0) as share_of_first
        from with_state
        """
    )
    con.execute(
        """
        create or replace table kpi_grievances_monthly as
        select district, ch as channel, dept as department, cast(m as date) as month,
               cast(20 + floor(frac(district || ch || dept || m) * 80) as bigint) as received,
               cast(10 + floor(frac(district || ch || dept || m || 'd') * 10) as bigint) as disposed,
               cast(1 as bigint) as rejected,
               cast(5 as bigint) as pending,
               cast(floor(frac(district || ch || dept || m || 'p') * 5) as bigint) as pending_over_30d
        from ref_district, (select unnest(['cm_window', 'smgt', 'cpgrams']) as ch),
             (select unnest(['Revenue', 'Police']) as dept), (select unnest(['2020-04-01', '2020-05-01']) as m)
        """
    )
    con.execute(
        """
        create or replace table kpi_source_freshness as
        select s as source, district, cast(1000 as bigint) as records, cast(? as date) as first_event_day,
               cast(cast(? as date) - cast(floor(frac(s || district) * 4) as integer) as date) as last_event_day,
               timestamp '2020-06-01 05:00:00' as last_exported_at,
               timestamp '2020-06-01 06:00:00' as last_loaded_at
        from ref_district, (select unnest(['helpline_calls', 'movement_passes', 'service_transactions', 'grievances']) as s)
        """,
        [FIRST_DAY, LAST_DAY],
    )
    con.execute(
        """
        create or replace table kpi_quarantine_summary as
        select * from (values
          ('helpline_calls', 'unknown district', 'helpline_calls/2020-05.csv', 12, 'district'),
          ('helpline_calls', 'unparseable date', 'helpline_calls/2020-05.csv', 3, 'call_received_at'),
          ('movement_passes', 'unknown district', 'movement_passes/passes.xlsx', 5, 'district')
        ) as t(source, reason, file, rows, columns)
        """
    )
    con.execute(
        """
        create or replace table dq_results as
        select * from (values
          ('run-1', 'helpline_calls', 'call_id_unique', 'blocking', false, 4, '4 duplicates', '[]', timestamp '2020-05-31 06:00:00'),
          ('run-2', 'helpline_calls', 'call_id_unique', 'blocking', true, 0, '0', '[]', timestamp '2020-06-01 06:00:00'),
          ('run-2', 'movement_passes', 'decided_after_applied', 'warning', false, 7, '7 rows', '[]', timestamp '2020-06-01 06:00:00'),
          ('run-2', 'grievances', 'channel_in_set', 'blocking', true, 0, '0', '[]', timestamp '2020-06-01 06:00:00')
        ) as t(run_id, source, expectation, severity, success, unexpected_count, observed_value, examples, validated_at)
        """
    )
    for table in ("ref_district", "ref_day", "ref_category"):
        con.execute(f"drop table {table}")
    con.execute("drop macro frac")
    con.execute("checkpoint")
