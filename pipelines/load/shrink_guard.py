"""The shrink guard: a new version of a file that lost too many records waits for a person.

Thresholds per source come from the reviewed file warehouse/reference/shrink_guard.yml (see
its header for why). The comparison is with the rows the previous version left in raw
(warehouse/raw_files.py) -- what is loaded now -- so a version held once is compared again,
afresh, when the file changes a second time (typically: the copy finished).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

import warehouse
from warehouse.raw_files import raw_file
from warehouse.sources import Source
from warehouse.yaml_files import load_yaml

THRESHOLDS = Path(warehouse.__file__).parent / "reference" / "shrink_guard.yml"


@cache
def max_drop_share(source: str, path: Path = THRESHOLDS) -> float:
    """The reviewed share of records a new version of a ``source`` file may lack."""
    spec = load_yaml(path.read_text(encoding="utf-8"))
    entry = (spec.get("sources") or {}).get(source) or spec["default"]
    share = float(entry["max_drop_share"])
    if not 0 <= share <= 1:
        raise ValueError(f"{path}: max_drop_share of {source} must lie in 0..1, not {share}")
    return share


def loaded_rows(con: duckdb.DuckDBPyConnection, source: Source, path: str) -> int:
    """The rows of ``path`` in raw now: what a new version is compared with."""
    found = raw_file(con, source, path)
    return 0 if found is None else int(found[-1])


def shrink_hold_reason(source: Source, path: str, previous: int, new_rows: int) -> str | None:
    """Why the new version of ``path`` (``new_rows`` records, against ``previous`` loaded)
    must be held, or None when it may be applied."""
    if not previous:
        return None
    dropped = (previous - new_rows) / previous
    allowed = max_drop_share(source.name)
    if dropped <= allowed:
        return None
    return (
        f"{path}: held back, not applied: this version holds {new_rows:,} records, the one "
        f"loaded {previous:,} ({dropped:.0%} fewer, more than the {allowed:.0%} allowed for "
        f"{source.name}); its earlier rows stay published. If the smaller file is right, run "
        f"`jansewa accept {path}`"
    )
