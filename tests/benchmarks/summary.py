"""The benchmark's verdicts: medians of the raw runs, their ratios, and each target met or missed.

Kept apart from the page (tests/benchmarks/report.py) so that the rule behind each verdict
can be tested on figures worked out by hand (tests/benchmarks/test_summary.py).
"""

from __future__ import annotations

from tests.benchmarks.measure import median

# Sizes are measured in MiB (2**20 bytes: ru_maxrss / 1024, st_size / 2**20) and the targets
# are in decimal units, as written: 2 GB is 2e9 bytes (1,907 MiB), 50 MB is 5e7 bytes.
MIB = 2**20

PHASES = (
    ("raw (read exports)", "raw_"),
    ("staging (parse, dedupe)", "stg_"),
    ("validation (GX checks)", "validate_stg_"),
    ("marts (KPI SQL)", "kpi_marts"),
    ("publish (reader snapshot)", "published_snapshot"),
)


def phase_seconds(result: dict) -> dict[str, float]:
    steps = result.get("steps", {})
    return {
        label: round(sum(s.get("seconds", 0) for k, s in steps.items() if k.startswith(prefix)), 2)
        for label, prefix in PHASES
    }


def _ok(runs: list[dict]) -> list[dict]:
    return [r for r in runs if r["returncode"] == 0 and r["result"]]


