"""Failures are told: a run-failure sensor that sends one notice per failed refresh.

A refresh whose blocking data checks failed stops before publishing (the readers keep the
last snapshot) and its run fails; the notice then says which source, which check and how
many rows broke it, read from the run's own check evaluations. Delivery is in
pipelines/notify.py (SMTP and/or webhook, from the environment), keyed on the run id.
Before telling, the failure is recorded beside the notices (warehouse/alerts/failures.py):
the `refresh_failed` alert readers see until the next publication.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import asdict

import dagster as dg

from pipelines.defs.automation import refresh_job
from pipelines.defs.checks import failed_expectations
from pipelines.defs.resources import warehouse_from_environment
from pipelines.notify import BlockedCheck, Notice, deliver
from warehouse.alerts.failures import record_refresh_failure


def blocked_checks(instance: dg.DagsterInstance, run_id: str) -> list[BlockedCheck]:
    """The expectations of blocking (ERROR) checks that failed in a run, in the order the
    checks were evaluated."""
    out = []
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = record.dagster_event.event_specific_data
        if evaluation.passed or evaluation.severity != dg.AssetCheckSeverity.ERROR:
            continue
        source = evaluation.asset_key.to_user_string().removeprefix("stg_")
        for expectation, rows in failed_expectations(evaluation):
            out.append(BlockedCheck(source=source, check=expectation, rows=rows))
    return out


def failure_notice(context: dg.RunFailureSensorContext) -> Notice:
    run = context.dagster_run
    message = (context.failure_event.message or "failed").strip().splitlines()
    return Notice(
        run_id=run.run_id,
        job=run.job_name,
        error=message[0] if message else "failed",
        blocked=blocked_checks(context.instance, run.run_id),
        webserver_url=os.environ.get("JANSEWA_WEBSERVER_URL"),
    )


def record_failure(context: dg.RunFailureSensorContext, notice: Notice) -> None:
    """Record a failed refresh run for the code location's warehouse (the daemon builds it
    from the same JANSEWA_* variables), dated by the run's end. Other jobs' failures are told,
    not recorded: they leave the data as it was."""
    if context.dagster_run.job_name != refresh_job.name:
        return
    record = context.instance.get_run_record_by_id(notice.run_id)
    ended = record.end_time if record is not None else None
    record_refresh_failure(
        warehouse_from_environment().warehouse_path,
        notice.run_id,
        failed_at=dt.datetime.fromtimestamp(ended) if ended else None,
        blocked=[asdict(b) for b in notice.blocked],
    )


@dg.run_failure_sensor(
    name="refresh_failed",
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=int(os.environ.get("JANSEWA_SENSOR_INTERVAL", "30")),
    description="Tells the operators (e-mail and/or webhook) when a refresh fails, and which "
    "data checks blocked publication.",
)
def refresh_failed(context: dg.RunFailureSensorContext):
    notice = failure_notice(context)
    try:  # the notice goes out even when the record cannot be written
        record_failure(context, notice)
    except (OSError, sqlite3.Error) as exc:
        context.log.error(f"run {notice.run_id} failure not recorded for the alerts: {exc}")
    channels = deliver(notice)
    context.log.info(f"run {notice.run_id} failure told by {', '.join(channels) or 'log only'}")
