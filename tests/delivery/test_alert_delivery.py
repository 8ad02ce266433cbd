"""Alert notices reach a real SMTP server and a real HTTP receiver, started by the test: once
per alert, recipient and channel; a 'closed' notice when the alert closes; a server that is
down is retried at the next run and the failure is logged; after the last attempt the
delivery stays visible as failed."""

from __future__ import annotations

import datetime as dt
import logging

from jansewa.cli import main
from pipelines.delivery.alert_notices import deliver_alerts
from pipelines.delivery.outbox import outbox_for
from tests.delivery.conftest import JHAJJAR_BELOW_TARGET, ROHTAK_OVERDUE, body, write_alerts

T0 = dt.datetime(2026, 1, 12, 4, 0, tzinfo=dt.UTC)


def _by_recipient(smtp) -> dict[str, object]:
    return {", ".join(sorted(rcpt)): mail for rcpt, mail in smtp.inbox.messages}


def test_an_opened_alert_goes_out_once_by_email_and_webhook_then_closed(
    snapshot, config, smtp, hook, log
):
    smtp.start()
    hook.start()
    report = deliver_alerts(snapshot, config, now=T0, log=log)

    # Jhajjar's critical alert: Jhajjar's DC office (e-mail + webhook), its sub-division
    # (e-mail, kind kpi_below_target) and the state cell (e-mail + webhook); Rohtak's
    # warning: Rohtak's DC office only (the state cell takes critical alerts only).
    assert report.queued == 6 and len(report.dispatch.sent) == 6
    mails = _by_recipient(smtp)
    assert sorted(mails) == [
        "adc-jhajjar@example.gov.in, dc-jhajjar@example.gov.in",
        "dc-rohtak@example.gov.in",
        "digital-cell@example.gov.in",
        "sdm-jhajjar@example.gov.in",
    ]
    jhajjar = mails["adc-jhajjar@example.gov.in, dc-jhajjar@example.gov.in"]
    assert jhajjar["Subject"] == (
        "[Jansewa] Critical alert: Jhajjar – Call resolution rate below its target (May 2020)"
    )
    text = body(jhajjar)
    assert "  Value: 42.1 %" in text and "  Target: 80.0 %" in text
    assert "  From: Mar 2020" in text and "Opened: 3 Jun 2020, 06:05" in text
    assert (
        "On the dashboard: https://jansewa.example.gov.in/district?district=Jhajjar&grain=month"
        "&period=2020-05-01" in text
    )
    assert "Deputy Commissioner's office, Jhajjar" in text

    rohtak = mails["dc-rohtak@example.gov.in"]  # Hindi, figures the Indian way
    assert rohtak["Subject"].startswith("[जनसेवा] चेतावनी अलर्ट: रोहतक – ")
    assert "(मई 2020)" in rohtak["Subject"]
    hindi = body(rohtak)
    assert "  मान: 1,03,515" in hindi and "  वृद्धि: 72.5 %" in hindi
    assert "&lang=hi" in hindi

    hooks = {path: (headers, payload) for path, headers, payload in hook.received}
    assert sorted(hooks) == ["/hook/jhajjar", "/hook/state"]
    headers, payload = hooks["/hook/jhajjar"]
    assert headers["Authorization"] == "Bearer test-token"
    assert headers["Idempotency-Key"] == payload["delivery_id"]
    assert (
        payload["event"] == "opened" and payload["alert_key"] == JHAJJAR_BELOW_TARGET["alert_key"]
    )
    assert payload["figures"]["value"] == 0.4213 and payload["figures_text"]["value"] == "42.1 %"

    # The next publication with the same alerts sends nothing again.
    again = deliver_alerts(snapshot, config, now=T0 + dt.timedelta(hours=1), log=log)
    assert again.queued == 0 and again.dispatch.sent == []
    assert len(smtp.inbox.messages) == 6 - 2 and len(hook.received) == 2  # 4 e-mails, 2 POSTs

    # Jhajjar's alert closes: those told it opened are told it closed, once.
    closed = {**JHAJJAR_BELOW_TARGET, "status": "closed", "closed_at": dt.datetime(2020, 7, 1, 6)}
    write_alerts(snapshot, [closed, ROHTAK_OVERDUE])
    report = deliver_alerts(snapshot, config, now=T0 + dt.timedelta(days=1), log=log)
    assert report.queued == 5 and len(report.dispatch.sent) == 5
    new_mails = [mail for _, mail in smtp.inbox.messages[4:]]
    assert {m["Subject"] for m in new_mails} >= {
        "[Jansewa] Alert closed: Jhajjar – Call resolution rate below its target (May 2020)"
    }
    assert any("Closed: 1 Jul 2020, 06:00" in body(m) for m in new_mails)
    assert [p["event"] for _, _, p in hook.received[2:]] == ["closed", "closed"]
    assert deliver_alerts(snapshot, config, now=T0 + dt.timedelta(days=2), log=log).queued == 0
    assert len(smtp.inbox.messages) == 7 and len(hook.received) == 4


