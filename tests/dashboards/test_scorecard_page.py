"""The scorecard page and the district profile's "why the rank moved" and gaming flags: the
callbacks against the marts, and the pages in headless Chromium (screenshots under
test-output/screenshots/)."""

from __future__ import annotations

import duckdb
import pytest

from dashboards import data, figures
from warehouse.snapshot import connect_snapshot


@pytest.fixture
def scorecard_page(app):
    from dashboards.pages import scorecard

    return scorecard


@pytest.fixture
def district_page(app):
    from dashboards.pages import district

    return district


def _latest_month(warehouse):
    """The month the page opens on: the latest complete one (June 2020 is partial)."""
    months = [p for g, p in data.scorecard_choices(warehouse) if g == "month"]
    return data.latest_complete(months, data.period_status(warehouse, "month"))


def test_division_toggle_keeps_only_the_peer_group(warehouse, scorecard_page):
    period = _latest_month(warehouse)
    full = data.scorecard_full(warehouse, "month", period)
    assert {"rank_low", "rank_high", "tied_with", "gate_reasons", "met"} <= set(full.columns)
    division = full["division"][0]
    peers = set(full.filter(full["division"] == division)["district"])
    block = scorecard_page.ranks_block(warehouse, "month", period, division, "en")
    table = block.children[0].children[0]
    shown = {row["district"] for row in table.data}
    assert shown == peers  # plain names: who cannot be told apart is said in its own column
    ranks = [row["rank"] for row in table.data if row["rank"] is not None]
    assert ranks == sorted(ranks)
    assert [row["rank"] for row in table.data][len(ranks) :] == [None] * (
        table.data.__len__() - len(ranks)
    )


def test_attribution_figure_sums_to_the_change(warehouse):
    with connect_snapshot(warehouse) as con:
        rows = con.execute(
            "select district, strftime(period_start, '%Y-%m-%d') from kpi_scorecard_attribution "
            "limit 1"
        ).fetchall()
    if not rows:
        pytest.skip("the dashboard warehouse has a single month")
    district, month = rows[0]
    parts = data.attribution(warehouse, district, month)
    change = parts["composite_change"][0]
    fig = figures.attribution_bars(parts, change, "en")
    bars = fig["data"][0]["y"]
    assert sum(bars[:-1]) == pytest.approx(bars[-1], abs=1e-9) == pytest.approx(change)


def test_sensitivity_block_shows_three_rankings_and_kendall(warehouse, scorecard_page):
    period = _latest_month(warehouse)
    block = scorecard_page.sensitivity_block(warehouse, "month", period, "__state__", "en")
    assert "τ =" in block.children[0].children
    table = block.children[1].children[0]
    assert {"rank_reviewed", "rank_equal", "rank_theme_equal"} <= set(table.data[0])


def test_gaming_block_lists_every_check(warehouse, district_page):
    block = district_page.gaming_block(warehouse, "Jhajjar", "en")
    table = block.children[0]
    checks = {row["check"] for row in table.data}
    assert "Disposals in the month's last 3 days" in checks


@pytest.mark.browser
def test_scorecard_page_and_district_profile(dash_duo, app, warehouse, screenshot):
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/scorecard")
    dash_duo.wait_for_element("#scorecard-table", timeout=20)
    dash_duo.wait_for_element("#scorecard-themes-heatmap .main-svg", timeout=20)
    dash_duo.wait_for_element("#scorecard-kendall", timeout=20)
    dash_duo.wait_for_contains_text("#scorecard-kendall", "τ =", timeout=10)
    screenshot(dash_duo.driver, "scorecard")
    statewide = dash_duo.driver.execute_script(
        "return document.querySelectorAll('#scorecard-table td[data-dash-column=district]').length"
    )
    # The division toggle: only the chosen division's districts remain.
    period = _latest_month(warehouse)
    full = data.scorecard_full(warehouse, "month", period)
    division = "Rohtak"
    peers = full.filter(full["division"] == division).height
    dash_duo.find_element(f"#scorecard-division input[value='{division}']").click()
    dash_duo.wait_for_text_to_equal(
        "#scorecard-table td[data-dash-column=division]", division, timeout=10
    )
    shown = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#scorecard-table td[data-dash-column=division]')]"
        ".map(e => e.innerText)"
    )
    assert set(shown) == {division} and len(shown) == peers < statewide
    screenshot(dash_duo.driver, "scorecard-division")

    month = period
    dash_duo.driver.get(
        dash_duo.server_url + f"/district?district=Jhajjar&grain=month&period={month}"
    )
    dash_duo.wait_for_element("#district-gaming-table", timeout=20)
    dash_duo.wait_for_element("#district-attribution .main-svg", timeout=20)
    screenshot(dash_duo.driver, "district-attribution-gaming")
    severe = [e for e in dash_duo.get_logs() or [] if e.get("level") == "SEVERE"]
    assert severe == []


def test_no_snapshot_table_means_a_message(tmp_path):
    # A snapshot without the new marts: the page says so instead of failing.
    from pipelines.publication import publish_snapshot

    path = tmp_path / "jansewa.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table kpi_scorecard (grain varchar, period_start date)")
    con.close()
    publish_snapshot(path)
    data.clear_cache()
    with pytest.raises(data.MartMissingError):
        data.scorecard_full(path, "month", "2020-04-01")


def test_scorecard_callback_in_hindi(app, warehouse, scorecard_page):
    grain, period = "month", _latest_month(warehouse)
    with app.server.app_context():
        ranks, improved, themes, sensitivity, banner = scorecard_page.update_scorecard(
            f"{grain}:{period}", "Hisar", "hi"
        )
    table = ranks.children[0].children[0]
    assert table.columns[0]["name"] == "मंडल में रैंक"
    assert all(row["division"] == "हिसार" for row in table.data)  # named after its HQ
    assert "हिसार" in {row["district"] for row in table.data}
    heatmap = themes.children[0].figure
    assert "शिकायतें" in list(heatmap["data"][0]["x"])
