"""gunicorn's settings for the dashboard: `gunicorn -c python:dashboards.gunicorn_conf ...`.

Only one rule lives here: gunicorn does not start on an address other machines can reach
while no sign-in is configured (dashboards/auth/settings.py), since anyone on the network
would then read every district. The other settings stay on the command line (deploy/ and
pipelines/up.py), where an operator sees them.
"""

from __future__ import annotations

from dashboards.auth.settings import AuthConfigError, auth_settings, refuse_open_bind
from warehouse.settings import resolve_warehouse


def on_starting(server) -> None:
    """Refuse an open bind without sign-in, in one line, before any worker starts."""
    settings = auth_settings(resolve_warehouse())
    for address in server.cfg.address:
        if isinstance(address, tuple):  # (host, port); a unix socket is this machine's only
            try:
                refuse_open_bind(str(address[0]), settings)
            except AuthConfigError as exc:
                server.log.error("jansewa dashboard: %s", exc)
                raise SystemExit(2) from None