def test_a_closed_alert_never_told_open_is_not_announced(snapshot, config, smtp, hook, log):
    smtp.start()
    hook.start()
    closed = {**JHAJJAR_BELOW_TARGET, "status": "closed", "closed_at": dt.datetime(2020, 7, 1)}
    write_alerts(snapshot, [closed])
    report = deliver_alerts(snapshot, config, now=T0, log=log)
    assert report.queued == 0 and smtp.inbox.messages == [] and hook.received == []


def test_a_server_that_is_down_is_retried_at_the_next_run_with_a_back_off(
    snapshot, config, smtp, hook, log, caplog
):
    write_alerts(snapshot, [JHAJJAR_BELOW_TARGET])  # 5 deliveries: 3 e-mails, 2 webhooks
    outbox = outbox_for(snapshot)
    with caplog.at_level(logging.WARNING, logger=log.name):
        first = deliver_alerts(snapshot, config, outbox, now=T0, log=log)
    assert first.dispatch.sent == [] and len(first.dispatch.retrying) == 5
    failures = [r.getMessage() for r in caplog.records if "delivery failed" in r.getMessage()]
    assert len(failures) == 5
    assert any("by email: ConnectionRefusedError" in f for f in failures)
    assert any("by webhook: ConnectionError" in f for f in failures)
    assert all("attempt 1 of 3" in f and "retried after 60 s" in f for f in failures)
    pending = outbox.rows("pending")
    assert len(pending) == 5 and all(d.attempts == 1 and d.last_error for d in pending)

    smtp.start()
    hook.start()
    # Before the back-off has run out nothing is tried; after it, everything goes out.
    early = deliver_alerts(snapshot, config, outbox, now=T0 + dt.timedelta(seconds=30), log=log)
    assert early.dispatch.sent == [] and smtp.inbox.messages == []
    later = deliver_alerts(snapshot, config, outbox, now=T0 + dt.timedelta(seconds=61), log=log)
    assert len(later.dispatch.sent) == 5
    assert len(smtp.inbox.messages) == 3 and len(hook.received) == 2
    sent = outbox.rows("sent")
    assert len(sent) == 5 and all(d.attempts == 2 and d.sent_at for d in sent)
    assert (
        deliver_alerts(snapshot, config, outbox, now=T0 + dt.timedelta(hours=1)).dispatch.sent == []
    )


def test_after_the_last_attempt_a_delivery_stays_visible_as_failed(
    snapshot, config, log, caplog, capsys, delivery_env
):
    write_alerts(snapshot, [ROHTAK_OVERDUE])  # one e-mail, to a server that never comes up
    outbox = outbox_for(snapshot)
    with caplog.at_level(logging.WARNING, logger=log.name):
        for minutes in (0, 2, 10):  # attempts 1, 2 (after 60 s) and 3 (after 120 s)
            deliver_alerts(
                snapshot, config, outbox, now=T0 + dt.timedelta(minutes=minutes), log=log
            )
    (failed,) = outbox.rows("failed")
    assert failed.attempts == 3 and failed.last_error.startswith("ConnectionRefusedError")
    messages = [r.getMessage() for r in caplog.records]
    assert any("delivery FAILED after 3 attempt(s)" in m for m in messages)
    assert any("1 delivery(ies) failed for good" in m for m in messages)

    assert main(["deliveries", "--warehouse", str(snapshot), "--status", "failed"]) == 0
    out = capsys.readouterr().out
    assert "failed     3 attempt(s)" in out and "to Rohtak/dc_office by email" in out
    assert "ConnectionRefusedError" in out
    assert main(["deliveries", "--warehouse", str(snapshot), "--retry-failed"]) == 0
    assert outbox.rows("failed") == [] and outbox.rows("pending")[0].attempts == 0


def test_nothing_is_sent_without_a_channel_or_with_placeholder_recipients(
    snapshot, smtp, hook, log, caplog, monkeypatch, tmp_path
):
    from pipelines.delivery.config import DeliveryConfig

    smtp.start()
    hook.start()
    monkeypatch.delenv("JANSEWA_DELIVERY_CHANNELS", raising=False)
    with caplog.at_level(logging.INFO, logger=log.name):
        report = deliver_alerts(snapshot, DeliveryConfig.from_environment(), now=T0, log=log)
    assert report.skipped.startswith("no delivery channel configured")
    assert [r.getMessage() for r in caplog.records] == [report.skipped]  # logged once

    # The reviewed file still holds placeholders: nothing goes to them, whatever is set.
    monkeypatch.setenv("JANSEWA_DELIVERY_CHANNELS", "email,webhook")
    monkeypatch.setenv("JANSEWA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("JANSEWA_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("JANSEWA_SMTP_FROM", "jansewa@cell.example.gov.in")
    monkeypatch.delenv("JANSEWA_RECIPIENTS", raising=False)
    report = deliver_alerts(snapshot, DeliveryConfig.from_environment(), now=T0, log=log)
    assert "placeholder" in report.skipped
    assert smtp.inbox.messages == [] and hook.received == []
    assert not (tmp_path / "wh" / "dagster" / "notifications.sqlite").exists()
