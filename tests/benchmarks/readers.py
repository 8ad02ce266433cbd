"""Reader latencies on the published snapshot: `jansewa kpis` and the dashboard's callbacks.

`jansewa kpis`: the command as a user runs it (a new process: interpreter start, imports,
query, CSV out), and ``query_kpis`` in-process after one warm-up call.

Dashboard: the app served as in production -- gunicorn with the command and settings of
`jansewa up` (2 workers x 4 threads), 127.0.0.1 only, started fresh for each phase so every
phase begins with empty query caches --
driven through ``/_dash-update-component`` exactly as the browser does. Requests are drawn
(seeded) from the page callbacks a user triggers -- overview, explorer, district profile,
service delivery, the period pickers and the shell -- with KPIs, grains, periods, districts
and languages taken from the snapshot, so some requests hit the per-snapshot query cache and
some do not. One user sends requests one after another; then 8 users (threads) at once.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.benchmarks.callback_requests import request_plan
from tests.benchmarks.dashboard_server import Server
from tests.benchmarks.measure import REPO, load_average, median, percentile

BIN = Path(sys.executable).parent
KPI_QUERIES = {
    # name: (jansewa kpis arguments, query_kpis keyword arguments)
    "month, one district": (
        ["--grain", "month", "--district", "Jhajjar"],
        {"grain": "month", "district": "Jhajjar"},
    ),
    "total, all districts": (["--grain", "total"], {"grain": "total"}),
    "week, one KPI, date range": (
        ["--grain", "week", "--kpi", "rts_score", "--from", "2020-10-01", "--to", "2020-12-31"],
        {
            "grain": "week",
            "kpi": "rts_score",
            "date_from": __import__("datetime").date(2020, 10, 1),
            "date_to": __import__("datetime").date(2020, 12, 31),
        },
    ),
}


def kpis_latency(warehouse: Path, runs: int) -> dict:
    """Wall time of `jansewa kpis` (subprocess) and of query_kpis (in-process), per query."""
    from warehouse.kpis import query_kpis

    out: dict[str, dict] = {}
    for name, (argv, kwargs) in KPI_QUERIES.items():
        cli, inproc, rows = [], [], None
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(
                [str(BIN / "jansewa"), "kpis", "--warehouse", str(warehouse), *argv],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=False,
            )
            cli.append(time.perf_counter() - started)
            if done.returncode:
                raise RuntimeError(f"jansewa kpis {argv} failed: {done.stderr[-2000:]}")
            rows = done.stdout.count("\n") - 1
        query_kpis(warehouse, **kwargs)  # warm-up: imports and the OS file cache
        for _ in range(max(runs, 5)):
            started = time.perf_counter()
            query_kpis(warehouse, **kwargs)
            inproc.append(time.perf_counter() - started)
        out[name] = {
            "args": argv,
            "rows": rows,
            "cli_seconds": [round(x, 4) for x in cli],
            "cli_median_seconds": median(cli),
            "in_process_seconds": [round(x, 4) for x in inproc],
            "in_process_median_seconds": median(inproc),
            "load_average": load_average(),
        }
    return out


# ---------------------------------------------------------------- dashboard


def _post(url: str, body: bytes) -> tuple[float, int]:
    req = urllib.request.Request(
        url + "/_dash-update-component",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return time.perf_counter() - started, status


def _phase(warehouse: Path, users: int, per_user: int, seed: int) -> dict:
    plans = [request_plan(warehouse, per_user, seed * 100 + u) for u in range(users)]
    server = Server(warehouse)
    latencies: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    load_before = load_average()
    try:

        def user(plan):
            for name, body in plan:
                seconds, status = _post(server.url, body)
                with lock:
                    latencies.append((name, seconds, status))

        started = time.perf_counter()
        threads = [threading.Thread(target=user, args=(p,)) for p in plans]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        server.stop()
    ok = [s for _, s, status in latencies if status == 200]
    by_callback = {}
    for name in sorted({n for n, *_ in latencies}):
        xs = [s for n, s, status in latencies if n == name and status == 200]
        if xs:
            by_callback[name] = {
                "n": len(xs),
                "p50_ms": round(percentile(xs, 50) * 1000, 1),
                "p95_ms": round(percentile(xs, 95) * 1000, 1),
            }
    return {
        "users": users,
        "requests": len(latencies),
        "errors": sum(1 for *_, status in latencies if status != 200),
        "wall_seconds": round(wall, 2),
        "requests_per_second": round(len(latencies) / wall, 1),
        "p50_ms": round(percentile(ok, 50) * 1000, 1) if ok else None,
        "p95_ms": round(percentile(ok, 95) * 1000, 1) if ok else None,
        "max_ms": round(max(ok) * 1000, 1) if ok else None,
        "by_callback": by_callback,
        "load_average_before": load_before,
        "load_average_after": load_average(),
    }


def dashboard_latency(warehouse: Path, runs: int, single: int = 100, per_user: int = 25) -> dict:
    """p50 / p95 of callback round trips: one user, then 8 concurrent users; per run."""
    out: dict[str, list] = {"one_user": [], "eight_users": []}
    for run in range(runs):
        out["one_user"].append(_phase(warehouse, 1, single, seed=run + 1))
        out["eight_users"].append(_phase(warehouse, 8, per_user, seed=run + 11))
    summary = {
        phase: {
            "p50_ms_median": median([r["p50_ms"] for r in rs if r["p50_ms"] is not None]),
            "p95_ms_median": median([r["p95_ms"] for r in rs if r["p95_ms"] is not None]),
            "errors": sum(r["errors"] for r in rs),
        }
        for phase, rs in out.items()
    }
    return {"runs": out, "summary": summary}
