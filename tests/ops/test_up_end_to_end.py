"""`jansewa up` on loopback, end to end: the real dagster-daemon, dagster-webserver and
gunicorn, a temporary DAGSTER_HOME, an export dropped into the folder.

The sensor sees the file once it has settled and launches a run; a second trigger (a launch
through the webserver's GraphQL API) while that run is in progress waits as QUEUED; the
snapshot is published; the dashboard served by gunicorn shows the new figure; both runs are
in the webserver's run list. Run once with SQLite run storage and once with PostgreSQL
(a throw-away cluster) when a PostgreSQL server binary is available.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ops.conftest import calls_csv, jansewa, jansewa_env
from tests.reliability.dashclient import (
    CALLBACK,
    control_values,
    http_get,
    http_post,
    page_body,
    page_callbacks,
)
from tests.reliability.workspace import free_port
from warehouse.snapshot import snapshot_path

CALLS = 1234  # shown as "1,234" on the dashboard: a figure no empty page contains
RUNS_QUERY = """
{ runsOrError(filter: {pipelineName: "refresh"}) {
    ... on Runs { results { runId status tags { key value } } } } }
"""
LAUNCH = """
mutation($selector: JobOrPipelineSelector!) {
  launchRun(executionParams: {selector: $selector, mode: "default"}) {
    __typename
    ... on LaunchRunSuccess { run { runId status } }
    ... on PythonError { message }
  }
}
"""


def _graphql(base: str, query: str, variables: dict | None = None) -> dict:
    # generous: the webserver shares two cores with a refresh run
    status, text = http_post(base, timeout=180)(
        "/graphql", {"query": query, "variables": variables or {}}
    )
    assert status == 200, text
    return json.loads(text)["data"]


def _runs(base: str) -> dict[str, str]:
    return {r["runId"]: r["status"] for r in _graphql(base, RUNS_QUERY)["runsOrError"]["results"]}


def _wait(what: str, predicate, timeout: float, up: subprocess.Popen, every: float = 1.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert up.poll() is None, f"jansewa up exited while waiting for {what}"
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def _dashboard_text(base: str) -> str:
    """Everything the overview page shows: its layout and its callbacks' answers."""
    status, text = http_post(base)(CALLBACK, page_body("/", "?grain=total"))
    assert status == 200, text
    page = json.loads(text)
    status, deps = http_get(base, "/_dash-dependencies")
    answers = [text]
    for body in page_callbacks(json.loads(deps), control_values(page)):
        status, answer = http_post(base)(CALLBACK, body)
        answers.append(answer)
    return "\n".join(answers)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A throw-away PostgreSQL cluster in a temporary folder; skipped without a server."""
    bins = [Path(p).parent for p in [shutil.which("initdb") or ""] if p] + sorted(
        Path("/usr/lib/postgresql").glob("*/bin")
    )
    bin_dir = next((b for b in bins if (b / "initdb").exists() and (b / "pg_ctl").exists()), None)
    if bin_dir is None:
        pytest.skip(
            "no PostgreSQL server binaries (initdb, pg_ctl): `make test-deps` installs them"
        )
    folder = Path(tempfile.mkdtemp(prefix="jansewa-pg-"))
    folder.chmod(0o777)
    as_user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    port = free_port()
    data = folder / "data"

    def run(*cmd: str) -> None:
        subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "jansewa", "--auth=trust")
        run(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w",
            "-o", f"-p {port} -k {folder} -h 127.0.0.1", "start",
        )  # fmt: skip
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"could not start a throw-away PostgreSQL cluster: {exc}")
    try:
        yield f"postgresql+psycopg2://jansewa@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


def _launch_while_busy(dagster: str, first: str) -> str:
    """Launch a second refresh while ``first`` runs: it must wait in the queue (one refresh
    at a time). Returns its run id."""
    selector = {"repositoryLocationName": "jansewa", "repositoryName": "__repository__"}
    launched = _graphql(dagster, LAUNCH, {"selector": {**selector, "jobName": "refresh"}})
    launched = launched["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    second = launched["run"]["runId"]
    time.sleep(5)  # several queue-daemon passes while the first run holds the slot
    runs = _runs(dagster)
    if runs[first] != "STARTED":  # then the second was let go
        pytest.fail(f"the first run ended too soon to observe the queue: {runs}")
    assert runs[second] == "QUEUED", runs
    return second


FINISHED = ("SUCCESS", "FAILURE", "CANCELED")


def _up_end_to_end(tmp_path: Path, extra_env: dict[str, str], queue_second: bool = True) -> None:
    """`jansewa up` on loopback: the sensor runs a refresh of a new export, the dashboard
    shows its figure, and (``queue_second``) a run launched meanwhile waits in the queue."""
    exports, wh = tmp_path / "exports", tmp_path / "wh" / "jansewa.duckdb"
    (exports / "helpline_calls").mkdir(parents=True)
    home = tmp_path / "dagster"
    dagster_port, dashboard_port = free_port(), free_port()
    env = jansewa_env(
        JANSEWA_PII_KEY="end-to-end-key",
        JANSEWA_SETTLE_SECONDS="2",
        JANSEWA_SENSOR_INTERVAL="2",
        **extra_env,
    )
    env.pop("DAGSTER_HOME", None)
    log_file = (tmp_path / "up.log").open("w")
    up = jansewa(
        "up", "--exports", str(exports), "--warehouse", str(wh), "--dagster-home", str(home),
        "--dagster-port", str(dagster_port), "--dashboard-port", str(dashboard_port),
        "--workers", "1", "--threads", "2",
        env=env, start_new_session=True, stdout=log_file, stderr=subprocess.STDOUT,
    )  # fmt: skip
    dagster, dashboard = f"http://127.0.0.1:{dagster_port}", f"http://127.0.0.1:{dashboard_port}"
    try:
        _wait("the webserver", lambda: http_get(dagster, "/server_info")[0] == 200, 240, up)
        _wait("the dashboard", lambda: http_get(dashboard, "/")[0] == 200, 120, up)
        assert "1,234" not in _dashboard_text(dashboard)  # nothing published yet
        assert (home / "dagster.yaml").read_text().startswith("# The Dagster instance")

        calls_csv(exports / "helpline_calls" / "calls.csv", [f"C{i}" for i in range(CALLS)])
        first = _wait("the sensor's run", lambda: list(_runs(dagster)), 240, up)[0]
        _wait("the run to start", lambda: _runs(dagster)[first] == "STARTED", 240, up, 0.5)
        runs_to_finish = [first]
        if queue_second:
            runs_to_finish.append(_launch_while_busy(dagster, first))
        _wait("the runs", lambda: all(_runs(dagster)[r] in FINISHED for r in runs_to_finish),
              900, up, 2)  # fmt: skip
        runs = _runs(dagster)
        assert all(runs[r] == "SUCCESS" for r in runs_to_finish), runs
        assert snapshot_path(wh).exists()
        _wait("the new figure", lambda: "1,234" in _dashboard_text(dashboard), 60, up, 2)
    finally:
        if up.poll() is None:
            os.kill(up.pid, signal.SIGTERM)
        try:
            code = up.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
            up.wait()
            code = None
        log_file.close()
    log = (tmp_path / "up.log").read_text()
    assert code == 0, log[-3000:]
    for name in ("daemon", "webserver", "dashboard"):
        assert f"{name} stopped" in log
    for port in (dagster_port, dashboard_port):  # nothing is left listening
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)


@pytest.mark.slow(seconds=120)
def test_up_runs_a_refresh_the_sensor_starts_and_queues_a_second(tmp_path):
    _up_end_to_end(tmp_path, {})


@pytest.mark.slow(seconds=180)
def test_up_with_postgresql_run_storage(tmp_path, postgres_url):
    """The same service with its runs kept in PostgreSQL; the queue is the same daemon's and
    is shown by the SQLite test above."""
    _up_end_to_end(tmp_path, {"JANSEWA_DAGSTER_POSTGRES_URL": postgres_url}, queue_second=False)
