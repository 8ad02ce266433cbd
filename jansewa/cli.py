"""`jansewa …`: parses arguments, calls the library, prints. No logic lives here.

Each sub-command imports its module only when it runs, so `jansewa kpis` does not pay for
Dagster or Dash start-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from warehouse.settings import resolve_exports, resolve_warehouse

GRAINS = ("day", "week", "month", "total")


class OneLineErrorParser(argparse.ArgumentParser):
    """A bad option is one line on stderr (`jansewa generate: error: …`), exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _month(value: str) -> str:
    try:
        dt.datetime.strptime(value, "%Y-%m")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {value!r}") from None
    return value


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if seconds < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value!r}")
    return seconds


def _seed(value: str) -> int:
    try:
        seed = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if seed < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value!r}")
    return seed


class _HelpWithKpiIds(argparse.Action):
    """-h / --help of `jansewa kpis`: the help ends with every KPI id of the catalogue.

    The catalogue is read only when the help is shown, so no other command depends on it.
    """

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show this help message, with every KPI id, and exit",
        )

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[override]
        from warehouse.kpi_table import id_list

        parser.epilog = id_list()
        parser.print_help()
        parser.exit()


def _add_warehouse(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--warehouse",
        metavar="PATH",
        help="the pipeline's DuckDB file; readers open the snapshot published beside it "
        "(default: $JANSEWA_WAREHOUSE or data/warehouse/jansewa.duckdb)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="jansewa",
        description="Jansewa: compare Haryana's districts on citizen services.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineErrorParser)

    g = sub.add_parser("generate", help="write calibrated sample exports for all nine sources")
    g.add_argument(
        "--out", required=True, metavar="DIR", help="folder to write <source>/… exports into"
    )
    g.add_argument(
        "--scale",
        choices=("demo", "state-year"),
        default="demo",
        help="demo: ~300k rows, 23 Mar-31 Jul 2020; state-year: ~20M rows over twelve months, "
        "streamed to disk (default: demo)",
    )
    g.add_argument(
        "--seed",
        type=_seed,
        default=2020,
        help="random seed; same seed, same bytes (default: 2020)",
    )

    r = sub.add_parser(
        "refresh", help="load new exports, validate, model KPIs, publish the snapshot"
    )
    r.add_argument(
        "--exports",
        metavar="DIR",
        help="exports folder (default: $JANSEWA_EXPORTS or data/exports)",
    )
    _add_warehouse(r)
    r.add_argument(
        "--development-key",
        action="store_true",
        help="when JANSEWA_PII_KEY is unset, hash personal fields with the published "
        "development key: for sample exports only, never real ones (without this flag a "
        "refresh refuses to run without JANSEWA_PII_KEY)",
    )
    r.add_argument(
        "--wait",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="when another refresh of this warehouse is running, wait up to SECONDS for it "
        "to finish (default: 0, exit at once with status 75 and a line naming it)",
    )

    a = sub.add_parser(
        "accept",
        help="apply a new version of an export that the shrink guard held back, at the next refresh",
    )
    a.add_argument(
        "file", metavar="FILE", help="the held file: <source>/<name> as reported, or its path"
    )
    a.add_argument("--exports", metavar="DIR", help="exports folder (default: $JANSEWA_EXPORTS)")
    _add_warehouse(a)

    u = sub.add_parser(
        "up",
        help="run the service: dagster-daemon, dagster-webserver and the dashboard under "
        "gunicorn, supervised together until SIGTERM or Ctrl+C",
    )
    u.add_argument("--exports", metavar="DIR", help="exports folder (default: $JANSEWA_EXPORTS)")
    _add_warehouse(u)
    u.add_argument(
        "--dagster-home",
        metavar="DIR",
        help="run history, logs, schedule state (default: $DAGSTER_HOME or <warehouse folder>/dagster)",
    )
    u.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    u.add_argument("--dagster-port", type=int, default=3000, help="webserver (default: 3000)")
    u.add_argument("--dashboard-port", type=int, default=8050, help="dashboard (default: 8050)")
    u.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("JANSEWA_DASHBOARD_WORKERS", "2")),
        help="gunicorn worker processes (default: $JANSEWA_DASHBOARD_WORKERS or 2)",
    )
    u.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("JANSEWA_DASHBOARD_THREADS", "4")),
        help="threads per worker (default: $JANSEWA_DASHBOARD_THREADS or 4)",
    )

    k = sub.add_parser(
        "kpis",
        help="print the long KPI table from the published snapshot",
        add_help=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    k.add_argument("-h", "--help", action=_HelpWithKpiIds)
    _add_warehouse(k)
    k.add_argument("--grain", choices=GRAINS, default="total", help="period grain (default: total)")
    k.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="first day counted")
    k.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="last day counted")
    k.add_argument("--district", metavar="NAME", help="one district (any spelling) or Haryana")
    k.add_argument("--kpi", metavar="ID", help="one KPI id (listed below), e.g. pass_approval_rate")
    k.add_argument("--format", choices=("csv", "json"), default="csv")

    s = sub.add_parser("scorecard", help="print a month's district ranks as first published")
    _add_warehouse(s)
    s.add_argument(
        "--period",
        type=_month,
        metavar="YYYY-MM",
        help="the month (default: the latest complete month, every source exported to its end)",
    )
    s.add_argument("--format", choices=("csv", "json"), default="csv")

    v = sub.add_parser("serve", help="serve the dashboard over the published snapshot")
    _add_warehouse(v)
    v.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    v.add_argument("--port", type=int, default=8050)

    d = sub.add_parser("demo", help="generate sample exports, refresh, then serve the dashboard")
    d.add_argument("--exports", metavar="DIR")
    _add_warehouse(d)
    d.add_argument("--host", default="127.0.0.1")
    d.add_argument("--port", type=int, default=8050)
    d.add_argument("--no-serve", action="store_true", help="stop after the refresh")

    p = sub.add_parser("report", help="render a district report notebook to offline HTML")
    _add_warehouse(p)
    p.add_argument("--district", required=True, metavar="NAME")
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE")
    p.add_argument("--out", required=True, metavar="FILE.html")
    return parser


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
    )
    print(result.describe())
    return 0 if result.ok else 1


def _accept(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines.load.manifest import accept_held
    from pipelines.lock import warehouse_lock

    exports, warehouse = resolve_exports(args.exports).absolute(), resolve_warehouse(args.warehouse)
    given = Path(args.file).absolute()
    relative = given.relative_to(exports).as_posix() if given.is_relative_to(exports) else args.file
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: nothing has been loaded yet")
    with warehouse_lock(warehouse), duckdb.connect(str(warehouse)) as con:
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
    from warehouse.kpis import query_kpis, write_table

    frame = query_kpis(
        resolve_warehouse(args.warehouse),
        grain=args.grain,
        date_from=args.date_from,
        date_to=args.date_to,
        district=args.district,
        kpi=args.kpi,
    )
    write_table(frame, args.format, sys.stdout)
    return 0


def _scorecard(args: argparse.Namespace) -> int:
    from warehouse.kpis import write_table
    from warehouse.scorecard import published_scorecard

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
    from pipelines.report import render_district_report

    out = render_district_report(
        resolve_warehouse(args.warehouse),
        district=args.district,
        date_from=args.date_from,
        date_to=args.date_to,
        out=Path(args.out),
    )
    print(f"report written to {out}")
    return 0


COMMANDS = {
    "generate": _generate,
    "refresh": _refresh,
    "accept": _accept,
    "up": _up,
    "kpis": _kpis,
    "scorecard": _scorecard,
    "serve": _serve,
    "demo": _demo,
    "report": _report,
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
