"""The outbox: every delivery owed, keyed, with its attempts, last error and sent time.

A delivery is one (item, event, recipient, channel): an alert's key and 'opened' or
'closed', or a digest's 'digest/<district>/<ISO week>' and 'weekly'; a recipient of
recipients.yml ('Jhajjar/dc_office'); 'email' or 'webhook:<url>'. The key is the table's
primary key, so queuing is ``insert or ignore`` and a delivery is queued once however many
runs see its alert. Each row keeps the rendered message, its status (pending, sent, failed
after the last attempt allowed, cancelled when its recipient left the file), the attempts,
the last error (one line), the next attempt's time (the back-off) and the sent time.

SQLite in DAGSTER_HOME, beside the failure notices' records (notifications.sqlite): it survives
the run, needs no server, and its row locks let a refresh's delivery step and the weekly
digest share it. A run *claims* a row (a lease) before sending, so two runs never send one
delivery twice; a claim a crashed run left expires and the row is sent again (at least
once). Times are UTC, ISO 8601, so they compare as text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pipelines.delivery.message import Message
from pipelines.up import default_dagster_home

STATUSES = ("pending", "sent", "failed", "cancelled")
LEASE_SECONDS = 15 * 60
SCHEMA = """
create table if not exists outbox (
  item text not null,
  event text not null,
  recipient text not null,
  channel text not null,
  kind text not null,              -- alert | digest
  district text not null,
  lang text not null,
  message text not null,           -- message.Message as JSON
  status text not null default 'pending',
  attempts integer not null default 0,
  last_error text,
  created_at text not null,
  last_attempt_at text,
  next_attempt_at text not null,
  sent_at text,
  sent_to text,                    -- the addresses or URL it went to
  claimed_until text,
  primary key (item, event, recipient, channel)
)
"""
_COLUMNS = (
    "item, event, recipient, channel, kind, district, lang, message, status, attempts, "
    "last_error, created_at, last_attempt_at, next_attempt_at, sent_at, sent_to"
)


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Delivery:
    item: str
    event: str
    recipient: str
    channel: str
    kind: str
    district: str
    lang: str
    message: Message
    status: str = "pending"
    attempts: int = 0
    last_error: str | None = None
    created_at: str | None = None
    last_attempt_at: str | None = None
    next_attempt_at: str | None = None
    sent_at: str | None = None
    sent_to: str | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.item, self.event, self.recipient, self.channel)

    @property
    def delivery_id(self) -> str:
        """A stable id of the key: the e-mail's Message-ID and the webhook's Idempotency-Key,
        so a receiver can drop the copy a crashed run may send again."""
        return hashlib.sha256("\x1f".join(self.key).encode()).hexdigest()[:32]

    def describe(self) -> str:
        """'alert <key> opened to Jhajjar/dc_office by email' (no address, no content)."""
        channel = self.channel.split(":", 1)[0]
        return f"{self.kind} {self.item} {self.event} to {self.recipient} by {channel}"


def outbox_for(warehouse: Path) -> Outbox:
    """The outbox of a warehouse: notifications.sqlite in $DAGSTER_HOME, else in the
    `dagster/` folder beside the warehouse, where `jansewa up` puts DAGSTER_HOME -- so
    `jansewa refresh` and the daemon's runs share one outbox and never send a notice twice."""
    return Outbox(default_dagster_home(warehouse) / "notifications.sqlite")


