"""The `jansewa` command line's arguments: sub-commands, options, and their one-line errors.

Kept apart from the commands (jansewa/cli.py) so that each file has one job: this one says
what may be typed, cli.py what happens then. Each group of sub-commands has its own module
(jansewa/parser_*.py, jansewa/users_cli.py); this one puts them together, in the order
`jansewa --help` lists them.
"""

from __future__ import annotations

import argparse

from jansewa.parser_dashboard import add_dashboard_commands
from jansewa.parser_delivery import add_delivery_commands
from jansewa.parser_pipeline import add_pipeline_commands
from jansewa.parser_readers import add_cases_command, add_kpis_command, add_scorecard_command
from jansewa.users_cli import add_users_parser


class OneLineErrorParser(argparse.ArgumentParser):
    """A bad option is one line on stderr (`jansewa generate: error: …`), exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="jansewa",
        description="Jansewa: compare Haryana's districts on citizen services.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineErrorParser)

    add_pipeline_commands(sub)
    add_kpis_command(sub)
    add_cases_command(sub)
    add_delivery_commands(sub)
    add_scorecard_command(sub)
    add_dashboard_commands(sub)
    add_users_parser(sub)
    return parser
