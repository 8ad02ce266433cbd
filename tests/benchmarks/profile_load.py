"""Profile the raw and staging steps of one source in-process (cProfile), without Dagster.

    python -m tests.benchmarks.profile_load --exports DIR --source service_transactions [--files 1]

Links the source's first ``--files`` export files into a temporary exports folder, then runs
``load_raw`` and ``stage_source`` on a fresh warehouse under cProfile and prints the top
functions by own time and by cumulative time, plus each phase's wall time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time
from pathlib import Path

import duckdb

from pipelines.load.raw import load_raw
from pipelines.load.stage import stage_source
from tests.benchmarks.exports import export_files
from warehouse.schema import create_load_tables
from warehouse.sources import SOURCES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exports", type=Path, required=True)
    parser.add_argument("--source", default="service_transactions", choices=sorted(SOURCES))
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", type=Path, help="write the raw cProfile stats here")
    args = parser.parse_args(argv)
    source = SOURCES[args.source]
    files = [p for p in export_files(args.exports) if p.parent.name == source.name][: args.files]
    with tempfile.TemporaryDirectory(dir=args.exports.parent) as tmp:
        exports = Path(tmp) / "exports"
        (exports / source.name).mkdir(parents=True)
        for p in files:
            os.link(p, exports / source.name / p.name)
        con = duckdb.connect(str(Path(tmp) / "profile.duckdb"))
        create_load_tables(con)
        profiler = cProfile.Profile()
        timings = {}
        profiler.enable()
        started = time.perf_counter()
        raw = load_raw(con, source, exports, b"profile-key", "profile")
        timings["raw"] = time.perf_counter() - started
        started = time.perf_counter()
        staged = stage_source(con, source, "profile")
        timings["staging"] = time.perf_counter() - started
        started = time.perf_counter()
        con.close()
        timings["close (checkpoint)"] = time.perf_counter() - started
        profiler.disable()
    print(
        f"{source.name}: {len(files)} file(s), {raw.rows_read:,} rows, {staged.staged_rows:,} staged"
    )
    print(", ".join(f"{k} {v:.1f} s" for k, v in timings.items()) + " (under cProfile)")
    stats = pstats.Stats(profiler)
    if args.out:
        stats.dump_stats(args.out)
    for key in ("tottime", "cumulative"):
        stats.sort_stats(key).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
