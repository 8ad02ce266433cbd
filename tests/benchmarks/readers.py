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

import json
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The dashboard in child processes on 127.0.0.1, stopped by its own pid: served as in
    production (``gunicorn``: the command and settings `jansewa up` runs, 2 workers x 4
    threads) or as `jansewa serve` runs it (``flask``: Flask's threaded server)."""

    def __init__(self, warehouse: Path, serving: str = "gunicorn") -> None:
        self.port = _free_port()
        if serving == "gunicorn":
            from pipelines.up import UpSettings, commands, environment

            settings = UpSettings(
                exports=warehouse.parent / "exports",
                warehouse=warehouse,
                dagster_home=warehouse.parent / "dagster-home",
                dashboard_port=self.port,
            )
            command, env = commands(settings)["dashboard"], environment(settings)
        else:
            code = (
                "import sys; from pathlib import Path; from dashboards.app import serve; "
                "serve(Path(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]))"
            )
            command, env = [sys.executable, "-c", code, str(warehouse), str(self.port)], None
        self.proc = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_dash-layout", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the dashboard server did not start within 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _parse_output_id(part: str):
    return json.loads(part) if part.startswith("{") else part


def _outputs(key: str) -> list[dict] | dict:
    """'..a.children...{"page":"x"}.data..' -> [{'id': 'a', 'property': 'children'}, ...];
    a single output ('a.children') as one dict, as the browser sends it."""
    if not key.startswith(".."):
        ident, prop = key.rsplit(".", 1)
        return {"id": _parse_output_id(ident), "property": prop}
    outs = []
    for part in key.strip(".").split("..."):
        ident, prop = part.rsplit(".", 1)
        outs.append({"id": _parse_output_id(ident), "property": prop})
    return outs


def callback_name(cb: dict) -> str:
    """'district.profile' for update_profile of the district page, 'district.banner' for
    its period banner, 'shell' for the app's own: one name per server-side callback."""
    function = cb["callback"]
    page = cb["inputs"][0]["id"].split("-")[0]
    if page.startswith("_"):
        return "shell"
    if function.__module__ == "dashboards.periods":
        return f"{page}.banner"
    return f"{page}.{function.__name__.removeprefix('update_').removeprefix('update') or page}"


def callback_specs(warehouse: Path) -> dict[str, dict]:
    """The app's server-side callbacks: name -> {output key, inputs, state, outputs}."""
    from dashboards.app import create_app

    app = create_app(warehouse)
    specs = {}
    for key, cb in app.callback_map.items():
        if "callback" not in cb:
            continue  # clientside callbacks never reach the server
        name = callback_name(cb)
        assert name not in specs, f"two callbacks named {name}"
        specs[name] = {
            "output": key,
            "outputs": _outputs(key),
            "inputs": [i["id"] + "." + i["property"] for i in cb["inputs"]],
            "state": [s["id"] + "." + s["property"] for s in cb["state"]],
        }
    return specs


def _choices(warehouse: Path) -> dict:
    from dashboards import data
    from warehouse.districts import district_names, districts

    return {
        "kpis": data.kpi_ids(warehouse),
        "periods": {g: data.periods(warehouse, g)[:12] for g in ("day", "week", "month", "total")},
        "months": data.service_months(warehouse)[:12],
        "districts": district_names(),
        "scorecard": [f"{g}:{p}" for g, p in data.scorecard_choices(warehouse)],
        "divisions": sorted({d.division for d in districts()}),
    }


def _values(name: str, rng: random.Random, c: dict) -> dict[str, object]:
    """Realistic input values for one callback, by component id and property."""
    lang = rng.choice(["en", "en", "en", "hi"])
    page = name.split(".")[0]
    grains = {"explorer": ("month", "week", "day", "total")}.get(page, ("month", "week", "total"))
    grain = rng.choice(grains)
    period = rng.choice(c["periods"][grain] or [None])
    if page == "service":
        period = rng.choice(c["months"] or [None])
    elif page == "scorecard":
        period = rng.choice(c["scorecard"] or [None])
    district = rng.choice(c["districts"])
    kpis = c["kpis"]
    if name == "explorer.control_room":  # the panel draws for the control-room KPIs only
        from dashboards.control_room_panel import is_control_room_kpi

        kpis = [k for k in kpis if is_control_room_kpi(k)] or kpis
    return {
        f"{page}-lang.data": lang,
        f"{page}-grain.value": grain,
        f"{page}-period.value": period,
        f"{page}-division.value": rng.choice([None, *c["divisions"]]),
        f"{page}-kpi.value": rng.choice(kpis),
        f"{page}-districts.value": rng.sample(c["districts"], rng.choice([0, 1, 2, 3])),
        f"{page}-district.value": district if page == "district" or rng.random() < 0.5 else None,
        "_pages_location.pathname": rng.choice(["/", "/explorer", "/district", "/service"]),
        "_pages_location.search": "?lang=hi" if lang == "hi" else "",
    }


def _payload(name: str, spec: dict, values: dict) -> dict:
    def item(ref: str) -> dict:
        ident, prop = ref.rsplit(".", 1)
        return {"id": ident, "property": prop, "value": values.get(ref)}

    return {
        "output": spec["output"],
        "outputs": spec["outputs"],
        "inputs": [item(r) for r in spec["inputs"]],
        "state": [item(r) for r in spec["state"]],
        "changedPropIds": [spec["inputs"][0]],
    }


# How often users change each page's filters: every callback of the page fires then (its
# blocks, its period banner); a period picker and the shell fire less often.
PAGE_WEIGHTS = {"overview": 3, "explorer": 4, "district": 3, "service": 3, "scorecard": 1}


def callback_weight(name: str) -> float:
    if name.endswith(".send_file"):
        return 0  # a file download (every case of a district), not a page update
    if name == "shell" or name.endswith(".periods"):
        return 1
    return PAGE_WEIGHTS.get(name.split(".")[0], 1)


def request_plan(warehouse: Path, n: int, seed: int) -> list[tuple[str, bytes]]:
    specs = callback_specs(warehouse)
    choices = _choices(warehouse)
    rng = random.Random(seed)
    names = sorted(specs)
    weights = [callback_weight(m) for m in names]
    plan = []
    for _ in range(n):
        name = rng.choices(names, weights)[0]
        body = _payload(name, specs[name], _values(name, rng, choices))
        plan.append((name, json.dumps(body).encode()))
    return plan


def every_callback_plan(warehouse: Path, per_callback: int, seed: int) -> list[tuple[str, bytes]]:
    """``per_callback`` requests for each server-side callback (tests: every one is called)."""
    specs = callback_specs(warehouse)
    choices = _choices(warehouse)
    rng = random.Random(seed)
    return [
        (name, json.dumps(_payload(name, specs[name], _values(name, rng, choices))).encode())
        for name in sorted(specs)
        for _ in range(per_callback)
    ]


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
