"""stg_<source> is the view of the versions flagged newest (warehouse/staging_view.py): a
file's new versions stay out of it until staging commits, the flags follow the newest-export
rule, and a warehouse whose staging was a table of its own is brought over unchanged."""

from __future__ import annotations

import duckdb
import pytest

import pipelines.load.stage as stage_module
from tests.load.conftest import CALL_HEADER, call, write_csv
from warehouse.schema import create_load_tables

WHEN = 1_590_000_000
STAGED = "select call_id, status, _file from stg_helpline_calls order by all"
FLAGS = "select call_id, _file, _newest from stg_helpline_calls_versions order by all"


def _two_exports(loader) -> None:
    """C1 and C2 in a.csv; C2 exported again, resolved, in b.csv with C3."""
    write_csv(loader.exports / "helpline_calls/a.csv", CALL_HEADER, [call("C1"), call("C2")], WHEN)
    rows = [call("C2", status="Resolved", resolved="2020-04-01 12:00:00"), call("C3")]
    write_csv(loader.exports / "helpline_calls/b.csv", CALL_HEADER, rows, WHEN + 60)
    loader.run(run_id="r1")


def test_each_records_newest_version_is_flagged_and_the_others_kept(loader):
    _two_exports(loader)
    assert loader.query(FLAGS) == [
        ("C1", "helpline_calls/a.csv", True),
        ("C2", "helpline_calls/a.csv", False),  # kept for when b.csv goes
        ("C2", "helpline_calls/b.csv", True),
        ("C3", "helpline_calls/b.csv", True),
    ]
    assert loader.query(STAGED) == [
        ("C1", "open", "helpline_calls/a.csv"),
        ("C2", "resolved", "helpline_calls/b.csv"),
        ("C3", "open", "helpline_calls/b.csv"),
    ]


def test_a_staging_stopped_before_its_commit_leaves_the_view_as_it_was(loader, monkeypatch):
    _two_exports(loader)
    before = loader.query(STAGED)
    rows = [call("C1", status="Resolved", resolved="2020-04-01 11:00:00"), call("C4")]
    write_csv(loader.exports / "helpline_calls/a.csv", CALL_HEADER, rows, WHEN + 120)

    def stopped(*args, **kwargs):
        raise RuntimeError("the machine was switched off")

    with monkeypatch.context() as failing:
        failing.setattr(stage_module, "refresh_staged_records", stopped)
        with pytest.raises(RuntimeError):
            loader.run(run_id="r2")
    # a.csv's new versions are in, pending; the view and the old versions are untouched
    assert loader.query(STAGED) == before
    pending = "select call_id from stg_helpline_calls_versions where _newest is null order by 1"
    assert loader.query(pending) == [("C1",), ("C4",)]

    loader.run(run_id="r3")  # staged again: the pending versions replaced, then flagged
    assert loader.query(STAGED) == [
        ("C1", "resolved", "helpline_calls/a.csv"),
        ("C2", "resolved", "helpline_calls/b.csv"),
        ("C3", "open", "helpline_calls/b.csv"),
        ("C4", "open", "helpline_calls/a.csv"),
    ]
    assert loader.query(FLAGS) == [
        ("C1", "helpline_calls/a.csv", True),
        ("C2", "helpline_calls/b.csv", True),  # a.csv's C2 went with its old version
        ("C3", "helpline_calls/b.csv", True),
        ("C4", "helpline_calls/a.csv", True),
    ]


def test_a_staging_table_of_an_older_warehouse_becomes_the_view_unchanged(loader):
    _two_exports(loader)
    before = loader.query(STAGED)
    with duckdb.connect(str(loader.db)) as con:  # as an older version left it
        con.execute("create table old_staging as select * from stg_helpline_calls")
        con.execute("drop view stg_helpline_calls")
        con.execute("alter table old_staging rename to stg_helpline_calls")
        con.execute("alter table stg_helpline_calls_versions drop column _newest")

    with duckdb.connect(str(loader.db)) as con:  # as every load step does first
        create_load_tables(con)
        kinds = con.execute(
            "select table_type from information_schema.tables "
            "where table_name = 'stg_helpline_calls'"
        ).fetchall()
    assert kinds == [("VIEW",)]
    assert loader.query(STAGED) == before
    assert loader.query(FLAGS) == [
        ("C1", "helpline_calls/a.csv", True),
        ("C2", "helpline_calls/a.csv", False),
        ("C2", "helpline_calls/b.csv", True),
        ("C3", "helpline_calls/b.csv", True),
    ]

    # and the next export is staged as on any warehouse: C2 corrected again, C5 new
    rows = [call("C2", status="Closed"), call("C5")]
    write_csv(loader.exports / "helpline_calls/c.csv", CALL_HEADER, rows, WHEN + 180)
    loader.run(run_id="r2")
    assert loader.query(STAGED) == [
        ("C1", "open", "helpline_calls/a.csv"),
        ("C2", "closed", "helpline_calls/c.csv"),
        ("C3", "open", "helpline_calls/b.csv"),
        ("C5", "open", "helpline_calls/c.csv"),
    ]
