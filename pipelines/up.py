"""`jansewa up`: the service on one server, as one supervised group of three processes.

    daemon      dagster-daemon run      schedules, sensors, the run queue (runs refreshes)
    webserver   dagster-webserver       run history, launching and re-running by hand
    dashboard   gunicorn                the Dash dashboard, N workers x M threads

Supervision is honcho's (a Procfile runner): it prefixes and multiplexes the three logs,
and when one process exits, or on SIGTERM / Ctrl+C, it stops the others (SIGTERM, then
SIGKILL after a grace period) and exits. On a server managed by systemd, the unit files in
deploy/ run the same three commands instead.

DAGSTER_HOME (run history, logs, schedule and sensor state) persists under the data
folder; the reviewed instance file deploy/dagster.yaml is copied into it on every start,
with PostgreSQL storage when JANSEWA_DAGSTER_POSTGRES_URL is set.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
INSTANCE_TEMPLATE = REPO / "deploy" / "dagster.yaml"
POSTGRES_VARIABLE = "JANSEWA_DAGSTER_POSTGRES_URL"
STOP_SECONDS = 30


@dataclass(frozen=True)
class UpSettings:
    exports: Path
    warehouse: Path
    dagster_home: Path
    host: str = "127.0.0.1"
    dagster_port: int = 3000
    dashboard_port: int = 8050
    workers: int = 2
    threads: int = 4


def default_dagster_home(warehouse: Path) -> Path:
    """$DAGSTER_HOME, else `dagster/` in the data folder (beside the warehouse)."""
    home = os.environ.get("DAGSTER_HOME")
    return Path(home) if home else Path(warehouse).absolute().parent / "dagster"


def prepare_dagster_home(
    home: Path, postgres_url: str | None = None, initialise: bool = True
) -> Path:
    """Write dagster.yaml (from deploy/dagster.yaml) and workspace.yaml into ``home``, then
    (``initialise``) create or upgrade the storage they name."""
    if postgres_url and not postgres_url.startswith("postgresql+psycopg2://"):
        # SQLAlchemy 2.1 maps a bare postgresql:// to psycopg 3; dagster-postgres brings
        # psycopg2. Say so before three processes fail with an import error.
        raise ValueError(
            f"{POSTGRES_VARIABLE} must start with postgresql+psycopg2:// "
            "(e.g. postgresql+psycopg2://user:password@host:5432/database)"
        )
    home.mkdir(parents=True, exist_ok=True)
    text = INSTANCE_TEMPLATE.read_text(encoding="utf-8")
    if postgres_url:
        storage = {"storage": {"postgres": {"postgres_url": {"env": POSTGRES_VARIABLE}}}}
        text += "\n# written by `jansewa up`: " + POSTGRES_VARIABLE + " is set\n"
        text += yaml.safe_dump(storage, sort_keys=False)
    (home / "dagster.yaml").write_text(text, encoding="utf-8")
    workspace = {
        "load_from": [
            {
                "python_module": {
                    "module_name": "pipelines.definitions",
                    "location_name": "jansewa",
                    "working_directory": str(REPO),
                    "executable_path": sys.executable,
                }
            }
        ]
    }
    (home / "workspace.yaml").write_text(yaml.safe_dump(workspace), encoding="utf-8")
    if initialise:
        _initialise_storage(home)
    return home


def _initialise_storage(home: Path) -> None:
    """Create (or upgrade) the run storage once, before the processes start.

    The daemon and the webserver each create missing SQLite storage on start; started at
    the same moment on a fresh DAGSTER_HOME, both stamp its schema version and the next
    start fails ("more than one head"). Opening the instance here first avoids the race.
    """
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.upgrade()


def _tool(name: str) -> str:
    """A console script installed beside this interpreter (the project's virtualenv)."""
    return str(Path(sys.executable).parent / name)


def commands(s: UpSettings) -> dict[str, list[str]]:
    """The three processes, by name: exactly what the systemd units in deploy/ run."""
    workspace = str(s.dagster_home / "workspace.yaml")
    return {
        "daemon": [_tool("dagster-daemon"), "run", "-w", workspace],
        "webserver": [
            _tool("dagster-webserver"),
            "-h",
            s.host,
            "-p",
            str(s.dagster_port),
            "-w",
            workspace,
        ],
        "dashboard": [
            _tool("gunicorn"),
            "--config",  # refuses a non-loopback bind while no sign-in is configured
            "python:dashboards.gunicorn_conf",
            "--bind",
            f"{s.host}:{s.dashboard_port}",
            "--workers",
            str(s.workers),
            "--threads",
            str(s.threads),
            "--timeout",
            "120",
            "--chdir",
            str(REPO),
            "--no-control-socket",  # several instances on one host must not share one
            "--access-logfile",
            "-",
            "dashboards.wsgi:server",
        ],
    }


def environment(s: UpSettings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DAGSTER_HOME=str(s.dagster_home),
        JANSEWA_EXPORTS=str(s.exports),
        JANSEWA_WAREHOUSE=str(s.warehouse),
        JANSEWA_WEBSERVER_URL=f"http://{s.host}:{s.dagster_port}",
        PYTHONUNBUFFERED="1",
    )
    # The code location and the dashboard import this checkout, wherever `up` runs from.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def procfile(s: UpSettings) -> str:
    """The same group as a Procfile (written into DAGSTER_HOME for `honcho start -f`)."""
    return "".join(f"{name}: {shlex.join(cmd)}\n" for name, cmd in commands(s).items())


def run_up(s: UpSettings) -> int:
    """Start the three processes and supervise them until SIGTERM / Ctrl+C; the exit code."""
    import honcho.manager
    from honcho.manager import Manager

    # honcho's grace period between SIGTERM and SIGKILL (5 s) is shorter than the daemon
    # needs to stop its threads; give every process STOP_SECONDS to exit on its own.
    honcho.manager.KILL_WAIT = STOP_SECONDS

    s = UpSettings(
        **{
            **s.__dict__,
            "exports": Path(s.exports).absolute(),
            "warehouse": Path(s.warehouse).absolute(),
            "dagster_home": Path(s.dagster_home).absolute(),
        }
    )
    prepare_dagster_home(s.dagster_home, os.environ.get(POSTGRES_VARIABLE))
    (s.dagster_home / "Procfile").write_text(procfile(s), encoding="utf-8")
    s.warehouse.parent.mkdir(parents=True, exist_ok=True)
    print(
        f"Jansewa: dashboard http://{s.host}:{s.dashboard_port}/ , Dagster "
        f"http://{s.host}:{s.dagster_port}/ , DAGSTER_HOME {s.dagster_home}  (Ctrl+C stops all)",
        flush=True,
    )
    manager = Manager()
    env = environment(s)
    for name, cmd in commands(s).items():
        manager.add_process(name, shlex.join(cmd), env=env, cwd=str(REPO))
    manager.loop()
    # Stopped on request (SIGINT 130, SIGTERM 143 in honcho's codes): a clean stop.
    return 0 if manager.returncode in (130, 143) else (manager.returncode or 0)
