"""One refresh in this process, with its step timings: run by the benchmark as a child.

The same definitions and job as `jansewa refresh` (pipelines.refresh.run_refresh), run
in-process on an ephemeral Dagster instance that is kept open so the run's event log can be
read: STEP_START / STEP_SUCCESS timestamps give each step's time. The work each step does
itself is timed by wrapping, in this process only, the calls the asset bodies make
(WarehouseResource.connect blocks, the GX validation, writing the reader snapshot); the rest of the
run's wall time is Dagster's overhead. Writes one JSON object to --out.

With --dagster-home, the run's events go instead to the instance the service runs under
(`jansewa up`'s dagster.yaml from deploy/, SQLite storage in that folder): what a run the
daemon starts pays to record its events.

    python -m tests.benchmarks.refresh_child --exports DIR --warehouse FILE --out result.json \
        [--dagster-home DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import threading
import time
import warnings
from pathlib import Path

import pipelines  # noqa: F401  (sets the allocators before Polars loads, as `jansewa` does)

_WORK: list[tuple[float, float, str]] = []  # (start, end, what), time.time() clock
_RSS: list[tuple[float, int]] = []  # (time.time(), resident bytes) every RSS_EVERY seconds
RSS_EVERY = 0.1


def _sample_rss(stop: threading.Event) -> None:
    """Record this process's resident size until ``stop``: wait4 gives the whole run's peak
    only, and the samples say which step reached it."""
    page = os.sysconf("SC_PAGE_SIZE")
    while not stop.wait(RSS_EVERY):
        with open("/proc/self/statm") as fh:
            _RSS.append((time.time(), int(fh.read().split()[1]) * page))


def _timed(fn, what: str):
    def wrapper(*args, **kwargs):
        started = time.time()
        try:
            return fn(*args, **kwargs)
        finally:
            _WORK.append((started, time.time(), what))

    return wrapper


def _instrument() -> None:
    """Time the asset bodies' own work (see the module docstring); nothing else changes."""
    import expectations.validation
    import pipelines.defs.publish
    from pipelines.defs.resources import WarehouseResource

    original_connect = WarehouseResource.connect

    @contextlib.contextmanager
    def connect(self):
        started = time.time()
        try:
            with original_connect(self) as con:
                yield con
        finally:  # includes close(), i.e. DuckDB's checkpoint of the step's writes
            _WORK.append((started, time.time(), "warehouse.connect block"))

    WarehouseResource.connect = connect
    # the checks import it when they run, so the wrapped one is what they call
    expectations.validation.validate_or_carry_over = _timed(
        expectations.validation.validate_or_carry_over, "validate_or_carry_over"
    )
    pipelines.defs.publish.publish = _timed(pipelines.defs.publish.publish, "publish_snapshot")


def _covered(intervals: list[tuple[float, float]]) -> float:
    """Seconds during which at least one interval runs: the validation step times its
    sources on two threads at once, and their sum would count the overlap twice."""
    total, end = 0.0, float("-inf")
    for start, stop in sorted(intervals):
        if stop > end:
            total += stop - max(start, end)
            end = stop
    return total


def _step_timings(instance, run_id: str) -> tuple[dict, dict]:
    """Per step: start, end, seconds, status; and the run's own start/end timestamps."""
    steps: dict[str, dict] = {}
    run: dict[str, float] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None:
            continue
        kind = event.event_type_value
        if kind in ("RUN_START", "PIPELINE_START"):
            run["start"] = entry.timestamp
        elif kind in ("RUN_SUCCESS", "RUN_FAILURE", "PIPELINE_SUCCESS", "PIPELINE_FAILURE"):
            run["end"] = entry.timestamp
        elif event.step_key and kind == "STEP_START":
            steps.setdefault(event.step_key, {})["start"] = entry.timestamp
        elif event.step_key and kind in ("STEP_SUCCESS", "STEP_FAILURE"):
            steps.setdefault(event.step_key, {})["end"] = entry.timestamp
            steps[event.step_key]["status"] = kind
    for step in steps.values():
        if "start" in step and "end" in step:
            step["seconds"] = round(step["end"] - step["start"], 4)
            inside = [(s, e) for s, e, _ in _WORK if s >= step["start"] and e <= step["end"]]
            step["work_seconds"] = round(_covered(inside), 4)
            during = [b for t, b in _RSS if step["start"] <= t <= step["end"]]
            if during:
                step["peak_rss_mb"] = round(max(during) / 2**20)
    return steps, run


def _raw_mb(warehouse: Path) -> float:
    """The size of the warehouse's raw Parquet folders (warehouse/raw_files.py), in MiB."""
    from warehouse.raw_files import raw_folder_of

    raw = raw_folder_of(warehouse)
    size = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) if raw.is_dir() else 0
    return round(size / 2**20, 1)


