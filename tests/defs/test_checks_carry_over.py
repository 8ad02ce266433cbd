"""A source this run did not touch keeps its last validation results; a touched one is
validated again; published Data Docs of untouched sources survive the swap."""

from __future__ import annotations

import datetime as dt

import duckdb

from expectations.dq_results import write_dq_results
from expectations.runner import ExpectationResult
from pipelines.defs.checks import reusable_results
from pipelines.publication import publish_data_docs
from warehouse.schema import create_load_tables


def _result(name: str, success: bool = True) -> ExpectationResult:
    return ExpectationResult(
        source="grievances",
        expectation=name,
        expectation_type="expect_x",
        column=None,
        severity="blocking",
        success=success,
        unexpected_count=0 if success else 3,
        observed_value="ok" if success else "3 rows",
        examples=[] if success else ["G7"],
    )


def test_results_carry_over_only_when_the_run_left_the_table_alone(tmp_path):
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    create_load_tables(con)
    names = {"grievance_no_unique", "district_in_set"}
    assert reusable_results(con, "grievances", "r2", names) is None  # nothing recorded yet
    write_dq_results(
        con,
        "r1",
        [_result("grievance_no_unique"), _result("district_in_set", success=False)],
        validated_at=dt.datetime(2020, 6, 1),
    )
    carried = reusable_results(con, "grievances", "r2", names)
    assert {(r.expectation, r.success, r.unexpected_count) for r in carried} == {
        ("grievance_no_unique", True, 0),
        ("district_in_set", False, 3),  # a failure carries over too: it still blocks
    }
    assert next(r for r in carried if not r.success).examples == ["G7"]
    # the suite gained a check since: validate again
    assert reusable_results(con, "grievances", "r2", names | {"new_check"}) is None
    # this run staged a grievances file: validate again
    con.execute(
        "insert into load_audit (run_id, source, path, status) values ('r2', 'grievances', 'g.csv', 'staged')"
    )
    assert reusable_results(con, "grievances", "r2", names) is None
    con.close()


def test_docs_of_sources_not_validated_again_survive_the_swap(tmp_path):
    wh = tmp_path / "wh.duckdb"
    for source, text in (("grievances", "old grievances"), ("appointments", "old appointments")):
        (tmp_path / "data_docs" / source).mkdir(parents=True)
        (tmp_path / "data_docs" / source / "index.html").write_text(text)
    (tmp_path / "data_docs.pending" / "grievances").mkdir(parents=True)
    (tmp_path / "data_docs.pending" / "grievances" / "index.html").write_text("new grievances")
    live = publish_data_docs(wh)
    assert (live / "grievances" / "index.html").read_text() == "new grievances"
    assert (live / "appointments" / "index.html").read_text() == "old appointments"
    index = (live / "index.html").read_text()
    assert "appointments/index.html" in index and "grievances/index.html" in index
