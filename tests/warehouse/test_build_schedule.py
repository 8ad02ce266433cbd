"""The models are built two at a time, each once what it reads is built, and the warehouse
ends exactly as a build of one model at a time leaves it."""

from __future__ import annotations

import shutil
import threading
import time

import duckdb
import pytest

import warehouse.build_schedule as schedule
from tests.warehouse.test_partitioned_build import kpi_tables, next_day, stage_file
from warehouse.build import MODELS, STATISTICS_TABLES_AFTER, build_marts
from warehouse.build_schedule import build_in_dependency_order, prerequisites
from warehouse.model_graph import models_read
from warehouse.sources import SOURCES

# a <- b, a <- c, (b, c) <- d; e stands alone
NEEDS = {"a": set(), "b": {"a"}, "c": {"a"}, "d": {"b", "c"}, "e": set()}


class Log:
    """What each fake build did and when, on which connection."""

    def __init__(self):
        self.lock = threading.Lock()
        self.events: list[tuple[str, str]] = []
        self.connections: dict[str, int] = {}

    def note(self, what: str, model: str) -> None:
        with self.lock:
            self.events.append((what, model))

    def index(self, what: str, model: str) -> int:
        return self.events.index((what, model))


def fake_build(log: Log, meet=None):
    def build(con, model):
        log.note("start", model)
        log.connections[model] = id(con)
        if meet and model in meet:
            meet[model].wait(timeout=5)  # both sides must be running at once to pass
        time.sleep(0.01)
        log.note("end", model)
        return [model, f"{model}:stats"]

    return build


def test_each_model_starts_after_what_it_reads_and_everything_is_yielded():
    log = Log()
    with duckdb.connect() as con:
        got = list(build_in_dependency_order(con, list(NEEDS), NEEDS, fake_build(log)))
    assert sorted(got) == sorted([m for m in NEEDS] + [f"{m}:stats" for m in NEEDS])
    for model, needs in NEEDS.items():
        for need in needs:
            assert log.index("end", need) < log.index("start", model), (need, model)
    # what one build returns stays together, in its order
    for model in NEEDS:
        assert got.index(f"{model}:stats") == got.index(model) + 1


def test_two_ready_models_run_at_the_same_time_on_connections_of_their_own():
    log = Log()
    barrier = threading.Barrier(2)
    with duckdb.connect() as con:
        built = list(
            build_in_dependency_order(
                con, list(NEEDS), NEEDS, fake_build(log, meet={"b": barrier, "c": barrier})
            )
        )
    assert not barrier.broken  # b and c met: they ran side by side
    assert len(built) == 10
    assert log.connections["b"] != log.connections["c"]


def test_one_worker_builds_in_the_given_order():
    log = Log()
    with duckdb.connect() as con:
        list(build_in_dependency_order(con, list(NEEDS), NEEDS, fake_build(log), workers=1))
    assert [m for what, m in log.events if what == "start"] == ["a", "b", "c", "d", "e"]


def test_the_next_model_runs_while_the_caller_handles_the_last_ones_tables():
    started = {"b": threading.Event()}

    def build(con, model):
        if model in started:
            started[model].set()
        return [model]

    needs = {"a": set(), "b": {"a"}}
    with duckdb.connect() as con:
        steps = build_in_dependency_order(con, list(needs), needs, build, workers=1)
        assert next(steps) == "a"
        # b was started before "a" was handed over, not when the next table is asked for
        assert started["b"].wait(timeout=5)
        assert list(steps) == ["b"]


def test_after_a_failure_no_model_starts_and_the_running_one_finishes():
    log = Log()
    needs = {"fails": set(), "slow": set(), "ready": set(), "after": {"fails"}}

    def build(con, model):
        log.note("start", model)
        time.sleep(0.3 if model == "slow" else 0.01)
        if model == "fails":
            raise ValueError("fails broke")
        log.note("end", model)
        return [model]

    with duckdb.connect() as con, pytest.raises(ValueError, match="fails broke"):
        list(build_in_dependency_order(con, list(needs), needs, build))
    started = [m for what, m in log.events if what == "start"]
    assert sorted(started) == ["fails", "slow"]  # "ready" waited for a worker, then none ran
    assert ("end", "slow") in log.events  # the running one ran to its end before the raise


def test_needs_that_no_model_provides_are_named():
    with duckdb.connect() as con, pytest.raises(RuntimeError, match="never ready.*x"):
        list(
            build_in_dependency_order(con, ["a", "x"], {"a": set(), "x": {"y"}}, fake_build(Log()))
        )


def test_prerequisites_are_what_a_model_reads_and_the_writers_of_what_it_reads():
    plain = prerequisites(MODELS, STATISTICS_TABLES_AFTER, {})
    for model in MODELS:
        assert models_read(model) <= plain[model]
        assert model not in plain[model]
    # A table written after a model (as the statistics are) makes its readers wait for that
    # model; a model told to wait for another does.
    needs = prerequisites(MODELS, {"kpi_catalog": ("kpi_daily",)}, {"kpi_funnels": "kpi_catalog"})
    readers = [m for m in MODELS if "kpi_daily" in models_read(m)]
    assert len(readers) > 3 and "kpi_catalog" not in readers
    for model in readers:
        assert needs[model] == models_read(model) | {"kpi_catalog"}
    assert needs["kpi_funnels"] == models_read("kpi_funnels") | {"kpi_catalog"}


@pytest.mark.slow(seconds=40)
def test_two_at_a_time_ends_as_one_at_a_time(demo_warehouse, tmp_path, monkeypatch):
    # A new day staged first, so that a model built before what it reads would read the
    # last build's rows, and differ.
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    shutil.copy(demo_warehouse.warehouse, one)
    with duckdb.connect(str(one)) as con:
        for source in SOURCES:
            stage_file(con, source, f"{source}/next_day.csv", next_day(source))
    shutil.copy(one, two)
    with duckdb.connect(str(two)) as con:
        build_marts(con)
    monkeypatch.setattr(schedule, "MODEL_WORKERS", 1)
    with duckdb.connect(str(one)) as con:
        build_marts(con)
    serial, parallel = kpi_tables(one), kpi_tables(two)
    assert serial.keys() == parallel.keys()
    assert len(serial) > 40
    for table in serial:
        assert parallel[table] == serial[table], f"{table} differs"
