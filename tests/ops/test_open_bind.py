"""Without sign-in configured the dashboard serves this machine only: `jansewa serve` and
gunicorn (as `jansewa up` and the systemd unit run it) refuse any other address in one line.
And `jansewa users` keeps the users file (its rules: tests/dashboards/test_sign_in.py)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from tests.cli_run import run_cli

REPO = Path(__file__).resolve().parents[2]
_AUTH = ("JANSEWA_USERS_FILE", "JANSEWA_OIDC_ISSUER", "JANSEWA_DASH_USER", "JANSEWA_DASH_PASSWORD")


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in _AUTH}
    env["JANSEWA_WAREHOUSE"] = str(tmp_path / "jansewa.duckdb")
    return env


def test_jansewa_serve_refuses_an_open_address(monkeypatch, tmp_path):
    for name in _AUTH:
        monkeypatch.delenv(name, raising=False)
    code, _, err = run_cli(
        ["serve", "--host", "0.0.0.0", "--warehouse", str(tmp_path / "w.duckdb")]
    )
    assert code == 1
    assert err.startswith("jansewa serve: error: refusing to serve on 0.0.0.0 without sign-in")
    assert "Traceback" not in err


def test_gunicorn_refuses_an_open_address_before_any_worker(tmp_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    done = subprocess.run(
        [
            str(gunicorn),
            "--config",
            "python:dashboards.gunicorn_conf",
            "--bind",
            "0.0.0.0:0",
            "--chdir",
            str(REPO),
            "dashboards.wsgi:server",
        ],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "refusing to serve on 0.0.0.0 without sign-in" in done.stderr
    assert "Booting worker" not in done.stderr


def test_jansewa_users_add_list_remove(monkeypatch, tmp_path):
    users = tmp_path / "users.yml"
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-password\n"))
    code, out, _ = run_cli(
        [
            "users",
            "--file",
            str(users),
            "add",
            "dc.hisar",
            "--role",
            "district:hissar",
            "--password-stdin",
        ]
    )
    assert code == 0 and "dc.hisar (district:hissar) saved" in out
    assert "a-long-password" not in users.read_text()
    code, out, _ = run_cli(["users", "--file", str(users), "list"])
    assert "district:Hisar" in out and out.strip().endswith(f"1 user(s) in {users}")
    code, _, err = run_cli(["users", "--file", str(users), "remove", "nobody"])
    assert code == 1 and "no user 'nobody'" in err
    code, out, _ = run_cli(["users", "--file", str(users), "remove", "dc.hisar"])
    assert code == 0 and "removed" in out
