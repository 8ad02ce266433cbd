"""The benchmark's exports: generated once per (scale, days, seed) and cached, plus one more
day of exports per source for the incremental refresh, and the same exports as daily files.

The extra day is built from each source's newest regular export: the rows of its last event
day, every date and timestamp moved on by one period (one day; one week for weekly sources),
fresh record ids, written as a UTF-8 CSV with the contract's headers and a modified time one
day after the newest export. The incremental tree is the cached tree as hard links (same
bytes, sizes and times, so the manifest sees them unchanged) plus those nine files.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import polars as pl

from pipelines.ingest.parse import parse_timestamp_series
from pipelines.ingest.read import read_export
from warehouse.sources import SOURCES, Source

COMPLETE = ".complete"  # hidden: the pipeline's discovery skips dot files


def exports_name(scale: str, days: int | None, seed: int) -> str:
    return (
        f"exports-{scale}" + (f"-{days}d" if days else "") + (f"-s{seed}" if seed != 2020 else "")
    )


def ensure_exports(root: Path, scale: str, days: int | None, seed: int) -> tuple[Path, dict]:
    """The cached exports folder for this scale, generated first if it is missing or partial."""
    from pipelines.generate import generate_exports

    out = root / exports_name(scale, days, seed)
    info: dict = {"path": str(out), "generated_now": False}
    if not (out / COMPLETE).exists():
        summary = generate_exports(out, scale=scale, seed=seed, days=days)
        (out / COMPLETE).write_text(f"{scale} days={days} seed={seed}\n")
        info |= {
            "generated_now": True,
            "generate_seconds": round(summary.seconds, 1),
            "generate_peak_rss_mb": round(summary.peak_rss_mb, 1),
        }
    files = export_files(out)
    info |= {
        "files": len(files),
        "xlsx_files": sum(f.suffix == ".xlsx" for f in files),
        "bytes": sum(f.stat().st_size for f in files),
    }
    return out, info


def export_files(exports: Path) -> list[Path]:
    """Every export file under ``exports/<source>/``, in a stable order."""
    return sorted(
        p
        for name in SOURCES
        for p in (exports / name).glob("*")
        if p.is_file() and not p.name.startswith((".", "~$"))
    )


def _newest_regular(exports: Path, source: Source) -> Path:
    files = [p for p in export_files(exports) if p.parent.name == source.name]
    regular = [p for p in files if "reexport" not in p.name] or files
    return max(regular, key=lambda p: p.name)


def _one_more_day(path: Path, source: Source) -> tuple[pl.DataFrame, dt.date]:
    frame = read_export(path, source).frame.drop("_line", "_extra")
    event_day = parse_timestamp_series(frame[source.event_time]).dt.date()
    days = event_day.drop_nulls().unique().sort()
    step = (days[-1] - days[-2]) if len(days) > 1 else dt.timedelta(days=1)
    rows = frame.filter(event_day == days[-1])
    moved = []
    for col in source.columns:
        if col.kind not in ("timestamp", "date") or col.name not in rows.columns:
            continue
        parsed = parse_timestamp_series(rows[col.name]) + step
        text = parsed.dt.strftime("%Y-%m-%d %H:%M:%S" if col.kind == "timestamp" else "%Y-%m-%d")
        moved.append(
            pl.when(text.is_not_null()).then(text).otherwise(pl.col(col.name)).alias(col.name)
        )
    rows = rows.with_columns(moved)
    rows = rows.with_columns((pl.col(source.key) + "X").alias(source.key))
    headers = {c.name: c.header for c in source.columns if c.name in rows.columns}
    return rows.select(list(headers)).rename(headers), days[-1] + step


def build_extra_day(exports: Path, dest: Path) -> dict[str, dict]:
    """Write one more day of exports per source under ``dest/<source>/``; rows per file."""
    newest_mtime = max(p.stat().st_mtime for p in export_files(exports))
    written = {}
    for source in SOURCES.values():
        frame, day = _one_more_day(_newest_regular(exports, source), source)
        target = dest / source.name / f"{source.name}_{day:%Y-%m-%d}_to_{day:%Y-%m-%d}_extra.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        frame.write_csv(target)
        os.utime(target, (newest_mtime + 86_400, newest_mtime + 86_400))
        written[source.name] = {"file": target.name, "rows": frame.height, "day": str(day)}
    return written


def incremental_tree(exports: Path, extra: Path, dest: Path) -> Path:
    """``dest``: hard links to every cached export plus the extra day's files."""
    if dest.exists():
        shutil.rmtree(dest)
    for path in export_files(exports):
        target = dest / path.relative_to(exports)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target)
    for path in export_files(extra):
        target = dest / path.relative_to(extra)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return dest


def daily_files_tree(exports: Path, dest: Path) -> Path:
    """``dest``: each regular export of ``exports`` split into one CSV per event day (with the
    contract's headers; a row whose event time does not parse goes with the export's first
    day), dated the day after that day; re-exports copied as they are. The same records as a
    service that has sent a file a day since its start."""
    if dest.exists():
        shutil.rmtree(dest)
    for path in export_files(exports):
        source = SOURCES[path.parent.name]
        folder = dest / source.name
        folder.mkdir(parents=True, exist_ok=True)
        if "reexport" in path.name:
            shutil.copy2(path, folder / path.name)
            continue
        frame = read_export(path, source).frame.drop("_line", "_extra")
        day = parse_timestamp_series(frame[source.event_time]).dt.date()
        frame = frame.with_columns(day.fill_null(day.drop_nulls().min()).alias("_day"))
        headers = {c.name: c.header for c in source.columns if c.name in frame.columns}
        for (when,), rows in frame.group_by("_day", maintain_order=True):
            target = folder / f"{source.name}_{when:%Y-%m-%d}_to_{when:%Y-%m-%d}_of_{path.stem}.csv"
            rows.select(list(headers)).rename(headers).write_csv(target)
            exported = dt.datetime.combine(when + dt.timedelta(days=1), dt.time(7, 30)).timestamp()
            os.utime(target, (exported, exported))
    return dest
