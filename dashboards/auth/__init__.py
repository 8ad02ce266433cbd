"""Sign-in for the dashboard: a local users file or the state's OpenID Connect provider,
sessions with idle timeout, CSRF protection and the audit of sign-ins and refusals.

What each role may read is not here but in dashboards/access.py, where the queries check it.
"""

from dashboards.auth.install import install_auth
from dashboards.auth.settings import (
    AuthConfigError,
    AuthSettings,
    auth_settings,
    is_loopback,
    refuse_open_bind,
)

__all__ = [
    "AuthConfigError",
    "AuthSettings",
    "auth_settings",
    "install_auth",
    "is_loopback",
    "refuse_open_bind",
]
