"""The whole refresh on the calibrated sample exports: figures, audit identity, idempotency."""

from __future__ import annotations

import json

import duckdb
import pytest

from jansewa.cli import main

PUBLISHED = {  # DOMAIN.md, "Published figures", all up to 28 May 2020
    ("Jhajjar", "calls_received"): (5_195, None),
    ("Jhajjar", "call_category_share.food_not_received"): (3_888, 5_195),
    ("Jhajjar", "call_category_share.covid_prevention"): (64, 5_195),
    ("Jhajjar", "call_category_share.ration"): (75, 5_195),
    ("Jhajjar", "call_category_share.law_and_order"): (90, 5_195),
    ("Jhajjar", "call_category_share.other_essentials"): (1_078, 5_195),
    ("Jhajjar", "pass_applications"): (28_629, None),
    ("Jhajjar", "pass_approval_rate"): (8_304, 28_629),
    ("Jhajjar", "relief_eligible"): (5_120, None),
    ("Jhajjar", "relief_disbursal_coverage"): (3_164, 5_120),
    ("Gurugram", "calls_received"): (103_515, None),
}


def _kpis(capsys, *args: str) -> list[dict]:
    assert main(["kpis", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_jansewa_kpis_reproduces_the_published_figures(demo_warehouse, capsys):
    rows = _kpis(
        capsys,
        "--warehouse",
        str(demo_warehouse.warehouse),
        "--grain",
        "total",
        "--to",
        "2020-05-28",
    )
    got = {(r["district"], r["kpi"]): (r["numerator"], r["denominator"]) for r in rows}
    for key, (numerator, denominator) in PUBLISHED.items():
        assert got[key] == (numerator, denominator), key
    approval = next(
        r for r in rows if (r["district"], r["kpi"]) == ("Jhajjar", "pass_approval_rate")
    )
    assert round(approval["value"] * 100, 1) == 29.0
    coverage = next(
        r for r in rows if (r["district"], r["kpi"]) == ("Jhajjar", "relief_disbursal_coverage")
    )
    assert round(coverage["value"] * 100, 1) == 61.8


def test_every_file_balances_rows_read_against_accepted_duplicates_quarantined(demo_warehouse):
    result = demo_warehouse.refresh
    assert result.audit, "the first refresh read every file"
    for row in result.audit:
        assert row.status == "staged", (row.path, row.message)
        assert row.rows_read == row.accepted + row.duplicates + row.quarantined, row.path
    # The manifest and the quarantine's rows live in the pipeline's own file (never published).
    with duckdb.connect(str(demo_warehouse.warehouse), read_only=True) as con:
        (files, unbalanced) = con.execute(
            """
            select count(*), count(*) filter (where rows_read <> rows_accepted + rows_duplicate + rows_quarantined)
            from ingest_manifest
            """
        ).fetchone()
        quarantined = con.execute("select count(*) from quarantine").fetchone()[0]
        reasons = {r[0] for r in con.execute("select distinct reason from quarantine").fetchall()}
    assert files == len(list(demo_warehouse.exports.rglob("*.*"))) and unbalanced == 0
    assert quarantined == sum(r.quarantined for r in result.audit)
    # the generator injects each kind of bad row the contract quarantines
    assert {
        "unknown district",
        "unparseable date",
        "missing required value",
        "times run backwards",
        "out of range number",
        "unknown value",
        "conflicting duplicate id",
    } <= reasons


def _table_digest(path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            t[0]
            for t in con.execute("select table_name from duckdb_tables() order by 1").fetchall()
        ]
        skip = {"load_audit", "dq_results", "dq_failures", "publications", "scorecard_history"}
        # (per-run logs; snapshot_state, the identity of the snapshot file last written; and
        # warehouse_compaction, the publications since row groups were last merged)
        skip |= {"snapshot_state", "warehouse_compaction"}
        digest = {}
        for t in tables:
            if t in skip:
                continue
            cols = [
                c[0]
                for c in con.execute(
                    "select column_name from duckdb_columns() where table_name = ? order by column_index",
                    [t],
                ).fetchall()
                if c[0]
                not in (
                    "_loaded_at",
                    "run_id",
                    "quarantined_at",
                    "loaded_at",
                    "first_seen_at",
                    "last_seen_at",  # alerts: the latest refresh that saw an alert hold
                )
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            digest[t] = con.execute(
                f"select count(*), sum(hash({select})) from (select {select} from {t})"
            ).fetchone()
        return digest
    finally:
        con.close()


@pytest.mark.slow
def test_a_second_refresh_of_the_same_files_reads_nothing_and_changes_nothing(
    demo_warehouse, tmp_path
):
    import shutil

    from pipelines.refresh import run_refresh
    from warehouse.snapshot import snapshot_path

    copy = tmp_path / "jansewa.duckdb"
    shutil.copyfile(demo_warehouse.warehouse, copy)
    before = _table_digest(copy)
    result = run_refresh(exports=demo_warehouse.exports, warehouse=copy)
    assert result.ok, result.describe()
    assert result.audit == []  # no file read again
    assert _table_digest(copy) == before
    published = _table_digest(snapshot_path(copy))
    assert published == {t: d for t, d in before.items() if t in published}  # same reader tables
