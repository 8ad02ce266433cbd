"""Send what the outbox says is due, record each outcome, and back off from failures.

Each due delivery is claimed, sent to its recipient's current addresses (a recipient that
left the file is cancelled, not sent), and recorded as sent, or as failed with its reason and
the time of the next attempt (the back-off doubles each time). After the last attempt allowed
it stays in the outbox as failed, and every run says so in its log until someone looks
(`jansewa deliveries --status failed`, `--retry-failed`). Nothing is dropped silently.

A server that cannot be reached is tried once per run: the deliveries after it record the
same reason without waiting for another timeout (a refresh holds its lock meanwhile).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from pipelines.delivery.config import DeliveryConfig
from pipelines.delivery.outbox import Delivery, Outbox
from pipelines.delivery.recipients import Recipient, Recipients
from pipelines.delivery.transport import UNREACHABLE, post_webhook, send_email

module_log = logging.getLogger(__name__)


@dataclass
class DispatchReport:
    sent: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # gave up in this run
    cancelled: list[str] = field(default_factory=list)
    failed_total: int = 0  # every delivery of the outbox that failed for good

    def metadata(self) -> dict[str, int]:
        return {
            "sent": len(self.sent),
            "retrying": len(self.retrying),
            "failed_now": len(self.failed),
            "failed_total": self.failed_total,
            "cancelled": len(self.cancelled),
        }


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


def _target(recipient: Recipient | None, channel: str) -> tuple[str, str] | None:
    """(endpoint, address) of a delivery's channel for its recipient now; None when the
    recipient, or that channel of it, is no longer in the file."""
    if recipient is None:
        return None
    if channel == "email":
        return ("email", ", ".join(recipient.email)) if recipient.email else None
    url = channel.removeprefix("webhook:")
    return (
        (url.split("/", 3)[2] if "//" in url else url, url) if url in recipient.webhooks else None
    )


def _send(delivery: Delivery, recipient: Recipient, config: DeliveryConfig) -> None:
    if delivery.channel == "email":
        send_email(delivery.message, recipient.email, config.smtp, delivery.delivery_id)
    else:
        url = delivery.channel.removeprefix("webhook:")
        post_webhook(delivery.message, url, config.webhook_token, delivery.delivery_id)


def deliver_due(
    outbox: Outbox,
    recipients: Recipients,
    config: DeliveryConfig,
    now: dt.datetime | None = None,
    log=None,
) -> DispatchReport:
    """Send every due delivery on a usable channel; the outcome of each, logged."""
    log = log or module_log
    now = now or dt.datetime.now(dt.UTC)
    report = DispatchReport()
    usable = config.usable()
    current = recipients.by_id()
    statuses = outbox.keys()
    down: dict[str, str] = {}  # endpoint -> why it could not be reached in this run
    for delivery in outbox.due(now):
        if delivery.channel.split(":", 1)[0] not in usable:
            continue  # that channel is switched off: the delivery waits, no attempt counted
        recipient = current.get(delivery.recipient)
        target = _target(recipient, delivery.channel)
        if target is None:
            reason = f"recipient or channel no longer listed in {recipients.source}"
            outbox.cancel(delivery, reason, now)
            report.cancelled.append(delivery.describe())
            log.warning(f"delivery cancelled, {reason}: {delivery.describe()}")
            continue
        opened = (delivery.item, "opened", delivery.recipient, delivery.channel)
        if delivery.event == "closed" and statuses.get(opened) == "pending":
            continue  # the 'closed' notice waits until its 'opened' one is out
        if not outbox.claim(delivery, now):
            continue  # another run is sending it
        endpoint, address = target
        error = None
        if endpoint in down:
            error = f"not tried, unreachable earlier in this run: {down[endpoint]}"
        else:
            try:
                _send(delivery, recipient, config)
            except UNREACHABLE as exc:
                error = down[endpoint] = _one_line(exc)
            except Exception as exc:  # noqa: BLE001 -- any failure is recorded and retried
                error = _one_line(exc)
        if error is None:
            outbox.mark_sent(delivery, address, now)
            statuses[delivery.key] = "sent"
            report.sent.append(delivery.describe())
            log.info(f"sent {delivery.describe()}")
            continue
        attempts = delivery.attempts + 1
        if attempts >= config.max_attempts:
            outbox.mark_failed(delivery, error, now, None)
            report.failed.append(delivery.describe())
            log.error(
                f"delivery FAILED after {attempts} attempt(s), not retried: "
                f"{delivery.describe()}: {error}"
            )
            continue
        wait = config.backoff_seconds(attempts)
        outbox.mark_failed(delivery, error, now, now + dt.timedelta(seconds=wait))
        report.retrying.append(delivery.describe())
        log.warning(
            f"delivery failed (attempt {attempts} of {config.max_attempts}), retried after "
            f"{wait:,.0f} s at the next run: {delivery.describe()}: {error}"
        )
    report.failed_total = sum(1 for s in outbox.keys().values() if s == "failed")
    if report.failed_total:
        log.error(
            f"{report.failed_total} delivery(ies) failed for good and were not sent: "
            "`jansewa deliveries --status failed` lists them, `--retry-failed` tries again"
        )
    return report
