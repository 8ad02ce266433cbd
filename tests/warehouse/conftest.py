"""A small hand-written warehouse for the mart tests: load tables, a few rows, build_marts.

`mini` gives a `MiniWarehouse` on a fresh DuckDB file in tmp_path. Tests add rows to the
stg_ tables with `add(source, **columns)` (key and lineage filled in), call `build()`, and
read one KPI with `kpi(...)`. `publish()` closes the connection and publishes the snapshot
for the reader tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import duckdb
import pytest
import yaml

from pipelines.publication import publish_snapshot
from warehouse.build import SCORECARD_WEIGHTS, build_marts
from warehouse.schema import create_load_tables
from warehouse.sources import SOURCES

LOADED_AT = dt.datetime(2020, 6, 1, 9, 0)


def ts(text: str) -> dt.datetime:
    """'2020-04-01 10:00' -> datetime."""
    return dt.datetime.fromisoformat(text)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def reviewed_weights_with(path: Path, **settings) -> Path:
    """A copy of the reviewed weights file at ``path`` with some settings changed.

    Hand-made warehouses hold a handful of records; the reviewed min_cases would mark every
    rate "too few cases", so tests that score them lower it.
    """
    spec = yaml.safe_load(SCORECARD_WEIGHTS.read_text(encoding="utf-8"))
    spec["settings"].update(settings)
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


class MiniWarehouse:
    def __init__(self, path: Path):
        self.path = path
        self.con: duckdb.DuckDBPyConnection | None = duckdb.connect(str(path))
        create_load_tables(self.con)
        self._ids = itertools.count(1)

    def add(self, source: str, **columns) -> None:
        """Insert one staged record; its key and lineage are filled in unless given."""
        spec = SOURCES[source]
        n = next(self._ids)
        row = {spec.key: f"{source[:3].upper()}-{n}"}
        row.update(columns)
        row.setdefault("_file", f"{source}/test.csv")
        row.setdefault("_line", n)
        row.setdefault("_file_hash", "h")
        row.setdefault("_exported_at", LOADED_AT)
        row.setdefault("_loaded_at", LOADED_AT)
        row["_newest"] = True  # a staged record's version (warehouse/staging_view.py)
        names = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        self.con.execute(
            f"insert into stg_{source}_versions ({names}) values ({marks})", list(row.values())
        )

    def add_many(self, source: str, count: int, **columns) -> None:
        for _ in range(count):
            self.add(source, **columns)

    def build(self, as_of: dt.date | None = None, weights: Path | None = None) -> dict[str, int]:
        if weights is None:
            return build_marts(self.con, as_of=as_of)
        return build_marts(self.con, as_of=as_of, weights=weights)

    def kpi(
        self,
        district: str,
        kpi: str,
        grain: str = "total",
        period_start: str | None = None,
    ) -> tuple | None:
        """(numerator, denominator, value) of one kpi_values row, or None when absent."""
        sql = (
            "select numerator, denominator, value from kpi_values "
            "where district = ? and kpi = ? and grain = ?"
        )
        params: list = [district, kpi, grain]
        if period_start is not None:
            sql += " and period_start = ?"
            params.append(day(period_start))
        rows = self.con.execute(sql, params).fetchall()
        assert len(rows) <= 1, rows
        return rows[0] if rows else None

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def publish(self) -> Path:
        """Close the connection (checkpoint) and publish the snapshot beside the file."""
        if self.con is not None:
            self.con.close()
            self.con = None
        return publish_snapshot(self.path)

    def reopen(self) -> None:
        if self.con is None:
            self.con = duckdb.connect(str(self.path))


@pytest.fixture
def mini(tmp_path) -> MiniWarehouse:
    """A fresh empty warehouse for one test."""
    wh = MiniWarehouse(tmp_path / "jansewa.duckdb")
    yield wh
    if wh.con is not None:
        wh.con.close()


@pytest.fixture(scope="module")
def mini_module(tmp_path_factory) -> MiniWarehouse:
    """A fresh empty warehouse shared by a module's read-only tests (built once)."""
    wh = MiniWarehouse(tmp_path_factory.mktemp("mini") / "jansewa.duckdb")
    yield wh
    if wh.con is not None:
        wh.con.close()
