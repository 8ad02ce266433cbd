"""Delivery settings from the environment, in one place, never from a file in the repository.

JANSEWA_DELIVERY_CHANNELS          email, webhook or "email,webhook": the channels district
                                   alerts and digests use. Unset: nothing is sent (an
                                   installation that tells operators of failures by
                                   e-mail does not start writing to offices by itself)
JANSEWA_SMTP_HOST, _PORT, _USER, _PASSWORD, _STARTTLS, _FROM
                                   the SMTP server, as for the failure notices
                                   (pipelines/notify.py); JANSEWA_SMTP_TO is theirs only
JANSEWA_DELIVERY_WEBHOOK_TOKEN     sent as "Authorization: Bearer …" with every webhook
JANSEWA_DASHBOARD_URL              the dashboard the messages link to
                                   (default http://127.0.0.1:8050)
JANSEWA_DELIVERY_RETRY_SECONDS     the first back-off after a failed attempt (300);
                                   it doubles with each further failure, up to 6 hours
JANSEWA_DELIVERY_MAX_ATTEMPTS      attempts before a delivery is marked failed (6)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pipelines.notify import Settings as SmtpSettings
from warehouse.settings import env_number

CHANNELS = ("email", "webhook")
DEFAULT_DASHBOARD_URL = "http://127.0.0.1:8050"
MAX_BACKOFF_SECONDS = 6 * 3600


@dataclass(frozen=True)
class DeliveryConfig:
    channels: tuple[str, ...] = ()
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    webhook_token: str | None = None
    dashboard_url: str = DEFAULT_DASHBOARD_URL
    retry_seconds: float = 300.0
    max_attempts: int = 6

    @classmethod
    def from_environment(cls, env: dict | None = None) -> DeliveryConfig:
        """The settings; ValueError (one line) for an unknown channel or a bad number."""
        env = os.environ if env is None else env
        named = [c.strip() for c in (env.get("JANSEWA_DELIVERY_CHANNELS") or "").split(",")]
        channels = tuple(c for c in CHANNELS if c in named)
        unknown = [c for c in named if c and c not in CHANNELS]
        if unknown:
            raise ValueError(
                f"JANSEWA_DELIVERY_CHANNELS: unknown channel {unknown[0]!r} (email, webhook)"
            )
        return cls(
            channels=channels,
            smtp=SmtpSettings.from_environment(env),
            webhook_token=env.get("JANSEWA_DELIVERY_WEBHOOK_TOKEN") or None,
            dashboard_url=(env.get("JANSEWA_DASHBOARD_URL") or DEFAULT_DASHBOARD_URL).rstrip("/"),
            retry_seconds=env_number(env, "JANSEWA_DELIVERY_RETRY_SECONDS", 300.0),
            max_attempts=int(env_number(env, "JANSEWA_DELIVERY_MAX_ATTEMPTS", 6)),
        )

    def problem(self) -> str | None:
        """Why nothing can be sent, in one line; None when some channel can send."""
        if not self.channels:
            return (
                "no delivery channel configured (JANSEWA_DELIVERY_CHANNELS=email,webhook): "
                "alerts and digests are not sent"
            )
        if self.channels == ("email",) and not self.email_ready:
            return "JANSEWA_DELIVERY_CHANNELS=email but JANSEWA_SMTP_HOST or _FROM is unset"
        return None

    @property
    def email_ready(self) -> bool:
        return "email" in self.channels and bool(self.smtp.smtp_host and self.smtp.mail_from)

    def usable(self) -> tuple[str, ...]:
        """The channels that can send now (e-mail needs its SMTP host and sender)."""
        return tuple(c for c in self.channels if c != "email" or self.email_ready)

    def backoff_seconds(self, attempts: int) -> float:
        """The wait after the ``attempts``-th failure: retry_seconds, doubling, capped."""
        return min(self.retry_seconds * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)

    def link(self, page: str | None, lang: str) -> str:
        """The dashboard URL of ``page`` ('/district?district=…'), in ``lang``."""
        page = page or "/"
        if not page.startswith("/"):
            page = "/" + page
        if lang == "hi":
            page += ("&" if "?" in page else "?") + "lang=hi"
        return self.dashboard_url + page
