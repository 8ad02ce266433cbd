"""Which tables a notebook may read, and for those it may not, where the answer lies instead:
the check every helper that names a table goes through."""

from __future__ import annotations

import re
from pathlib import Path

from warehouse.explore.connection import query_frame
from warehouse.snapshot import is_reader_table

# Names a notebook may read: the reader snapshot's tables (warehouse.snapshot.is_reader_table)
# -- marts, reference tables, check results, id-only case lists, scorecard history. Raw,
# staging and intermediate tables and the load bookkeeping never reach the snapshot.
_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,80}$")
_PIPELINE_ONLY = ("raw_", "stg_", "int_", "ingest_manifest", "load_audit", "quarantine")


class TableNotAllowedError(ValueError):
    """A table name outside the notebook allow-list (or absent from the snapshot)."""


def check_table(name: str) -> str:
    """Return ``name`` if notebooks may read it; raise TableNotAllowedError otherwise.

    Allowed: the reader snapshot's tables -- the marts (``kpi_*``, including the quarantine
    summary, source loads and freshness), reference tables (``ref_*``), check results
    (``dq_*``), id-only case lists (``case_*``), ``scorecard_history`` and ``publications``.
    Refused, with a message saying where the answer lies instead: raw, staging and
    intermediate tables, the load manifest and audit, the quarantine's rows.
    """
    if not isinstance(name, str) or not _TABLE_NAME.match(name):
        raise TableNotAllowedError(f"{name!r} is not a table name")
    if name.startswith(_PIPELINE_ONLY):
        raise TableNotAllowedError(
            f"{name} is internal to the pipeline (export rows, personal fields hashed) and is "
            "not in the reader snapshot: read the kpi_* marts instead (list_tables() shows "
            "them; kpi_quarantine_summary and kpi_source_loads summarise what was loaded)"
        )
    if not is_reader_table(name):
        raise TableNotAllowedError(
            f"{name} is not a reader table: notebooks read the kpi_*, ref_*, dq_* and case_* "
            "tables, scorecard_history and publications (see list_tables())"
        )
    return name


def list_tables(warehouse: str | Path | None = None) -> list[str]:
    """The allow-listed tables and views this snapshot actually has, alphabetical."""
    names = query_frame(warehouse, "select table_name from information_schema.tables order by 1")
    out = []
    for name in names.get_column("table_name").to_list():
        try:
            out.append(check_table(name))
        except TableNotAllowedError:
            continue
    return out
