"""Columns a snapshot published before the fair-comparison marts (issue 16) does not have.

A dashboard upgraded before the next refresh still opens the snapshot on disk: the columns
kpi_values and kpi_scorecard gained (ci_low / ci_high, complete, status; ranked,
unranked_reason) are read as null there, which the pages treat as "nothing known": no
interval, no partial or provisional mark, ranked as before. Table and column names are this
module's constants, never a value from a request.
"""

from __future__ import annotations

from pathlib import Path

from dashboards.data.cache import fetch

# table -> column -> what to read when the snapshot lacks it
OPTIONAL = {
    "kpi_values": {
        "ci_low": "cast(null as double)",
        "ci_high": "cast(null as double)",
        "complete": "cast(null as boolean)",
        "status": "cast(null as varchar)",
    },
    "kpi_scorecard": {
        "ranked": "cast(null as boolean)",
        "unranked_reason": "cast(null as varchar)",
    },
}


def present(warehouse: Path, table: str) -> set[str]:
    """The columns ``table`` has in the published snapshot."""
    frame = fetch(
        warehouse,
        "select column_name from information_schema.columns where table_name = ?",
        (table,),
    )
    return set(frame["column_name"].to_list()) if frame.height else set()


def optional(warehouse: Path, table: str, *columns: str, alias: str = "") -> str:
    """'ci_low, ci_high, …' for a select list: each column as it is, or its null stand-in
    (``alias.`` prefixes the real ones)."""
    have = present(warehouse, table)
    prefix = f"{alias}." if alias else ""
    return ", ".join(
        f"{prefix}{c}" if c in have else f"{OPTIONAL[table][c]} as {c}" for c in columns
    )
