"""The dashboard in headless Chromium, read as every official must be able to read it: no
English left on a Hindi page, every control reachable from the keyboard (and the numbers
behind a chart with it), and text contrast to WCAG 2 AA on every page."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from tests.dashboards.browser_pages import PAGES
from tests.dashboards.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


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
