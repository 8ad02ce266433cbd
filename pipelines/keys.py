"""The HMAC key for personal fields (JANSEWA_PII_KEY), and the development key's rules."""

from __future__ import annotations

import logging
import os
from functools import cache

log = logging.getLogger(__name__)

# Used only when JANSEWA_PII_KEY is unset, and loudly logged: fine for sample data, never for
# real exports (`jansewa refresh --production` refuses to run without a real key).
DEVELOPMENT_PII_KEY = "jansewa-development-key-not-for-real-data"


def pii_key(production: bool = False) -> bytes:
    """The HMAC key for personal fields, from JANSEWA_PII_KEY.

    Without it, a development key is used and a warning logged; in production mode a missing
    key is an error, so real exports are never hashed with a key published in this repository.
    """
    key = os.environ.get("JANSEWA_PII_KEY", "")
    if key:
        return key.encode("utf-8")
    if production:
        raise RuntimeError(
            "JANSEWA_PII_KEY is not set: refusing to hash personal data with the development key"
        )
    _warn_development_key()
    return DEVELOPMENT_PII_KEY.encode("utf-8")


@cache
def _warn_development_key() -> None:
    """Once per process is enough to be noticed; nine identical lines are noise."""
    log.warning("JANSEWA_PII_KEY is not set: personal fields are hashed with the DEVELOPMENT key")