def _nothing_new(warehouse: Path, seconds: float) -> dict:
    """The result of a refresh that found the published snapshot current: no step ran."""
    from warehouse.snapshot import snapshot_path

    return {
        "ok": True,
        "nothing_new": True,
        "wall_seconds": round(seconds, 3),
        "run_seconds": None,
        "steps": {},
        "step_seconds_sum": 0.0,
        "work_seconds_sum": 0.0,
        "validation_seconds": 0.0,
        "rows_read": 0,
        "files_loaded": 0,
        "warehouse_mb": round(warehouse.stat().st_size / 2**20, 1),
        "raw_mb": _raw_mb(warehouse),
        "snapshot_mb": round(snapshot_path(warehouse).stat().st_size / 2**20, 2),
        "publish_snapshot_seconds": 0.0,
    }


def _instance(dagster_home: Path | None):
    """An ephemeral instance, or the service's (deploy/dagster.yaml) in ``dagster_home``."""
    import dagster as dg

    if dagster_home is None:
        return dg.DagsterInstance.ephemeral()
    from pipelines.up import prepare_dagster_home

    prepare_dagster_home(dagster_home)
    return dg.DagsterInstance.from_config(str(dagster_home))


def refresh(exports: Path, warehouse: Path, dagster_home: Path | None = None) -> dict:
    """Run the refresh job once and return its timings and outcome."""
    from pipelines.current_snapshot import current_publication
    from pipelines.definitions import build_definitions
    from pipelines.defs.resources import WarehouseResource
    from pipelines.exports_folder import arriving_files, check_exports_folder
    from pipelines.keys import pii_key
    from pipelines.progress import show_progress_on_stderr
    from pipelines.refresh import QUIET_DAGSTER
    from warehouse.snapshot import snapshot_path

    pii_key()  # the benchmark sets JANSEWA_PII_KEY; refuse early without it
    started = time.time()
    # what `jansewa refresh` asks before it runs (pipelines/refresh.py): anything to load,
    # which files are still arriving, and whether the published snapshot is current
    check_exports_folder(exports)
    arriving_files(exports)
    current = current_publication(warehouse, exports)
    if current is not None:
        return _nothing_new(warehouse, time.time() - started)
    show_progress_on_stderr()  # one line per finished step, as `jansewa refresh` prints
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    defs = build_definitions(WarehouseResource(path=str(warehouse), exports=str(exports)))
    job = defs.resolve_job_def("refresh")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with _instance(dagster_home) as instance:
            started = time.time()
            result = job.execute_in_process(
                instance=instance, raise_on_error=False, run_config=QUIET_DAGSTER
            )
            wall = time.time() - started
            steps, run = _step_timings(instance, result.run_id)
    rows_read = 0
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows_read = con.execute(
            "select coalesce(sum(rows_read), 0) from load_audit where run_id = ? and status = 'staged'",
            [result.run_id],
        ).fetchone()[0]
        files = con.execute(
            "select count(*) from load_audit where run_id = ? and status = 'staged'",
            [result.run_id],
        ).fetchone()[0]
        staged = {
            name: con.execute(f"select count(*) from {name}").fetchone()[0]
            for (name,) in con.execute(
                "select view_name from duckdb_views() where view_name like 'stg\\_%' escape '\\'"
            ).fetchall()
        }
    finally:
        con.close()
    step_sum = sum(s.get("seconds", 0) for s in steps.values())
    work_sum = sum(s.get("work_seconds", 0) for s in steps.values())
    validation = sum(s.get("seconds", 0) for k, s in steps.items() if k.startswith("validate_stg_"))
    return {
        "ok": bool(result.success),
        "run_id": result.run_id,
        "wall_seconds": round(wall, 3),
        "run_seconds": round(run["end"] - run["start"], 3)
        if {"start", "end"} <= run.keys()
        else None,
        "steps": {
            k: {kk: v for kk, v in s.items() if kk not in ("start", "end")}
            for k, s in steps.items()
        },
        "step_seconds_sum": round(step_sum, 3),
        "work_seconds_sum": round(work_sum, 3),
        "validation_seconds": round(validation, 3),
        "rows_read": int(rows_read),
        "files_loaded": int(files),
        "staged_records": staged,
        "warehouse_mb": round(warehouse.stat().st_size / 2**20, 1),
        "raw_mb": _raw_mb(warehouse),
        "snapshot_mb": round(snapshot_path(warehouse).stat().st_size / 2**20, 2)
        if snapshot_path(warehouse).exists()
        else None,
        "publish_snapshot_seconds": round(
            sum(e - s for s, e, what in _WORK if what == "publish_snapshot"), 3
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exports", type=Path, required=True)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--profile", type=Path, help="also write cProfile stats here")
    parser.add_argument(
        "--dagster-home", type=Path, help="record the run in the service's instance here"
    )
    args = parser.parse_args(argv)
    _instrument()
    stop = threading.Event()
    if os.path.exists("/proc/self/statm"):
        threading.Thread(target=_sample_rss, args=(stop,), daemon=True).start()
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        result = refresh(args.exports, args.warehouse, args.dagster_home)
        profiler.disable()
        profiler.dump_stats(args.profile)
    else:
        result = refresh(args.exports, args.warehouse, args.dagster_home)
    stop.set()
    args.out.write_text(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
