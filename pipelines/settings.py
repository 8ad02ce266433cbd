"""Paths and keys, from flags first, then JANSEWA_* environment variables, then defaults.

The defaults make `make demo` work with nothing set: exports under ./data/exports and the
warehouse at ./data/warehouse/jansewa.duckdb. The published snapshot that every reader opens
lives beside the warehouse (see pipelines.snapshot).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_EXPORTS = Path("data/exports")
DEFAULT_WAREHOUSE = Path("data/warehouse/jansewa.duckdb")
# Used only when JANSEWA_PII_KEY is unset, and loudly logged: fine for sample data, never for
# real exports (`jansewa refresh --production` refuses to run without a real key).
DEVELOPMENT_PII_KEY = "jansewa-development-key-not-for-real-data"


@dataclass(frozen=True)
class Settings:
    exports: Path
    warehouse: Path

    @property
    def data_dir(self) -> Path:
        return self.warehouse.parent

    @property
    def data_docs(self) -> Path:
        return self.data_dir / "data_docs"


def resolve_exports(flag: str | os.PathLike | None = None) -> Path:
    return Path(flag or os.environ.get("JANSEWA_EXPORTS") or DEFAULT_EXPORTS)


def resolve_warehouse(flag: str | os.PathLike | None = None) -> Path:
    return Path(flag or os.environ.get("JANSEWA_WAREHOUSE") or DEFAULT_WAREHOUSE)


def load_settings(exports: str | None = None, warehouse: str | None = None) -> Settings:
    """Settings from flags, falling back to the environment and then to the defaults."""
    return Settings(exports=resolve_exports(exports), warehouse=resolve_warehouse(warehouse))


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
