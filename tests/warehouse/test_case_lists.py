"""The case lists (case_list, case_summary) and `jansewa cases`.

A small warehouse of hand-made staged records, judged as of 1 July 2020, gives every list
its boundaries (days overdue 0, 1, 7/8, 30/31, 90/91; a slot at exactly 24 hours; a grievance
pending exactly 30 days); the expected rows are worked by hand beside each record. On it and
on the demo warehouse (all 22 districts), each list's count per district equals the KPI
numerator it explains, read from kpi_values. No personal value of the demo exports reaches
a case table, and `jansewa cases` writes CSV, JSON and Excel files named after what they hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from jansewa.cli import main
from tests.reliability.personal import collect_personal_values
from tests.warehouse.conftest import day, ts
from warehouse.case_kinds import BUCKETS, CASE_KINDS
from warehouse.cases import COLUMNS, query_cases
from warehouse.snapshot import connect_snapshot, snapshot_path
from warehouse.sources import SOURCES

AS_OF = day("2020-07-01")
J, H = "Jhajjar", "Hisar"


def keyed(text: str) -> str:
    """Stands in for the HMAC that ingestion writes for a personal identifier."""
    return hashlib.sha256(text.encode()).hexdigest()


HASHED_DEPARTMENT = keyed("9876543210")  # a phone number typed into Department, hashed


@pytest.fixture(scope="module")
def published(mini_module):
    wh = mini_module
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


def test_counts_equal_the_kpi_numerators_they_explain(published):
    assert_counts_explain_kpis(published)
    assert case_counts(published) == {
        (J, "rts_overdue"): 7,
        (H, "rts_overdue"): 1,
        (J, "grievance_pending_30d"): 2,
        (H, "grievance_pending_30d"): 1,
        (J, "appointment_no_slot_24h"): 2,  # AP-today is in the KPI, not judged yet
        (H, "appointment_no_slot_24h"): 1,
        (J, "relief_unpaid"): 3,  # eligible 4 - paid 1
        (H, "relief_unpaid"): 1,
        (J, "pass_pending"): 1,
        (H, "pass_pending"): 1,
        (J, "eoffice_idle"): 2,
        (H, "eoffice_idle"): 1,
        **{("Haryana", kind): n for kind, n in (("rts_overdue", 8), ("eoffice_idle", 3))},
        **{("Haryana", kind): 3 for kind in ("grievance_pending_30d", "appointment_no_slot_24h")},
        ("Haryana", "relief_unpaid"): 4,
        ("Haryana", "pass_pending"): 2,
    }
    # The appointment on the as-of day is a miss in the total, not on the list.
    total = rows(
        published,
        "select denominator - numerator from kpi_values where district = ? and grain = 'total'"
        " and kpi = 'appointment_slot_24h_rate'",
        [J],
    )
    assert total == [(3.0,)]


def test_every_row_worked_by_hand(published):
    got = rows(
        published,
        "select kind, record_id, district, department, place_type, place, detail, status,"
        " opened_on, due_on, last_action_on, days_overdue, ageing_bucket, as_of from case_list"
        " order by kind, record_id",
    )
    d = day
    rts = ("Revenue", "centre", "SARAL Jhajjar", "Income certificate", "pending")
    expected = [
        ("appointment_no_slot_24h", "AP-h60", H, None, None, None, "dc", "cancelled",
         d("2020-05-01"), d("2020-05-02"), None, 60, "31-90"),
        ("appointment_no_slot_24h", "AP-j0", J, None, None, None, "dc", "pending",
         d("2020-06-30"), d("2020-07-01"), None, 0, "0-7"),
        ("appointment_no_slot_24h", "AP-late", J, None, None, None, "dc", "scheduled",
         d("2020-06-20"), d("2020-06-21"), d("2020-06-25"), 4, "0-7"),
        ("eoffice_idle", "EF-h91", H, None, "office", "DC Office Hisar", None, None,
         d("2020-03-01"), d("2020-04-01"), d("2020-03-02"), 91, ">90"),
        ("eoffice_idle", "EF-j17", J, HASHED_DEPARTMENT[:12], "office", "DC Office Jhajjar",
         None, None, d("2020-05-15"), d("2020-06-14"), None, 17, "8-30"),
        ("eoffice_idle", "EF-j31", J, "Revenue", "office", "DC Office Jhajjar", None, None,
         d("2020-04-01"), d("2020-05-31"), d("2020-05-01"), 31, "31-90"),
        ("grievance_pending_30d", "GR-h122", H, "Police", "channel", "cpgrams", None,
         "pending", d("2020-03-01"), d("2020-03-31"), None, 92, ">90"),
        ("grievance_pending_30d", "GR-j31", J, "Police", "channel", "cm_window", None,
         "pending", d("2020-05-31"), d("2020-06-30"), None, 1, "0-7"),
        ("grievance_pending_30d", "GR-j91", J, "Police", "channel", "smgt", None,
         "reopened", d("2020-04-01"), d("2020-05-01"), None, 61, "31-90"),
        ("pass_pending", "MP-h89", H, None, None, None, "vehicle", "pending",
         d("2020-04-01"), d("2020-04-03"), None, 89, "31-90"),
        ("pass_pending", "MP-j1", J, None, None, None, "vehicle", "pending",
         d("2020-06-28"), d("2020-06-30"), None, 1, "0-7"),
    ]  # fmt: skip
    relief = [
        ("ben-h122", H, d("2020-03-01"), 122, ">90"),
        ("ben-j26", J, d("2020-06-05"), 26, "8-30"),
        ("ben-j30", J, d("2020-06-01"), 30, "8-30"),  # its payment has no paid_on
        ("ben-jlate", J, d("2020-07-03"), 0, "0-7"),  # eligible after the as-of date
    ]
    expected += sorted(
        ("relief_unpaid", keyed(name)[:12], district, None, None, None, None, "eligible",
         since, since, None, days, bucket)
        for name, district, since, days, bucket in relief
    )  # fmt: skip
    expected += [
        ("rts_overdue", token, district, *rts[:1], "centre", f"SARAL {district}", *rts[3:],
         d(due) - dt.timedelta(days=timeline), d(due), None, days, bucket)
        for token, district, due, timeline, days, bucket in (
            ("ST-d1", J, "2020-06-30", 1, 1, "0-7"),
            ("ST-d30", J, "2020-06-01", 1, 30, "8-30"),
            ("ST-d31", J, "2020-05-31", 1, 31, "31-90"),
            ("ST-d7", J, "2020-06-24", 1, 7, "0-7"),
            ("ST-d8", J, "2020-06-23", 1, 8, "8-30"),
            ("ST-d90", J, "2020-04-02", 1, 90, "31-90"),
            ("ST-d91", J, "2020-04-01", 1, 91, ">90"),
            ("ST-h20", H, "2020-06-11", 10, 20, "8-30"),
        )
    ]  # fmt: skip
    assert got == [(*row, AS_OF) for row in expected]


def test_the_summary_counts_the_list(published):
    summary = rows(
        published,
        "select district, kind, department, ageing_bucket, cases, oldest_days_overdue"
        " from case_summary order by all",
    )
    listed = rows(
        published,
        "select district, kind, department, ageing_bucket, count(*), max(days_overdue)"
        " from case_list group by all order by all",
    )
    assert summary == listed
    assert {r[3] for r in summary} == set(BUCKETS)


def test_no_full_hash_and_the_beneficiary_only_as_a_prefix(published):
    cells = rows(
        published,
        "select distinct unnest([record_id, department, place, detail, status]) from case_list",
    )
    values = {c for (c,) in cells if c is not None}
    assert not [v for v in values if len(v) == 64]
    assert keyed("ben-j26")[:12] in values and keyed("ben-j26") not in values


def test_demo_counts_equal_the_kpi_numerators_in_every_district(demo_warehouse):
    compared = assert_counts_explain_kpis(demo_warehouse.warehouse)
    assert compared >= 5 * 22  # every district, every explained list
    kinds = rows(demo_warehouse.warehouse, "select distinct kind from case_list")
    assert {k for (k,) in kinds} == set(CASE_KINDS)  # the SQL writes exactly the catalogue


def test_no_personal_value_in_any_case_table(demo_warehouse):
    personal = collect_personal_values(demo_warehouse.exports)
    assert len(personal.values) > 100_000  # the scan has something to find
    pii_columns = {c.name for s in SOURCES.values() for c in s.personal}
    snapshot = snapshot_path(demo_warehouse.warehouse)
    with duckdb.connect(str(snapshot), read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name, data_type from duckdb_columns()"
            " where table_name like 'case\\_%' escape '\\' order by all"
        ).fetchall()
        # a table per list, case_list the view over them that ages them, and the counts
        lists = {f"case_{kind}" for kind in CASE_KINDS}
        assert {t for t, _, _ in columns} == {"case_list", "case_summary"} | lists
        assert not {c for _, c, _ in columns} & pii_columns
        scanned = 0
        for table, column, kind in columns:
            values = [
                str(v)
                for (v,) in con.execute(f'select distinct "{column}" from {table}').fetchall()
                if v is not None
            ]
            scanned += len(values)
            assert not personal.find_all(values), (table, column, kind)
            assert not [v for v in values if len(v) == 64], (table, column)
    assert scanned > 10_000


def test_query_cases_filters_and_refuses(published):
    frame = query_cases(published, "JHAJJAR ", kinds=["rts_overdue"], bucket="8-30")
    assert frame.columns == COLUMNS
    assert frame["record_id"].to_list() == ["ST-d30", "ST-d8"]  # most days overdue first
    assert query_cases(published, "haryana", kinds=["pass_pending"]).height == 2
    police = query_cases(published, "Jhajjar", department="POLICE")
    assert set(police["kind"]) == {"grievance_pending_30d"}
    assert query_cases(published, "Jhajjar", department="Health").height == 0  # none listed
    for bad in (
        {"district": "Gotham"},
        {"district": J, "kinds": ["overdue"]},
        {"district": J, "bucket": "90+"},
        {"district": J, "department": "Ministry of Magic"},
    ):
        with pytest.raises(ValueError):
            query_cases(published, **bad)


def test_jansewa_cases_writes_a_file_named_after_what_it_holds(
    published, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    argv = ["cases", "--warehouse", str(published), "--district", "jhajjar"]
    assert main([*argv, "--kind", "rts_overdue"]) == 0
    name = "jansewa-cases-Jhajjar-rts_overdue-2020-07-01.csv"
    assert capsys.readouterr().out == f"7 case(s) written to {name}\n"
    frame = pl.read_csv(tmp_path / name)
    assert frame.columns == COLUMNS
    assert frame["record_id"].to_list()[:2] == ["ST-d91", "ST-d90"]
    assert frame["as_of"].unique().to_list() == ["2020-07-01"]

    assert main([*argv, "--kind", "pass_pending", "eoffice_idle", "--format", "xlsx"]) == 0
    book = tmp_path / "jansewa-cases-Jhajjar-pass_pending+eoffice_idle-2020-07-01.xlsx"
    sheet = pl.read_excel(book, sheet_name="cases")
    assert sheet["record_id"].to_list() == ["MP-j1", "EF-j31", "EF-j17"]
    assert sheet["due_on"].to_list()[0] == dt.date(2020, 6, 30)  # a date cell, not text

    assert main([*argv, "--department", "police", "--bucket", ">90"]) == 0
    assert (tmp_path / "jansewa-cases-Jhajjar-Police-all-over-90-days-2020-07-01.csv").exists()
    capsys.readouterr()

    assert main([*argv, "--kind", "relief_unpaid", "--format", "json", "--out", "-"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["days_overdue"] for r in records] == [30, 26, 0]
    assert {r["record_id"] for r in records} == {
        keyed(n)[:12] for n in ("ben-j26", "ben-j30", "ben-jlate")
    }

    out = tmp_path / "mine.csv"
    assert main([*argv, "--kind", "grievance_pending_30d", "--out", str(out)]) == 0
    assert pl.read_csv(out)["record_id"].to_list() == ["GR-j91", "GR-j31"]


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--district", "Gotham"], "jansewa cases: error: unknown district 'Gotham'"),
        (["--district", J, "--department", "Ministry of Magic"], "unknown department"),
        (["--district", J, "--format", "xlsx", "--out", "-"], "cannot go to stdout"),
    ],
)
def test_jansewa_cases_mistakes_are_one_line(published, capsys, extra, message):
    assert main(["cases", "--warehouse", str(published), *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_an_unknown_kind_is_one_line_from_the_real_command(published, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", "from jansewa.cli import run; run()", "cases", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )

    bad = run("--warehouse", str(published), "--district", J, "--kind", "overdue")
    assert bad.returncode == 2 and "invalid choice: 'overdue'" in bad.stderr
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    good = run("--warehouse", str(published), "--district", "Hisar", "--kind", "rts_overdue")
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "jansewa-cases-Hisar-rts_overdue-2020-07-01.csv").exists()
