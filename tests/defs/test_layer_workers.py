"""A layer step works on two sources at once, heaviest first, and only its own thread speaks
to Dagster; a step being stopped stops its workers (pipelines/defs/layer_step.py)."""

import re
import threading
import time
from types import SimpleNamespace

import dagster as dg
import duckdb
import pytest

import pipelines.defs.layer_step as layer_step
from pipelines.defs.layer_step import (
    LayerStopped,
    _run_sources,
    materialize_each_source,
    source_specs,
)
from pipelines.defs.resources import WarehouseResource
from pipelines.progress import StepLog
from pipelines.refresh import _root_message
from warehouse.sources import SOURCES

WEIGHTS = {"helpline_calls": 1, "grievances": 30, "appointments": 20}


def _create_seen(con):
    """What the workers share is created before they start, as the layers' setup does: two
    workers creating one table conflict in DuckDB's catalogue."""
    con.execute("create table if not exists seen (source varchar)")


def _layer(work, weigh=None):
    @dg.multi_asset(specs=source_specs("test", "test", lambda s: s.title), can_subset=True)
    def layer(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        yield from materialize_each_source(
            context, warehouse, "test", work, setup=_create_seen, weigh=weigh
        )

    return layer


def _run(tmp_path, layer, names):
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [layer],
        selection=[f"test_{name}" for name in names],
        resources={
            "warehouse": WarehouseResource(path=str(tmp_path / "w.duckdb"), exports=str(tmp_path))
        },
        instance=instance,
        raise_on_error=False,
    )
    messages = [e.user_message for e in instance.all_logs(result.run_id) if e.dagster_event is None]
    return result, [line for message in messages for line in message.split("\n")]


def test_two_sources_run_at_once_heaviest_first_and_report_from_the_step(tmp_path, monkeypatch):
    both_running = threading.Barrier(2, timeout=30)  # breaks unless two sources run at once
    started: list[str] = []
    reporting_threads = set()
    real_flush = StepLog.flush

    def flush(self):
        if self.pending:
            reporting_threads.add(threading.current_thread())
        real_flush(self)

    monkeypatch.setattr(StepLog, "flush", flush)

    def work(con, source, log):
        started.append(source.name)
        if source.name != "helpline_calls":  # the two heaviest, started first
            both_running.wait()
        con.execute("insert into seen values (?)", [source.name])
        log(f"test_{source.name}: worked on")
        return dg.MaterializeResult(asset_key=f"test_{source.name}")

    result, lines = _run(tmp_path, _layer(work, lambda con, s: WEIGHTS[s.name]), WEIGHTS)

    assert result.success
    assert sorted(started[:2]) == ["appointments", "grievances"]
    assert started[2] == "helpline_calls"
    materialised = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert materialised == {f"test_{name}" for name in WEIGHTS}
    assert {f"test_{name}: worked on" for name in WEIGHTS} <= set(lines)
    assert reporting_threads == {threading.main_thread()}
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert sorted(r[0] for r in con.execute("select source from seen").fetchall()) == sorted(
            WEIGHTS
        )


def test_a_failing_source_is_named_and_the_others_are_materialised(tmp_path):
    def work(con, source, log):
        if source.name == "grievances":
            con.execute("begin transaction")
            con.execute("create table half_done (x int)")
            raise RuntimeError("disk on fire\nsecond line")
        log(f"test_{source.name}: worked on")
        return dg.MaterializeResult(asset_key=f"test_{source.name}")

    result, lines = _run(tmp_path, _layer(work), WEIGHTS)

    assert not result.success
    materialised = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert materialised == {"test_helpline_calls", "test_appointments"}
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert _root_message(failure.event_specific_data.error) == "test_grievances: disk on fire"
    trace = lines.index("test_grievances failed:")  # a message's lines are split by _run
    assert lines[trace + 1].startswith("Traceback")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:  # rolled back
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert "half_done" not in tables


def _fake_context():
    return SimpleNamespace(log=SimpleNamespace(info=lambda m: None, error=lambda m: None))


