"""Paths and keys, from flags first, then JANSEWA_* environment variables, then defaults.

The defaults make `make demo` work with nothing set: exports under ./data/exports and the
warehouse at ./data/warehouse/jansewa.duckdb. The published snapshot that every reader opens
lives beside the warehouse (see warehouse.snapshot).
"""

from __future__ import annotations

import os
import re
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


# DuckDB caches and works in memory up to 80 % of the machine by default: a state-year's
# first load then held 11 GiB. The pipeline's connections take this limit instead; DuckDB
# spills what does not fit to a temporary folder beside the warehouse. Measured on the
# state-year (service transactions, 10M rows, staged alone): unlimited, 73 s and 7.2 GiB
# peak; "2GB", 88 s and 3.3 GiB (docs/benchmarks.md has the whole refresh). "1GB" since the
# raw and staging steps work a slice of a file at a time: on the first half of the
# state-year, DuckDB's buffers and one slice's frames then peaked at 2.0 GB together, and the
# marts and checks took no longer than under "2GB". The slice loops themselves run under a
# lower cap still (pipelines/load/slice_memory.py).
DEFAULT_DUCKDB_MEMORY_LIMIT = "1GB"
_MEMORY = re.compile(r"^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)
_UNIT_BYTES = {"kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
_UNIT_BYTES |= {"kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def duckdb_memory_limit(flag: str | None = None) -> str:
    """The memory limit of the pipeline's DuckDB connections (JANSEWA_DUCKDB_MEMORY_LIMIT,
    e.g. "2GB" or "8GiB"); refuses anything DuckDB would not read as a size, in one line."""
    value = (flag or os.environ.get("JANSEWA_DUCKDB_MEMORY_LIMIT") or "").strip()
    value = value or DEFAULT_DUCKDB_MEMORY_LIMIT
    if not _MEMORY.match(value):
        raise ValueError(f"JANSEWA_DUCKDB_MEMORY_LIMIT={value!r} is not a size such as 2GB or 8GiB")
    return value


def size_in_bytes(size: str) -> int:
    """ "1GB" -> 1_000_000_000, "8GiB" -> 8 * 2**30: a size as duckdb_memory_limit accepts it."""
    match = _MEMORY.match(size.strip())
    if not match:
        raise ValueError(f"{size!r} is not a size such as 2GB or 8GiB")
    return int(float(match.group(1)) * _UNIT_BYTES[match.group(2).lower()])


def env_number(env, name: str, default: float, *, above_zero: bool = False) -> float:
    """The number in variable ``name`` of ``env`` (``default`` when unset or empty); a value
    that is not a number, or negative (or 0 with ``above_zero``), is one clear ValueError."""
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if value < 0 or (above_zero and value == 0):
        raise ValueError(f"{name}={raw!r} must be {'more than 0' if above_zero else '0 or more'}")
    return value
