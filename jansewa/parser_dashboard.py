"""The arguments of the `jansewa` sub-commands that show the figures to people: serve and
demo (the dashboard) and report (the district brief).
"""

from __future__ import annotations

from jansewa.parser_shared import add_warehouse_option, date_value


def add_dashboard_commands(sub) -> None:
    """`jansewa serve`, `demo` and `report`."""
    v = sub.add_parser("serve", help="serve the dashboard over the published snapshot")
    add_warehouse_option(v)
    v.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    v.add_argument("--port", type=int, default=8050)

    d = sub.add_parser("demo", help="generate sample exports, refresh, then serve the dashboard")
    d.add_argument("--exports", metavar="DIR")
    add_warehouse_option(d)
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
    add_warehouse_option(p)
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
    p.add_argument(
        "--from", dest="date_from", type=date_value, metavar="DATE", help="with --notebook"
    )
    p.add_argument("--to", dest="date_to", type=date_value, metavar="DATE", help="with --notebook")
    p.add_argument("--out", metavar="FILE.html", help="with --notebook: the HTML file to write")
