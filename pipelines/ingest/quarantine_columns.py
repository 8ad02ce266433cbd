"""Rule 3 of the cleaning (pipelines/ingest/clean.py): what a quarantined row keeps instead of
itself: its district and event day, so rejections can be counted per period, and whether its
column is of a kind whose values may be shown.
"""

from __future__ import annotations

import polars as pl

from pipelines.ingest.pii import CODE_KINDS
from pipelines.ingest.row_problems import typed_column
from warehouse.sources import Source


def is_safe_column(source: Source, column: str) -> bool:
    return source.column(column).kind in CODE_KINDS


def row_district(source: Source) -> pl.Expr:
    """The row's canonical district (the typed district column), null when it did not parse."""
    district = next((c for c in source.columns if c.kind == "district"), None)
    if district is None:
        return pl.lit(None, pl.String)
    return pl.col(typed_column(district.name)).cast(pl.String)


def event_day_of(source: Source) -> pl.Expr:
    """The date of the source's event time, null when it did not parse."""
    event = source.column(source.event_time)
    typed = pl.col(typed_column(event.name))
    return typed if event.kind == "date" else typed.dt.date()
