"""Small export trees written by the tests, and a load helper that runs raw + staging."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import duckdb
import pytest

from pipelines.load.raw import load_raw
from pipelines.load.stage import stage_source
from warehouse.raw_files import create_raw_views
from warehouse.schema import create_load_tables
from warehouse.sources import SOURCES

KEY = b"test-key"

CALL_HEADER = [
    "Call ID", "District", "Call Received At", "Helpline", "Caller Mobile", "Category", "Status",
    "Resolved At", "Operator ID", "Feedback Rating", "Food Delivered At",
]  # fmt: skip


def call(call_id, district="Jhajjar", at="2020-04-01 10:00:00", category="Ration", status="Open",
         resolved="", rating="", mobile="9876543210"):  # fmt: skip
    return [call_id, district, at, "1950", mobile, category, status, resolved, "OP1", rating, ""]


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], mtime: int, encoding="utf-8"
) -> Path:
    """Write an export and give it a fixed modified time (the export's own time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    os.utime(path, (mtime, mtime))
    return path


class Loader:
    """Runs the raw and staging steps for one source, as the assets do, and reads results."""

    def __init__(self, exports: Path, db: Path):
        self.exports, self.db = exports, db

    def run(self, source: str = "helpline_calls", run_id: str = "run", report=None):
        with duckdb.connect(str(self.db)) as con:
            create_load_tables(con)
            raw = load_raw(con, SOURCES[source], self.exports, KEY, run_id, report=report)
            staged = stage_source(con, SOURCES[source], run_id, report=report)
        return raw, staged

    def query(self, sql: str, params=None):
        """Run ``sql`` on the warehouse, raw rows readable as the views `raw_<source>`."""
        with duckdb.connect(str(self.db)) as con:
            create_load_tables(con)
            create_raw_views(con)
            return con.execute(sql, params or []).fetchall()


@pytest.fixture
def loader(tmp_path: Path) -> Loader:
    (tmp_path / "exports").mkdir()
    return Loader(tmp_path / "exports", tmp_path / "wh.duckdb")
