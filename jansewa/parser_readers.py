"""The arguments of the `jansewa` sub-commands that read the published snapshot: kpis,
cases and scorecard.
"""

from __future__ import annotations

import argparse

from jansewa.parser_shared import add_warehouse_option, date_value, month_value

GRAINS = ("day", "week", "month", "total")


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


def add_kpis_command(sub) -> None:
    """`jansewa kpis`."""
    k = sub.add_parser(
        "kpis",
        help="print the long KPI table from the published snapshot",
        add_help=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    k.add_argument("-h", "--help", action=_HelpWithKpiIds)
    add_warehouse_option(k)
    k.add_argument("--grain", choices=GRAINS, default="total", help="period grain (default: total)")
    k.add_argument(
        "--from", dest="date_from", type=date_value, metavar="DATE", help="first day counted"
    )
    k.add_argument("--to", dest="date_to", type=date_value, metavar="DATE", help="last day counted")
    k.add_argument("--district", metavar="NAME", help="one district (any spelling) or Haryana")
    k.add_argument("--kpi", metavar="ID", help="one KPI id (listed below), e.g. pass_approval_rate")
    k.add_argument("--format", choices=("csv", "json"), default="csv")


def add_cases_command(sub) -> None:
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
    add_warehouse_option(c)
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


def add_scorecard_command(sub) -> None:
    """`jansewa scorecard`."""
    s = sub.add_parser("scorecard", help="print a month's district ranks as first published")
    add_warehouse_option(s)
    s.add_argument(
        "--period",
        type=month_value,
        metavar="YYYY-MM",
        help="the month (default: the latest complete month, every source exported to its end)",
    )
    s.add_argument("--format", choices=("csv", "json"), default="csv")
