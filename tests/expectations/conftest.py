"""A small warehouse of clean staging rows for the validation tests.

`fill_clean(con, source)` inserts rows that satisfy every rule of the source's suite: two
districts, 25 records a day for 30 days (25 a week for 12 weeks for weekly sources), every
ordering pair one day apart. The session fixture `clean_warehouse` holds every source;
`warehouse` gives each test its own copy to break.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from warehouse.schema import LINEAGE, create_load_tables
from warehouse.sources import SOURCES, Source, staging_columns

DISTRICTS = ("Ambala", "Hisar")
START = dt.date(2020, 4, 6)  # a Monday
PER_PERIOD = 25
LOADED_AT = dt.datetime(2020, 9, 1, 9, 0)


def is_weekly(source: Source) -> bool:
    return source.event_time == "week_starting"


def periods(source: Source) -> tuple[int, int]:
    """(number of periods, days per period) of the clean data."""
    return (12, 7) if is_weekly(source) else (30, 1)


def _value(source: Source, name: str, kind: str, i: int, event: dt.datetime):
    col = source.column(name)
    if name == "district":
        return None  # set by the caller
    if kind in ("id", "pii"):
        return f"{name[:3].upper()}-{i:07d}"
    if kind in ("timestamp", "date"):
        later = sum(1 for pair in source.ordering if pair[1] == name)
        moment = event + dt.timedelta(days=later)
        return moment.date() if kind == "date" else moment
    if kind == "label":
        keys = sorted(col.labels)
        return keys[i % len(keys)]
    if kind == "flag":
        # a call abandoned before it was answered has no Answered At: clean calls are answered
        return False if name == "abandoned" else i % 2 == 0
    if kind == "int":
        low, high = col.range
        low = int(low or 0)
        return low + i % (min(int(high or low + 5), low + 5) - low + 1)
    if kind == "number":
        return float(col.multiple_of or 1) * (1 + i % 3)
    return f"{name} {i % 4}"


def clean_rows(source: Source) -> list[list]:
    """Rows for stg_<source> (staged columns, then lineage) that pass every expectation."""
    count, step = periods(source)
    names = staging_columns(source)
    rows = []
    i = 0
    for p in range(count):
        day = START + dt.timedelta(days=p * step)
        for district in DISTRICTS:
            for k in range(PER_PERIOD):
                i += 1
                event = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=k)
                row = []
                for name, _type in names:
                    if name == "district":
                        row.append(district)
                    elif name == source.event_time:
                        kind = source.column(name).kind
                        row.append(event.date() if kind == "date" else event)
                    else:
                        row.append(_value(source, name, source.column(name).kind, i, event))
                row += [f"{source.name}/export.csv", i + 1, "hash", LOADED_AT, LOADED_AT]
                rows.append(row)
    return rows


def fill_clean(con: duckdb.DuckDBPyConnection, source: str) -> int:
    """Insert clean rows into stg_<source>; returns how many."""
    spec = SOURCES[source]
    rows = clean_rows(spec)
    names = [name for name, _ in staging_columns(spec)] + [name for name, _ in LINEAGE]
    frame = pl.DataFrame(rows, schema=names, orient="row")
    con.register("clean_frame", frame)
    try:
        con.execute(
            f"insert into stg_{source}_versions by name "
            "select *, true as _newest from clean_frame"  # staged: flagged newest
        )
    finally:
        con.unregister("clean_frame")
    return len(rows)


@pytest.fixture(scope="session")
def clean_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dq") / "clean.duckdb"
    con = duckdb.connect(str(path))
    try:
        create_load_tables(con)
        for source in SOURCES:
            fill_clean(con, source)
    finally:
        con.close()
    return path


@pytest.fixture
def warehouse(clean_warehouse, tmp_path) -> Path:
    """A private copy of the clean warehouse, free to break."""
    path = tmp_path / "jansewa.duckdb"
    shutil.copy(clean_warehouse, path)
    return path


def execute(path: Path, sql: str, params: list | None = None) -> None:
    """Run one statement on the warehouse file and release it."""
    con = duckdb.connect(str(path))
    try:
        con.execute(sql, params or [])
    finally:
        con.close()
