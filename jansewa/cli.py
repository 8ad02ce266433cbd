"""`jansewa …`: parses arguments, calls the library, prints. No logic lives here.

Each sub-command imports its module only when it runs, so `jansewa kpis` does not pay for
Dagster or Dash start-up.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jansewa.parser import build_parser
from jansewa.users_cli import run_users
from warehouse.settings import resolve_exports, resolve_warehouse


def _generate(args: argparse.Namespace) -> int:
    from pipelines.generate import generate_exports

    summary = generate_exports(Path(args.out), scale=args.scale, seed=args.seed)
    print(summary.describe())
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from pipelines.refresh import run_refresh

    result = run_refresh(
        exports=resolve_exports(args.exports),
        warehouse=resolve_warehouse(args.warehouse),
        allow_development_key=args.development_key,
        wait=args.wait,
        weights=args.weights,
        full=args.full,
    )
    print(result.describe())
    return 0 if result.ok else 1


def _accept(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines.load.manifest import accept_held
    from pipelines.lock import warehouse_lock
    from warehouse.file_opens import check_warehouse_opens

    exports, warehouse = resolve_exports(args.exports).absolute(), resolve_warehouse(args.warehouse)
    given = Path(args.file).absolute()
    relative = given.relative_to(exports).as_posix() if given.is_relative_to(exports) else args.file
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: nothing has been loaded yet")
    with warehouse_lock(warehouse):
        check_warehouse_opens(warehouse)  # a restored file beside a stale log: one line
        with duckdb.connect(str(warehouse)) as con:
            source, path = accept_held(con, relative)
    print(
        f"accepted {path} ({source}): its new version is applied at the next refresh "
        "(`jansewa refresh`, the daily schedule, or the refresh job in the webserver)"
    )
    return 0


def _up(args: argparse.Namespace) -> int:
    from pipelines.up import UpSettings, default_dagster_home, run_up

    warehouse = resolve_warehouse(args.warehouse)
    return run_up(
        UpSettings(
            exports=resolve_exports(args.exports),
            warehouse=warehouse,
            dagster_home=Path(args.dagster_home or default_dagster_home(warehouse)),
            host=args.host,
            dagster_port=args.dagster_port,
            dashboard_port=args.dashboard_port,
            workers=args.workers,
            threads=args.threads,
        )
    )


def _kpis(args: argparse.Namespace) -> int:
    from warehouse.kpis import kpi_rows
    from warehouse.table_output import write_rows

    columns, rows = kpi_rows(
        resolve_warehouse(args.warehouse),
        grain=args.grain,
        date_from=args.date_from,
        date_to=args.date_to,
        district=args.district,
        kpi=args.kpi,
    )
    write_rows(columns, rows, args.format, sys.stdout)
    return 0


def _cases(args: argparse.Namespace) -> int:
    from warehouse.cases import export_cases

    path, cases = export_cases(
        resolve_warehouse(args.warehouse),
        district=args.district,
        fmt=args.format,
        out=args.out,
        department=args.department,
        kinds=args.kind,
        bucket=args.bucket,
    )
    if path is not None:
        print(f"{cases:,} case(s) written to {path}")
    return 0


def _scorecard(args: argparse.Namespace) -> int:
    from warehouse.scorecard import published_scorecard
    from warehouse.table_output import write_table

    write_table(
        published_scorecard(resolve_warehouse(args.warehouse), args.period), args.format, sys.stdout
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    from dashboards.app import serve

    serve(resolve_warehouse(args.warehouse), host=args.host, port=args.port)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from pipelines.generate import generate_exports
    from pipelines.refresh import run_refresh

    exports, warehouse = resolve_exports(args.exports), resolve_warehouse(args.warehouse)
    print(generate_exports(exports, scale="demo", seed=2020).describe())
    # The demo wrote these files itself and they are complete: no need to let them settle.
    os.environ["JANSEWA_SETTLE_SECONDS"] = "0"
    # The demo loads sample exports only: the development key is fine there.
    result = run_refresh(exports=exports, warehouse=warehouse, allow_development_key=True)
    print(result.describe())
    if not result.ok:
        return 1
    if args.no_serve:
        return 0
    from dashboards.app import serve

    print(f"Dashboard: http://{args.host}:{args.port}/  (Ctrl+C to stop)")
    serve(warehouse, host=args.host, port=args.port)
    return 0


def _report(args: argparse.Namespace) -> int:
    if args.notebook:
        return _notebook_report(args)
    from dashboards.brief import write_brief
    from warehouse.districts import canonical_district
    from warehouse.snapshot import connect_snapshot

    district = canonical_district(args.district)  # an unknown name: one line, nothing written
    warehouse = resolve_warehouse(args.warehouse)
    with connect_snapshot(warehouse):  # none published yet: one line that says what to run
        pass
    formats = ("html", "pdf") if args.format == "both" else (args.format,)
    files = write_brief(
        warehouse, district, args.lang, Path(args.out_dir), period=args.period, formats=formats
    )
    for path in (files.html, files.pdf):
        if path is not None:
            print(f"brief written to {path}")
    return 0


def _notebook_report(args: argparse.Namespace) -> int:
    from pipelines.report import render_district_report

    if not args.out:
        raise ValueError("--notebook writes one HTML file: name it with --out FILE.html")
    out = render_district_report(
        resolve_warehouse(args.warehouse),
        district=args.district,
        date_from=args.date_from,
        date_to=args.date_to,
        out=Path(args.out),
    )
    print(f"report written to {out}")
    return 0


def _digest(args: argparse.Namespace) -> int:
    import logging

    from pipelines.delivery.digest import send_digests
    from pipelines.delivery.dry_run import write_dry_run
    from warehouse.districts import canonical_district
    from warehouse.snapshot import connect_snapshot

    district = canonical_district(args.district)
    warehouse = resolve_warehouse(args.warehouse)
    with connect_snapshot(warehouse):  # none published yet: one line that says what to run
        pass
    if args.dry_run:
        langs = [args.lang] if args.lang else None
        for path in write_dry_run(warehouse, district, Path(args.out or "."), langs=langs):
            print(f"written {path}")
        return 0
    if args.lang or args.out:
        raise ValueError("--lang and --out go with --dry-run: recipients get their own language")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    report = send_digests(warehouse, districts=[district])
    print("\n".join(report.lines()))
    failed = report.errors or report.dispatch.retrying or report.dispatch.failed
    return 1 if report.skipped or failed else 0


def _deliveries(args: argparse.Namespace) -> int:
    import datetime as dt

    from pipelines.delivery.outbox import outbox_for

    outbox = outbox_for(resolve_warehouse(args.warehouse))
    if args.retry_failed:
        count = outbox.retry_failed(dt.datetime.now(dt.UTC))
        print(f"{count} failed delivery(ies) will be tried again at the next delivery run")
        return 0
    rows = outbox.rows(args.status)
    for d in rows:
        error = f"  ({d.last_error})" if d.last_error and d.status != "sent" else ""
        when = d.sent_at or d.last_attempt_at or d.created_at
        print(f"{d.status:<9} {d.attempts:>2} attempt(s)  {when}  {d.describe()}{error}")
    print(f"{len(rows)} delivery(ies) in {outbox.path}")
    return 0


COMMANDS = {
    "generate": _generate,
    "refresh": _refresh,
    "accept": _accept,
    "up": _up,
    "kpis": _kpis,
    "cases": _cases,
    "scorecard": _scorecard,
    "serve": _serve,
    "demo": _demo,
    "report": _report,
    "digest": _digest,
    "deliveries": _deliveries,
    "users": run_users,
}


def main(argv: list[str] | None = None) -> int:
    from pipelines.lock import EX_TEMPFAIL, RefreshLocked

    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except RefreshLocked as exc:
        # Not an error in the data: another refresh is running. A distinct status lets a
        # wrapper script (or cron) tell "try again later" from a failed refresh.
        print(f"jansewa {args.command}: {exc}", file=sys.stderr)
        return EX_TEMPFAIL
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        # Expected failures (no snapshot, unknown district, missing key) are one clear line.
        print(f"jansewa {args.command}: error: {exc}", file=sys.stderr)
        return 1


def run() -> None:
    """Console-script entry: exit without the interpreter's teardown messages.

    Importing Great Expectations with duckdb_engine makes the interpreter print "nanobind:
    leaked … instances" at exit (duckdb type objects held in module globals; harmless). Users
    should not see it, so after flushing our output we leave with os._exit.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
