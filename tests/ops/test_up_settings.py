"""What `jansewa up` writes into DAGSTER_HOME before it starts anything."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
import yaml

from pipelines.up import UpSettings, commands, prepare_dagster_home, procfile


def test_the_instance_is_the_reviewed_file_with_queued_runs_and_sqlite(tmp_path):
    home = prepare_dagster_home(tmp_path / "dagster")
    config = yaml.safe_load((home / "dagster.yaml").read_text())
    assert "storage" not in config  # SQLite under DAGSTER_HOME
    assert config["concurrency"]["runs"]["tag_concurrency_limits"] == [
        {"key": "jansewa/warehouse", "limit": 1}
    ]
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert type(instance.run_storage).__name__ == "SqliteRunStorage"
    (location,) = yaml.safe_load((home / "workspace.yaml").read_text())["load_from"]
    assert location["python_module"]["module_name"] == "pipelines.definitions"


def test_postgres_storage_when_a_url_is_configured_and_a_bare_url_is_refused(tmp_path):
    home = prepare_dagster_home(  # not initialised: the end-to-end test uses a real server
        tmp_path / "pg", postgres_url="postgresql+psycopg2://u:p@db:5432/d", initialise=False
    )
    config = yaml.safe_load((home / "dagster.yaml").read_text())
    assert config["storage"] == {
        "postgres": {"postgres_url": {"env": "JANSEWA_DAGSTER_POSTGRES_URL"}}
    }  # the URL itself (with its password) is never written into the file
    assert "u:p@db" not in (home / "dagster.yaml").read_text()
    with pytest.raises(ValueError, match=r"must start with postgresql\+psycopg2://"):
        prepare_dagster_home(tmp_path / "bare", postgres_url="postgresql://u:p@db/d")


def test_the_three_processes_bind_loopback_with_the_configured_workers(tmp_path):
    s = UpSettings(
        exports=Path("/x"),
        warehouse=Path("/w/j.duckdb"),
        dagster_home=tmp_path,
        workers=3,
        threads=5,
    )
    cmds = commands(s)
    assert list(cmds) == ["daemon", "webserver", "dashboard"]
    assert cmds["daemon"][1:] == ["run", "-w", str(tmp_path / "workspace.yaml")]
    assert cmds["webserver"][1:5] == ["-h", "127.0.0.1", "-p", "3000"]
    dashboard = cmds["dashboard"]
    assert dashboard[dashboard.index("--bind") + 1] == "127.0.0.1:8050"
    assert dashboard[dashboard.index("--workers") + 1] == "3"
    assert dashboard[dashboard.index("--threads") + 1] == "5"
    assert dashboard[-1] == "dashboards.wsgi:server"
    assert procfile(s).splitlines()[0].startswith("daemon: ")