def test_a_step_being_stopped_stops_its_workers(tmp_path):
    """Closed midway (a run terminated, Ctrl-C), the step stops a worker at its next
    progress line and interrupts a worker's running query; neither runs on."""
    query_started = threading.Event()
    outcome: dict[str, BaseException | str] = {}

    def work(con, source, log):
        try:
            if source.name == "helpline_calls":
                outcome[source.name] = "done"
                return dg.MaterializeResult(asset_key="test_helpline_calls")
            if source.name == "grievances":
                while True:  # a long file's progress lines
                    log("test_grievances: one more file")
                    time.sleep(0.01)
            if source.name == "appointments":
                query_started.set()
                con.execute("select sum(i * i) from range(50000000000) t(i)").fetchall()
            outcome[source.name] = "done"
            return dg.MaterializeResult(asset_key=f"test_{source.name}")
        except BaseException as exc:
            outcome[source.name] = exc
            raise

    names = ("helpline_calls", "grievances", "appointments", "eoffice_files")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        results = _run_sources(_fake_context(), con, "test", [SOURCES[n] for n in names], work)
        first = next(results)  # helpline's; its worker then takes grievances
        assert first.asset_key == dg.AssetKey("test_helpline_calls")
        assert query_started.wait(30)
        time.sleep(0.2)  # the query is running
        started = time.monotonic()
        results.close()
        assert time.monotonic() - started < 20
    assert isinstance(outcome["grievances"], LayerStopped)
    assert isinstance(outcome["appointments"], duckdb.InterruptException)
    assert "eoffice_files" not in outcome  # never started: no worker was free for it


@pytest.mark.parametrize("workers", [1, 2])
def test_every_source_is_reported_once_whatever_the_workers(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(layer_step, "WORKERS", workers)

    def work(con, source, log):
        log(f"test_{source.name}: a")
        log(f"test_{source.name}: b")
        return dg.MaterializeResult(asset_key=f"test_{source.name}")

    result, lines = _run(tmp_path, _layer(work), list(SOURCES))
    assert result.success
    assert len(result.get_asset_materialization_events()) == len(SOURCES)
    for name in SOURCES:
        mine = [line for line in lines if line.startswith(f"test_{name}: ")]
        assert mine == [f"test_{name}: a", f"test_{name}: b"]
    # the step's own line after each source: how many are done, and what is left
    steps = [line for line in lines if line.startswith("test: ")]
    total = len(SOURCES)
    assert [line.split(" sources done")[0] for line in steps] == [
        f"test: {done} of {total}" for done in range(1, total + 1)
    ]
    assert re.fullmatch(rf"test: {total} of {total} sources done after \d+ s", steps[-1])
    for done, line in enumerate(steps[:-1], start=1):
        running = re.search(r"in progress: ([a-z_, ]+)", line)
        waiting = re.search(r"; (\d+) waiting$", line)
        in_progress = len(running.group(1).split(", ")) if running else 0
        assert in_progress <= workers
        assert in_progress + (int(waiting.group(1)) if waiting else 0) == total - done


def test_the_steps_line_estimates_the_time_left_from_the_sources_finished(tmp_path):
    # Work in proportion to the weights: 0.15 s a unit, so appointments (20) ends at 3 s and
    # grievances (30), started with it, at 4.5 s; helpline (1) takes 0.15 s after appointments.
    def work(con, source, log):
        time.sleep(0.15 * WEIGHTS[source.name])
        return dg.MaterializeResult(asset_key=f"test_{source.name}")

    result, lines = _run(tmp_path, _layer(work, lambda con, s: WEIGHTS[s.name]), WEIGHTS)
    assert result.success
    steps = [line for line in lines if line.startswith("test: ")]
    # after appointments: 20 units took 3 s, so grievances' 30 take 4.5 s, 1.5 s of them left
    first = re.fullmatch(
        r"test: 1 of 3 sources done after \d+ s; in progress: .+; about (\d+) s left", steps[0]
    )
    # 1.5 s, give or take the moments the step's thread took to hear of the starts and ends
    assert first is not None and 1 <= int(first.group(1)) <= 3, steps[0]
    assert "left" not in steps[-1]
