"""What the published snapshot is: whether there is one, when it was swapped in, whether it
came with Data Docs, and whether it has a given table (for pages that outlive a mart)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from dashboards.data.cache import MartMissingError, fetch
from warehouse.snapshot import SnapshotMissingError, snapshot_path, snapshot_version


def snapshot_exists(warehouse: Path) -> bool:
    """Whether a snapshot has been published beside ``warehouse``."""
    return snapshot_version(warehouse) is not None


def table_exists(warehouse: Path, table: str) -> bool:
    """Whether the snapshot has ``table`` (a constant of this module)."""
    frame = fetch(
        warehouse,
        "select count(*) as n from information_schema.tables where table_name = ?",
        (table,),
    )
    return bool(frame["n"][0])


def data_docs_published(warehouse: Path) -> bool:
    """Whether the snapshot was published with Data Docs (recorded in the snapshot itself,
    so the page's answer changes exactly when the data does)."""
    try:
        frame = fetch(
            warehouse,
            "select data_docs from publications order by published_at desc limit 1",
        )
    except (MartMissingError, SnapshotMissingError, duckdb.BinderException):
        return False
    return bool(frame.height and frame["data_docs"][0])


def published_at(warehouse: Path) -> dt.datetime | None:
    """When the current snapshot was swapped in (its file time), for the page footer."""
    try:
        return dt.datetime.fromtimestamp(snapshot_path(warehouse).stat().st_mtime)
    except FileNotFoundError:
        return None


def data_reaches(warehouse: Path) -> dt.date | None:
    """The latest day any source's exports reach (kpi_source_freshness): what the data is
    "as of", which the publication time is not."""
    try:
        frame = fetch(warehouse, "select max(last_event_day) as day from kpi_source_freshness")
    except (MartMissingError, SnapshotMissingError, duckdb.BinderException):
        return None
    return frame["day"][0] if frame.height else None