class Outbox:
    """The outbox table in one SQLite file; each call opens and closes its connection."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def _run(self, sql: str, params: list | tuple = ()) -> int:
        con = self._connect()
        try:
            with con:
                return con.execute(sql, params).rowcount
        finally:
            con.close()

    def _rows(self, sql: str, params: list | tuple = ()) -> list[Delivery]:
        con = self._connect()
        try:
            rows = con.execute(f"select {_COLUMNS} from outbox {sql}", params).fetchall()
        finally:
            con.close()
        return [Delivery(*r[:7], Message.from_json(r[7]), *r[8:]) for r in rows]

    def keys(self, kind: str | None = None) -> dict[tuple[str, str, str, str], str]:
        """{key: status} of every delivery ever queued (of one kind)."""
        con = self._connect()
        try:
            rows = con.execute(
                "select item, event, recipient, channel, status from outbox "
                "where ? is null or kind = ?",
                [kind, kind],
            ).fetchall()
        finally:
            con.close()
        return {tuple(r[:4]): r[4] for r in rows}

    def enqueue(self, deliveries: list[Delivery], now: dt.datetime) -> int:
        """Queue the deliveries not queued before (by key); how many were new."""
        at = stamp(now)
        con = self._connect()
        try:
            with con:
                before = con.total_changes
                con.executemany(
                    "insert or ignore into outbox (item, event, recipient, channel, kind, "
                    "district, lang, message, created_at, next_attempt_at) "
                    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (*d.key, d.kind, d.district, d.lang, d.message.to_json(), at, at)
                        for d in deliveries
                    ],
                )
                return con.total_changes - before
        finally:
            con.close()

    def due(self, now: dt.datetime) -> list[Delivery]:
        """Pending deliveries whose next attempt is due and that no run holds: oldest first,
        an alert's 'opened' before its 'closed'."""
        at = stamp(now)
        return self._rows(
            "where status = 'pending' and next_attempt_at <= ? "
            "and (claimed_until is null or claimed_until <= ?) "
            "order by created_at, item, case event when 'opened' then 0 else 1 end, "
            "recipient, channel",
            [at, at],
        )

    def claim(self, delivery: Delivery, now: dt.datetime) -> bool:
        """Take the delivery for this run (a lease of LEASE_SECONDS); False when another
        run holds it or it is no longer pending."""
        lease = stamp(now + dt.timedelta(seconds=LEASE_SECONDS))
        at = stamp(now)
        return (
            self._run(
                "update outbox set claimed_until = ? where item = ? and event = ? and "
                "recipient = ? and channel = ? and status = 'pending' and "
                "(claimed_until is null or claimed_until <= ?)",
                [lease, *delivery.key, at],
            )
            == 1
        )

    def mark_sent(self, delivery: Delivery, sent_to: str, now: dt.datetime) -> None:
        self._run(
            "update outbox set status = 'sent', attempts = attempts + 1, last_attempt_at = ?, "
            "sent_at = ?, sent_to = ?, claimed_until = null where item = ? and event = ? and "
            "recipient = ? and channel = ?",
            [stamp(now), stamp(now), sent_to, *delivery.key],
        )

    def mark_failed(
        self, delivery: Delivery, error: str, now: dt.datetime, retry_at: dt.datetime | None
    ) -> None:
        """Record a failed attempt: pending again from ``retry_at``, or failed for good."""
        status, next_at = ("pending", stamp(retry_at)) if retry_at else ("failed", stamp(now))
        self._run(
            "update outbox set status = ?, attempts = attempts + 1, last_error = ?, "
            "last_attempt_at = ?, next_attempt_at = ?, claimed_until = null "
            "where item = ? and event = ? and recipient = ? and channel = ?",
            [status, error, stamp(now), next_at, *delivery.key],
        )

    def cancel(self, delivery: Delivery, reason: str, now: dt.datetime) -> None:
        self._run(
            "update outbox set status = 'cancelled', last_error = ?, last_attempt_at = ?, "
            "claimed_until = null where item = ? and event = ? and recipient = ? and channel = ?",
            [reason, stamp(now), *delivery.key],
        )

    def rows(self, status: str | None = None) -> list[Delivery]:
        """Every delivery (of one status), newest first."""
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}: expected one of {', '.join(STATUSES)}")
        return self._rows(
            "where ? is null or status = ? order by created_at desc, item, event, recipient",
            [status, status],
        )

    def retry_failed(self, now: dt.datetime) -> int:
        """Make every delivery that failed for good pending again, with its attempts reset;
        how many."""
        return self._run(
            "update outbox set status = 'pending', attempts = 0, next_attempt_at = ? "
            "where status = 'failed'",
            [stamp(now)],
        )
