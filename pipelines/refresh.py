"""`jansewa refresh`: run the code location's refresh job in-process for one warehouse.

The same assets, checks and job that `dagster dev` shows, with the paths given on the command
line. The run either publishes a new snapshot or leaves the last one untouched; the summary
says which, and why.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
import uuid
import warnings
from pathlib import Path

from pipelines.current_snapshot import current_publication
from pipelines.exports_folder import arriving_files, check_exports_folder
from pipelines.keys import PII_KEY_VARIABLE, configured_pii_key, pii_key
from pipelines.lock import warehouse_lock
from pipelines.progress import show_progress_on_stderr
from pipelines.refresh_result import RefreshResult, audit_rows
from warehouse.alerts.failures import record_refresh_failure
from warehouse.file_opens import check_warehouse_opens
from warehouse.settings import duckdb_memory_limit
from warehouse.snapshot import snapshot_path

# The summary reports every failure in one line; Dagster's own console would add stack traces.
QUIET_DAGSTER = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def _innermost(info):
    """The error behind Dagster's wrappers ("Error occurred while executing op ...")."""
    while info is not None and getattr(info, "cause", None) is not None:
        info = info.cause
    return info


def _root_message(info) -> str:
    """The first line of the innermost error: what went wrong, not Dagster's wrapper, nor the
    error's class path ("pipelines.defs.layer_step.LayerFailed: ")."""
    info = _innermost(info)
    text = (info.message or "").strip() if info is not None else ""
    line = text.splitlines()[0] if text else "failed"
    prefix, _, rest = line.partition(": ")
    cls_name = getattr(info, "cls_name", None)
    if cls_name and rest and prefix.split(".")[-1] == cls_name:
        return rest
    return line


# How DuckDB and Python say a write found the disk full (errno ENOSPC).
DISK_FULL = "No space left on device"


def _step_error(info, warehouse: Path) -> str:
    """A failed step's line: its innermost error, or, when a write found the disk full,
    what to do about it. DuckDB names the file it could not write, once per source that
    tried; the operator needs the folder to free space in (the summary's last line says
    what became of the snapshot)."""
    message = _root_message(info)
    if DISK_FULL not in message:
        return message
    return (
        f"the disk holding {warehouse.parent} is full ({DISK_FULL.lower()}): free space "
        "there, then run the refresh again"
    )


def _blocked_by_checks(info) -> bool:
    """Whether a step failed because blocking checks failed (reported check by check)."""
    root = _innermost(info)
    return root is not None and getattr(root, "cls_name", "") == "DagsterAssetCheckFailedError"


def _run_config(weights: Path | None, full: bool = False) -> dict:
    """Quiet console logging, and the marts step's config: the weights file when one is
    given, and every mart built whole when ``full``."""
    config: dict = {}
    if weights is not None:
        config["weights"] = str(Path(weights).absolute())
    if full:
        config["full"] = True
    if not config:
        return QUIET_DAGSTER
    return {**QUIET_DAGSTER, "ops": {"kpi_marts": {"config": config}}}


def _instance():
    """Runs show up in `dagster dev` when DAGSTER_HOME is set; otherwise kept in memory."""
    import dagster as dg

    return (
        dg.DagsterInstance.get()
        if os.environ.get("DAGSTER_HOME")
        else dg.DagsterInstance.ephemeral()
    )


