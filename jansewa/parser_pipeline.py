"""The arguments of the `jansewa` sub-commands that produce data or run the service:
generate, refresh, accept and up.
"""

from __future__ import annotations

import os
from pathlib import Path

from jansewa.parser_shared import add_warehouse_option, seconds_value, seed_value


def add_pipeline_commands(sub) -> None:
    """`jansewa generate`, `refresh`, `accept` and `up`."""
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
        type=seed_value,
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
    add_warehouse_option(r)
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
        type=seconds_value,
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
    add_warehouse_option(a)

    u = sub.add_parser(
        "up",
        help="run the service: dagster-daemon, dagster-webserver and the dashboard under "
        "gunicorn, supervised together until SIGTERM or Ctrl+C",
    )
    u.add_argument("--exports", metavar="DIR", help="exports folder (default: $JANSEWA_EXPORTS)")
    add_warehouse_option(u)
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
