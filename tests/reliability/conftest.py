"""One concurrent run shared by the concurrency and personal-data tests (it costs a refresh).

A copy of the demo warehouse is served by `jansewa serve` (a subprocess on 127.0.0.1) while a
`jansewa refresh` subprocess loads one new export into it and swaps the snapshot; four client
threads send a bounded load of page loads and callback requests meanwhile. Everything is
recorded: each answer with its latency, the answers before and after the refresh, the
refresh's stdout/stderr and the server's log.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability.dashclient import (
    CALLBACK,
    callback_body,
    http_get,
    http_post,
    page_body,
)
from tests.reliability.workspace import (
    Workspace,
    add_new_calls,
    copy_demo,
    free_port,
    refresh_command,
)

CLIENTS = 4
MAX_REQUESTS = 400  # in all, across the client threads
MAX_LOAD_SECONDS = 60
PAUSE = 0.5  # seconds between two requests of one client thread
AFTER_SWAP = 3.0  # keep sending this long after the refresh exits

KPIS = (
    "calls_received",
    "call_resolution_rate",
    "food_within_2h_rate",
    "feedback_coverage",
    "rts_score",
    "composite_index",
)


@dataclass
class Answer:
    name: str
    status: int
    text: str
    seconds: float
    sent_at: float  # since the refresh started


@dataclass
class ConcurrentRun:
    workspace: Workspace
    requests: dict[str, tuple[str, dict | None]]  # name -> (path, body or None for GET)
    before: dict[str, tuple[int, str]]
    after: dict[str, tuple[int, str]]
    answers: list[Answer] = field(default_factory=list)
    refresh_code: int | None = None
    refresh_seconds: float = 0.0
    refresh_stdout: str = ""
    refresh_stderr: str = ""
    server_log: str = ""
    load_seconds: float = 0.0


def _server_env() -> dict:
    env = dict(os.environ)
    for name in (
        "JANSEWA_DASH_USER",
        "JANSEWA_DASH_PASSWORD",
        "JANSEWA_USERS_FILE",
        "JANSEWA_OIDC_ISSUER",
    ):
        env.pop(name, None)
    return env


def _wait_until_serving(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the dashboard exited: {log.read_text()[-2000:]}")
        try:
            if http_get(base, "/", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the dashboard did not answer within 60 s")


def _requests(base: str, periods: dict[str, str]) -> dict[str, tuple[str, dict | None]]:
    status, text = http_get(base, "/_dash-dependencies")
    assert status == 200
    explorer = next(d for d in json.loads(text) if d["output"].startswith("..explorer-bar-block"))
    wanted: dict[str, tuple[str, dict | None]] = {"index": ("/", None)}
    for kpi in KPIS:
        for grain in ("month", "total"):
            values = {
                ("explorer-kpi", "value"): kpi,
                ("explorer-grain", "value"): grain,
                ("explorer-period", "value"): periods[grain],
                ("explorer-districts", "value"): ["Jhajjar", "Gurugram"],
                ("explorer-lang", "data"): "en",
            }
            wanted[f"explorer:{kpi}:{grain}"] = (CALLBACK, callback_body(explorer, values))
    month = periods["month"]
    wanted["page:/explorer"] = (
        CALLBACK,
        page_body("/explorer", f"?kpi=calls_received&grain=month&period={month}"),
    )
    wanted["page:/"] = (CALLBACK, page_body("/", "?grain=total"))
    wanted["page:/quality"] = (CALLBACK, page_body("/quality", ""))
    return wanted


def _send(base: str, request: tuple[str, dict | None]) -> tuple[int, str]:
    path, body = request
    return http_get(base, path) if body is None else http_post(base)(path, body)


@pytest.fixture(scope="session")
def concurrent_run(demo_warehouse, tmp_path_factory) -> ConcurrentRun:
    from dashboards import data

    root = tmp_path_factory.mktemp("concurrent")
    ws = copy_demo(demo_warehouse, root)
    add_new_calls(ws)
    periods = {"month": "2020-07-01", "total": data.periods(ws.warehouse, "total")[0]}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = root / "server.log"
    with server_log.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jansewa.cli",
                "serve",
                "--warehouse",
                str(ws.warehouse),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_server_env(),
            start_new_session=True,
        )
    try:
        _wait_until_serving(base, server, server_log)
        requests = _requests(base, periods)
        before = {name: _send(base, r) for name, r in requests.items()}
        run = ConcurrentRun(ws, requests, before, after={})
        names = list(requests)
        lock = threading.Lock()
        done = threading.Event()
        out, err = root / "refresh.out", root / "refresh.err"
        started = time.monotonic()
        with out.open("w") as fo, err.open("w") as fe:
            refresh = subprocess.Popen(
                refresh_command(ws), stdout=fo, stderr=fe, start_new_session=True
            )

        def client(offset: int) -> None:
            i = offset
            while True:
                now = time.monotonic()
                with lock:
                    if len(run.answers) >= MAX_REQUESTS:
                        return
                if now - started > MAX_LOAD_SECONDS or (
                    done.is_set() and now - run.refresh_seconds - started > AFTER_SWAP
                ):
                    return
                name = names[i % len(names)]
                i += 1
                t0 = time.monotonic()
                try:
                    status, text = _send(base, requests[name])
                except OSError as exc:  # a refused or dropped connection is a failure too
                    status, text = -1, repr(exc)
                answer = Answer(name, status, text, time.monotonic() - t0, t0 - started)
                with lock:
                    run.answers.append(answer)
                time.sleep(PAUSE)

        threads = [threading.Thread(target=client, args=(k * 5,)) for k in range(CLIENTS)]
        for thread in threads:
            thread.start()
        try:
            run.refresh_code = refresh.wait(timeout=300)
        finally:
            if refresh.poll() is None:
                os.killpg(refresh.pid, signal.SIGKILL)
                refresh.wait()
        run.refresh_seconds = time.monotonic() - started
        done.set()
        for thread in threads:
            thread.join()
        run.load_seconds = time.monotonic() - started
        run.refresh_stdout, run.refresh_stderr = out.read_text(), err.read_text()
        run.after = {name: _send(base, r) for name, r in requests.items()}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    run.server_log = server_log.read_text()
    return run