def run_refresh(
    exports: Path,
    warehouse: Path,
    allow_development_key: bool = False,
    wait: float = 0.0,
    weights: Path | None = None,
    full: bool = False,
) -> RefreshResult:
    """Materialise every asset (load, stage, validate, model, publish) for one warehouse.

    Refuses before reading anything -- with one line, MissingPiiKeyError or
    NothingToLoadError -- when JANSEWA_PII_KEY is unset (unless ``allow_development_key``:
    sample data only), or when the exports folder holds nothing to load; with ValueError
    when JANSEWA_DUCKDB_MEMORY_LIMIT is not a size; and with
    RefreshLocked when another refresh of the same warehouse is still running after
    ``wait`` seconds (pipelines/lock.py); with WarehouseUnreadableError when the warehouse
    file cannot be opened (warehouse/file_opens.py). ``weights`` replaces the reviewed scorecard
    weights file for this run (a proposed weighting), checked as the reviewed one is.

    When nothing is new (pipelines.current_snapshot) the run returns at once with
    ``current`` set and the snapshot untouched; ``full`` (or ``weights``) runs every step
    anyway, and ``full`` builds every mart whole rather than the partitions staging changed.
    """
    pii_key(allow_development_key=allow_development_key)  # refuse early
    duckdb_memory_limit()  # a mistyped JANSEWA_DUCKDB_MEMORY_LIMIT: one line, before any work
    exports, warehouse = Path(exports).absolute(), Path(warehouse).absolute()
    check_exports_folder(exports)
    arriving = arriving_files(exports)
    run_id = str(uuid.uuid4())
    with warehouse_lock(warehouse, run_id=run_id, wait=wait):
        started = time.perf_counter()
        check_warehouse_opens(warehouse)  # a restored file beside a stale log: one line
        current = None if full or weights else current_publication(warehouse, exports)
        if current is not None:
            return RefreshResult(
                ok=True,
                run_id=run_id,
                seconds=time.perf_counter() - started,
                published=False,
                warnings=[f"{p}: still being written, left for the next run" for p in arriving],
                snapshot=snapshot_path(warehouse),
                current=current,
            )
        return _execute(exports, warehouse, weights, run_id, arriving, full)


def _execute(
    exports: Path,
    warehouse: Path,
    weights: Path | None,
    run_id: str,
    arriving: list[str],
    full: bool = False,
) -> RefreshResult:
    """Run the refresh job in this process (the caller holds the warehouse's lock), and
    summarise its outcome: checks failed or warned, steps failed, the load audit.

    Dagster is imported here, not at the top: a refresh with nothing new never needs it.
    """
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.defs.checks import failed_expectations
    from pipelines.defs.resources import PiiKeyResource, WarehouseResource

    pii = (
        PiiKeyResource(key=dg.EnvVar(PII_KEY_VARIABLE))
        if configured_pii_key()
        else PiiKeyResource(allow_development_key=True)
    )
    show_progress_on_stderr()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    defs = build_definitions(WarehouseResource(path=str(warehouse), exports=str(exports)), pii)
    job = defs.resolve_job_def("refresh")
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with _instance() as instance:
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config=_run_config(weights, full),
                run_id=run_id,
                tags={"jansewa/started": dt.datetime.now().isoformat(timespec="seconds")},
            )
    seconds = time.perf_counter() - started

    failed, warned, blocked = [], [], []
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            continue
        asset = evaluation.asset_key.to_user_string()
        for expectation, rows in failed_expectations(evaluation):
            detail = f"{asset} check {expectation} failed"
            if rows is not None:
                detail += f" ({rows} unexpected)"
            if evaluation.severity == dg.AssetCheckSeverity.ERROR:
                failed.append(detail)
                source = asset.removeprefix("stg_")
                blocked.append({"source": source, "check": expectation, "rows": rows})
            else:
                warned.append(detail)
    errors = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE" and event.step_key:
            info = event.event_specific_data.error if event.event_specific_data else None
            # A step stopped by blocking checks is already reported above, check by check.
            if not (failed and _blocked_by_checks(info)):
                errors.append(f"{event.step_key}: {_step_error(info, warehouse)}")
    published = result.success and any(
        e.event_type_value == "ASSET_MATERIALIZATION"
        and e.asset_key == dg.AssetKey("published_snapshot")
        for e in result.all_events
    )
    if not published:  # the `refresh_failed` alert, open until a publication
        try:
            record_refresh_failure(warehouse, result.run_id, blocked=blocked)
        except (OSError, sqlite3.Error) as exc:
            errors.append(f"failure not recorded for the alerts: {exc}")
    return RefreshResult(
        ok=published,
        run_id=result.run_id,
        seconds=seconds,
        published=published,
        audit=audit_rows(warehouse, result.run_id),
        failed_checks=failed,
        warnings=[
            *(f"{p}: still being written, left for the next run" for p in arriving),
            *warned,
        ],
        errors=errors,
        snapshot=snapshot_path(warehouse),
    )
