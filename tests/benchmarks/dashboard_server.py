"""The dashboard served in child processes on 127.0.0.1 for the latency benchmark and the
tests: as in production (gunicorn, the command and settings of `jansewa up`) or as
`jansewa serve` runs it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.benchmarks.measure import REPO


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
