"""The HMAC key for personal fields (JANSEWA_PII_KEY), and when the development key may stand in.

Real exports must never be hashed with a key that is published in this repository: anyone
holding it could brute-force every mobile number back out of the hashes. So the key comes
from the environment, and the development key is used only when the caller opts in
explicitly: `jansewa demo` (sample exports) and `jansewa refresh --development-key`. Every
other refresh -- `jansewa refresh` without the flag, and any run Dagster starts from its
schedule, sensor or UI -- refuses to start without JANSEWA_PII_KEY, with one line saying so.
"""

from __future__ import annotations

import logging
import os
from functools import cache

log = logging.getLogger(__name__)

PII_KEY_VARIABLE = "JANSEWA_PII_KEY"
# Not a secret: it is what `make demo` and the tests hash sample data with.
DEVELOPMENT_PII_KEY = "jansewa-development-key-not-for-real-data"
MISSING_KEY_MESSAGE = (
    f"{PII_KEY_VARIABLE} is not set: set it to this installation's secret key "
    "(see README, 'Pointing it at real exports'), or pass --development-key for sample data only"
)


class MissingPiiKeyError(RuntimeError):
    """No key in the environment and no explicit opt-in to the development key."""


def configured_pii_key() -> str:
    """The key from the environment, or '' when unset."""
    return os.environ.get(PII_KEY_VARIABLE, "")


def pii_key(key: str | None = None, allow_development_key: bool = False) -> bytes:
    """The HMAC key: ``key`` if given, else JANSEWA_PII_KEY, else (opt-in only) the development key.

    Raises MissingPiiKeyError (one line) when there is no key and no opt-in.
    """
    key = key if key is not None else configured_pii_key()
    if key:
        return key.encode("utf-8")
    if not allow_development_key:
        raise MissingPiiKeyError(MISSING_KEY_MESSAGE)
    _warn_development_key()
    return DEVELOPMENT_PII_KEY.encode("utf-8")


@cache
def _warn_development_key() -> None:
    """Once per process is enough to be noticed; nine identical lines are noise."""
    log.warning(
        "%s is not set: personal fields are hashed with the DEVELOPMENT key "
        "(sample data only, never real exports)",
        PII_KEY_VARIABLE,
    )
