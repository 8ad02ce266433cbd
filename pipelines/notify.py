"""Telling people a refresh failed: e-mail over SMTP and/or a JSON webhook.

Settings come from the environment (never from the repository):

    JANSEWA_SMTP_HOST, JANSEWA_SMTP_PORT (default 587), JANSEWA_SMTP_USER,
    JANSEWA_SMTP_PASSWORD, JANSEWA_SMTP_STARTTLS (default: on when a user is set),
    JANSEWA_SMTP_FROM, JANSEWA_SMTP_TO (comma-separated)   -> e-mail
    JANSEWA_WEBHOOK_URL                                    -> a JSON POST (chat, pager)

With neither configured, notices are only logged. Each notice is keyed on its run id and
recorded in a small SQLite table once delivered (`notifications.sqlite` in DAGSTER_HOME),
so a sensor tick that is retried never tells the same failure twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import sqlite3
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage
from pathlib import Path

import requests

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class BlockedCheck:
    """A blocking data check that failed: publication stopped because of it."""

    source: str
    check: str
    rows: int | None  # rows that broke the rule, when the check counts them


@dataclass(frozen=True)
class Notice:
    run_id: str
    job: str
    error: str  # one line
    blocked: list[BlockedCheck] = field(default_factory=list)
    webserver_url: str | None = None

    @property
    def subject(self) -> str:
        if self.blocked:
            sources = ", ".join(sorted({b.source for b in self.blocked}))
            return f"[jansewa] publication blocked by data checks ({sources})"
        return f"[jansewa] refresh run {self.run_id[:8]} failed"

    def text(self) -> str:
        lines = [f"The {self.job} run {self.run_id} failed: {self.error}"]
        if self.blocked:
            lines.append("")
            lines.append("The snapshot was not published; readers still see the last one.")
            lines.append("Blocking checks that failed (source, check, rows):")
            for b in self.blocked:
                rows = "?" if b.rows is None else f"{b.rows:,}"
                lines.append(f"  - {b.source}: {b.check}, {rows} row(s)")
        if self.webserver_url:
            lines.append("")
            lines.append(f"Run details: {self.webserver_url.rstrip('/')}/runs/{self.run_id}")
        return "\n".join(lines) + "\n"

    def payload(self) -> dict:
        return {"subject": self.subject, "text": self.text(), **asdict(self)}


@dataclass(frozen=True)
class Settings:
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str | None = None
    mail_to: tuple[str, ...] = ()
    webhook_url: str | None = None

    @classmethod
    def from_environment(cls, env: dict | None = None) -> Settings:
        env = os.environ if env is None else env
        user = env.get("JANSEWA_SMTP_USER") or None
        starttls = env.get("JANSEWA_SMTP_STARTTLS", "1" if user else "0")
        return cls(
            smtp_host=env.get("JANSEWA_SMTP_HOST") or None,
            smtp_port=int(env.get("JANSEWA_SMTP_PORT") or 587),
            smtp_user=user,
            smtp_password=env.get("JANSEWA_SMTP_PASSWORD") or None,
            smtp_starttls=starttls.lower() in ("1", "true", "yes", "on"),
            mail_from=env.get("JANSEWA_SMTP_FROM") or None,
            mail_to=tuple(
                a.strip() for a in (env.get("JANSEWA_SMTP_TO") or "").split(",") if a.strip()
            ),
            webhook_url=env.get("JANSEWA_WEBHOOK_URL") or None,
        )

    @property
    def email(self) -> bool:
        return bool(self.smtp_host and self.mail_from and self.mail_to)


def send_email(notice: Notice, settings: Settings) -> None:
    message = EmailMessage()
    message["Subject"] = notice.subject
    message["From"] = settings.mail_from
    message["To"] = ", ".join(settings.mail_to)
    message.set_content(notice.text())
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)


def post_webhook(notice: Notice, settings: Settings) -> None:
    response = requests.post(settings.webhook_url, json=notice.payload(), timeout=TIMEOUT_SECONDS)
    response.raise_for_status()


class SentLog:
    """Which notices were delivered: one row per (run id, kind), in DAGSTER_HOME."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute(
                "create table if not exists sent (run_id text, kind text, sent_at text, "
                "primary key (run_id, kind))"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def sent(self, run_id: str, kind: str) -> bool:
        with self._connect() as con:
            row = con.execute(
                "select 1 from sent where run_id = ? and kind = ?", [run_id, kind]
            ).fetchone()
        return row is not None

    def record(self, run_id: str, kind: str) -> None:
        with self._connect() as con:
            con.execute(
                "insert or ignore into sent values (?, ?, ?)",
                [run_id, kind, dt.datetime.now().astimezone().isoformat(timespec="seconds")],
            )


def default_sent_log() -> SentLog:
    home = os.environ.get("DAGSTER_HOME") or str(Path.home() / ".jansewa")
    return SentLog(Path(home) / "notifications.sqlite")


def deliver(
    notice: Notice, settings: Settings | None = None, sent_log: SentLog | None = None
) -> list[str]:
    """Send ``notice`` on every configured channel not yet used for its run; the channels
    it went out on. A channel that fails raises (after the others were tried), so the
    sensor tick fails visibly and that channel is tried again next tick."""
    settings = settings or Settings.from_environment()
    sent_log = sent_log or default_sent_log()
    channels = {"email": settings.email, "webhook": bool(settings.webhook_url)}
    senders = {"email": send_email, "webhook": post_webhook}
    delivered, failures = [], []
    for kind, configured in channels.items():
        if not configured or sent_log.sent(notice.run_id, kind):
            continue
        try:
            senders[kind](notice, settings)
        except Exception as exc:  # noqa: BLE001 -- reported below, after the other channel
            failures.append(f"{kind}: {type(exc).__name__}: {exc}")
            continue
        sent_log.record(notice.run_id, kind)
        delivered.append(kind)
    if not any(channels.values()):
        log.warning("no notification channel configured: %s", notice.subject)
    if failures:
        raise RuntimeError(f"notice for run {notice.run_id} not delivered: {'; '.join(failures)}")
    return delivered
