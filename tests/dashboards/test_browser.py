"""The dashboard in headless Chromium: pages load without console errors, filters change the
figures to the values of `jansewa kpis`, CSV downloads match the tables, Hindi switches labels."""

from __future__ import annotations

import time

import pytest
from dash.testing.wait import until

from tests.dashboards.browser_pages import PAGES, severe_logs
from tests.dashboards.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def test_every_page_loads_without_console_errors(dash_duo, app, screenshot):
    dash_duo.start_server(app)
    for name, path, marker in PAGES:
        dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_element(marker, timeout=20)
        dash_duo.wait_for_element(".js-plotly-plot .main-svg", timeout=10)
        screenshot(dash_duo.driver, name)
        assert severe_logs(dash_duo) == [], name


def test_filter_csv_and_hindi(dash_duo, app, warehouse, screenshot):
    """Pick a KPI in the explorer: the bars show `jansewa kpis` values; the CSV export equals
    the table; the Hindi button switches labels and district names to Devanagari."""
    import csv
    import io
    import json
    import time
    from pathlib import Path

    from jansewa.cli import main

    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/explorer?kpi=call_resolution_rate&grain=total")
    dash_duo.wait_for_element("#explorer-table", timeout=20)
    dash_duo.select_dcc_dropdown("#explorer-kpi", value="RTS waiting-time score")
    dash_duo.wait_for_contains_text("#explorer-bar .gtitle", "RTS waiting-time score", timeout=10)
    assert "kpi=rts_score" in dash_duo.driver.current_url

    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        assert (
            main(
                [
                    "kpis",
                    "--warehouse",
                    str(warehouse),
                    "--grain",
                    "total",
                    "--kpi",
                    "rts_score",
                    "--format",
                    "json",
                ]
            )
            == 0
        )
    expected = {r["district"]: r["value"] for r in json.loads(out.getvalue())}
    bar = dash_duo.driver.execute_script(
        "const d = document.querySelector('#explorer-bar .js-plotly-plot').data[0]; return [d.y, d.x];"
    )
    shown = dict(zip(bar[0], bar[1], strict=True))
    assert shown and all(abs(shown[d] - expected[d]) < 1e-9 for d in shown)

    # The CSV download is the table's data, in a file named after the page, KPI and period.
    # The table block is re-rendered with the KPI: click the button of the new one, and
    # again if a busy machine re-rendered it under the click.
    # Wait until no callback is pending (the URL sync re-renders the block once more).
    dash_duo.wait_for_contains_text("#explorer-table-block", "RTS waiting-time score", timeout=10)
    until(dash_duo._wait_for_callbacks, timeout=30, poll=0.3)
    download = Path(dash_duo.download_path)
    files = []
    for _attempt in range(3):
        dash_duo.find_element("#explorer-table-block .download-button").click()
        for _ in range(150):
            files = list(download.glob("*.csv"))
            if files and files[0].stat().st_size > 0:
                break
            time.sleep(0.1)
        if files:
            break
    assert files, "no CSV downloaded"
    assert files[0].name.startswith("jansewa-explorer-rts-score-total-"), files[0].name
    with files[0].open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    table = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#explorer-table td.dash-cell[data-dash-column=district]')].map(e => e.innerText)"
    )
    assert [r[1] for r in rows[1:]][: len(table)] == table
    assert abs(float(rows[1][2]) - max(v for d, v in expected.items() if d != "Haryana")) < 1e-6

    # Hindi: labels and district names in Devanagari, kept in the URL with the filters.
    dash_duo.find_element("#app-lang-toggle").click()
    dash_duo.wait_for_contains_text("#app-nav", "संकेतक विश्लेषण", timeout=10)
    dash_duo.wait_for_contains_text("#explorer-table", "झज्जर", timeout=10)
    assert (
        "lang=hi" in dash_duo.driver.current_url and "kpi=rts_score" in dash_duo.driver.current_url
    )
    screenshot(dash_duo.driver, "explorer-hindi")
    page = dash_duo.find_element("#_pages_content").text
    assert "CSV डाउनलोड करें" in page and "Export" not in page and "selected" not in page
    cases = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#explorer-table td[data-dash-column=denominator]')]"
        ".map(e => e.innerText)"
    )
    assert cases and not [c for c in cases if "." in c], cases  # '366', never '366.0'
    assert severe_logs(dash_duo) == []


