"""Sorted in-memory copies of the reader views most queries read, made once per reader.

kpi_values is a view in the snapshot (warehouse/models/marts/kpi_values.sql says why: its
derived columns would take most of a snapshot meant to stay under 50 MB). A query on it
binds and plans the view's joins each time: 3.3-5 ms for the 23 rows of one KPI and month on
the state-year snapshot, against 0.9-1.0 ms from a table of the same rows sorted by grain,
KPI and period, whose zone maps keep a query to a row group or two. A callback makes one to
five such queries, and a dashboard worker starts with none of them cached.

So each reader (dashboards/data/readers.py) copies the view's rows once into a compressed
in-memory database attached as ``cache``, and its cursors look names up there first, then
in the snapshot (DuckDB's search_path). The copy is made from the very file the reader
attached, which never changes, so it answers exactly what the view would. On the
state-year snapshot the copies take about 0.7 s and 20 MB of DuckDB's memory per reader; a
gunicorn worker was 216 MiB resident after its warm-up and 262-265 MiB after 100 requests,
against 160 and 207-216 MiB without copies.

The copy is made on a thread of its own: a reader opened for a new snapshot, after a
refresh, answers from the snapshot's views until the copy is ready, so no request waits for
it; a worker's warm-up (dashboards/warm.py) does wait. A snapshot without such a view (one
published before it existed) keeps answering from the snapshot.
"""

from __future__ import annotations

import logging

import duckdb

log = logging.getLogger(__name__)

CACHE = "cache"
# view -> the order of its copy: the columns queries filter on, most selective last.
# kpi_target_attainment is a view over kpi_values, whose copy it would not read (a view
# binds its names in its own database): the scorecard's table counted its targets met
# in 8.2 ms from the view, 4.9 ms from a copy.
COPIES = {
    "kpi_values": "grain, kpi, period_start, district",
    "kpi_target_attainment": "grain, period_start, kpi, district",
}
SEARCH_PATH = f"set search_path = '{CACHE}.main,snapshot.main'"


def _snapshot_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The views and tables of the attached snapshot."""
    rows = con.execute(
        "select view_name from duckdb_views() where database_name = 'snapshot' "
        "union all select table_name from duckdb_tables() where database_name = 'snapshot'"
    ).fetchall()
    return {name for (name,) in rows}


def make_copies(con: duckdb.DuckDBPyConnection) -> bool:
    """Copy each of COPIES the snapshot (attached to ``con`` as ``snapshot``) has into
    ``cache``; whether any was copied, for the cursors to look there first. ``con`` is a
    cursor of the reader used by this thread alone. A view that cannot be read (one over a
    table an older snapshot lacks) is left to the snapshot, where the pages report it."""
    present = _snapshot_names(con) & set(COPIES)
    if not present:
        return False
    con.execute(f"attach ':memory:' as {CACHE} (compress)")
    copied = []
    for view in sorted(present):
        try:
            con.execute(
                f'create table {CACHE}.main."{view}" as '
                f'select * from snapshot.main."{view}" order by {COPIES[view]}'
            )
            copied.append(view)
        except duckdb.Error as exc:
            log.info("%s is read from the snapshot, not copied: %s", view, exc)
    con.execute(f"checkpoint {CACHE}")  # compresses the in-memory blocks: 79 MB -> 20 MB
    return bool(copied)
