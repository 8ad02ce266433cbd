"""Timing helpers shared by the benchmark modules: child processes with their peak RSS,
load averages, medians and percentiles, and a description of the machine."""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded: recorded beside every measurement."""
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict:
    """Cores, memory and software versions of the machine the benchmark ran on."""
    mem_kb = 0
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(
                (ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), ""
            )
    except OSError:
        pass
    import dagster
    import dash
    import duckdb
    import pandas
    import polars

    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "polars": polars.__version__,
        "pandas": pandas.__version__,
        "dagster": dagster.__version__,
        "dash": dash.__version__,
    }


@dataclass
class ChildRun:
    """One child process: wall time, peak RSS (itself and its waited-for children), output."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    load_before: list[float]
    load_after: list[float]
    result: dict = field(default_factory=dict)
    stderr_tail: str = ""


def run_child(module: str, args: list[str], result_file: Path, env: dict | None = None) -> ChildRun:
    """Run ``python -m module args`` and read the JSON it wrote to ``result_file``.

    The peak RSS comes from wait4() on the child itself, so other processes on the machine
    (and earlier children of this process) never inflate it. This process's own size can:
    when a child execs, Linux counts the memory it started from (this process's, up to its
    peak) into the child's peak, so the benchmark keeps its own process small.
    """
    result_file.unlink(missing_ok=True)
    err_path = result_file.with_suffix(".stderr")
    load_before = load_average()
    started = time.perf_counter()
    with err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, **(env or {})},
        )
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    tail = err_path.read_text(errors="replace")[-3000:]
    result = json.loads(result_file.read_text()) if result_file.exists() else {}
    return ChildRun(
        seconds=seconds,
        peak_rss_mb=round(usage.ru_maxrss / 1024, 1),
        returncode=proc.returncode,
        load_before=load_before,
        load_after=load_average(),
        result=result,
        stderr_tail=tail if proc.returncode else "",
    )


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 4) if values else None


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
