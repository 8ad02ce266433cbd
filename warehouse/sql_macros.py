"""SQL macros the models call: a small rule that several model files apply, written once.

``shown_text(value)``: a text value that ingestion replaced by its keyed hash because it
looked personal (64 lower-case hex characters, pipelines/ingest/pii.py) is shown as its
first 12 characters, as a relief beneficiary's id is; any other value as it is. The case
lists (warehouse/models/marts/case_*.sql) show departments, places and details this way.

Temporary macros, created on the build's connection: they expand into the SQL when a model
is built, so neither the pipeline's file nor the reader snapshot depends on them.
"""

from __future__ import annotations

import duckdb

MACROS: dict[str, str] = {
    "shown_text": (
        "create or replace temp macro shown_text(value) as case "
        "when regexp_full_match(value, '[0-9a-f]{64}') then left(value, 12) else value end"
    ),
}


def register_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create every macro of MACROS on ``con`` (idempotent)."""
    for sql in MACROS.values():
        con.execute(sql)
