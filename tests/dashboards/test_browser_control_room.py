"""The control-room sections in headless Chromium: the district profile's "Control room:
staffed for its calls?" and the explorer's hours panel draw their heatmaps and tables, in
English and in Hindi with no English left, the CSV is named after the page, district (or
KPI) and period, the panel hides for other KPIs, and at 390 px the page does not scroll
sideways (the heatmap scrolls in its own box). Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from dash.testing.wait import until

from tests.dashboards.conftest import SCREENSHOTS
from tests.dashboards.hindi_scan import english_words

pytestmark = pytest.mark.browser

# A block's text as a reader meets it: its text, its chart's text, its controls' labels.
_BLOCK_TEXT = """
const block = document.querySelector(arguments[0]);
const out = [block.innerText];
block.querySelectorAll('svg text').forEach(e => out.push(e.textContent));
block.querySelectorAll('[title], [aria-label], [placeholder]').forEach(e => {
    for (const a of ['title', 'aria-label', 'placeholder']) {
        if (e.getAttribute(a)) { out.push(e.getAttribute(a)); }
    }
});
return out.join('\\n');
"""
_WIDE = (
    "return [Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), "
    "window.innerWidth]"
)


def _open(dash_duo, path: str, graph: str, block: str) -> str:
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(f"#{graph} .main-svg", timeout=30)
    until(dash_duo._wait_for_callbacks, timeout=30, poll=0.3)
    time.sleep(0.3)
    return dash_duo.driver.execute_script(_BLOCK_TEXT, f"#{block}")


def _download(dash_duo, block: str) -> Path:
    folder = Path(dash_duo.download_path)
    for _attempt in range(3):
        dash_duo.find_element(f"#{block} .download-button").click()
        for _ in range(150):
            files = [f for f in folder.glob("*.csv") if f.stat().st_size > 0]
            if files:
                return files[0]
            time.sleep(0.1)
    raise AssertionError("no CSV downloaded")


def _phone(dash_duo, path: str, graph: str, name: str) -> None:
    dash_duo.driver.set_window_size(390, 2400)
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(f"#{graph} .main-svg", timeout=30)
    until(dash_duo._wait_for_callbacks, timeout=30, poll=0.3)
    time.sleep(0.5)
    width, viewport = dash_duo.driver.execute_script(_WIDE)
    assert width <= viewport, (width, viewport)
    dash_duo.driver.execute_script(f"document.getElementById('{graph}').scrollIntoView()")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / f"{name}-390.png"))


def _block_shot(dash_duo, block: str, name: str) -> None:
    """A screenshot of the page scrolled to the block, at the desktop width."""
    dash_duo.driver.set_window_size(1400, 1500)
    dash_duo.driver.execute_script(f"document.getElementById('{block}').scrollIntoView()")
    time.sleep(0.3)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def test_the_district_block_in_english_hindi_and_on_a_phone(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1400, 1500)
    path = "/district?district=Jhajjar&grain=month&period=2020-05-01"
    text = _open(dash_duo, path, "district-control-room", "district-control-room-block")
    heat = dash_duo.driver.execute_script(
        "const d = document.querySelector('#district-control-room .js-plotly-plot').data;"
        "return {y: d[0].y, z: d[0].z, labels: d[1].text};"
    )
    assert heat["y"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert all(v is None for row in heat["z"] for v in row[17:])  # no calls: left empty
    assert heat["labels"] and all("/" in s for s in heat["labels"])
    assert "Operators rostered / needed, by" in text and "weekday and hour — Jhajjar" in text
    assert "Jhajjar beside the state, May 2020:" in text
    assert "Grey cells are left empty" in text
    _block_shot(dash_duo, "district-control-room-block", "district-control-room")
    csv = _download(dash_duo, "district-control-room-block")
    assert csv.name == "jansewa-district-Jhajjar-month-2020-05-01-control-room.csv"
    lines = csv.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Day,Hour (IST),Hours judged,Calls offered,")
    assert len(lines) == 1 + 7 * 24

    text = _open(
        dash_duo, path + "&lang=hi", "district-control-room", "district-control-room-block"
    )
    assert "झज्जर और राज्य, मई 2020:" in text and "सोम" in text
    assert english_words(text) == []
    _block_shot(dash_duo, "district-control-room-block", "district-control-room-hindi")

    _phone(dash_duo, path, "district-control-room", "district-control-room")
    _phone(dash_duo, path + "&lang=hi", "district-control-room", "district-control-room-hindi")
    assert [e for e in dash_duo.get_logs() or [] if e.get("level") == "SEVERE"] == []


def test_the_explorer_panel_in_english_hindi_and_on_a_phone(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1400, 1500)
    path = "/explorer?kpi=understaffed_hours&grain=month&period=2020-05-01"
    text = _open(dash_duo, path, "explorer-control-room", "explorer-control-room-block")
    rows = dash_duo.driver.execute_script(
        "return [document.querySelector('#explorer-control-room .js-plotly-plot').data[0].y,"
        " document.querySelector('#explorer-bar .js-plotly-plot').data[0].y];"
    )
    assert rows[0] == [d for d in rows[1] if d in rows[0]] and len(rows[0]) == 22
    assert "Hours short-staffed, by district" in text
    assert "in the order of the ranking above" in text
    _block_shot(dash_duo, "explorer-control-room-block", "explorer-control-room")
    csv = _download(dash_duo, "explorer-control-room-block")
    assert csv.name == (
        "jansewa-explorer-understaffed-hours-month-2020-05-01-control-room-hours.csv"
    )

    # Another KPI: the panel is hidden.
    dash_duo.select_dcc_dropdown("#explorer-kpi", value="RTS waiting-time score")
    until(lambda: "kpi=rts_score" in dash_duo.driver.current_url, timeout=10)
    until(
        lambda: not dash_duo.find_element("#explorer-control-room-block").is_displayed(),
        timeout=10,
    )

    text = _open(
        dash_duo, path + "&lang=hi", "explorer-control-room", "explorer-control-room-block"
    )
    assert "कम स्टाफ़ वाले घंटे" in text
    assert english_words(text) == []
    _block_shot(dash_duo, "explorer-control-room-block", "explorer-control-room-hindi")

    _phone(dash_duo, path, "explorer-control-room", "explorer-control-room")
    _phone(dash_duo, path + "&lang=hi", "explorer-control-room", "explorer-control-room-hindi")
    assert [e for e in dash_duo.get_logs() or [] if e.get("level") == "SEVERE"] == []
