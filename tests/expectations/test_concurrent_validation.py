"""Two sources validated at a time record what one at a time records, and GX never runs twice
at once.

The first test validates the clean staging tables (tests/expectations/conftest.py) of every
source, then a day of new files in two sources with one broken row, on one warehouse with
``validate_each`` and on a copy one source after another; the results and every row of
``dq_results``, ``dq_failures`` and the validation state must be equal. The others replace
the validation of one source, to fail it or to hold it while the caller stops early.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

import expectations.concurrent_validation as concurrent
import expectations.runner as runner
import expectations.validation
from expectations.validation import FULL, INCREMENTAL, validate_or_carry_over
from tests.expectations.test_incremental import add_file, comparable, execute
from warehouse.sources import SOURCES

pytestmark = pytest.mark.slow(seconds=30)

RECORDED = {
    "dq_results": "select * exclude (validated_at) from dq_results",
    "dq_failures": "select * from dq_failures",
    "validation_files": "select * from validation_files",
    "validation_volume_rows": "select * from validation_volume_rows",
}


class Overlap:
    """Counts the calls of a function running at once, and the most there ever were."""

    def __init__(self, fn):
        self.fn, self.now, self.most = fn, 0, 0
        self.lock = threading.Lock()

    def __call__(self, *args, **kwargs):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            return self.fn(*args, **kwargs)
        finally:
            with self.lock:
                self.now -= 1


def recorded(path: Path) -> dict[str, list[tuple]]:
    """Every row the validations wrote, sorted: what the two ways must agree on."""
    with duckdb.connect(str(path)) as con:
        return {
            name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in RECORDED.items()
        }


def a_day_with_a_broken_row(path: Path) -> None:
    add_file(path, "helpline_calls", "day.csv", periods_later=30)
    add_file(path, "relief_payments", "day.csv", periods_later=30)
    execute(
        path,
        "update stg_helpline_calls_versions set category = null where call_id = "
        "(select min(call_id) from stg_helpline_calls where _file = 'day.csv')",
    )


def test_two_at_a_time_record_what_one_at_a_time_records(warehouse, monkeypatch):
    one_at_a_time = warehouse.with_name("sequential.duckdb")
    shutil.copy(warehouse, one_at_a_time)
    sources = list(SOURCES)
    validations = Overlap(expectations.validation.validate_or_carry_over)
    gx_runs = Overlap(runner._run_batches)
    monkeypatch.setattr(expectations.validation, "validate_or_carry_over", validations)
    monkeypatch.setattr(runner, "_run_batches", gx_runs)

    for run_id, prepare in (("r1", None), ("r2", a_day_with_a_broken_row)):
        if prepare is not None:
            prepare(warehouse)
            prepare(one_at_a_time)
        outcomes = list(concurrent.validate_each(warehouse, sources, run_id))
        assert [o.source for o in outcomes] == sources
        assert [o.trace for o in outcomes if o.error] == []
        for outcome in outcomes:
            alone = validate_or_carry_over(one_at_a_time, outcome.source, run_id)
            assert outcome.validation.mode == alone.mode
            assert comparable(outcome.validation.results) == comparable(alone.results)
        assert recorded(warehouse) == recorded(one_at_a_time)

    modes = {o.source: o.validation.mode for o in outcomes}
    assert modes["helpline_calls"] == FULL  # the broken row: reported from the whole table
    assert modes["relief_payments"] == INCREMENTAL
    helpline = outcomes[sources.index("helpline_calls")].validation.results
    assert [(r.expectation, r.unexpected_count) for r in helpline if not r.success] == [
        ("category_not_null", 1)
    ]
    assert validations.most == concurrent.WORKERS  # two sources were validated at once ...
    assert gx_runs.most == 1  # ... but never two GX runs


def test_a_source_that_fails_does_not_stop_the_others(warehouse, monkeypatch):
    real = expectations.validation.validate_or_carry_over

    def failing(path, source, run_id, **kwargs):
        if source == "grievances":
            raise RuntimeError("stg_grievances cannot be read")
        return real(path, source, run_id, **kwargs)

    monkeypatch.setattr(expectations.validation, "validate_or_carry_over", failing)
    sources = ["helpline_calls", "grievances", "relief_payments"]
    outcomes = list(concurrent.validate_each(warehouse, sources, "r1"))
    assert [o.source for o in outcomes] == sources
    broken = outcomes[1]
    assert broken.validation is None and str(broken.error) == "stg_grievances cannot be read"
    assert "RuntimeError: stg_grievances cannot be read" in broken.trace
    assert all(o.validation.mode == FULL for o in (outcomes[0], outcomes[2]))
    with duckdb.connect(str(warehouse)) as con:
        written = {s for (s,) in con.execute("select distinct source from dq_results").fetchall()}
    assert written == {"helpline_calls", "relief_payments"}


def test_a_caller_that_stops_early_leaves_the_sources_not_started(warehouse, monkeypatch):
    """Closed after its first outcome (a run terminated), the iterator waits for the sources
    in progress and starts no other. The first source ends at once; the others hold their
    worker until released, so at most the two workers' next sources have started."""
    started: list[str] = []
    lock, release = threading.Lock(), threading.Event()
    sources = list(SOURCES)

    def held(path, source, run_id, **kwargs):
        with lock:
            started.append(source)
        if source != sources[0]:
            release.wait(30)
        raise RuntimeError("not validated here")

    monkeypatch.setattr(expectations.validation, "validate_or_carry_over", held)
    outcomes = concurrent.validate_each(warehouse, sources, "r1")
    assert next(outcomes).source == sources[0]
    closing = threading.Thread(target=outcomes.close)
    closing.start()
    time.sleep(0.3)  # the close waits for the sources in progress ...
    assert closing.is_alive()
    release.set()  # ... which end now
    closing.join(30)
    assert not closing.is_alive()
    finished = list(started)
    time.sleep(0.3)
    assert started == finished  # nothing started after the close
    assert len(finished) <= 1 + concurrent.WORKERS
