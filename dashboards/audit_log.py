"""The audit log: who signed in, downloaded what, viewed which case list, was refused what.

Kept in its own SQLite file (``JANSEWA_AUDIT_DB``, by default ``audit.sqlite`` beside the
warehouse), never in the reader snapshot: the snapshot is replaced on every refresh and is
read by notebooks, while the audit log must outlive refreshes and is for the state cell only.
SQLite in WAL mode takes the short writes of several gunicorn workers at once; each write
opens and closes its own connection so no worker holds the file.

What is written is what an auditor needs and no more: the user's sign-in name, role, the
event, what it concerned (a page, a district, a file name), the outcome and the client
address. Never a password, a token or a personal value from the data.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

EVENTS = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "idle_timeout",
    "download",
    "case_list_view",
    "refused",
)

_SCHEMA = """
create table if not exists audit (
    id integer primary key autoincrement,
    at text not null,          -- UTC, ISO 8601
    user text not null,
    role text,
    via text,                  -- local users file or oidc
    event text not null,
    what text,
    outcome text,
    address text
);
create index if not exists audit_at on audit (at);
"""

COLUMNS = ("at", "user", "role", "via", "event", "what", "outcome", "address")


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=10)
    con.execute("pragma journal_mode = wal")
    con.executescript(_SCHEMA)
    return con


def record(
    path: Path,
    *,
    user: str,
    event: str,
    what: str = "",
    outcome: str = "ok",
    role: str | None = None,
    via: str | None = None,
    address: str | None = None,
) -> None:
    """Append one row; ``event`` is one of EVENTS (anything else is a programming error)."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with closing(_connect(Path(path))) as con, con:
        con.execute(
            "insert into audit (at, user, role, via, event, what, outcome, address) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            (at, user, role, via, event, what, outcome, address),
        )


def recent(
    path: Path, limit: int = 500, event: str | None = None, user: str | None = None
) -> list[dict]:
    """The newest rows first (at most ``limit``), of one event and one user or all."""
    if not Path(path).exists():
        return []
    with closing(_connect(Path(path))) as con:
        rows = con.execute(
            f"select {', '.join(COLUMNS)} from audit "
            "where (? is null or event = ?) and (? is null or user = ?) "
            "order by id desc limit ?",
            (event, event, user, user, limit),
        ).fetchall()
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]