def _med(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return median(values)


def summarise(results: dict) -> dict:
    runs = results["runs"]
    full, incr, same = _ok(runs["full"]), _ok(runs["incremental"]), _ok(runs["unchanged"])
    floor, pandas = _ok(runs["floor"]), _ok(runs["pandas"])
    s: dict = {}
    s["full_refresh_seconds"] = _med([r["result"]["wall_seconds"] for r in full])
    s["full_refresh_process_seconds"] = _med([r["seconds"] for r in full])
    s["full_refresh_peak_rss_mb"] = max((r["peak_rss_mb"] for r in full), default=None)
    s["incremental_seconds"] = _med([r["result"]["wall_seconds"] for r in incr])
    s["incremental_process_seconds"] = _med([r["seconds"] for r in incr])
    s["incremental_peak_rss_mb"] = max((r["peak_rss_mb"] for r in incr), default=None)
    s["unchanged_seconds"] = _med([r["result"]["wall_seconds"] for r in same])
    service = _ok(runs.get("service_day", []))
    s["service_day_seconds"] = _med([r["result"]["wall_seconds"] for r in service])
    for key, day_runs in (("incremental", incr), ("service_day", service)):
        s[f"{key}_dagster_seconds"] = _med(
            [r["result"]["wall_seconds"] - r["result"]["work_seconds_sum"] for r in day_runs]
        )
    s["floor_seconds"] = _med([r["result"]["seconds"] for r in floor])
    s["floor_peak_rss_mb"] = max((r["peak_rss_mb"] for r in floor), default=None)
    s["pandas_seconds"] = _med([r["result"]["seconds"] for r in pandas])
    s["pandas_peak_rss_mb"] = max((r["peak_rss_mb"] for r in pandas), default=None)
    if s["full_refresh_seconds"] and s["floor_seconds"]:
        s["refresh_over_floor"] = round(s["full_refresh_seconds"] / s["floor_seconds"], 2)
    if s["full_refresh_seconds"] and s["pandas_seconds"]:
        s["refresh_over_pandas"] = round(s["full_refresh_seconds"] / s["pandas_seconds"], 2)
    s["validation_share"] = _med(
        [r["result"]["validation_seconds"] / r["result"]["wall_seconds"] for r in full]
    )
    s["dagster_overhead_share"] = _med(
        [
            (r["result"]["wall_seconds"] - r["result"]["work_seconds_sum"])
            / r["result"]["wall_seconds"]
            for r in full
        ]
    )
    s["dagster_overhead_seconds"] = _med(
        [r["result"]["wall_seconds"] - r["result"]["work_seconds_sum"] for r in full]
    )
    s["snapshot_mb"] = max((r["result"].get("snapshot_mb") or 0 for r in full + incr), default=None)
    s["publish_seconds"] = _med(
        [r["result"].get("publish_snapshot_seconds") for r in full + incr + same]
    )
    s["full_phases"] = _median_phases(full)
    s["incremental_phases"] = _median_phases(incr)
    s["unchanged_phases"] = _median_phases(same)
    s["service_day_phases"] = _median_phases(service)
    new_rows = sum(v["rows"] for v in results.get("extra_day", {}).values())
    total_rows = _med([r["result"]["rows_read"] for r in full])
    s["new_rows"] = new_rows
    s["total_rows"] = total_rows
    if total_rows and s["full_refresh_seconds"] and s["incremental_seconds"] is not None:
        s["proportional_seconds"] = round(s["full_refresh_seconds"] * new_rows / total_rows, 2)
        if s["unchanged_seconds"] is not None:
            s["incremental_marginal_seconds"] = round(
                s["incremental_seconds"] - s["unchanged_seconds"], 2
            )
    kpis = results.get("kpis", {})
    if kpis:
        s["kpis_cli_seconds"] = kpis["month, one district"]["cli_median_seconds"]
        s["kpis_cli_worst_seconds"] = max(q["cli_median_seconds"] for q in kpis.values())
        s["kpis_in_process_seconds"] = kpis["month, one district"]["in_process_median_seconds"]
    dash = results.get("dashboard", {}).get("summary", {})
    if dash:
        s["dash_one_p50_ms"] = dash["one_user"]["p50_ms_median"]
        s["dash_one_p95_ms"] = dash["one_user"]["p95_ms_median"]
        s["dash_eight_p50_ms"] = dash["eight_users"]["p50_ms_median"]
        s["dash_eight_p95_ms"] = dash["eight_users"]["p95_ms_median"]
    s["targets"] = _targets(s)
    s["text"] = "\n".join(
        f"{t['target']}: {t['measured']} -> {'met' if t['met'] else 'MISSED'}" for t in s["targets"]
    )
    return s


def _median_phases(runs: list[dict]) -> dict[str, float]:
    if not runs:
        return {}
    per_run = [phase_seconds(r["result"]) for r in runs]
    return {label: _med([p[label] for p in per_run]) for label, _ in PHASES}


def _targets(s: dict) -> list[dict]:
    """Each target measured in this run: what it says, the figures, and whether it is met.
    A target whose figure was not measured (a phase skipped) is left out."""
    peak = max(s.get("full_refresh_peak_rss_mb") or 0, s.get("incremental_peak_rss_mb") or 0)
    # (the figure that must exist, the target, the figures shown, the verdict); the two are
    # lambdas, as they read figures that exist only when the first one does
    rules = [
        (
            "snapshot_mb",
            "reader snapshot at most 50 MB",
            lambda: f"{s['snapshot_mb'] * MIB / 1e6:,.1f} MB ({s['snapshot_mb']:,.1f} MiB)",
            lambda: s["snapshot_mb"] * MIB <= 50e6,
        ),
        (
            "publish_seconds",
            "publish (write and swap the reader snapshot) at most 2 s",
            lambda: f"{s['publish_seconds']:.2f} s",
            lambda: s["publish_seconds"] <= 2,
        ),
        (
            "refresh_over_floor",
            "full refresh at most 2x the DuckDB floor",
            lambda: (
                f"{s['full_refresh_seconds']:.1f} s / {s['floor_seconds']:.1f} s = "
                f"{s['refresh_over_floor']:.2f}x"
            ),
            lambda: s["full_refresh_seconds"] <= 2 * s["floor_seconds"],
        ),  # not the rounded ratio
        (
            "refresh_over_pandas",
            "full refresh faster than the pandas peer",
            lambda: (
                f"{s['full_refresh_seconds']:.1f} s / {s['pandas_seconds']:.1f} s = "
                f"{s['refresh_over_pandas']:.2f}x"
            ),
            lambda: s["full_refresh_seconds"] < s["pandas_seconds"],
        ),
        (
            "full_refresh_peak_rss_mb",
            "peak memory at most 2 GB",
            lambda: f"{peak * MIB / 1e9:.2f} GB ({peak:,.0f} MiB), the highest of the refreshes",
            lambda: peak * MIB <= 2e9,
        ),
        (
            "incremental_seconds",
            "one more day at most 5 s",
            lambda: f"{s['incremental_seconds']:.1f} s for {s['new_rows']:,} new rows",
            lambda: s["incremental_seconds"] <= 5,
        ),
        (
            "service_day_seconds",
            "one more day at most 5 s, recorded in the service's Dagster instance (SQLite)",
            lambda: f"{s['service_day_seconds']:.1f} s",
            lambda: s["service_day_seconds"] <= 5,
        ),
        (
            "unchanged_seconds",
            "a refresh with nothing new at most 2 s",
            lambda: f"{s['unchanged_seconds']:.1f} s",
            lambda: s["unchanged_seconds"] <= 2,
        ),
        (
            "validation_share",
            "validation under 25 % of the full refresh",
            lambda: f"{s['validation_share'] * 100:.1f} %",
            lambda: s["validation_share"] < 0.25,
        ),
        (
            "dash_one_p95_ms",
            "dashboard callbacks p95 at most 30 ms, one user",
            lambda: f"p95 {s['dash_one_p95_ms']:.0f} ms (p50 {s['dash_one_p50_ms']:.0f} ms)",
            lambda: s["dash_one_p95_ms"] <= 30,
        ),
        (
            "dash_eight_p95_ms",
            "dashboard callbacks p95 at most 200 ms, 8 concurrent users",
            lambda: f"p95 {s['dash_eight_p95_ms']:.0f} ms (p50 {s['dash_eight_p50_ms']:.0f} ms)",
            lambda: s["dash_eight_p95_ms"] <= 200,
        ),
        (
            "kpis_cli_seconds",
            "`jansewa kpis` at most 0.5 s",
            lambda: (
                f"{s['kpis_cli_seconds']:.2f} s typical, {s['kpis_cli_worst_seconds']:.2f} s "
                f"worst (in-process {s['kpis_in_process_seconds'] * 1000:.0f} ms)"
            ),
            lambda: s["kpis_cli_worst_seconds"] <= 0.5,
        ),
    ]
    measured_here = {key for key, value in s.items() if value is not None}
    if not s.get("snapshot_mb"):  # no snapshot written (a failed run): none to judge
        measured_here.discard("snapshot_mb")
    return [
        {"target": target, "measured": measured(), "met": bool(met())}
        for needed, target, measured, met in rules
        if needed in measured_here
    ]
