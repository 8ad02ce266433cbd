"""Turn the raw benchmark runs into the summary (targets met or missed) and the Markdown page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.benchmarks.measure import median
from tests.benchmarks.sizes import sizes_section

ANALYSIS_MARKER = "<!-- analysis: kept when the page is regenerated -->"
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


def _phase_seconds(result: dict) -> dict[str, float]:
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
    per_run = [_phase_seconds(r["result"]) for r in runs]
    return {label: _med([p[label] for p in per_run]) for label, _ in PHASES}


def _targets(s: dict) -> list[dict]:
    def row(target: str, measured: str, met) -> dict:
        return {
            "target": target,
            "measured": measured,
            "met": bool(met) if met is not None else None,
        }

    out = []
    if s.get("snapshot_mb"):
        out.append(
            row(
                "reader snapshot at most 50 MB",
                f"{s['snapshot_mb'] * MIB / 1e6:,.1f} MB ({s['snapshot_mb']:,.1f} MiB)",
                s["snapshot_mb"] * MIB <= 50e6,
            )
        )
    if s.get("publish_seconds") is not None:
        out.append(
            row(
                "publish (write and swap the reader snapshot) at most 2 s",
                f"{s['publish_seconds']:.2f} s",
                s["publish_seconds"] <= 2,
            )
        )
    if s.get("refresh_over_floor") is not None:
        out.append(
            row(
                "full refresh at most 2x the DuckDB floor",
                f"{s['full_refresh_seconds']:.1f} s / {s['floor_seconds']:.1f} s = {s['refresh_over_floor']:.1f}x",
                s["refresh_over_floor"] <= 2,
            )
        )
    if s.get("refresh_over_pandas") is not None:
        out.append(
            row(
                "full refresh faster than the pandas peer",
                f"{s['full_refresh_seconds']:.1f} s / {s['pandas_seconds']:.1f} s = {s['refresh_over_pandas']:.2f}x",
                s["refresh_over_pandas"] < 1,
            )
        )
    if s.get("full_refresh_peak_rss_mb") is not None:
        peak = max(s["full_refresh_peak_rss_mb"], s.get("incremental_peak_rss_mb") or 0)
        out.append(
            row(
                "peak memory at most 2 GB",
                f"{peak * MIB / 1e9:.2f} GB ({peak:,.0f} MiB), the highest of the refreshes",
                peak * MIB <= 2e9,
            )
        )
    if s.get("incremental_seconds") is not None:
        out.append(
            row(
                "one more day at most 5 s",
                f"{s['incremental_seconds']:.1f} s for {s['new_rows']:,} new rows",
                s["incremental_seconds"] <= 5,
            )
        )
    if s.get("service_day_seconds") is not None:
        out.append(
            row(
                "one more day at most 5 s, recorded in the service's Dagster instance (SQLite)",
                f"{s['service_day_seconds']:.1f} s",
                s["service_day_seconds"] <= 5,
            )
        )
    if s.get("unchanged_seconds") is not None:
        out.append(
            row(
                "a refresh with nothing new at most 2 s",
                f"{s['unchanged_seconds']:.1f} s",
                s["unchanged_seconds"] <= 2,
            )
        )
    if s.get("validation_share") is not None:
        out.append(
            row(
                "validation under 25 % of the full refresh",
                f"{s['validation_share'] * 100:.1f} %",
                s["validation_share"] < 0.25,
            )
        )
    if s.get("dash_one_p95_ms") is not None:
        out.append(
            row(
                "dashboard callbacks p95 at most 30 ms, one user",
                f"p95 {s['dash_one_p95_ms']:.0f} ms (p50 {s['dash_one_p50_ms']:.0f} ms)",
                s["dash_one_p95_ms"] <= 30,
            )
        )
        out.append(
            row(
                "dashboard callbacks p95 at most 200 ms, 8 concurrent users",
                f"p95 {s['dash_eight_p95_ms']:.0f} ms (p50 {s['dash_eight_p50_ms']:.0f} ms)",
                s["dash_eight_p95_ms"] <= 200,
            )
        )
    if s.get("kpis_cli_seconds") is not None:
        out.append(
            row(
                "`jansewa kpis` at most 0.5 s",
                f"{s['kpis_cli_seconds']:.2f} s typical, {s['kpis_cli_worst_seconds']:.2f} s worst "
                f"(in-process {s['kpis_in_process_seconds'] * 1000:.0f} ms)",
                s["kpis_cli_worst_seconds"] <= 0.5,
            )
        )
    return out


# ---------------------------------------------------------------- Markdown


def _la(values: list[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines + [""]


def write_markdown(path: Path, results: dict) -> None:
    s = results["summary"]
    m = results["machine"]
    st = results["settings"]
    ex = results["exports"]
    lines = [
        "# Benchmarks",
        "",
        "Produced by `make bench` (`python -m tests.benchmarks.run`); raw numbers in "
        "`bench-output/results.json`. Regenerate rather than edit.",
        "",
        f"- Run: {results['started_at']} to {results['finished_at']}, code {results['code']['commit'][:10]} "
        f"({results['code']['from']}).",
        f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB; Python {m['python']}, "
        f"DuckDB {m['duckdb']}, Polars {m['polars']}, pandas {m['pandas']}, Dagster {m['dagster']}, Dash {m['dash']}.",
        f"- **The machine was shared** with other test runs: load average (1/5/15 min) "
        f"{_la(results['load_average_start'])} at the start, {_la(results['load_average_end'])} at the end; "
        "every measurement below carries its own. On 2 cores a load above ~2 means the wall "
        "times are inflated.",
        f"- Data: scale `{st['scale']}`"
        + (f" shortened to {st['days']} days" if st["days"] else "")
        + f", seed {st['seed']}: {ex['files']} export files ({ex['xlsx_files']} .xlsx), "
        f"{ex['bytes'] / 2**30:.2f} GiB, {round(s['total_rows']):,} rows read by the refresh.",
        f"- Runs: {len(results['runs']['full'])} full + incremental refresh(es), "
        f"{len(results['runs']['floor'])} floor and pandas loads, {st['runs']} of each reader timing; "
        "medians quoted.",
        "",
        "## Targets",
        "",
    ]
    lines += _table(
        ["target", "measured (median)", "met"],
        [[t["target"], t["measured"], "yes" if t["met"] else "**no**"] for t in s["targets"]],
    )
    lines += ["## Refresh, floor and pandas peer", ""]
    rows = []
    for kind, label in (
        ("full", "full refresh from empty"),
        ("incremental", "incremental: one more day"),
        ("unchanged", "refresh, no new files"),
        ("service_day", "one more day, in the service's Dagster instance"),
        ("floor", "floor: DuckDB read_csv into a file"),
        ("pandas", "pandas peer into DuckDB"),
    ):
        for i, r in enumerate(results["runs"].get(kind, [])):
            res = r["result"]
            inner = res.get("wall_seconds", res.get("seconds"))
            rows.append(
                [
                    f"{label} #{i + 1}",
                    f"{inner:.1f}" if inner is not None else "failed",
                    f"{r['seconds']:.1f}",
                    f"{r['peak_rss_mb']:,.0f}",
                    _la(r["load_before"]),
                    _la(r["load_after"]),
                ]
            )
    lines += _table(
        [
            "measurement",
            "seconds (work)",
            "seconds (process)",
            "peak RSS MiB",
            "load before",
            "load after",
        ],
        rows,
    )
    lines += [
        '"work" is the job\'s `execute_in_process` for a refresh and the load loop for the floor '
        'and pandas; "process" adds interpreter start and imports. Peak RSS is the child\'s own '
        "(wait4).",
        "",
        f"Ratios (work seconds, medians): refresh / floor = **{s.get('refresh_over_floor')}**, "
        f"refresh / pandas = **{s.get('refresh_over_pandas')}**.",
        "",
    ]
    floor = next((r["result"] for r in results["runs"]["floor"] if r["result"]), {})
    if floor:
        lines += [
            f"Floor readers: {floor.get('files_by_reader')}; Excel: {floor.get('excel_reader')}.",
            "",
        ]
    lines += ["## Where the refresh spends its time (median seconds per phase)", ""]
    phase_rows = [
        [
            label,
            s["full_phases"].get(label),
            s["incremental_phases"].get(label),
            s["unchanged_phases"].get(label),
            s.get("service_day_phases", {}).get(label),
        ]
        for label, _ in PHASES
    ]
    lines += _table(
        ["phase (Dagster steps)", "full", "incremental", "no new files", "day, service's instance"],
        phase_rows,
    )
    lines += [
        f"Validation share of the full refresh: {s['validation_share'] * 100:.1f} %. Dagster overhead "
        f"(run wall time minus the steps' own work, timed around the warehouse connections, the GX "
        f"run and the snapshot copy): {s['dagster_overhead_seconds']:.1f} s = "
        f"{s['dagster_overhead_share'] * 100:.1f} % of the full refresh.",
        "",
    ]
    if s.get("service_day_dagster_seconds") is not None:
        lines += [
            "One more day's Dagster overhead: "
            f"{s['incremental_dagster_seconds']:.1f} s with an ephemeral instance (as "
            "`jansewa refresh` without DAGSTER_HOME), "
            f"{s['service_day_dagster_seconds']:.1f} s recorded in the instance the service "
            "runs under (deploy/dagster.yaml, SQLite in DAGSTER_HOME), on a copy of the same "
            "warehouse.",
            "",
        ]
    full = [r for r in results["runs"]["full"] if r["result"]]
    if full:
        steps = full[len(full) // 2]["result"]["steps"]
        top = sorted(steps.items(), key=lambda kv: -kv[1].get("seconds", 0))[:12]
        lines += ["Slowest steps of a full refresh:", ""]
        lines += _table(
            ["step", "seconds", "own work", "peak RSS MiB during the step"],
            [[k, v.get("seconds"), v.get("work_seconds"), v.get("peak_rss_mb")] for k, v in top],
        )
        hungry = sorted(steps.items(), key=lambda kv: -(kv[1].get("peak_rss_mb") or 0))[:5]
        if hungry and hungry[0][1].get("peak_rss_mb"):
            lines += [
                "Steps of that refresh during which the process was largest (resident size "
                "sampled every 0.1 s): "
                + ", ".join(f"{k} {v['peak_rss_mb']:,} MiB" for k, v in hungry)
                + ".",
                "",
            ]
    extra = results.get("extra_day", {})
    if extra:
        lines += [
            "The extra day: "
            + ", ".join(f"{k} {v['rows']:,}" for k, v in extra.items())
            + f" rows ({s['new_rows']:,} in all).",
            "",
        ]
    lines += sizes_section(results, PHASES, _phase_seconds, _table)
    kpis = results.get("kpis", {})
    if kpis:
        lines += ["## `jansewa kpis`", ""]
        lines += _table(
            ["query", "rows", "CLI median s", "CLI runs s", "in-process median ms", "load"],
            [
                [
                    f"{name}: `{' '.join(q['args'])}`",
                    q["rows"],
                    f"{q['cli_median_seconds']:.2f}",
                    ", ".join(f"{x:.2f}" for x in q["cli_seconds"]),
                    f"{q['in_process_median_seconds'] * 1000:.0f}",
                    _la(q["load_average"]),
                ]
                for name, q in kpis.items()
            ],
        )
    dash = results.get("dashboard")
    if dash:
        lines += [
            "## Dashboard callbacks",
            "",
            "Round trips to `/_dash-update-component` on the app served as in production "
            "(gunicorn with `jansewa up`'s command: 2 workers x 4 threads; 127.0.0.1, a fresh "
            "server per phase, so caches start empty), with seeded realistic "
            "inputs over the overview, explorer, district and service callbacks, the period "
            "pickers and the shell.",
            "",
        ]
        rows = []
        for phase, label in (("one_user", "1 user"), ("eight_users", "8 users")):
            for i, r in enumerate(dash["runs"][phase]):
                rows.append(
                    [
                        f"{label} #{i + 1}",
                        r["requests"],
                        r["errors"],
                        r["p50_ms"],
                        r["p95_ms"],
                        r["max_ms"],
                        r["requests_per_second"],
                        _la(r["load_average_before"]),
                    ]
                )
        lines += _table(
            ["phase", "requests", "errors", "p50 ms", "p95 ms", "max ms", "req/s", "load before"],
            rows,
        )
        last = dash["runs"]["one_user"][-1]["by_callback"]
        last8 = dash["runs"]["eight_users"][-1]["by_callback"]
        lines += ["Per callback (last run): p50 / p95 ms.", ""]
        lines += _table(
            ["callback", "1 user", "8 users"],
            [
                [
                    name,
                    f"{v['p50_ms']} / {v['p95_ms']} (n={v['n']})",
                    f"{last8[name]['p50_ms']} / {last8[name]['p95_ms']} (n={last8[name]['n']})"
                    if name in last8
                    else "",
                ]
                for name, v in last.items()
            ],
        )
    prof = results.get("profile")
    if prof:
        lines += [
            f"## Profile of one full refresh (cProfile, {prof['seconds']:.0f} s with the profiler on)",
            "",
        ]
        lines += _table(
            ["function (by own time)", "calls", "own s", "cumulative s"],
            [
                [f"`{r['function']}`", r["calls"], r["tottime"], r["cumtime"]]
                for r in prof["top"]["tottime"][:15]
            ],
        )
    lines.append(f"_Written {dt.datetime.now():%Y-%m-%d %H:%M}._")
    lines.append("")
    if results.get("scorecard"):
        sc = results["scorecard"]
        steps = sc["seconds_by_step"]
        months = sc["rows"].get("districts_x_months")
        lines += [
            "## Scorecard (issue 11)",
            "",
            f"The full scorecard with Wilson intervals, bootstrap rank ranges and weighting "
            f"sensitivity ({months} district-months), rebuilt read-only from the snapshot: "
            f"**{sc['seconds_total_median']} s** median of {sc['runs']} "
            f"(runs {', '.join(str(x) for x in sc['seconds_total_runs'])}), of which the "
            f"statistics {sc['seconds_statistics_median']} s; load "
            f"{', '.join(str(x) for x in sc['load_average_1min'])}.",
            "",
            "| step | median s |",
            "|---|---|",
            *[f"| {k} | {v} |" for k, v in steps.items()],
            "",
        ]
    # A hand-written analysis below the marker survives regeneration (say which run it reads).
    kept = ""
    if path.exists() and ANALYSIS_MARKER in path.read_text():
        kept = path.read_text().split(ANALYSIS_MARKER, 1)[1]
    lines.append(ANALYSIS_MARKER + kept.rstrip("\n"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
