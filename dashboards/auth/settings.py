"""How sign-in is configured: every setting from the environment, read in one place.

Sign-in is on when a users file or an OpenID Connect issuer is named; then a secret key for
the session cookie is required (a restart with a new key signs everyone out, which is the
only harm). Without either, the dashboard serves the local ``state`` user and refuses to
listen on anything but loopback (``refuse_open_bind``).

    JANSEWA_SECRET_KEY          signs the session cookie (long and random; never committed)
    JANSEWA_USERS_FILE          the local users file (dashboards/auth/users_file.py)
    JANSEWA_OIDC_ISSUER         the identity provider (its /.well-known/openid-configuration)
    JANSEWA_OIDC_CLIENT_ID      this dashboard's client at the provider
    JANSEWA_OIDC_CLIENT_SECRET
    JANSEWA_OIDC_SCOPE          default "openid profile email"
    JANSEWA_OIDC_GROUPS_CLAIM   the claim that lists the user's groups (default "groups")
    JANSEWA_OIDC_ROLES          a YAML file mapping the provider's groups to roles
    JANSEWA_DASHBOARD_URL       the address users reach (behind the reverse proxy): the
                                provider sends users back to it; https makes cookies Secure
    JANSEWA_IDLE_MINUTES        signed out after this long without a request (default 30)
    JANSEWA_SESSION_HOURS       signed out this long after signing in, whatever (default 12)
    JANSEWA_AUDIT_DB            the audit log (default: audit.sqlite beside the warehouse)
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from warehouse.settings import env_number


class AuthConfigError(ValueError):
    """Sign-in is configured in a way that cannot work; the message says what to set."""


@dataclass(frozen=True)
class AuthSettings:
    secret_key: str | None = None
    users_file: Path | None = None
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_scope: str = "openid profile email"
    oidc_groups_claim: str = "groups"
    oidc_roles: Path | None = None
    public_url: str = "http://127.0.0.1:8050"
    idle_minutes: float = 30.0
    session_hours: float = 12.0
    audit_db: Path | None = None
    legacy_basic_auth: bool = False  # JANSEWA_DASH_USER / _PASSWORD of earlier versions

    @property
    def enabled(self) -> bool:
        """Whether users must sign in (a users file or an identity provider is named)."""
        return self.users_file is not None or self.oidc_issuer is not None

    @property
    def secure_cookies(self) -> bool:
        """Cookies travel only over HTTPS when users reach the dashboard by HTTPS."""
        return self.public_url.lower().startswith("https://")

    def check(self) -> None:
        """Refuse a configuration that cannot work, naming the variable to set."""
        if self.legacy_basic_auth and not self.enabled:
            raise AuthConfigError(
                "JANSEWA_DASH_USER and JANSEWA_DASH_PASSWORD are no longer read: create a users "
                "file with `jansewa users add NAME --role state`, set JANSEWA_USERS_FILE to it "
                "and JANSEWA_SECRET_KEY, then unset the two old variables"
            )
        if not self.enabled:
            return
        if not self.secret_key or len(self.secret_key) < 16:
            raise AuthConfigError(
                "sign-in is configured but JANSEWA_SECRET_KEY is missing or shorter than 16 "
                "characters: set it to a long random value (python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))')"
            )
        if self.users_file is not None and not self.users_file.is_file():
            raise AuthConfigError(
                f"JANSEWA_USERS_FILE names {self.users_file}, which does not exist: create it "
                "with `jansewa users add NAME --role ROLE`"
            )
        if self.oidc_issuer and not self.oidc_client_id:
            raise AuthConfigError("JANSEWA_OIDC_ISSUER is set: set JANSEWA_OIDC_CLIENT_ID too")
        if self.oidc_issuer and self.oidc_roles is not None and not self.oidc_roles.is_file():
            raise AuthConfigError(f"JANSEWA_OIDC_ROLES names {self.oidc_roles}: no such file")


def _path(value: str | None) -> Path | None:
    return Path(value).expanduser() if value else None


def auth_settings(warehouse: Path, env: Mapping[str, str] | None = None) -> AuthSettings:
    """The settings from ``env`` (default: the process environment), audit log beside
    ``warehouse`` unless JANSEWA_AUDIT_DB names one."""
    env = os.environ if env is None else env
    return AuthSettings(
        secret_key=env.get("JANSEWA_SECRET_KEY") or None,
        users_file=_path(env.get("JANSEWA_USERS_FILE")),
        oidc_issuer=(env.get("JANSEWA_OIDC_ISSUER") or "").rstrip("/") or None,
        oidc_client_id=env.get("JANSEWA_OIDC_CLIENT_ID") or None,
        oidc_client_secret=env.get("JANSEWA_OIDC_CLIENT_SECRET") or None,
        oidc_scope=env.get("JANSEWA_OIDC_SCOPE") or "openid profile email",
        oidc_groups_claim=env.get("JANSEWA_OIDC_GROUPS_CLAIM") or "groups",
        oidc_roles=_path(env.get("JANSEWA_OIDC_ROLES")),
        public_url=(env.get("JANSEWA_DASHBOARD_URL") or "http://127.0.0.1:8050").rstrip("/"),
        idle_minutes=env_number(env, "JANSEWA_IDLE_MINUTES", 30.0, above_zero=True),
        session_hours=env_number(env, "JANSEWA_SESSION_HOURS", 12.0, above_zero=True),
        audit_db=_path(env.get("JANSEWA_AUDIT_DB")) or Path(warehouse).parent / "audit.sqlite",
        legacy_basic_auth=bool(env.get("JANSEWA_DASH_USER") or env.get("JANSEWA_DASH_PASSWORD")),
    )


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address, maybe with [brackets]) is this machine only."""
    host = host.strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refuse_open_bind(host: str, settings: AuthSettings) -> None:
    """Refuse to serve on a non-loopback address while no sign-in is configured."""
    if not settings.enabled and not is_loopback(host):
        raise AuthConfigError(
            f"refusing to serve on {host} without sign-in: anyone on the network could read "
            "every district. Set JANSEWA_USERS_FILE or JANSEWA_OIDC_ISSUER (and "
            "JANSEWA_SECRET_KEY), or serve on 127.0.0.1 behind a reverse proxy that signs users in"
        )
