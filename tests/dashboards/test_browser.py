"""The dashboard in headless Chromium: pages load without console errors, filters change the
figures to the values of `jansewa kpis`, CSV downloads match the tables, Hindi switches labels."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    ("overview", "/", "#overview-scorecard-table"),
    ("scorecard", "/scorecard", "#scorecard-table"),
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

    # The CSV export is the table's data.
    dash_duo.find_element("#explorer-table-block .export").click()
    download = Path(dash_duo.download_path)
    for _ in range(50):
        files = list(download.glob("*.csv"))
        if files and files[0].stat().st_size > 0:
            break
        time.sleep(0.1)
    assert files, "no CSV downloaded"
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
    assert _severe(dash_duo) == []
