"""Failures are told: a run-failure sensor that sends one notice per failed refresh.

A refresh whose blocking data checks failed stops before publishing (the readers keep the
last snapshot) and its run fails; the notice then says which source, which check and how
many rows broke it, read from the run's own check evaluations. Delivery is in
pipelines/notify.py (SMTP and/or webhook, from the environment), keyed on the run id.
"""

from __future__ import annotations

import os

import dagster as dg

from pipelines.notify import BlockedCheck, Notice, deliver


def _value(entry):
    return getattr(entry, "value", entry)


def blocked_checks(instance: dg.DagsterInstance, run_id: str) -> list[BlockedCheck]:
    """The blocking (ERROR) checks that failed in a run, in the order they were evaluated."""
    out = []
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = record.dagster_event.event_specific_data
        if evaluation.passed or evaluation.severity != dg.AssetCheckSeverity.ERROR:
            continue
        rows = _value(evaluation.metadata.get("unexpected_count"))
        out.append(
            BlockedCheck(
                source=evaluation.asset_key.to_user_string().removeprefix("stg_"),
                check=evaluation.check_name,
                rows=int(rows) if isinstance(rows, int | float) else None,
            )
        )
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


@dg.run_failure_sensor(
    name="refresh_failed",
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=int(os.environ.get("JANSEWA_SENSOR_INTERVAL", "30")),
    description="Tells the operators (e-mail and/or webhook) when a refresh fails, and which "
    "data checks blocked publication.",
)
def refresh_failed(context: dg.RunFailureSensorContext):
    notice = failure_notice(context)
    channels = deliver(notice)
    context.log.info(f"run {notice.run_id} failure told by {', '.join(channels) or 'log only'}")