def test_default_period_is_the_last_complete_one_and_bars_carry_intervals(
    dash_duo, app, screenshot
):
    """/explorer with no period opens on May 2020 (June is partial: the helpline alone runs
    on to 2 June); every ranked bar carries its Wilson interval or its case count; a partial
    period asked for in the URL is marked in the picker and explained by a banner.
    Food within 2 h matures in a day: May's value is final (31 May + 1 <= 2 June)."""
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/explorer?kpi=food_within_2h_rate")
    dash_duo.wait_for_element("#explorer-table", timeout=20)
    dash_duo.wait_for_contains_text("#explorer-period", "May 2020", timeout=10)
    assert "partial" not in dash_duo.find_element("#explorer-period").text
    assert "period=2020-05-01" in dash_duo.driver.current_url
    assert dash_duo.driver.find_elements("css selector", "#period-partial-banner") == []
    bar = dash_duo.driver.execute_script(
        "const d = document.querySelector('#explorer-bar .js-plotly-plot').data[0];"
        "return {y: d.y, text: d.text, plus: d.error_x.array, minus: d.error_x.arrayminus};"
    )
    assert len(bar["y"]) == 22
    # '66.7 % (61–72 %)' with its interval, or '75.0 % · n = 8' with its case count.
    assert all(t.endswith("%)") or "n = " in t for t in bar["text"])
    assert any("n = " in t for t in bar["text"])  # Charkhi Dadri: 20 calls in May
    assert all(p >= 0 for p in bar["plus"]) and sum(bar["plus"]) > 0
    ticks = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#explorer-bar .ytick text')].map(e => e.textContent)"
    )
    assert any(tick.startswith("=1") or tick.startswith("1 ") for tick in ticks)
    screenshot(dash_duo.driver, "explorer-default-complete")

    # Weeks: the week of 1 June is partial, so the picker moves to the week of 25 May.
    dash_duo.find_element("#explorer-grain input[value='week']").click()
    dash_duo.wait_for_contains_text("#explorer-period", "25 May 2020", timeout=10)

    # A partial period named in the URL: marked in the picker, explained in a banner.
    dash_duo.driver.get(
        dash_duo.server_url + "/explorer?kpi=call_resolution_rate&period=2020-06-01&lang=hi"
    )
    dash_duo.wait_for_element("#period-partial-banner", timeout=20)
    dash_duo.wait_for_contains_text("#explorer-period", "अपूर्ण", timeout=10)
    assert "अपूर्ण अवधि" in dash_duo.find_element("#period-partial-banner").text
    dash_duo.wait_for_element("#explorer-bar .main-svg", timeout=10)
    dash_duo.wait_for_element("#explorer-map .main-svg", timeout=10)
    screenshot(dash_duo.driver, "explorer-partial-hindi")
    dash_duo.driver.set_window_size(390, 2400)
    dash_duo.driver.get(dash_duo.server_url + "/explorer?kpi=food_within_2h_rate")
    dash_duo.wait_for_element("#explorer-table", timeout=20)
    dash_duo.wait_for_element("#explorer-bar .main-svg", timeout=10)
    time.sleep(1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "explorer-390.png"))
    # On a phone the tile map keeps the width its labels need and scrolls inside its box
    # (test_no_page_scrolls_sideways_on_a_phone holds the page itself to the screen).
    from dashboards.explorer_blocks import TILE_MAP_MIN_WIDTH

    dash_duo.wait_for_element("#explorer-map .main-svg", timeout=10)
    drawn = dash_duo.driver.execute_script(
        "return document.querySelector('#explorer-map .main-svg').getBoundingClientRect().width"
    )
    assert drawn >= TILE_MAP_MIN_WIDTH, drawn
    assert severe_logs(dash_duo) == []


def _ticks(dash_duo, graph: str, axis: str = "xtick") -> list[str]:
    return dash_duo.driver.execute_script(
        f"return [...document.querySelectorAll('#{graph} .{axis} text')].map(e => e.textContent)"
    )


