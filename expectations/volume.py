"""The volume rule over only the periods new rows can change, exactly as over the whole table.

The rule (expectations/generate_suites.py, ``_volume_rule``) flags a district-period whose row
count falls far below, or far above, the median of the 7 periods before it, and leaves the
latest period unjudged. A period's verdict therefore depends on its own count, the counts of
the 7 periods before it and which period is the latest. When rows were added or removed
from day D on, and the latest period may have moved (L: the earlier of the last day before
and the last day now), every verdict before ``cutoff`` = the period of min(D, L) stands, and
every verdict from the cutoff on is recomputed from the rows of the periods around it:
the batch starts at the last row dated more than 8 periods before the cutoff, so each judged
period's 7 before it are whole, and runs to the end of the table, so the latest period is
the table's. The merged list equals the rule run over the whole table (a test holds it to
that).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from expectations.failure_examples import row_text
from expectations.validation_state import VolumeRow
from warehouse.schema import staging_table
from warehouse.sources import SOURCES

PERIODS_BEFORE = 8  # the 7 periods of the median, and one more for the partial first period


def period_days(source: str) -> int:
    """Days per period of a source's volume rule: 7 for weekly sources, else 1."""
    return 7 if SOURCES[source].event_time == "week_starting" else 1


def period_start(source: str, day: dt.date) -> dt.date:
    """The period that holds ``day``, as the rule buckets it (weeks start on Monday)."""
    return day - dt.timedelta(days=day.weekday()) if period_days(source) == 7 else day


def volume_rows(
    con: duckdb.DuckDBPyConnection, source: str, expectation: dict[str, Any], cutoff: dt.date | None
) -> list[VolumeRow]:
    """District-periods the rule flags, from period ``cutoff`` on (None: the whole table).

    Raises ValueError when the rule's query does not return ``district`` and ``period``
    columns (it could not be merged by period: the caller validates the whole table).
    """
    spec = SOURCES[source]
    table, event = staging_table(spec), f'"{spec.event_time}"'
    params: dict[str, Any] = {}
    batch = table
    if cutoff is not None:
        params["start"] = cutoff - dt.timedelta(days=PERIODS_BEFORE * period_days(source))
        batch = (
            f"(select * from {table} where {event} >= coalesce("
            f"(select max({event}) from {table} where {event} < $start), $start))"
        )
    query = expectation["kwargs"]["unexpected_rows_query"].replace("{batch}", batch)
    result = con.execute(f"select * from (\n{query}\n) as flagged", params)
    columns = [d[0] for d in result.description]
    if not {"district", "period"} <= set(columns):
        raise ValueError(f"{source}: the volume rule returns no district and period columns")
    flagged = []
    for values in result.fetchall():
        row = dict(zip(columns, values, strict=True))
        if cutoff is None or (row["period"] is not None and row["period"] >= cutoff):
            flagged.append(VolumeRow(row["district"], row["period"], row_text(spec, row)))
    return flagged


def merged(
    before: list[VolumeRow], recomputed: list[VolumeRow], cutoff: dt.date
) -> list[VolumeRow]:
    """The verdicts before ``cutoff`` as recorded, the rest as recomputed, in the rule's order."""
    kept = [r for r in before if r.period is not None and r.period < cutoff]
    return sorted(kept + recomputed, key=_order)


def _order(row: VolumeRow) -> tuple:
    return (row.district is None, row.district or "", row.period or dt.date.min)
