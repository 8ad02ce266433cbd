"""The district profile's "e-Office by office" in headless Chromium: the block draws its chart
and table for a district with offices, in English and in Hindi with no English left."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from tests.dashboards.hindi_scan import english_words

pytestmark = pytest.mark.browser

# The block's text as a reader meets it: its text, its chart's text and its controls' labels.
_BLOCK_TEXT = """
const block = document.querySelector('#district-eoffice-block');
const out = [block.innerText];
block.querySelectorAll('svg text').forEach(e => out.push(e.textContent));
block.querySelectorAll('[title], [aria-label], [placeholder]').forEach(e => {
    for (const a of ['title', 'aria-label', 'placeholder']) {
        if (e.getAttribute(a)) { out.push(e.getAttribute(a)); }
    }
});
return out.join('\\n');
"""


def _open(dash_duo, query: str) -> str:
    dash_duo.driver.get(dash_duo.server_url + "/district?" + query)
    dash_duo.wait_for_element("#district-eoffice .main-svg", timeout=20)
    dash_duo.wait_for_element("#district-eoffice-table", timeout=10)
    until(dash_duo._wait_for_callbacks, timeout=30, poll=0.3)
    return dash_duo.driver.execute_script(_BLOCK_TEXT)


def test_the_eoffice_block_in_english_and_hindi(dash_duo, app, screenshot):
    dash_duo.start_server(app)
    text = _open(dash_duo, "district=Jhajjar&grain=month&period=2020-04-01")
    bars = dash_duo.driver.execute_script(
        "return document.querySelector('#district-eoffice .js-plotly-plot').data[0].y"
    )
    assert list(bars) == ["DIPRO Office Jhajjar"]
    assert "e-Office files moved digitally — by office, Jhajjar" in text
    assert "Ranked first: DIPRO Office Jhajjar." in text
    screenshot(dash_duo.driver, "district-eoffice")

    text = _open(dash_duo, "district=Jhajjar&lang=hi")
    assert "कार्यालयवार, झज्जर" in text and "‘DIPRO Office Jhajjar’" in text
    assert english_words(text) == []
    screenshot(dash_duo.driver, "district-eoffice-hindi")
    assert [e for e in dash_duo.get_logs() or [] if e.get("level") == "SEVERE"] == []
