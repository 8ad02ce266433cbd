"""README's KPI table and the CLI's list of KPI ids, generated from the KPI catalogue.

The table sits in README.md between two marker comments; ``--write-readme`` replaces what is
between them and nothing else, and a test fails when README differs from what the catalogue
generates, so the README cannot drift from the file.

    python -m warehouse.kpi_table --markdown        # print the table
    python -m warehouse.kpi_table --write-readme    # rewrite it in README.md
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from warehouse.kpi_catalogue import Kpi, catalogue

README = Path(__file__).resolve().parents[1] / "README.md"
START = "<!-- kpi-table:start -->"
END = "<!-- kpi-table:end -->"
_BETTER = {"higher": "higher", "lower": "lower", "none": "–"}
_HEADER = (
    "| KPI id | name · नाम | what it measures | kind (unit) | better | theme | target "
    "| final after (days) |\n"
    "|---|---|---|---|---|---|---|---|"
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(k: Kpi) -> str:
    cells = (
        f"`{k.id}`",
        f"{k.name} · {k.name_hi}",
        k.definition,
        f"{k.kind} ({k.unit})",
        _BETTER[k.direction],
        k.theme or "–",
        "yes" if k.target else "–",
        str(k.maturity_days),
    )
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def markdown_table(entries: dict[str, Kpi] | None = None) -> str:
    """The KPI table in Markdown, one row per KPI in the file's order."""
    entries = catalogue() if entries is None else entries
    return "\n".join([_HEADER, *(_row(k) for k in entries.values())])


def id_list(entries: dict[str, Kpi] | None = None) -> str:
    """Every KPI id with its English name, one a line (the end of `jansewa kpis --help`)."""
    entries = catalogue() if entries is None else entries
    width = max(len(k) for k in entries)
    lines = [f"  {k.id:<{width}}  {k.name}" for k in entries.values()]
    return (
        "KPI ids (warehouse/reference/kpis.yml; README.md says what each measures):\n"
        + "\n".join(lines)
    )


def readme_with_table(readme_text: str, table: str) -> str:
    """``readme_text`` with the text between the markers replaced by ``table``.

    Refuses a README without exactly one start marker followed by one end marker.
    """
    if readme_text.count(START) != 1 or readme_text.count(END) != 1:
        raise ValueError(f"README must hold {START} and {END} once each")
    head, rest = readme_text.split(START)
    if END in head:
        raise ValueError(f"{END} comes before {START} in README")
    _, tail = rest.split(END)
    return f"{head}{START}\n{table}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m warehouse.kpi_table",
        description="Check the KPI catalogue and print or write README's KPI table.",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--markdown", action="store_true", help="print the table")
    action.add_argument(
        "--write-readme", action="store_true", help=f"rewrite the table in {README.name}"
    )
    args = parser.parse_args(argv)
    table = markdown_table()
    if args.markdown:
        sys.stdout.write(table + "\n")
        return 0
    text = README.read_text(encoding="utf-8")
    updated = readme_with_table(text, table)
    if updated != text:
        README.write_text(updated, encoding="utf-8")
    print(f"{README.name}: KPI table {'rewritten' if updated != text else 'already current'}")
    return 0
