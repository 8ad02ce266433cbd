"""Dagster's side of delivery: alert notices after every publication, the weekly digest.

Thin on purpose: the work is pipelines/delivery (plain Python, tested without Dagster).

- ``alert_deliveries`` runs after ``published_snapshot`` in every refresh: it queues the
  notices the published alerts owe and sends everything due (earlier failures included). It
  never fails the refresh -- the snapshot is already published -- and logs what it could not
  do instead; its metadata counts what was queued, sent, retried and failed.
- ``weekly_digest`` (Monday 09:00 IST) runs the ``digest`` job, which sends each district's
  digest once per week. It reads the published snapshot only, through ``reader``, which takes
  no refresh lock: a digest never waits for a refresh, nor holds one up.
"""

import datetime as dt
from pathlib import Path

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.delivery.alert_notices import deliver_alerts
from pipelines.delivery.config import DeliveryConfig
from pipelines.delivery.digest import send_digests, week_of
from pipelines.delivery.recipients import RecipientsError, load_recipients


class ReaderResource(dg.ConfigurableResource):
    """The pipeline's warehouse path, for reading the snapshot published beside it."""

    path: str

    @property
    def warehouse_path(self) -> Path:
        return Path(self.path)


@dg.asset(
    name="alert_deliveries",
    group_name="publish",
    deps=[dg.AssetKey("published_snapshot")],
    description="Sends the published alerts' notices (opened, closed) to the districts' "
    "recipients by e-mail and webhook, once each, and retries earlier failed deliveries.",
)
def alert_deliveries(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    try:
        report = deliver_alerts(warehouse.warehouse_path, log=context.log)
    except RecipientsError as exc:
        context.log.error(f"alerts not sent: {exc}")
        return dg.MaterializeResult(metadata={"error": str(exc)})
    except Exception as exc:  # noqa: BLE001 -- publication succeeded; this must not undo it
        context.log.error(f"alerts not sent: {type(exc).__name__}: {exc}")
        return dg.MaterializeResult(metadata={"error": f"{type(exc).__name__}: {exc}"})
    return dg.MaterializeResult(metadata=report.metadata())


@dg.op(description="Queues and sends this week's digest of every district with recipients.")
def send_weekly_digests(context: dg.OpExecutionContext, reader: ReaderResource) -> None:
    # A bad recipients file fails the run, so the failure sensor tells the operators.
    report = send_digests(reader.warehouse_path, log=context.log)
    for line in report.lines():
        context.log.info(line)
    if report.errors:
        raise dg.Failure(description=f"digest not made for {'; '.join(report.errors)}")


@dg.job(
    name="digest",
    description="The weekly district digest: brief, open alerts, most overdue cases.",
    executor_def=dg.in_process_executor,
)
def digest_job() -> None:
    send_weekly_digests()


def digest_skip_reason() -> dg.SkipReason | None:
    """Why this week's tick starts no run: no channel in use, or placeholder recipients."""
    try:
        problem = DeliveryConfig.from_environment().problem()
        if problem is None and load_recipients().placeholders:
            problem = "the recipients file still holds its placeholder addresses"
    except (RecipientsError, ValueError) as exc:
        return dg.SkipReason(str(exc))
    return dg.SkipReason(problem) if problem else None


@dg.schedule(
    name="weekly_digest",
    job=digest_job,
    cron_schedule="0 9 * * 1",
    execution_timezone="Asia/Kolkata",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Sends each district's weekly digest on Monday at 09:00 IST.",
)
def weekly_digest(context: dg.ScheduleEvaluationContext):
    skip = digest_skip_reason()
    if skip is not None:
        return skip
    week, _ = week_of(context.scheduled_execution_time or dt.datetime.now(dt.UTC))
    return dg.RunRequest(run_key=f"digest-{week}", tags={"jansewa/trigger": "schedule"})
