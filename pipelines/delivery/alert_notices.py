"""Which notices each alert owes to whom, queued in the outbox, then sent: after publication.

An open alert owes an 'opened' notice to every recipient whose district and role it is for
(the district's offices, the state cell), on every channel in use. A closed alert owes a
'closed' notice to those that were owed its 'opened' one -- an alert that opened and closed
between two publications, or closed before a recipient was added, is not announced as
closed to someone never told it opened. Keys make it once: an alert still open at the next
publication queues nothing new, and a reopened alert (same key) is not announced again.

Nothing is queued while no channel is in use or the recipients file still holds its
placeholders; the run logs one line saying so.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.delivery.alert_messages import alert_message
from pipelines.delivery.config import DeliveryConfig
from pipelines.delivery.dispatch import DispatchReport, deliver_due
from pipelines.delivery.outbox import Delivery, Outbox, outbox_for
from pipelines.delivery.recipients import Recipient, Recipients, load_recipients
from pipelines.delivery.snapshot_reads import Alert, read_alerts

module_log = logging.getLogger(__name__)


@dataclass
class AlertDeliveryReport:
    skipped: str | None = None  # why nothing was queued or sent, in one line
    alerts: int = 0
    queued: int = 0
    dispatch: DispatchReport = field(default_factory=DispatchReport)

    def metadata(self) -> dict:
        meta = {"alerts": self.alerts, "queued": self.queued, **self.dispatch.metadata()}
        if self.skipped:
            meta["skipped"] = self.skipped
        return meta


def channels_of(recipient: Recipient, usable: tuple[str, ...]) -> list[str]:
    """The outbox channels of a recipient on the channels in use."""
    channels = ["email"] if "email" in usable and recipient.email else []
    if "webhook" in usable:
        channels += [f"webhook:{url}" for url in recipient.webhooks]
    return channels


def alert_deliveries(
    alerts: list[Alert],
    recipients: Recipients,
    config: DeliveryConfig,
    known: dict[tuple[str, str, str, str], str],
) -> list[Delivery]:
    """The deliveries the alerts owe that ``known`` (the outbox's keys) does not hold yet."""
    usable = config.usable()
    out: list[Delivery] = []
    messages: dict[tuple[str, str, str, str], object] = {}
    for alert in alerts:
        event = "opened" if alert.status == "open" else "closed"
        for recipient in recipients.for_alert(alert.district, alert.severity, alert.kind):
            for channel in channels_of(recipient, usable):
                key = (alert.alert_key, event, recipient.id, channel)
                if key in known:
                    continue
                if (
                    event == "closed"
                    and (alert.alert_key, "opened", recipient.id, channel) not in known
                ):
                    continue  # never told it opened: not told it closed
                cache = (alert.alert_key, event, recipient.lang, recipient.id)
                if cache not in messages:
                    messages[cache] = alert_message(
                        alert, event, recipient.lang, config, recipient, recipients.source
                    )
                out.append(
                    Delivery(
                        *key,
                        kind="alert",
                        district=alert.district,
                        lang=recipient.lang,
                        message=messages[cache],
                    )
                )
    return out


def ready_to_send(config: DeliveryConfig, log) -> tuple[Recipients | None, str | None]:
    """The recipients, or why nothing may be sent (logged once by the caller)."""
    problem = config.problem()
    if problem:
        return None, problem
    recipients = load_recipients()
    if recipients.placeholders:
        return None, (
            f"{recipients.source} still holds its placeholder addresses (placeholders: true): "
            "nothing is sent"
        )
    if "email" in config.channels and not config.email_ready:
        log.warning("e-mail delivery is on but JANSEWA_SMTP_HOST or _FROM is unset: webhooks only")
    return recipients, None


def deliver_alerts(
    warehouse: Path,
    config: DeliveryConfig | None = None,
    outbox: Outbox | None = None,
    now: dt.datetime | None = None,
    log=None,
) -> AlertDeliveryReport:
    """Queue the notices the published snapshot's alerts owe, then send everything due
    (retries of earlier alerts and digests included). Raises RecipientsError (one line) for
    a bad recipients file."""
    log = log or module_log
    config = config or DeliveryConfig.from_environment()
    now = now or dt.datetime.now(dt.UTC)
    recipients, problem = ready_to_send(config, log)
    if problem:
        log.info(problem)
        return AlertDeliveryReport(skipped=problem)
    outbox = outbox or outbox_for(warehouse)
    alerts = read_alerts(warehouse)
    report = AlertDeliveryReport(alerts=len(alerts or []))
    if alerts is None:
        log.info("the published snapshot has no alerts table yet: no alert to tell")
    else:
        new = alert_deliveries(alerts, recipients, config, outbox.keys("alert"))
        report.queued = outbox.enqueue(new, now)
        log.info(f"{len(alerts)} alert(s) in the snapshot; {report.queued} notice(s) queued")
    report.dispatch = deliver_due(outbox, recipients, config, now, log)
    return report
