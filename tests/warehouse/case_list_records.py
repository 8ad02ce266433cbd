"""Hand-made staged records that give every case list its boundaries, judged as of 1 July
2020 (days overdue 0, 1, 7/8, 30/31, 90/91; a slot at exactly 24 hours; a grievance pending
exactly 30 days), with the expected rows worked by hand beside each record; and the counts
the lists must equal: the KPI numerators they explain, read from kpi_values.
Shared by test_case_lists.py and test_case_list_command.py.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.warehouse.conftest import MiniWarehouse, day, ts
from warehouse.case_kinds import CASE_KINDS
from warehouse.snapshot import connect_snapshot

AS_OF = day("2020-07-01")
J, H = "Jhajjar", "Hisar"


def keyed(text: str) -> str:
    """Stands in for the HMAC that ingestion writes for a personal identifier."""
    return hashlib.sha256(text.encode()).hexdigest()


HASHED_DEPARTMENT = keyed("9876543210")  # a phone number typed into Department, hashed


def published_cases(wh: MiniWarehouse) -> Path:
    """``wh`` with the hand-made records, built as of AS_OF and published; the warehouse."""
    # Counter transactions, timeline 1 day: due the day after the token; pending unless said.
    for token, district, issued, timeline, status in (
        ("ST-d1", J, "2020-06-29 10:00", 1, "pending"),  # due 30 Jun: 1 day ('0-7')
        ("ST-d7", J, "2020-06-23 10:00", 1, "pending"),  # due 24 Jun: 7 ('0-7')
        ("ST-d8", J, "2020-06-22 10:00", 1, "pending"),  # due 23 Jun: 8 ('8-30')
        ("ST-d30", J, "2020-05-31 10:00", 1, "pending"),  # due 1 Jun: 30 ('8-30')
        ("ST-d31", J, "2020-05-30 10:00", 1, "pending"),  # due 31 May: 31 ('31-90')
        ("ST-d90", J, "2020-04-01 10:00", 1, "pending"),  # due 2 Apr: 90 ('31-90')
        ("ST-d91", J, "2020-03-31 10:00", 1, "pending"),  # due 1 Apr: 91 ('>90')
        ("ST-due", J, "2020-06-30 10:00", 1, "pending"),  # due 1 Jul = as-of: not overdue
        ("ST-done", J, "2020-03-31 10:00", 1, "delivered"),  # delivered: no case
        ("ST-none", J, "2020-03-31 10:00", None, "pending"),  # no timeline: never overdue
        ("ST-h20", H, "2020-06-01 10:00", 10, "pending"),  # due 11 Jun: 20 ('8-30')
    ):
        wh.add(
            "service_transactions",
            token_no=token,
            district=district,
            centre=f"SARAL {district}",
            centre_type="saral_kendra",
            department="Revenue",
            service="Income certificate",
            token_issued_at=ts(issued),
            rts_timeline_days=timeline,
            status=status,
            delivered_on=day("2020-04-01") if status == "delivered" else None,
        )
    for number, district, channel, received, status in (
        ("GR-j31", J, "cm_window", "2020-05-31 18:00", "pending"),  # 31 days: due 30 Jun, 1
        ("GR-j30", J, "cm_window", "2020-06-01 09:00", "pending"),  # exactly 30: no case
        ("GR-j91", J, "smgt", "2020-04-01 09:00", "reopened"),  # 91 days: due 1 May, 61
        ("GR-done", J, "smgt", "2020-03-01 09:00", "disposed"),  # disposed: no case
        ("GR-h122", H, "cpgrams", "2020-03-01 09:00", "pending"),  # 122: due 31 Mar, 92
    ):
        wh.add(
            "grievances",
            grievance_no=number,
            channel=channel,
            district=district,
            department="Police",
            received_on=ts(received),
            status=status,
            disposed_on=ts("2020-03-20 09:00") if status == "disposed" else None,
        )
    for request, district, requested, slot, status in (
        ("AP-j0", J, "2020-06-30 10:00", None, "pending"),  # 24 h ran out 1 Jul: 0 days
        ("AP-today", J, "2020-07-01 09:00", None, "pending"),  # as-of day: not judged yet
        ("AP-late", J, "2020-06-20 10:00", "2020-06-25 12:00", "scheduled"),  # due 21: 4
        ("AP-24h", J, "2020-06-20 10:00", "2020-06-21 10:00", "completed"),  # exactly 24 h
        ("AP-h60", H, "2020-05-01 10:00", None, "cancelled"),  # due 2 May: 60 days
    ):
        wh.add(
            "appointments",
            request_id=request,
            district=district,
            officer_level="dc",
            requested_at=ts(requested),
            slot_communicated_at=ts(slot) if slot else None,
            status=status,
        )
    for name, district, eligibility, registered, verified in (
        ("ben-j26", J, "eligible", "2020-06-01", "2020-06-05"),  # eligible 5 Jun: 26 days
        ("ben-jpaid", J, "eligible", "2020-06-01", "2020-06-02"),  # paid 10 Jun: no case
        ("ben-jno", J, "not_eligible", "2020-06-01", "2020-06-02"),  # not eligible
        ("ben-jlate", J, "eligible", "2020-06-30", "2020-07-03"),  # verified after as-of: 0
        ("ben-j30", J, "eligible", "2020-06-01", None),  # a payment not disbursed: 30 days
        ("ben-h122", H, "eligible", "2020-03-01", None),  # 122 days
    ):
        wh.add(
            "relief_beneficiaries",
            beneficiary_id=keyed(name),
            district=district,
            registered_on=day(registered),
            eligibility=eligibility,
            verified_on=day(verified) if verified else None,
        )
    for name, paid_on in (("ben-jpaid", "2020-06-10"), ("ben-j30", None)):
        wh.add(
            "relief_payments",
            beneficiary_id=keyed(name),
            district=J,
            week_starting=day("2020-06-08"),
            amount=1000.0,
            paid_on=day(paid_on) if paid_on else None,
        )
    for number, district, applied, status in (
        ("MP-j1", J, "2020-06-28 15:00", "pending"),  # due 30 Jun: 1 day
        ("MP-j0", J, "2020-06-29 09:00", "pending"),  # due 1 Jul = as-of: no case
        ("MP-jok", J, "2020-06-01 09:00", "approved"),  # decided
        ("MP-h89", H, "2020-04-01 09:00", "pending"),  # due 3 Apr: 89 days
    ):
        wh.add(
            "movement_passes",
            application_no=number,
            district=district,
            applied_on=ts(applied),
            pass_type="vehicle",
            status=status,
            decision_on=ts("2020-06-02 09:00") if status == "approved" else None,
        )
    for number, district, department, created, last_move, closed in (
        ("EF-j31", J, "Revenue", "2020-04-01", "2020-05-01", None),  # due 31 May: 31 days
        ("EF-j0", J, "Revenue", "2020-06-01", None, None),  # due 1 Jul = as-of: not idle
        ("EF-j17", J, HASHED_DEPARTMENT, "2020-05-15", None, None),  # due 14 Jun: 17 days
        ("EF-shut", J, "Revenue", "2020-03-01", "2020-03-02", "2020-03-05"),  # closed
        ("EF-h91", H, None, "2020-03-01", "2020-03-02", None),  # due 1 Apr: 91 days
    ):
        wh.add(
            "eoffice_files",
            file_no=number,
            district=district,
            office=f"DC Office {district}",
            department=department,
            created_on=day(created),
            mode="electronic",
            movements=1 if last_move else 0,
            last_movement_on=day(last_move) if last_move else None,
            closed_on=day(closed) if closed else None,
        )
    wh.build(as_of=AS_OF)
    wh.publish()
    return wh.path


def rows(warehouse, sql: str, params: list | None = None) -> list[tuple]:
    with connect_snapshot(warehouse) as con:
        return con.execute(sql, params or []).fetchall()


def kpi_counts(warehouse) -> dict[tuple[str, str], int]:
    """{(district, kind): the KPI count each list explains}, from kpi_values (CASE_KINDS)."""
    sql = """
        with v as (select * from kpi_values), as_of as (select source, as_of from ref_as_of)
        select district, 'rts_overdue', numerator from v
        where grain = 'total' and kpi = 'rts_overdue_pending'
        union all
        select district, 'grievance_pending_30d', numerator from v
        where grain = 'total' and kpi = 'grievance_pending_over_30d'
        union all
        select district, 'relief_unpaid', denominator - numerator from v
        where grain = 'total' and kpi = 'relief_disbursal_coverage'
        union all
        select district, 'appointment_no_slot_24h', sum(denominator - numerator) from v
        where grain = 'day' and kpi = 'appointment_slot_24h_rate'
            and period_start < (select as_of from as_of where source = 'appointments')
        group by district
        union all
        select district, 'pass_pending', sum(numerator) from v
        where grain = 'day' and kpi = 'pass_pending_share'
            and period_start < (select as_of from as_of where source = 'movement_passes') - 2
        group by district
    """
    return {(d, k): int(n) for d, k, n in rows(warehouse, sql)}


def case_counts(warehouse) -> dict[tuple[str, str], int]:
    """{(district, kind): cases}, the state's row ('Haryana') the sum over districts."""
    sql = """
        select district, kind, count(*) from case_list group by all
        union all
        select 'Haryana', kind, count(*) from case_list group by all
    """
    return {(d, k): n for d, k, n in rows(warehouse, sql)}


def assert_counts_explain_kpis(warehouse) -> int:
    expected, got = kpi_counts(warehouse), case_counts(warehouse)
    explained = {k.kind for k in CASE_KINDS.values() if k.kpi is not None}
    assert {kind for _, kind in expected} == explained
    for key, count in expected.items():
        assert got.get(key, 0) == count, key
    assert not {key for key in got if key[1] in explained} - set(expected)  # none unexplained
    return len(expected)
