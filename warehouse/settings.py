"""Paths and keys, from flags first, then JANSEWA_* environment variables, then defaults.

The defaults make `make demo` work with nothing set: exports under ./data/exports and the
warehouse at ./data/warehouse/jansewa.duckdb. The published snapshot that every reader opens
lives beside the warehouse (see warehouse.snapshot).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_EXPORTS = Path("data/exports")
DEFAULT_WAREHOUSE = Path("data/warehouse/jansewa.duckdb")


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
