"""The case lists (case_list, case_summary).

On a small warehouse of hand-made staged records (tests/warehouse/case_list_records.py),
every list's rows are worked by hand; on it and on the demo warehouse (all 22 districts),
each list's count per district equals the KPI numerator it explains, read from kpi_values.
No personal value of the demo exports reaches a case table. `jansewa cases` and
query_cases: test_case_list_command.py.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tests.reliability.personal import collect_personal_values
from tests.warehouse.case_list_records import (
    AS_OF,
    HASHED_DEPARTMENT,
    H,
    J,
    assert_counts_explain_kpis,
    case_counts,
    keyed,
    published_cases,
    rows,
)
from tests.warehouse.conftest import day
from warehouse.case_kinds import BUCKETS, CASE_KINDS
from warehouse.snapshot import snapshot_path
from warehouse.sources import SOURCES


@pytest.fixture(scope="module")
def published(mini_module):
    return published_cases(mini_module)


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
