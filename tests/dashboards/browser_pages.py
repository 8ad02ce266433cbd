"""The pages the browser tests open, each with the element that says it has drawn, and the
console errors a page must not log (tests/dashboards/test_browser*.py)."""

from __future__ import annotations

PAGES = [
    ("overview", "/", "#overview-scorecard-table"),
    ("scorecard", "/scorecard", "#scorecard-table"),
    ("explorer", "/explorer?kpi=pass_approval_rate&grain=total", "#explorer-table"),
    # a control-room KPI: the explorer's hours panel too
    (
        "explorer-control-room",
        "/explorer?kpi=understaffed_hours&grain=month",
        "#explorer-control-room-table",
    ),
    ("district", "/district?district=Jhajjar", "#district-table"),
    ("service", "/service?district=Jhajjar", "#service-table"),
    ("cases", "/cases?district=Jhajjar", "#cases-table"),
    ("quality", "/quality", "#quality-expectations-table"),
]


def severe_logs(dash_duo) -> list:
    return [entry for entry in dash_duo.get_logs() or [] if entry.get("level") == "SEVERE"]
