"""Run the raw and staging steps of one source once and print what happened (JSON).

The permission test runs this in a child process without the capability that lets root
read any file, so that a file with mode 000 really cannot be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

from pipelines.load.raw import load_raw
from pipelines.load.stage import stage_source
from warehouse.schema import create_load_tables
from warehouse.sources import SOURCES


def main(exports: str, db: str, run_id: str) -> None:
    source = SOURCES["helpline_calls"]
    with duckdb.connect(db) as con:
        create_load_tables(con)
        raw = load_raw(con, source, Path(exports), b"test-key", run_id)
        stage_source(con, source, run_id)
    print(json.dumps({"files_read": raw.files_read, "deferred": raw.deferred}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
