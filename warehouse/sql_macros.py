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

``per_capita_kpis()``: the table of KPIs that also get a per-lakh rate (the count KPI, the
per-lakh KPI's id), from PER_CAPITA_KPIS. kpi_values_stored.sql reads it; a date range's SQL
(warehouse/kpi_range_sql.py), run on a reader's connection, inlines the same rows
(``per_capita_kpis_sql``), so the list is written once.

Temporary macros, created on the build's connection: they expand into the SQL when a model
is built, so neither the pipeline's file nor the reader snapshot depends on them.
"""

from __future__ import annotations

import weakref

import duckdb

# Count KPIs that also get a rate per lakh residents (Census 2011), and that rate's KPI id.
PER_CAPITA_KPIS: tuple[tuple[str, str], ...] = (
    ("calls_received", "calls_per_lakh"),
    ("pass_applications", "pass_applications_per_lakh"),
    ("grievances_received", "grievances_per_lakh"),
    ("relief_eligible", "relief_eligible_per_lakh"),
)


def per_capita_kpis_sql() -> str:
    """A query of PER_CAPITA_KPIS' rows: columns kpi, per_lakh_kpi."""
    rows = ", ".join(f"('{kpi}', '{per_lakh}')" for kpi, per_lakh in PER_CAPITA_KPIS)
    return f"select kpi, per_lakh_kpi from (values {rows}) as v (kpi, per_lakh_kpi)"


MACROS: dict[str, str] = {
    "per_capita_kpis": (
        f"create or replace temp macro per_capita_kpis() as table {per_capita_kpis_sql()}"
    ),
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
    """Create every macro of MACROS on ``con``, once per connection: the build asks before
    each model it builds (two workers, about 90 times a build), and creating the six macros
    again took 2-3 ms each time."""
    if con in _REGISTERED:
        return
    for sql in MACROS.values():
        con.execute(sql)
    _REGISTERED.add(con)


_REGISTERED: weakref.WeakSet = weakref.WeakSet()
