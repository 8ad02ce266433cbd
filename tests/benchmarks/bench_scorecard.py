"""Benchmark: the full district scorecard with its statistics on a state-year warehouse.

Times what issue 11 added on top of the daily facts, for 22 districts x 12 months: the SQL
scorecard models (components, data-quality gate, composite and peer-group ranks, themes,
attribution, kpi_values with per-lakh rows, targets, gaming cross-checks) and the Python
statistics (the seeded bootstrap of the rank ranges, the three-weighting sensitivity with
Kendall's tau). The Wilson intervals of kpi_values are worked out by that view on read.

The warehouse is never written: the pipeline's file is attached read-only to an in-memory
database, whose search path reads the facts from it while the
rebuilt tables land in memory. Usage:

    .venv/bin/python -m tests.benchmarks.bench_scorecard PATH/jansewa.duckdb [--runs 3]
        [--out FILE.json]

prints (and optionally writes) JSON: seconds per step (median of the runs), the total, the
rows, the bootstrap replicates and the machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import duckdb

from warehouse import build as models
from warehouse.rank_ranges import build_rank_ranges
from warehouse.sensitivity import build_sensitivity

SCORECARD_MODELS = (
    "kpi_catalog",
    "kpi_scorecard_components",
    "kpi_scorecard_gate",
    "kpi_scorecard",
    "kpi_scorecard_themes",
    "kpi_scorecard_attribution",
    "kpi_values_stored",
    "kpi_values",
    "kpi_target_attainment",
    "kpi_gaming_flags",
)


def _source(warehouse: Path) -> Path:
    """The pipeline's own file: the scorecard's gate reads staging and quarantine rows, which
    the reader snapshot does not hold. Attached read-only, so it is never written."""
    return warehouse


def _one_run(source: Path) -> tuple[dict[str, float], dict[str, int]]:
    con = duckdb.connect()
    try:
        con.execute("attach ? as src (read_only)", [str(source)])
        con.execute("set search_path = 'memory.main,src.main'")
        seconds: dict[str, float] = {}
        rows: dict[str, int] = {}
        started = time.perf_counter()
        models.load_reference_tables(con)
        seconds["reference_tables"] = time.perf_counter() - started
        saved = dict(models.STATISTICS)
        models.STATISTICS.clear()  # time the statistics apart from the SQL models
        try:
            for name in SCORECARD_MODELS:
                started = time.perf_counter()
                rows[name] = models.build_model(con, name)
                seconds[name] = time.perf_counter() - started
        finally:
            models.STATISTICS.update(saved)
        for name, run in (
            ("bootstrap_rank_ranges", build_rank_ranges),
            ("sensitivity", build_sensitivity),
        ):
            started = time.perf_counter()
            result = run(con)
            seconds[name] = time.perf_counter() - started
            rows[name] = sum(result.values()) if isinstance(result, dict) else int(result)
        rows["districts_x_months"] = con.execute(
            "select count(*) from kpi_scorecard where grain = 'month'"
        ).fetchall()[0][0]
        rows["bootstrap_replicates"] = con.execute(
            "select value from ref_scorecard_settings where setting = 'bootstrap_replicates'"
        ).fetchall()[0][0]
    finally:
        con.close()
    return seconds, rows


def bench_scorecard(warehouse: Path, runs: int = 3) -> dict:
    """Seconds for the full scorecard with intervals, bootstrap and sensitivity (median of
    ``runs``), per step and in total, on the pipeline's warehouse attached read-only."""
    source = _source(Path(warehouse))
    per_run = []
    rows: dict[str, int] = {}
    load = []
    for _ in range(runs):
        seconds, rows = _one_run(source)
        per_run.append(seconds)
        load.append(os.getloadavg()[0])
    steps = {k: round(statistics.median(r[k] for r in per_run), 3) for k in per_run[0]}
    totals = [sum(r.values()) for r in per_run]
    return {
        "benchmark": "scorecard",
        "warehouse": str(source),
        "runs": runs,
        "seconds_total_median": round(statistics.median(totals), 3),
        "seconds_total_runs": [round(x, 3) for x in totals],
        "seconds_statistics_median": round(
            statistics.median(r["bootstrap_rank_ranges"] + r["sensitivity"] for r in per_run),
            3,
        ),
        "seconds_by_step": steps,
        "rows": rows,
        "load_average_1min": [round(x, 2) for x in load],
        "cores": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    result = bench_scorecard(args.warehouse, args.runs)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
