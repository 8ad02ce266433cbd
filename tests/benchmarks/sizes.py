"""One more day at three warehouse sizes: does its cost grow with the history already loaded,
and how much of it is there whatever the size?

The main runs load the whole cached export tree and then one more day. Here a warehouse of
the tree's first half (the files whose period starts before the midpoint of all start dates)
is loaded, then the day after its own last day (bench_exports.build_extra_day) is added the
same way. So is a warehouse of the demo scale's exports (300k records) split into a file per
source and day, as a service that sends a file a day leaves its folder (1,185 files): its
day is the cost of a day with next to no history, and shows whether the number of files
already loaded costs anything. The "one more day" runs, their phases and the slowest steps
sit side by side on the benchmarks page; so do the rows and files each warehouse held.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks import exports as bench_exports

_START = re.compile(r"_(\d{4}-\d{2}-\d{2})_to_")


def _start_day(path: Path) -> dt.date | None:
    found = _START.search(path.name)
    return dt.date.fromisoformat(found.group(1)) if found else None


def first_half_tree(exports: Path, dest: Path) -> Path:
    """``dest``: hard links to the exports whose period starts before the midpoint."""
    files = bench_exports.export_files(exports)
    starts = [d for d in map(_start_day, files) if d is not None]
    middle = min(starts) + (max(starts) - min(starts)) / 2
    if dest.exists():
        shutil.rmtree(dest)
    for path in files:
        start = _start_day(path)
        if start is not None and start < middle:
            target = dest / path.relative_to(exports)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
    return dest


def _full_then_one_more_day(
    tree: Path, name: str, work: Path, refresh: Callable, log: Callable, what: str
) -> dict:
    """A full refresh of ``tree`` into a warehouse of its own, then the day after its last;
    the runs and the extra day. The warehouse is removed afterwards."""
    extra = work / f"extra-day-{name}"
    if extra.exists():
        shutil.rmtree(extra)
    extra_day = bench_exports.build_extra_day(tree, extra)
    plus_one = bench_exports.incremental_tree(tree, extra, work / f"exports-{name}-plus-one")
    warehouse = work / f"warehouse-{name}" / "jansewa.duckdb"
    if warehouse.parent.exists():
        shutil.rmtree(warehouse.parent)
    log(f"{what}: full refresh of {len(bench_exports.export_files(tree)):,} files")
    full = refresh(tree, warehouse, work / f"full-{name}.json")
    log(f"{what}: {full.seconds:.1f} s; one more day")
    incremental = refresh(plus_one, warehouse, work / f"incremental-{name}.json")
    shutil.rmtree(warehouse.parent)
    return {"full": [vars(full)], "incremental": [vars(incremental)], "extra_day": extra_day}


def smaller_warehouse_runs(exports: Path, work: Path, refresh: Callable, log: Callable) -> dict:
    """Full refresh of the first half, then its one more day; the runs and the extra day."""
    half = first_half_tree(exports, work / "exports-first-half")
    return _full_then_one_more_day(half, "first-half", work, refresh, log, "smaller warehouse")


def daily_files_runs(out: Path, work: Path, refresh: Callable, log: Callable, seed: int) -> dict:
    """Full refresh of the demo scale's exports as daily files, then its one more day."""
    demo, _ = bench_exports.ensure_exports(out, "demo", None, seed)
    daily = bench_exports.daily_files_tree(demo, work / "exports-demo-daily")
    runs = _full_then_one_more_day(
        daily, "demo-daily", work, refresh, log, "demo exports as daily files"
    )
    shutil.rmtree(daily)
    shutil.rmtree(work / "exports-demo-daily-plus-one")
    return runs


def _sampled_peak(run: dict) -> float:
    """The run's largest resident size sampled during its steps: wait4's peak also counts
    the benchmark process's own size at the child's start, which reading the exports to
    build the extra days raises above a small warehouse's day (measure.run_child)."""
    sampled = [s.get("peak_rss_mb") for s in run["result"]["steps"].values()]
    return max((p for p in sampled if p is not None), default=run["peak_rss_mb"])


def sizes_section(results: dict, phases: tuple, phase_seconds: Callable, table: Callable) -> list:
    """The page's section comparing one more day at the warehouse sizes measured."""
    small, daily = results.get("smaller_warehouse"), results.get("daily_files")
    big_full, big_inc = results["runs"]["full"], results["runs"]["incremental"]
    if not small or not big_full or not big_inc:
        return []
    pairs = [
        ("first half of the exports", small["full"][0], small["incremental"][0], small),
        ("all the exports", big_full[0], big_inc[0], results),
    ]
    if daily:
        pairs.insert(
            0, ("demo exports, a file a day", daily["full"][0], daily["incremental"][0], daily)
        )
    title = f"## One more day at {('two', 'three')[len(pairs) - 2]} warehouse sizes"
    if not all(full["result"] and inc["result"] for _, full, inc, _ in pairs):
        return [title, "", "A run failed; see results.json.", ""]
    lines = [
        title,
        "",
        "The same kind of day (the day after each warehouse's last, copied from its newest "
        "exports) added to warehouses of different sizes: the state-year's first half of the "
        "exports and all of them"
        + (
            ", and the demo scale's exports split into a file per source and day, as a "
            "service sending a file a day leaves its folder. "
            if daily
            else ". "
        )
        + "What stays equal is the cost of the new rows and what any day costs; what grows "
        "is work over history.",
        "",
    ]
    header = ["", *(label for label, *_ in pairs)]
    rows = [
        ["rows in the warehouse", *(f"{full['result']['rows_read']:,}" for _, full, _, _ in pairs)],
        [
            "export files loaded",
            *(f"{full['result']['files_loaded']:,}" for _, full, _, _ in pairs),
        ],
        [
            "new rows",
            *(f"{sum(v['rows'] for v in r['extra_day'].values()):,}" for *_, r in pairs),
        ],
        ["one more day, s", *(f"{inc['result']['wall_seconds']:.1f}" for _, _, inc, _ in pairs)],
        [
            "peak RSS MiB, sampled in the run",
            *(f"{_sampled_peak(inc):,.0f}" for *_, inc, _ in pairs),
        ],
        ["load before", *(" / ".join(map(str, inc["load_before"])) for _, _, inc, _ in pairs)],
    ]
    for label, _prefix in phases:
        rows.append(
            [f"{label}, s", *(phase_seconds(inc["result"]).get(label) for _, _, inc, _ in pairs)]
        )
    lines += table(header, rows)
    steps = big_inc[0]["result"]["steps"]
    top = sorted(steps.items(), key=lambda kv: -kv[1].get("seconds", 0))[:12]
    lines += ["Slowest steps of one more day (all the exports):", ""]
    lines += table(
        ["step", "seconds", "own work"],
        [[k, v.get("seconds"), v.get("work_seconds")] for k, v in top],
    )
    return lines
