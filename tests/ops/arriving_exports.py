"""A helpline exports folder for the arriving-files tests: its loader, files of calls written
with a chosen modification time, and what staging, the manifest and the audit then hold
(test_arriving_files.py, test_read_retries.py)."""

from __future__ import annotations

from pathlib import Path

from tests.load.conftest import CALL_HEADER, Loader, call, write_csv

OLD = 1_590_000_000  # 2020-05-20: long settled


def helpline_loader(folder: Path) -> Loader:
    """A loader of ``folder``/exports, its helpline_calls folder made."""
    (folder / "exports" / "helpline_calls").mkdir(parents=True)
    return Loader(folder / "exports", folder / "wh.duckdb")


def calls_file(loader: Loader, ids: range | list, mtime: int = OLD, name: str = "a.csv"):
    return write_csv(
        loader.exports / "helpline_calls" / name, CALL_HEADER, [call(f"C{i}") for i in ids], mtime
    )


def staged_ids(loader: Loader) -> list[str]:
    return [r[0] for r in loader.query("select call_id from stg_helpline_calls order by 1")]


def manifest_rows(loader: Loader) -> list[tuple]:
    return loader.query("select path, status, rows_read, rows_accepted from ingest_manifest")


def audit_rows(loader: Loader, run_id: str) -> list[tuple]:
    return loader.query("select path, status from load_audit where run_id = ?", [run_id])
