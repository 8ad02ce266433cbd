"""The reviewed suite files, read as plain JSON: what each check is called and how severe it is.

This module does not import Great Expectations, so that Dagster can declare the checks (names,
severities, descriptions) when the code location loads without paying for GX's import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from warehouse.sources import SOURCES

SUITES_DIR = Path(__file__).parent / "suites"
Severity = Literal["blocking", "warning"]
SEVERITIES: tuple[str, ...] = ("blocking", "warning")
# How much of a staging table a run must look at to keep a check's whole-table result exact
# (meta.scope; expectations/incremental.py):
#   row     each row passes or fails on its own values: the rows staged since the last
#           validation decide it, the others passed then and are unchanged
#   key     duplicates of a column: the rows sharing a value with the rows staged since
#   volume  the volume rule: the periods from the earliest one new rows touch (with the
#           seven before it for the median)
#   table   anything else (the default): the whole table, every time
Scope = Literal["row", "key", "volume", "table"]
SCOPES: tuple[str, ...] = ("row", "key", "volume", "table")


@dataclass(frozen=True)
class CheckSpec:
    """One expectation of a suite as the checks see it."""

    source: str
    name: str  # stable, readable id, unique within the suite (meta.check)
    severity: Severity
    why: str
    type: str  # the GX expectation type
    column: str | None
    scope: Scope = "table"

    @property
    def blocking(self) -> bool:
        return self.severity == "blocking"


def suite_path(source: str) -> Path:
    """Where the reviewed suite of a source lives."""
    return SUITES_DIR / f"{source}.json"


def suite_text(source: str) -> str:
    """The suite file's text, read afresh (an edited suite is what the next run validates
    with, and what its inputs key hashes); refuses unknown sources."""
    if source not in SOURCES:
        raise KeyError(f"unknown source {source!r}")
    return suite_path(source).read_text(encoding="utf-8")


def load_suite_dict(source: str) -> dict[str, Any]:
    """The suite file as a dict (a fresh copy each call); refuses unknown sources."""
    return json.loads(suite_text(source))


def check_specs(source: str) -> list[CheckSpec]:
    """Every expectation of a source's suite, in file order.

    Refuses (ValueError) a suite whose expectations lack ``meta.check``, repeat a name,
    carry a severity other than "blocking" or "warning", or a scope not in SCOPES.
    """
    specs: list[CheckSpec] = []
    for exp in load_suite_dict(source)["expectations"]:
        meta = exp.get("meta") or {}
        name, severity = meta.get("check"), meta.get("severity")
        if not name or severity not in SEVERITIES:
            raise ValueError(
                f"{suite_path(source)}: {exp['type']} needs meta.check and meta.severity"
            )
        scope = meta.get("scope", "table")
        if scope not in SCOPES:
            raise ValueError(f"{suite_path(source)}: {name}: unknown scope {scope!r}")
        if any(s.name == name for s in specs):
            raise ValueError(f"{suite_path(source)}: check name {name!r} is used twice")
        specs.append(
            CheckSpec(
                source=source,
                name=name,
                severity=severity,
                why=meta.get("why", ""),
                type=exp["type"],
                column=exp["kwargs"].get("column"),
                scope=scope,
            )
        )
    return specs
