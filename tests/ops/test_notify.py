"""Failures are told once, by e-mail to a local SMTP server and by a JSON POST to a local
HTTP receiver, both started by the test; the blocked-publication notice names the source,
the check and the rows, read from a failed run's own check evaluations."""

import json
import threading
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dagster as dg
import pytest
from aiosmtpd.controller import Controller

from pipelines.defs.checks import build_validation_checks
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sensors_notify import refresh_failed
from pipelines.notify import BlockedCheck, Notice, SentLog, Settings, deliver
from tests.expectations.conftest import fill_clean
from tests.reliability.workspace import free_port
from warehouse.schema import create_load_tables


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


@pytest.fixture
def webhook():
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Content-Type"], json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def _settings(smtp_port: int, url: str) -> Settings:
    return Settings.from_environment(
        {
            "JANSEWA_SMTP_HOST": "127.0.0.1",
            "JANSEWA_SMTP_PORT": str(smtp_port),
            "JANSEWA_SMTP_FROM": "jansewa@cell.example",
            "JANSEWA_SMTP_TO": "ops@cell.example, lead@cell.example",
            "JANSEWA_WEBHOOK_URL": url,
        }
    )


NOTICE = Notice(
    run_id="4f1c2a9e-0000-4000-8000-000000000001",
    job="refresh",
    error="Execution of run for refresh failed.",
    blocked=[BlockedCheck("helpline_calls", "resolved_after_received", 2)],
    webserver_url="http://127.0.0.1:3000",
)


def test_a_notice_reaches_smtp_and_webhook_once(tmp_path, smtp, webhook):
    (port, inbox), (url, received) = smtp, webhook
    settings, log = _settings(port, url), SentLog(tmp_path / "notifications.sqlite")

    assert deliver(NOTICE, settings, log) == ["email", "webhook"]
    ((recipients, mail),) = inbox.messages
    assert recipients == ["ops@cell.example", "lead@cell.example"]
    assert mail["Subject"] == "[jansewa] publication blocked by data checks (helpline_calls)"
    body = mail.get_payload()
    assert "  - helpline_calls: resolved_after_received, 2 row(s)" in body
    assert "http://127.0.0.1:3000/runs/4f1c2a9e-0000-4000-8000-000000000001" in body
    ((content_type, payload),) = received
    assert content_type == "application/json"
    assert payload["run_id"] == NOTICE.run_id
    assert payload["blocked"] == [
        {"source": "helpline_calls", "check": "resolved_after_received", "rows": 2}
    ]

    # A retried tick, or a second sensor process, does not tell it again.
    assert deliver(NOTICE, settings, SentLog(tmp_path / "notifications.sqlite")) == []
    assert len(inbox.messages) == 1 and len(received) == 1


def test_a_channel_that_fails_is_retried_alone_and_the_failure_is_visible(tmp_path, smtp):
    port, inbox = smtp
    settings = _settings(port, "http://127.0.0.1:9/nothing-listens-here")
    log = SentLog(tmp_path / "notifications.sqlite")
    with pytest.raises(RuntimeError, match=r"not delivered: webhook: ConnectionError"):
        deliver(NOTICE, settings, log)
    assert len(inbox.messages) == 1
    with pytest.raises(RuntimeError):  # next tick: the e-mail is not sent twice
        deliver(NOTICE, settings, log)
    assert len(inbox.messages) == 1


def test_the_failure_sensor_tells_which_source_and_check_blocked_publication(
    tmp_path, smtp, webhook, monkeypatch
):
    """A run whose staged helpline calls break a blocking check (two rows with a district
    outside the 22) fails before publishing; the sensor tells it once, naming both."""
    (port, inbox), (url, received) = smtp, webhook
    for name, value in {
        "JANSEWA_SMTP_HOST": "127.0.0.1",
        "JANSEWA_SMTP_PORT": str(port),
        "JANSEWA_SMTP_FROM": "jansewa@cell.example",
        "JANSEWA_SMTP_TO": "ops@cell.example",
        "JANSEWA_WEBHOOK_URL": url,
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "dagster").mkdir()

    @dg.asset(name="stg_helpline_calls")
    def stg(warehouse: WarehouseResource) -> None:
        with warehouse.connect() as con:
            create_load_tables(con)
            fill_clean(con, "helpline_calls")
            con.execute(
                "update stg_helpline_calls_versions set district = 'Gurgaon' where call_id in "
                "(select call_id from stg_helpline_calls order by call_id limit 2)"
            )

    @dg.asset(name="published_snapshot", deps=[stg])
    def published() -> None:
        raise AssertionError("must not run: a blocking check failed upstream")

    checks = build_validation_checks(data_docs=False, sources=["helpline_calls"])
    warehouse = WarehouseResource(path=str(tmp_path / "jansewa.duckdb"), exports=str(tmp_path))
    with dg.instance_for_test(temp_dir=str(tmp_path / "dagster")) as instance:
        result = dg.materialize(
            [stg, published, *checks],
            resources={"warehouse": warehouse},
            instance=instance,
            raise_on_error=False,
        )
        assert not result.success
        run = instance.get_run_by_id(result.run_id)
        (failure,) = [
            r.dagster_event
            for r in instance.all_logs(result.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
        ]
        for _tick in range(2):  # the same failure seen twice is told once
            context = dg.build_run_status_sensor_context(
                sensor_name=refresh_failed.name,
                dagster_event=failure,
                dagster_instance=instance,
                dagster_run=run,
            ).for_run_failure()
            refresh_failed(context)

    ((_, mail),) = inbox.messages
    ((_, payload),) = received
    assert mail["Subject"] == "[jansewa] publication blocked by data checks (helpline_calls)"
    assert "  - helpline_calls: district_in_set, 2 row(s)" in mail.get_payload()
    assert payload["blocked"] == [
        {"source": "helpline_calls", "check": "district_in_set", "rows": 2}
    ]
    assert payload["run_id"] == result.run_id
