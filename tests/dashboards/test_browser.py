"""The dashboard in headless Chromium: pages load without console errors, filters change the
figures to the values of `jansewa kpis`, CSV downloads match the tables, Hindi switches labels."""

from __future__ import annotations

import time

import pytest
from dash.testing.wait import until

from tests.dashboards.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

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


def _severe(dash_duo) -> list:
    return [entry for entry in dash_duo.get_logs() or [] if entry.get("level") == "SEVERE"]


def test_every_page_loads_without_console_errors(dash_duo, app, screenshot):
    dash_duo.start_server(app)
    for name, path, marker in PAGES:
        dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_element(marker, timeout=20)
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
    assert _severe(dash_duo) == []


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
    assert _severe(dash_duo) == []


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
    assert _severe(dash_duo) == []


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


# Everything a reader of the page can see or hear: its text, the charts' text (axes, labels,
# legends), and the tooltips, labels and placeholders of its controls.
_VISIBLE_TEXT = """
// Text marked as another language (lang="en": the switch to English) is not the page's.
let body = document.body.innerText;
document.querySelectorAll('body [lang]:not([lang="hi"])').forEach(e => {
    body = body.split(e.innerText).join(' ');
});
const out = [body];
document.querySelectorAll('svg text').forEach(e => out.push(e.textContent));
document.querySelectorAll('[title], [aria-label], [placeholder]').forEach(e => {
    for (const a of ['title', 'aria-label', 'placeholder']) {
        if (e.getAttribute(a)) { out.push(e.getAttribute(a)); }
    }
});
return out.join('\\n');
"""


def test_no_english_is_left_on_any_hindi_page(dash_duo, app):
    """Every page in Hindi: no English word in its text, charts or controls (file formats and
    portal acronyms aside: tests/dashboards/hindi_scan.py); a screenshot of each is kept."""
    from tests.dashboards.hindi_scan import english_words

    dash_duo.start_server(app)
    left = {}
    for name, path, marker in PAGES:
        url = dash_duo.server_url + path + ("&" if "?" in path else "?") + "lang=hi"
        dash_duo.driver.get(url)
        dash_duo.wait_for_element(marker, timeout=20)
        dash_duo.wait_for_element(".js-plotly-plot .main-svg", timeout=10)
        until(dash_duo._wait_for_callbacks, timeout=30, poll=0.3)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        dash_duo.driver.save_screenshot(str(SCREENSHOTS / f"{name}-hindi-all.png"))
        words = english_words(dash_duo.driver.execute_script(_VISIBLE_TEXT))
        if words:
            left[name] = words
    assert left == {}, "\n".join(f"{k}: {v}" for k, v in left.items())


def test_the_keyboard_reaches_every_control_and_opens_the_numbers_behind_a_chart(dash_duo, app):
    """Tab alone reaches the language button, the indicator picker, the period type, the
    chart's 'Show the numbers' and the table's download; Enter opens the numbers' table."""
    from selenium.webdriver.common.keys import Keys

    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/explorer?kpi=call_resolution_rate&grain=total")
    dash_duo.wait_for_element("#explorer-table", timeout=20)
    until(dash_duo._wait_for_callbacks, timeout=30, poll=0.3)
    describe = (
        "const e = document.activeElement; const box = e.closest('[id]');"
        "return [e.tagName, e.id || '', e.className || '', box ? box.id : ''].join('|');"
    )
    reached = []
    # from the top of the page, as a keyboard user starts
    dash_duo.driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
    for _ in range(80):
        dash_duo.driver.switch_to.active_element.send_keys(Keys.TAB)
        reached.append(dash_duo.driver.execute_script(describe))
        if reached[-1].startswith("SUMMARY") and "explorer-bar-numbers" in reached[-1]:
            break
    text = "\n".join(reached)
    for wanted in ("app-lang-toggle", "explorer-kpi", "explorer-grain", "explorer-bar-numbers"):
        assert wanted in text, (wanted, reached)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    table = dash_duo.find_element("#explorer-bar-numbers table")
    assert table.is_displayed() and "Jhajjar" in table.text


