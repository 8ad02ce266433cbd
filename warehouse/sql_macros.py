"""SQL macros the models call: a small rule that several model files apply, written once.

``shown_text(value)``: a text value that ingestion replaced by its keyed hash because it
looked personal (64 lower-case hex characters, pipelines/ingest/pii.py) is shown as its
first 12 characters, as a relief beneficiary's id is; any other value as it is. The case
lists (warehouse/models/marts/case_*.sql) show departments, places and details this way.

``record_prefix(id)``, ``record_number(id)``, ``record_digits(id)``: a record id in three
parts, as the case lists' tables store it: the text before the id's trailing digits (at most
the last 18, which fit a bigint), those digits as a number (null when there are none) and how
many there were (with their leading zeros). case_list.sql joins them back, exactly. Why: ids
such as ``TK0000973076`` are nearly all digits, and DuckDB stores numbers that grow little
from row to row in a few bits each where it compresses the same text to about six bytes: the
2.4 million overdue RTS applications of a state-year took 14 MB as text and 1.7 MB as
numbers in id order (each list is stored in that order), in a reader snapshot meant to stay
under 50 MB.

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
    "record_prefix_length": (
        "create or replace temp macro record_prefix_length(id) as "
        "greatest(length(rtrim(id, '0123456789')), length(id) - 18)"
    ),
    "record_prefix": (
        "create or replace temp macro record_prefix(id) as left(id, record_prefix_length(id))"
    ),
    "record_number": (
        "create or replace temp macro record_number(id) as "
        "nullif(substr(id, record_prefix_length(id) + 1), '')::bigint"
    ),
    "record_digits": (
        "create or replace temp macro record_digits(id) as "
        "(length(id) - record_prefix_length(id))::utinyint"
    ),
}


def register_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create every macro of MACROS on ``con`` (idempotent)."""
    for sql in MACROS.values():
        con.execute(sql)
