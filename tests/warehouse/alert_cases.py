"""Alert rules as the rules file gives them, and the e-Office warehouse whose months fall
below target, shared by the alert tests (test_alerts.py, test_alert_lifecycle.py)."""

from __future__ import annotations

import datetime as dt
import json

from tests.warehouse.conftest import MiniWarehouse, day
from warehouse.alerts.rules import Rule

T1, T2, T3, T4 = (dt.datetime(2020, 8, d, 9, 0) for d in (1, 2, 3, 4))
NO_NEAR = {"kpis": None, "include_near": False}


def rule(kind: str, rule_id: str = "r", severity: str = "warning", **params) -> list[Rule]:
    """One rule of ``kind`` as the rules file would give it (defaults filled in)."""
    return [Rule(rule_id, kind, severity, params)]


def figures(row: dict) -> dict:
    return json.loads(row["figures"])


def by_district(rows: list[dict]) -> dict[str, dict]:
    return {r["district"]: r for r in rows}


def eoffice(wh, district: str, when: str, electronic: int, physical: int) -> None:
    for i in range(electronic + physical):
        wh.add(
            "eoffice_files",
            district=district,
            office="DC office",
            created_on=day(when),
            mode="electronic" if i < electronic else "physical",
        )


def below_target_warehouse(mini: MiniWarehouse) -> MiniWarehouse:
    """e-Office electronic share (target 0.8, higher, final as soon as complete), by month.
    The exports reach 15 June: March-May are final, June is partial.
      Jhajjar  0.5  0.5  0.5  | 0.5   missed every month (0.5 / 0.8 = 0.625 < 0.9)
      Rohtak   0.5  0.5  1.0  | 0.5   met in May: the run is broken
      Sonipat  0.75 0.75 0.75 | 0.75  near (0.9375 >= 1 - 0.10) every month"""
    for month in ("03", "04", "05", "06"):
        eoffice(mini, "Jhajjar", f"2020-{month}-01", 1, 1)
        eoffice(mini, "Rohtak", f"2020-{month}-01", *((2, 0) if month == "05" else (1, 1)))
        eoffice(mini, "Sonipat", f"2020-{month}-01", 3, 1)
    eoffice(mini, "Jhajjar", "2020-06-15", 1, 1)
    mini.build()
    return mini
