"""Small export folders and a `jansewa` runner for the operations tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

CALL_HEADER = "Call ID,District,Call Received At,Category,Status\n"
REPO = Path(__file__).resolve().parents[2]


def calls_csv(
    path: Path, ids: list[str], district: str = "Jhajjar", day: str = "2020-05-01"
) -> Path:
    """A helpline export with one open ration call per id (the fewest required columns)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = "".join(f"{i},{district},{day} 10:00,Ration,Open\n" for i in ids)
    path.write_text(CALL_HEADER + rows, encoding="utf-8")
    return path


def age(path: Path, seconds: float = 3600) -> None:
    """Make a file look as if it was written ``seconds`` ago (settled)."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def jansewa_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def jansewa(*args: str, env: dict | None = None, **popen) -> subprocess.Popen:
    """Start `jansewa …` as the console script does, from this checkout."""
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen(
        [sys.executable, "-c", "from jansewa.cli import run; run()", *args],
        env=env or jansewa_env(),
        text=True,
        **popen,
    )
