"""The signed-in session: what the cookie holds, when it ends, and who a request is from.

Flask's session is a cookie signed with JANSEWA_SECRET_KEY (HttpOnly, SameSite=Lax, Secure
when users reach the dashboard over HTTPS). It holds the user's name, role and two times:
when they signed in and when they were last seen. A request more than the idle time after the
last one, or more than the session time after signing in, finds the session ended: it is
cleared, the event audited, and the user asked to sign in again.
"""

from __future__ import annotations

import time

from flask import current_app, g, request, session

from dashboards import audit_log
from dashboards.access import Principal

_KEYS = ("user", "name", "role", "district", "via")


def client_address() -> str | None:
    """The client's address as the server saw it (behind a proxy: the proxy's)."""
    return request.remote_addr


def audit(principal: Principal | None, event: str, what: str = "", outcome: str = "ok") -> None:
    """Write one audit row for ``principal`` (or an unknown user) in this request."""
    path = current_app.config.get("JANSEWA_AUDIT_DB")
    if not path:
        return
    audit_log.record(
        path,
        user=principal.user if principal else "(unknown)",
        role=principal.role_text if principal else None,
        via=principal.via if principal else None,
        event=event,
        what=what,
        outcome=outcome,
        address=client_address(),
    )


def start_session(principal: Principal) -> None:
    """Sign ``principal`` in: a fresh session (nothing carried over from before)."""
    session.clear()
    now = time.time()
    session.update({k: getattr(principal, k) for k in _KEYS})
    session["signed_in_at"] = now
    session["last_seen"] = now
    session.permanent = True


def end_session() -> None:
    session.clear()


def session_ended() -> bool:
    """Whether this request found its session ended by time (to tell the user why)."""
    return bool(getattr(g, "jansewa_session_ended", False))


def session_principal(idle_seconds: float, max_seconds: float) -> Principal | None:
    """The user of this request's session; None when there is none or it has ended (then
    it is cleared and the ending audited)."""
    if "user" not in session:
        return None
    principal = Principal(**{k: session.get(k) for k in _KEYS})
    now = time.time()
    idle = now - float(session.get("last_seen", 0))
    age = now - float(session.get("signed_in_at", 0))
    if idle > idle_seconds or age > max_seconds:
        end_session()
        g.jansewa_session_ended = True
        audit(principal, "idle_timeout", "idle" if idle > idle_seconds else "session time")
        return None
    session["last_seen"] = now
    return principal
