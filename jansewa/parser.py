"""The `jansewa` command line's arguments: sub-commands, options, and their one-line errors.

Kept apart from the commands (jansewa/cli.py) so that each file has one job: this one says
what may be typed, cli.py what happens then.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from jansewa.users_cli import add_users_parser

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


def _add_cases(sub) -> None:
    from warehouse.case_kinds import BUCKETS, CASE_KINDS, kinds_help  # data only, no queries

    c = sub.add_parser(
        "cases",
        help="write the records behind each breach (case lists) of a district, to chase them",
        description="The case lists of one district, from the published snapshot: ids,\n"
        "department, place, dates, days overdue (against the data's as-of date) and ageing\n"
        "bucket; never a personal field. Without --out the file is named after what it\n"
        "holds, e.g. jansewa-cases-Jhajjar-rts_overdue-2020-07-31.csv, in this folder.",
        epilog="kinds:\n" + kinds_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_warehouse(c)
    c.add_argument(
        "--district", required=True, metavar="NAME", help="any spelling of a district, or Haryana"
    )
    c.add_argument("--department", metavar="NAME", help="one department (case ignored)")
    c.add_argument(
        "--kind",
        nargs="+",
        action="extend",
        choices=tuple(CASE_KINDS),
        metavar="KIND",
        help="one or more lists (below; default: all)",
    )
    c.add_argument("--bucket", choices=BUCKETS, help="one ageing bucket of days overdue")
    c.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
    c.add_argument(
        "--out", metavar="FILE", help="the file to write ('-': stdout, csv and json only)"
    )


def _add_delivery(sub) -> None:
    """`jansewa digest` and `jansewa deliveries` (pipelines/delivery)."""
    g = sub.add_parser(
        "digest",
        help="send a district's weekly digest now, or write it without sending (--dry-run)",
        description="The weekly digest of one district: its brief (PDF and HTML), open alerts "
        "and most overdue cases, to the district's recipients (warehouse/reference/"
        "recipients.yml) in their language, once per week. --dry-run writes the message text "
        "(.txt), the webhook's JSON and the brief to --out instead of sending.",
    )
    _add_warehouse(g)
    g.add_argument("--district", required=True, metavar="NAME", help="any spelling of a district")
    g.add_argument(
        "--lang",
        choices=("en", "hi"),
        help="with --dry-run: the language (default: those of the district's recipients)",
    )
    g.add_argument("--dry-run", action="store_true", help="write what would be sent; send nothing")
    g.add_argument("--out", metavar="DIR", help="with --dry-run: the folder (default: .)")
    o = sub.add_parser(
        "deliveries",
        help="list the outbox of alert notices and digests (sent, pending, failed)",
    )
    _add_warehouse(o)
    o.add_argument("--status", choices=("pending", "sent", "failed", "cancelled"))
    o.add_argument(
        "--retry-failed",
        action="store_true",
        help="try the deliveries that failed for good again, at the next delivery run",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="jansewa",
        description="Jansewa: compare Haryana's districts on citizen services.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineErrorParser)

    g = sub.add_parser("generate", help="write calibrated sample exports for all ten sources")
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
        "--weights",
        type=Path,
        metavar="FILE",
        help="a scorecard weights file to use instead of the reviewed "
        "warehouse/reference/scorecard_weights.yml (checked the same way)",
    )
    r.add_argument(
        "--full",
        action="store_true",
        help="run every step even when no export is new or changed and the code is the same "
        "(by default such a refresh returns at once: the published snapshot is current), "
        "and build every mart whole (by default the daily and monthly facts rebuild only "
        "the days and months that new or corrected records touch)",
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

    _add_cases(sub)
    _add_delivery(sub)

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

    p = sub.add_parser(
        "report",
        help="write a district's brief (offline HTML and PDF, English or Hindi)",
        description="The district brief: the district's standing, each theme's KPIs beside "
        "the state and the best district, and data-quality notes, for one month. With "
        "--notebook, the analysts' district notebook rendered to offline HTML instead.",
    )
    _add_warehouse(p)
    p.add_argument("--district", required=True, metavar="NAME", help="any spelling of a district")
    p.add_argument("--lang", choices=("en", "hi"), default="en", help="English or Hindi")
    p.add_argument("--period", metavar="YYYY-MM", help="the month (default: the latest complete)")
    p.add_argument(
        "--format",
        choices=("html", "pdf", "both"),
        default="both",
        help="the brief as HTML, PDF or both (default)",
    )
    p.add_argument("--out-dir", default=".", metavar="DIR", help="where the brief is written")
    p.add_argument("--notebook", action="store_true", help="render the district notebook instead")
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="with --notebook")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="with --notebook")
    p.add_argument("--out", metavar="FILE.html", help="with --notebook: the HTML file to write")
    add_users_parser(sub)
    return parser
