"""A test warehouse built the real way: hand-made stg_ rows -> warehouse.build.build_marts.

The staging tables are created by warehouse.schema.create_load_tables and filled with
deterministic synthetic records (a hash of district, day and row number) for the 22
districts over April-May 2020; the marts are then built by the project's own SQL, a few
dq_results and quarantine rows are added, and the snapshot is published. Jhajjar's pass
funnel is pinned to the published 28,629 applied / 8,304 issued.

For the fair comparisons (issue 16) the helpline export runs on to Tuesday 2 June while every
other source stops on Sunday 31 May: the week of 1 June and the month of June are partial,
the week of 25 May and May are the latest complete ones. Charkhi Dadri logs 20 helpline calls
and 20 grievances a month (days 3, 6, ..., 30, two a day) against ~360 calls elsewhere: its
call and grievance rates are "too few cases", so it is scored on 8 of 13 KPIs and not ranked.
Panipat has a quarantine burst in April only (40 of its 400 April helpline rows).
e-Office files (one a day per district) sit in three offices per district -- DIPRO on odd
days, the SDM office on the 10th and 20th, the DC office on the other even days; in April
all 30 of Jhajjar's are DIPRO's, the one office with enough files to be ranked -- over three
departments; the files of 2 and 9 April are never closed, so they are idle (the only
case-list e-Office records). Which office and department a file is in changes no KPI.
Every call carries the control room's telephony (answered or abandoned, ended 1-6 minutes
after it came in), and every room a roster of three eight-hour shifts of 1-3 operators.
Columns the marts do not write yet are added by tests.dashboards.fair_interface.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.publication import publish_snapshot
from tests.dashboards.fair_interface import add_fair_interface
from warehouse.districts import district_names
from warehouse.schema import create_load_tables

FIRST_DAY = "2020-04-01"
DAYS = 61  # to 31 May 2020

_LINEAGE = (
    "'test.csv' as _file, 1 as _line, 'hash' as _file_hash, "
    "timestamp '2020-06-01 05:00:00' as _exported_at, timestamp '2020-06-01 06:00:00' as _loaded_at"
)

_STAGING = {
    "stg_helpline_calls": f"""
        select 'C' || district || day || i as call_id, district,
               day + to_minutes(cast(f(district || day || i) * 1000 as integer)) as call_received_at,
               '1950' as helpline,
               ['food_not_received', 'covid_prevention', 'ration', 'law_and_order', 'other_essentials',
                'movement_pass', 'relief_fund', 'migrant_registration', 'general_enquiry']
                 [1 + least(8, cast(floor(pow(f(district || day || i || 'c'), 0.6 + f(district || 'mix')) * 9) as integer))] as category,
               case when f(district || day || i || 's') < 0.4 + f(district) * 0.5 then 'resolved' else 'open' end as status,
               case when f(district || day || i || 's') < 0.4 + f(district) * 0.5
                    then day + to_minutes(cast(f(district || day || i) * 1000 as integer) + 60 + cast(f(i || day) * 600 as integer)) end as resolved_at,
               'op1' as operator_id,
               case when f(district || i || day || 'r') < 0.5 then 1 + cast(floor(f(i || district) * 5) as integer) end as feedback_rating,
               day + to_minutes(cast(f(district || day || i) * 1000 as integer) + cast(f(district || i) * 200 + 30 as integer)) as food_delivered_at,
               case when f(district || day || i || 'ab') >= 0.06 + f(district || 'ab') * 0.1
                    then day + to_minutes(cast(f(district || day || i) * 1000 as integer))
                         + to_seconds(cast(f(district || day || i || 'q') * (10 + f(district || 'q') * 40) as integer)) end as answered_at,
               day + to_minutes(cast(f(district || day || i) * 1000 as integer))
                   + to_seconds(60 + cast(f(district || day || i || 'h') * 300 as integer)) as call_ended_at,
               f(district || day || i || 'ab') < 0.06 + f(district || 'ab') * 0.1 as abandoned,
               {_LINEAGE}
        from grid_calls
    """,
    # Three eight-hour shifts a day in every room (the night one crossing no midnight here),
    # with 1-3 operators on each, so some rooms are short at their busiest hours.
    "stg_control_room_roster": f"""
        select district || '|1950|' || cast(day + to_hours(8 * i) as varchar) as shift_key,
               district, '1950' as helpline,
               day + to_hours(8 * i) as shift_start, day + to_hours(8 * i + 8) as shift_end,
               1 + cast(floor(f(district || i || 'ops') * 3) as integer) as operators_on_duty,
               {_LINEAGE}
        from grid(3)
    """,
    "stg_movement_passes": f"""
        select 'P' || district || day || i as application_no, district,
               day + interval 9 hour as applied_on, 'individual' as pass_type,
               case when district = 'Jhajjar' and i < 136 then 'approved'
                    when district = 'Jhajjar' then case when i <= 330 then 'rejected' else 'pending' end
                    when f(district || day || i) < 0.2 + f(district || 'p') * 0.6 then 'approved'
                    when f(district || day || i) < 0.9 then 'rejected' else 'pending' end as status,
               day + interval 30 hour as decision_on,
               {_LINEAGE}
        from grid_passes
    """,
    "stg_relief_beneficiaries": f"""
        select 'B' || district || day || i as beneficiary_id, district, day as registered_on,
               case when f(district || day || i) < 0.8 then 'eligible' else 'not_eligible' end as eligibility,
               least(date '2020-05-31', day + 2) as verified_on,
               {_LINEAGE}
        from grid(3)
    """,
    "stg_relief_payments": f"""
        select 'R' || beneficiary_id as payment_id, beneficiary_id, district,
               least(date '2020-06-01', cast(date_trunc('week', registered_on) as date) + 7) as week_starting, 1000.0 as amount,
               least(date '2020-05-31', registered_on + 5 + cast(f(beneficiary_id) * 10 as integer)) as paid_on, 'dbt' as mode,
               {_LINEAGE}
        from stg_relief_beneficiaries
        where eligibility = 'eligible' and f(beneficiary_id || district) < 0.3 + f(district || 'rel') * 0.6
    """,
    "stg_migrant_registrations": f"""
        select 'M' || district || day || i as registration_no, district, day as registered_on,
               'Bihar' as home_state,
               case when f(district || day || i) < 0.3 + f(district || 'm') * 0.6 then 'dispatched' else 'registered' end as status,
               case when f(district || day || i) < 0.3 + f(district || 'm') * 0.6 then least(date '2020-05-31', day + 3) end as dispatched_on,
               'train' as mode,
               {_LINEAGE}
        from grid(2)
    """,
    "stg_service_transactions": f"""
        select 'T' || district || day || i as token_no, district,
               district || ' SARAL ' || (1 + i % 2) as centre,
               case when i % 2 = 0 then 'saral_kendra' else 'atal_seva_kendra' end as centre_type,
               ['Revenue', 'Transport', 'Social Justice'][1 + i % 3] as department, 'certificate' as service,
               day + interval 10 hour as token_issued_at,
               day + interval 10 hour + to_minutes(5 + cast(f(district || day || i) * (20 + f(district || 'w') * 60) as integer)) as service_completed_at,
               7 as rts_timeline_days,
               case when f(district || i || day) < 0.85 then least(date '2020-05-31', day + cast(f(district || 'ot' || i) * 12 as integer)) end as delivered_on,
               case when f(district || i || day) < 0.85 then 'delivered' else 'pending' end as status,
               f(district || i || 'sms') < 0.9 as sms_sent,
               4 as feedback_rating,
               {_LINEAGE}
        from grid(6)
    """,
    "stg_grievances": f"""
        select 'G' || district || day || i as grievance_no,
               ['cm_window', 'smgt', 'cpgrams'][1 + i % 3] as channel, district,
               ['Revenue', 'Police'][1 + i % 2] as department,
               day + interval 11 hour as received_on,
               case when f(district || day || i) < 0.4 + f(district || 'g') * 0.5 then 'disposed' else 'pending' end as status,
               case when f(district || day || i) < 0.4 + f(district || 'g') * 0.5 then least(timestamp '2020-05-31 18:00:00', day + interval 200 hour) end as disposed_on,
               4 as citizen_rating,
               {_LINEAGE}
        from grid(2)
        where district <> 'Charkhi Dadri' or (day(day) % 3 = 0 and day(day) <= 30)
    """,
    "stg_appointments": f"""
        select 'A' || district || day || i as request_id, district, 'dc' as officer_level,
               day + interval 9 hour as requested_at,
               day + interval 9 hour + to_hours(cast(f(district || day || i) * (30 + f(district || 'a') * 40) as integer)) as slot_communicated_at,
               least(timestamp '2020-05-31 18:00:00', day + interval 72 hour) as meeting_at, 'scheduled' as status,
               {_LINEAGE}
        from grid(1)
    """,
    "stg_eoffice_files": f"""
        select 'F' || district || day || i as file_no, district,
               case when district = 'Jhajjar' and month(day) = 4 then 'DIPRO Office Jhajjar'
                    when day(day) in (10, 20) then 'SDM Office ' || district
                    when day(day) % 2 = 1 then 'DIPRO Office ' || district
                    else 'DC Office ' || district end as office,
               ['Revenue', 'Social Justice', 'General Administration'][1 + day(day) % 3] as department,
               day as created_on,
               case when f(district || day || i) < 0.3 + f(district || 'e') * 0.6 then 'electronic' else 'physical' end as mode,
               3 as movements, least(date '2020-05-31', day + 4) as last_movement_on,
               case when day not in (date '2020-04-02', date '2020-04-09') then least(date '2020-05-31', day + 9) end as closed_on,
               {_LINEAGE}
        from grid(1)
    """,
}


def build_stg_warehouse(warehouse: Path) -> Path:
    """Write the warehouse at ``warehouse`` with real marts and publish its snapshot."""
    from warehouse.build import build_marts
    from warehouse.schema import create_dq_results

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse))
    try:
        create_load_tables(con)
        con.execute("create or replace macro f(s) as (hash(s) % 10007) / 10007.0")
        con.execute(
            "create or replace temp table t_district as select unnest(?::varchar[]) as district",
            [district_names()],
        )
        con.execute(
            "create or replace temp table t_day as "
            "select cast(? as date) + cast(d as integer) as day from range(?) as r(d)",
            [FIRST_DAY, DAYS],
        )
        con.execute(
            "create or replace macro grid(n) as table "
            "select district, day, i from t_district, t_day, range(n) as r(i)"
        )
        # Jhajjar's passes: 28,629 applied and 8,304 approved over the period (the published
        # figures); other districts a few hundred a day.
        con.execute(
            """
            create or replace temp table grid_passes as
            select district, day, i from t_district, t_day, range(200) as r(i) where district <> 'Jhajjar'
            union all
            select 'Jhajjar', day, i from t_day, range(470) as r(i)
            where (day - date '2020-04-01') * 470 + i < 28629
            """
        )
        # Helpline calls: 12 a day, on to 2 June; Charkhi Dadri 2 a day every third day.
        con.execute(
            """
            create or replace temp table grid_calls as
            select district, day, i from t_district,
                (select day from t_day union all select date '2020-06-01' union all
                 select date '2020-06-02') as d, range(12) as r(i)
            where district <> 'Charkhi Dadri'
               or (i < 2 and day(day) % 3 = 0 and day(day) <= 30 and day <= date '2020-05-31')
            """
        )
        for table, select in _STAGING.items():  # staged records: versions flagged newest
            con.execute(
                f"insert into {table}_versions by name select *, true as _newest from ({select})"
            )
        # Jhajjar approvals pinned to 8,304: 136 a day over 61 days is 8,296, plus 8 more.
        con.execute(
            "update stg_movement_passes_versions set status = 'approved' where application_no in "
            "(select application_no from stg_movement_passes where district = 'Jhajjar' "
            "and status = 'rejected' order by application_no limit 8)"
        )
        con.execute(
            """
            insert into quarantine (source, file, line, reason, column_name, detail, run_id, quarantined_at)
            values ('helpline_calls', 'helpline_calls/2020-05.csv', 12, 'unknown district', 'district', 'Mumbai', 'run-2', now()),
                   ('helpline_calls', 'helpline_calls/2020-05.csv', 40, 'unparseable date', 'call_received_at', '31/31/2020', 'run-2', now()),
                   ('movement_passes', 'movement_passes/passes.xlsx', 7, 'unknown district', 'district', 'Delhi', 'run-2', now())
            """
        )
        # A quarantine burst in one month only: 40 of Panipat's April helpline rows (40 of
        # 400 = 10 %, above quarantine_share_max 5 %); none in May.
        con.execute(
            """
            insert into quarantine (source, file, line, record_id, reason, column_name, detail,
                run_id, quarantined_at, district, event_day)
            select 'helpline_calls', 'helpline_calls/2020-04.csv', 100 + i, 'CQ' || i,
                'unparseable number', 'feedback_rating', 'n/a', 'run-2', now(), 'Panipat',
                date '2020-04-15'
            from range(40) as r(i)
            """
        )
        create_dq_results(con)
        con.execute(
            """
            insert into dq_results (run_id, source, expectation, severity, success,
              unexpected_count, observed_value, examples, validated_at) values
              ('run-1', 'helpline_calls', 'call_id_unique', 'blocking', false, 4, '4', '[]', timestamp '2020-05-31 06:00:00'),
              ('run-2', 'helpline_calls', 'call_id_unique', 'blocking', true, 0, '0', '[]', timestamp '2020-06-01 06:00:00'),
              ('run-2', 'movement_passes', 'decided_after_applied', 'warning', false, 7, '7', '[]', timestamp '2020-06-01 06:00:00'),
              ('run-2', 'grievances', 'channel_in_set', 'blocking', true, 0, '0', '[]', timestamp '2020-06-01 06:00:00')
            """
        )
        build_marts(con)
        add_fair_interface(con)
        con.execute("drop macro table grid")
        con.execute("drop macro f")
        con.execute("checkpoint")
    finally:
        con.close()
    publish_snapshot(warehouse)
    return warehouse