def test_district_profile_writes_counts_months_and_hindi_as_an_official_reads_them(
    dash_duo, app, screenshot
):
    """Counts are whole numbers ('7,832', never '7,832.00'), month axes read 'Apr 2020' at the
    months plotted (not Plotly's 'Mar 31'), and the Hindi page names months in Hindi and has
    no English button or header left."""
    import re

    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/district?district=Jhajjar&grain=month")
    dash_duo.wait_for_element("#district-table", timeout=20)
    cells = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#district-table tr')].slice(1).map(r => "
        "Object.fromEntries([...r.querySelectorAll('td')].map(td => "
        "[td.getAttribute('data-dash-column'), td.innerText])))"
    )
    by_kpi = {c["kpi_id"]: c for c in cells if c.get("kpi_id")}
    assert re.fullmatch(r"[\d,]+", by_kpi["calls_received"]["value"]), by_kpi["calls_received"]
    assert re.fullmatch(r"[\d.]+ %", by_kpi["call_resolution_rate"]["value"])
    assert not [c for c in cells if any(str(v).endswith(".00") for v in c.values())]
    dash_duo.wait_for_element("#district-mix .main-svg", timeout=10)
    months = _ticks(dash_duo, "district-mix")
    assert months and all(re.fullmatch(r"[A-Z][a-z]{2} 2020", m) for m in months), months

    dash_duo.driver.get(dash_duo.server_url + "/district?district=Jhajjar&grain=month&lang=hi")
    dash_duo.wait_for_element("#district-table", timeout=20)
    dash_duo.wait_for_element("#district-mix .main-svg", timeout=10)
    hindi_months = _ticks(dash_duo, "district-mix")
    assert hindi_months and all(m.endswith(" 2020") for m in hindi_months)
    assert all(any("\u0900" <= ch <= "\u097f" for ch in m) for m in hindi_months), hindi_months
    page = dash_duo.find_element("#_pages_content").text
    for english in ("Export", "Unit", "KPI id"):
        assert english not in page, english
    screenshot(dash_duo.driver, "district-hindi")
    assert severe_logs(dash_duo) == []


def test_no_page_scrolls_sideways_on_a_phone(dash_duo, app):
    """At 390 px every page fits the screen's width (wide tables scroll inside their box)."""
    dash_duo.start_server(app)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = {}
    for name, path, marker in PAGES:
        dash_duo.driver.set_window_size(390, 2400)
        dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_element(marker, timeout=20)
        dash_duo.wait_for_element(".js-plotly-plot .main-svg", timeout=10)
        time.sleep(0.5)
        width = dash_duo.driver.execute_script(
            "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        )
        viewport = dash_duo.driver.execute_script("return window.innerWidth")
        if width > viewport:
            wide[name] = (width, viewport)
        dash_duo.driver.save_screenshot(str(SCREENSHOTS / f"{name}-390.png"))
    assert wide == {}


def test_case_lists_filter_in_the_url_and_download_every_record(
    dash_duo, app, warehouse, screenshot
):
    """/cases: choosing a list narrows the table to it and writes it into the URL; the Excel
    and CSV buttons send every matching record, in files named after what they hold."""
    from pathlib import Path

    import polars as pl

    from warehouse.cases import query_cases

    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/cases?district=Jhajjar")
    dash_duo.wait_for_element("#cases-table", timeout=20)
    dash_duo.select_dcc_dropdown("#cases-kind", value="Grievances pending over 30 days")
    until(lambda: "kind=grievance_pending_30d" in dash_duo.driver.current_url, timeout=10)
    until(dash_duo._wait_for_callbacks, timeout=30, poll=0.3)
    lists = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#cases-table td[data-dash-column=list]')]"
        ".map(e => e.innerText)"
    )
    assert lists and set(lists) == {"Grievances pending over 30 days"}
    screenshot(dash_duo.driver, "cases-filtered")

    truth = query_cases(warehouse, "Jhajjar", kinds=["grievance_pending_30d"])
    download = Path(dash_duo.download_path)
    for button, suffix in (("#cases-xlsx", ".xlsx"), ("#cases-csv", ".csv")):
        files = []
        dash_duo.find_element(button).click()
        for _ in range(150):
            files = [f for f in download.glob(f"*{suffix}") if f.stat().st_size > 0]
            if files:
                break
            time.sleep(0.1)
        assert files, f"no {suffix} downloaded"
        assert files[0].name.startswith("jansewa-cases-Jhajjar-grievance_pending_30d-")
        frame = (
            pl.read_excel(files[0], sheet_name="cases")
            if suffix == ".xlsx"
            else pl.read_csv(files[0], encoding="utf8-lossy")
        )
        assert sorted(frame["record_id"].to_list()) == sorted(truth["record_id"].to_list())
    assert severe_logs(dash_duo) == []
