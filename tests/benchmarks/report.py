"""The Markdown page of a benchmark run (docs/benchmarks.md), from its results and summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.benchmarks.sizes import sizes_section
from tests.benchmarks.summary import PHASES, phase_seconds

ANALYSIS_MARKER = "<!-- analysis: kept when the page is regenerated -->"


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
    lines += sizes_section(results, PHASES, phase_seconds, _table)
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
