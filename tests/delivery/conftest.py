"""Real local servers for the delivery tests, and small published snapshots with alerts.

The SMTP server (aiosmtpd) and the HTTP receiver (http.server in a thread) are started by
the tests on loopback ports, and can be started late -- on a port chosen before -- to play
a server that is down on one run and back on the next. Snapshots are DuckDB files written
here with the ``alerts`` table's columns, as the alert rules publish it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from aiosmtpd.controller import Controller

from pipelines.delivery.config import DeliveryConfig
from tests.reliability.workspace import free_port
from warehouse.snapshot import snapshot_path

ALERTS_DDL = """
create or replace table alerts (
    alert_key varchar, rule varchar, kind varchar, severity varchar, district varchar,
    period_start date, kpi varchar, status varchar, opened_at timestamp, closed_at timestamp,
    last_seen_at timestamp, figures varchar, page varchar
)
"""

RECIPIENTS = """
placeholders: false
roles:
  dc_office:
    name: Deputy Commissioner's office
    name_hi: उपायुक्त कार्यालय
    severities: [warning, critical]
    kinds: all
    digest: true
  sdm_office:
    name: Sub-divisional office
    name_hi: उपमंडल कार्यालय
    severities: [critical]
    kinds: [kpi_below_target]
    digest: true
  state_cell:
    name: State digital cell
    name_hi: राज्य डिजिटल प्रकोष्ठ
    severities: [critical]
    kinds: all
    digest: false
recipients:
  - district: Jhajjar
    role: dc_office
    lang: en
    email: [dc-jhajjar@example.gov.in, adc-jhajjar@example.gov.in]
    webhooks: [{hook}/jhajjar]
  - district: Jhajjar
    role: sdm_office
    lang: hi
    email: [sdm-jhajjar@example.gov.in]
  - district: Rohtak
    role: dc_office
    lang: hi
    email: [dc-rohtak@example.gov.in]
  - district: Haryana
    role: state_cell
    lang: en
    email: [digital-cell@example.gov.in]
    webhooks: [{hook}/state]
"""


class Inbox:
    """What the SMTP server received: (envelope recipients, parsed e-mail) per message."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        mail = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), mail))
        return "250 OK"


class SmtpServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class HookServer:
    """A JSON receiver on a fixed port: (path, headers, body) per POST."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[tuple[str, dict, dict]] = []
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        received = self.received

        class Receiver(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, dict(self.headers), json.loads(body)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Receiver)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def hook():
    server = HookServer()
    yield server
    server.stop()


@pytest.fixture
def delivery_env(tmp_path, monkeypatch, smtp, hook):
    """DAGSTER_HOME, the recipients file and both channels, pointed at the test's servers."""
    home = tmp_path / "dagster"
    home.mkdir()
    recipients = tmp_path / "recipients.yml"
    recipients.write_text(RECIPIENTS.format(hook=hook.url), encoding="utf-8")
    env = {
        "DAGSTER_HOME": str(home),
        "JANSEWA_RECIPIENTS": str(recipients),
        "JANSEWA_DELIVERY_CHANNELS": "email,webhook",
        "JANSEWA_SMTP_HOST": "127.0.0.1",
        "JANSEWA_SMTP_PORT": str(smtp.port),
        "JANSEWA_SMTP_FROM": "jansewa@cell.example.gov.in",
        "JANSEWA_DELIVERY_WEBHOOK_TOKEN": "test-token",
        "JANSEWA_DASHBOARD_URL": "https://jansewa.example.gov.in/",
        "JANSEWA_DELIVERY_RETRY_SECONDS": "60",
        "JANSEWA_DELIVERY_MAX_ATTEMPTS": "3",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def config(delivery_env) -> DeliveryConfig:
    return DeliveryConfig.from_environment()


@pytest.fixture
def log():
    return logging.getLogger("tests.delivery")


def alert_row(
    district: str,
    rule: str,
    kind: str,
    severity: str,
    kpi: str | None,
    figures: dict,
    period: dt.date | None = dt.date(2020, 5, 1),
    status: str = "open",
) -> dict:
    """An ``alerts`` row as the alert rules write it."""
    opened = dt.datetime(2020, 6, 3, 6, 5)
    key = "|".join([rule, district, period.isoformat() if period else "", kpi or ""])
    page = f"/district?district={district}&grain=month&period={period}" if period else "/quality"
    return {
        "alert_key": key,
        "rule": rule,
        "kind": kind,
        "severity": severity,
        "district": district,
        "period_start": period,
        "kpi": kpi,
        "status": status,
        "opened_at": opened,
        "closed_at": opened + dt.timedelta(days=3) if status == "closed" else None,
        "last_seen_at": opened,
        "figures": json.dumps(figures, sort_keys=True),
        "page": page,
    }


JHAJJAR_BELOW_TARGET = alert_row(
    "Jhajjar",
    "below_target_3_months",
    "kpi_below_target",
    "critical",
    "call_resolution_rate",
    {"value": 0.4213, "target": 0.8, "periods": 3, "from": "2020-03-01", "to": "2020-05-01"},
)
ROHTAK_OVERDUE = alert_row(
    "Rohtak",
    "overdue_growth_25_pct",
    "overdue_growth",
    "warning",
    "grievance_pending_over_30d",
    {"value": 103515, "previous": 60000, "growth_pct": 72.525, "min_count": 20},
)


def write_alerts(warehouse: Path, rows: list[dict]) -> None:
    """(Re)write the ``alerts`` table of the snapshot published beside ``warehouse``."""
    con = duckdb.connect(str(snapshot_path(warehouse)))
    try:
        con.execute(ALERTS_DDL)
        for row in rows:
            con.execute(
                f"insert into alerts ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                list(row.values()),
            )
    finally:
        con.close()


@pytest.fixture
def snapshot(tmp_path) -> Path:
    """A warehouse path whose published snapshot holds an ``alerts`` table (the pipeline's
    own file is never needed by delivery)."""
    warehouse = tmp_path / "wh" / "jansewa.duckdb"
    warehouse.parent.mkdir()
    write_alerts(warehouse, [JHAJJAR_BELOW_TARGET, ROHTAK_OVERDUE])
    return warehouse


def body(mail: EmailMessage) -> str:
    """The plain-text part of a received e-mail, decoded."""
    part = mail.get_body(preferencelist=("plain",))
    return part.get_content()
