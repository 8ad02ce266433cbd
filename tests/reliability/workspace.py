"""A private copy of the demo warehouse (pipeline file, snapshot, exports) to run a refresh on,
plus one new export file so that the refresh has work to do and changes the KPIs."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from warehouse.snapshot import snapshot_path

NEW_CALLS = 3_000  # calls in the added export: calls_received of July grows by this much


@dataclass(frozen=True)
class Workspace:
    exports: Path
    warehouse: Path

    @property
    def snapshot(self) -> Path:
        return snapshot_path(self.warehouse)


def copy_demo(demo_warehouse, root: Path) -> Workspace:
    """Copy the session's demo exports and warehouse (never touched in place) under ``root``."""
    exports, warehouse = root / "exports", root / "wh" / "jansewa.duckdb"
    shutil.copytree(demo_warehouse.exports, exports)
    warehouse.parent.mkdir(parents=True)
    shutil.copyfile(demo_warehouse.warehouse, warehouse)
    shutil.copyfile(snapshot_path(demo_warehouse.warehouse), snapshot_path(warehouse))
    docs = demo_warehouse.warehouse.parent / "data_docs"
    if docs.is_dir():  # the GX Data Docs the quality page links to
        shutil.copytree(docs, warehouse.parent / "data_docs")
    return Workspace(exports, warehouse)


def add_new_calls(ws: Workspace, count: int = NEW_CALLS) -> Path:
    """A late export of ``count`` July calls under new call ids: new records to load."""
    folder = ws.exports / "helpline_calls"
    july = next(folder.glob("*2020-07-01_to_2020-07-31*"))
    target = folder / "helpline_calls_late_export_new_ids.csv"
    with (
        july.open(newline="", encoding="utf-8-sig") as src,
        target.open("w", newline="", encoding="utf-8") as out,
    ):
        reader, writer = csv.reader(src), csv.writer(out)
        writer.writerow(next(reader))
        for i, record in enumerate(reader):
            if i == count:
                break
            writer.writerow([f"LATE-{record[0]}", *record[1:]])
    later = july.stat().st_mtime + 86_400
    os.utime(target, (later, later))
    return target


def refresh_command(ws: Workspace, *extra: str) -> list[str]:
    """`jansewa refresh` for this workspace, as a subprocess command line."""
    return [
        sys.executable,
        "-m",
        "jansewa.cli",
        "refresh",
        "--exports",
        str(ws.exports),
        "--warehouse",
        str(ws.warehouse),
        *extra,
    ]


def run_refresh_subprocess(ws: Workspace, env: dict | None = None, *extra: str):
    """Run `jansewa refresh` to the end; returns the CompletedProcess (text output captured)."""
    return subprocess.run(
        refresh_command(ws, *extra),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
