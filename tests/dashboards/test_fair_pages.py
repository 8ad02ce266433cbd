"""Fair comparisons on the pages, against the staging-built warehouse (stg_warehouse.py):
exports end on Sunday 31 May 2020 except the helpline's, which runs on to Tuesday 2 June, so
June and the week of 1 June are partial and May and the week of 25 May the latest complete
periods; Charkhi Dadri has 20 helpline calls and 20 grievances a month; Panipat has a
quarantine burst in April only."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from dashboards import data
from dashboards.alerts import flagged_districts
from pipelines.publication import publish_snapshot


@pytest.fixture
def pages(app):
    from dashboards.pages import district, explorer, overview, scorecard, service

    return {
        "explorer": explorer,
        "overview": overview,
        "district": district,
        "service": service,
        "scorecard": scorecard,
    }


def test_every_page_opens_on_the_latest_complete_period(app, warehouse, pages):
    assert pages["explorer"].resolve_state(warehouse, {})[0].period == "2020-05-01"
    assert pages["explorer"].resolve_state(warehouse, {"grain": "week"})[0].period == "2020-05-25"
    assert pages["overview"].resolve_state(warehouse, {})[0].period == "2020-05-01"
    assert pages["district"].resolve_state(warehouse, {"grain": "week"})[0].period == "2020-05-25"
    assert pages["service"].resolve_state(warehouse, {})[0].period == "2020-05-01"
    with app.server.app_context():
        body = pages["scorecard"]._body(warehouse, {}, "en")
    picker = body.children[2].children[0].children[1]
    assert picker.value == "month:2020-05-01"
    labels = {o["value"]: o["label"] for o in picker.options}
    assert labels["month:2020-06-01"] == "Jun 2020 · partial"
    assert labels["month:2020-05-01"] == "May 2020"
    # A period asked for in the URL is kept, partial or not.
    assert pages["explorer"].resolve_state(warehouse, {"period": "2020-06-01"})[0].period == (
        "2020-06-01"
    )


def test_a_partial_period_gets_a_banner_and_a_marked_option(app, warehouse):
    from dashboards.periods import period_banner, period_choices

    with app.server.app_context():
        options, value = period_choices(warehouse, "week", None, "hi")
        banner = period_banner(warehouse, "week", "2020-06-01", "en")
        assert period_banner(warehouse, "week", "2020-05-25", "en") is None
    assert value == "2020-05-25"
    assert options[0] == {"label": "सप्ताह 1 जून 2020 · अपूर्ण", "value": "2020-06-01"}
    assert "partial period" in banner.children and "(7 Jun 2020)" in banner.children
    assert banner.children.endswith("The latest complete period is Week of 25 May 2020.")


def test_the_20_call_district_is_greyed_with_its_count_and_not_ranked(app, warehouse, pages):
    with app.server.app_context():
        bar, tiles, table, _ = pages["explorer"].update_explorer(
            "call_resolution_rate", "month", "2020-04-01", [], "en"
        )
    rows = {r["district"]: r for r in table.children[0].data}
    # 2 calls on each of days 3, 6, ..., 30: 20 calls, under min_cases 30.
    assert rows["Charkhi Dadri"]["denominator"] == 20
    assert rows["Charkhi Dadri"]["rank"] == ""
    assert rows["Charkhi Dadri"]["note"] == "too few cases (n = 20)"
    # Every other district: 12 calls a day over April's 30 days, ranked.
    assert {r["denominator"] for d, r in rows.items() if d not in ("Charkhi Dadri", "Haryana")} == {
        360
    }
    assert all(r["rank"] for d, r in rows.items() if d not in ("Charkhi Dadri", "Haryana"))
    fig = bar.children[0].figure
    position = list(fig["data"][0]["y"]).index("Charkhi Dadri")
    assert fig["data"][0]["text"][position].endswith("n = 20")
    assert position == len(fig["data"][0]["y"]) - 1  # listed below every ranked district
    caption = bar.children[1].children
    assert "Charkhi Dadri leads" not in caption and "fewer than 30 cases: 1." in caption


def test_provisional_grievance_disposal_is_shown_but_nobody_leads(app, warehouse, pages):
    # Grievance disposal matures in 30 days; grievances were exported to 31 May, so May is
    # provisional (31 May < 31 May + 30) and April final (30 April + 30 = 30 May <= 31 May).
    with app.server.app_context():
        may = pages["explorer"].update_explorer(
            "grievance_disposal_rate", "month", "2020-05-01", [], "en"
        )
        april = pages["explorer"].update_explorer(
            "grievance_disposal_rate", "month", "2020-04-01", [], "en"
        )
    may_rows = may[2].children[0].data
    assert all(r["rank"] == "" for r in may_rows)
    assert {r["note"] for r in may_rows if r["district"] not in ("Haryana",)} == {"provisional"}
    assert "leads" not in may[0].children[1].children
    assert "no district is ranked" in may[0].children[1].children
    assert "leads" in april[0].children[1].children


def test_headline_card_shows_interval_and_provisional_mark(app, warehouse, pages):
    with app.server.app_context():
        cards = pages["overview"].headline_cards(warehouse, "month", "2020-05-01", "en")
    card = next(c for c in cards.children if "overview-card-grievance_disposal_rate" in str(c))
    texts = [getattr(child, "children", "") for child in card.children]
    assert texts[2].startswith("(") and texts[2].endswith(" %)")
    assert "provisional" in texts[-1]
    assert card.className == "card card-provisional"


def test_composite_coverage_and_unranked_reason(app, warehouse, pages):
    # Charkhi Dadri: its five helpline rates (two of them the control room's) and its
    # grievance rates have too few cases; 0.75 of 15 KPIs is 11.25, so 12 are required.
    # April: every cohort of the month is mature by the data's last day (31 May), so all 15
    # scored KPIs are final there; May's cohort rates are still provisional.
    with app.server.app_context():
        block = pages["scorecard"].ranks_block(warehouse, "month", "2020-04-01", "__state__", "en")
        overview = pages["overview"].scorecard_table(warehouse, "month", "2020-04-01", "hi")
    rows = {r["district"]: r for r in block.children[0].children[0].data}
    dadri = rows["Charkhi Dadri"]
    assert dadri["rank"] is None and dadri["kpis_scored"] == "8 of 15"
    assert dadri["unranked_reason"] == "scored on 8 of 15 KPIs, fewer than the 12 required"
    assert all(r["kpis_scored"].endswith(" of 15") for r in rows.values())
    assert list(rows)[-1] == "Charkhi Dadri"  # listed after every ranked district
    with app.server.app_context():
        improved = pages["scorecard"].improved_block(
            warehouse, "month", "2020-04-01", "__state__", "en"
        )
    assert "Charkhi Dadri" not in str(improved)  # not ranked: not "least improved" either
    hindi = {r["district"]: r for r in overview.children[0].data}
    assert hindi["चरखी दादरी"]["kpis_scored"] == "15 में से 8"
    assert hindi["चरखी दादरी"]["rank"] is None and hindi["चरखी दादरी"]["unranked_reason"]


def test_overview_alert_agrees_with_the_scorecard_flags(app, warehouse, pages):
    for month in ("2020-04-01", "2020-05-01"):
        gate = data.scorecard_full(warehouse, "month", month)
        expected = set(gate.filter(gate["gate_flagged"])["district"])
        with app.server.app_context():
            flagged = flagged_districts(warehouse, "month", month)
        assert set(flagged) == expected, month
    # The burst is April's only: Panipat, 40 of 400 rows.
    with app.server.app_context():
        april = pages["overview"].alerts(warehouse, "month", "2020-04-01", "en")
    assert "1 district flagged in Apr 2020: see Data quality" in str(april)
    assert "Helpline 1950 calls — 10.0 % of 400 rows quarantined" in str(april)


def test_all_passed_only_when_no_district_is_flagged(app, warehouse, tmp_path):
    from dashboards.app import create_app
    from dashboards.pages import overview

    copy = tmp_path / "jansewa.duckdb"
    shutil.copyfile(warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute("update dq_results set success = true")
    con.close()
    publish_snapshot(copy)
    data.clear_cache()
    other = create_app(copy)
    with other.server.app_context():
        april = overview.alerts(copy, "month", "2020-04-01", "en")
        may = overview.alerts(copy, "month", "2020-05-01", "en")
    assert "passed" not in str(april) and "Panipat" in str(april)
    assert may.id == "overview-no-alerts"
    assert may.children == (
        "No district is flagged in May 2020, and every check of the latest run passed."
    )


def test_quality_page_lists_the_flags_by_month(app, warehouse):
    from dashboards.pages import quality

    with app.server.app_context():
        block = quality.flags_block(warehouse, "en")
    rows = block.children[0].data
    panipat = [
        r for r in rows if r["district"] == "Panipat" and r["source"] == "Helpline 1950 calls"
    ]
    assert [r["month"] for r in panipat] == ["Apr 2020"]
    assert panipat[0]["quarantine_share"] == pytest.approx(10.0)


def test_a_snapshot_from_before_the_fair_marts_still_renders(app, warehouse, tmp_path):
    """A snapshot published before kpi_periods and the new columns existed: pages render,
    nothing is marked partial, and the newest period is the default as before."""
    from dashboards.app import create_app
    from dashboards.explorer_callbacks import update_explorer
    from dashboards.pages import explorer, overview, scorecard

    copy = tmp_path / "jansewa.duckdb"
    shutil.copyfile(warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute(  # kpi_values as such snapshots held it: a table, without those columns
        "create table kpi_values_before as select district, period_start, grain, kpi, "
        "numerator, denominator, value from kpi_values"
    )
    con.execute("drop view kpi_values")
    con.execute("alter table kpi_values_before rename to kpi_values")
    con.execute("drop table kpi_periods")
    con.execute("drop table kpi_period_status")
    for column in ("ranked", "unranked_reason"):
        con.execute(f"alter table kpi_scorecard drop column {column}")
    con.close()
    publish_snapshot(copy)
    data.clear_cache()
    with create_app(copy).server.app_context():
        state, _, _, status = explorer.resolve_state(copy, {})
        bar, *_ = update_explorer("call_resolution_rate", "month", "2020-06-01", [], "en")
        cards, table, alerts, _ = overview.update_overview("month", "2020-05-01", "en")
        ranks = scorecard.update_scorecard("month:2020-05-01", "__state__", "en")[0]
    assert status is None and state.period == "2020-06-01"  # newest, as before
    fig = bar.children[0].figure
    assert "error_x" not in fig["data"][0]  # no interval to draw
    assert not any("partial" in text or "provisional" in text for text in fig["data"][0]["text"])
    assert "Charkhi Dadri" in str(table) and "Charkhi Dadri" in str(ranks)


def test_the_service_table_has_a_row_per_centre_lowest_score_first(app, warehouse, pages):
    """Not a row per centre × department (that ran to 63 pages): each centre once, its
    departments together, the worst waiting-time score on the first page."""
    from dashboards import data
    from dashboards.service_blocks import table_block

    with app.server.app_context():
        table = table_block(warehouse, "2020-05-01", None, "en").children[0]
    centres = data.service_centres(warehouse, "2020-05-01", None)
    assert len(table.data) == centres["centre"].n_unique() < centres.height
    scores = [r["rts_score"] for r in table.data if r["rts_score"] is not None]
    assert scores == sorted(scores)
    assert "department" not in {c["id"] for c in table.columns}