# WCAG 2 contrast of every visible text element against the background behind it (the first
# ancestor with an opaque background colour): 4.5:1 for normal text, 3:1 for large text
# (24 px, or 18.66 px bold). Plotly's SVG text is checked against the chart's white paper.
_LOW_CONTRAST = """
function rgb(s) { const m = s.match(/[\\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; }
function lum(c) {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function background(e) {
  for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length < 4 || c[3] > 0.9) { return c; }
  }
  return [255, 255, 255];
}
// A heatmap is drawn as one image: its pixel under a point, drawn onto a canvas (the image
// is a data URL, so the canvas can be read); null where no heatmap or a gap between cells.
const heatmaps = new Map();
function heatmapColour(graph, x, y) {
  if (!heatmaps.has(graph)) {
    const list = [];
    for (const img of graph.querySelectorAll('.heatmaplayer image')) {
      const box = img.getBoundingClientRect();
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(box.width));
      canvas.height = Math.max(1, Math.round(box.height));
      const ctx = canvas.getContext('2d');
      // the image may hold a pixel per cell: scale it up without blending neighbours
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      list.push([box, ctx]);
    }
    heatmaps.set(graph, list);
  }
  for (const [box, ctx] of heatmaps.get(graph)) {
    if (x >= box.left && x < box.right && y >= box.top && y < box.bottom) {
      const d = ctx.getImageData(Math.floor(x - box.left), Math.floor(y - box.top), 1, 1).data;
      if (d[3] > 128) { return [d[0], d[1], d[2]]; }
    }
  }
  return null;
}
// Behind a chart's text: the heatmap cell or the topmost filled shape (a bar) under its
// centre, else the chart's paper.
const shapes = new Map();
function svgBackground(e) {
  const graph = e.closest('.js-plotly-plot');
  if (!graph) { return [255, 255, 255]; }
  const r0 = e.getBoundingClientRect();
  const cell = heatmapColour(graph, r0.left + r0.width / 2, r0.top + r0.height / 2);
  if (cell) { return cell; }
  if (!shapes.has(graph)) {
    const list = [];
    for (const p of graph.querySelectorAll('.point path, .point rect')) {
      const st = getComputedStyle(p);
      // a colour only: a hatched bar's fill is a pattern, url(#…), drawn over its colour
      if (!/^rgba?\\(/.test(st.fill) || Number(st.fillOpacity || 1) < 0.5) { continue; }
      const fill = rgb(st.fill);
      if (fill.length > 3 && fill[3] < 0.5) { continue; }
      list.push([p.getBoundingClientRect(), fill]);
    }
    shapes.set(graph, list);
  }
  const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  let under = [255, 255, 255];
  for (const [box, fill] of shapes.get(graph)) {
    if (x >= box.left && x <= box.right && y >= box.top && y <= box.bottom) { under = fill; }
  }
  return under;
}
const low = [];
for (const e of document.querySelectorAll('body *')) {
  const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !e.getClientRects().length) { continue; }
  // a heatmap's own text layer (labels are a text trace above it, checked like any text)
  if (e.closest('.heatmaplayer')) { continue; }
  const st = getComputedStyle(e);
  if (st.visibility === 'hidden' || st.display === 'none' || Number(st.opacity) === 0) { continue; }
  const fg = rgb(e instanceof SVGElement ? (st.fill || st.color) : st.color);
  const bg = e instanceof SVGElement ? svgBackground(e) : background(e);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  const ratio = (a + 0.05) / (b + 0.05);
  const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
  const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
  if (ratio < need) { low.push(`${ratio.toFixed(2)} < ${need}: ${e.tagName} "${e.textContent.trim().slice(0, 40)}" ${fg} on ${bg}`); }
}
return low;
"""


def test_text_contrast_meets_wcag_aa_on_every_page(dash_duo, app):
    dash_duo.start_server(app)
    low = {}
    for name, path, marker in PAGES:
        dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_element(marker, timeout=20)
        dash_duo.wait_for_element(".js-plotly-plot .main-svg", timeout=10)
        until(dash_duo._wait_for_callbacks, timeout=30, poll=0.3)
        found = dash_duo.driver.execute_script(_LOW_CONTRAST)
        if found:
            low[name] = sorted(set(found))[:12]
    assert low == {}, "\n".join(f"{k}: {v}" for k, v in low.items())


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
    assert _severe(dash_duo) == []
