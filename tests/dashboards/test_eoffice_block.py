"""The district profile's "e-Office by office" block against kpi_eoffice_offices, on the
dashboard warehouse (stg_warehouse.py: in April all 30 of Jhajjar's files are DIPRO's, the
one office ranked; in May its 31 are split over three offices, none on enough files)."""

from __future__ import annotations

import pytest

from dashboards.comparison import interval_text
from dashboards.i18n import t
from tests.dashboards.hindi_scan import english_words
from warehouse.snapshot import connect_snapshot

J = "Jhajjar"
KPI = "eoffice_electronic_share"


@pytest.fixture
def district_page(app):
    from dashboards.pages import district  # pages register themselves once an app exists

    return district


def _block(app, page, grain: str, period: str, lang: str = "en"):
    """(chart figure, its caption, table rows, table column names) of the block."""
    with app.server.app_context():
        block = page.update_eoffice(J, grain, period, lang)
    chart, table = block.children
    graph, caption = chart.children[0], chart.children[1].children
    datatable = table.children[0]
    return graph.figure, caption, datatable.data, [c["name"] for c in datatable.columns]


def _mart(warehouse, grain: str, period: str) -> dict:
    """{(office, department or None): row} of Jhajjar in the mart."""
    with connect_snapshot(warehouse) as con:
        cur = con.execute(
            "select office, level, department, files, electronic_share, ci_low, ci_high, "
            "median_days_per_movement, files_idle from kpi_eoffice_offices "
            "where district = ? and grain = ? and (grain = 'total' or period_start = ?::date)",
            [J, grain, period],
        )
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    return {(r["office"], r["department"] if r["level"] == "department" else None): r for r in rows}


def _district_share(warehouse, grain: str, period: str) -> float:
    with connect_snapshot(warehouse) as con:
        return con.execute(
            "select value from kpi_values where district = ? and kpi = ? and grain = ? "
            "and period_start = ?::date",
            [J, KPI, grain, period],
        ).fetchone()[0]


@pytest.mark.parametrize(("grain", "period"), [("month", "2020-04-01"), ("month", "2020-05-01")])
def test_the_blocks_numbers_are_the_marts(app, warehouse, district_page, grain, period):
    figure, caption, rows, _ = _block(app, district_page, grain, period)
    mart = _mart(warehouse, grain, period)
    offices = {k[0]: v for k, v in mart.items() if k[1] is None}
    # The table: every office row, then its departments, each figure as the mart has it.
    assert len(rows) == len(mart)
    for row in rows:
        department = None if row["department"] == "All departments" else row["department"]
        want = mart[(row["office"], department)]
        assert row["files"] == want["files"]
        assert row["share"] == pytest.approx(want["electronic_share"] * 100)
        assert row["interval"] == interval_text(KPI, want["ci_low"], want["ci_high"])
        assert row["median_days"] == pytest.approx(want["median_days_per_movement"])
        assert row["idle"] == want["files_idle"]
    # The chart: one bar per office, its share in percent; the district's own share dashed.
    bars = figure["data"][0]
    assert dict(zip(bars["y"], bars["x"], strict=True)) == pytest.approx(
        {office: r["electronic_share"] * 100 for office, r in offices.items()}
    )
    assert figure["layout"]["shapes"][0]["x0"] == pytest.approx(
        _district_share(warehouse, grain, period) * 100
    )
    ranked = [r for r in rows if r["department"] == "All departments"]
    if period == "2020-04-01":  # DIPRO's 30 files: ranked, alone
        assert [(r["office"], r["rank"], r["note"]) for r in ranked] == [
            ("DIPRO Office Jhajjar", "1", "")
        ]
        assert "Ranked first: DIPRO Office Jhajjar." in caption
    else:  # 16, 13 and 2 files: shown with their counts, greyed, none ranked
        assert {r["rank"] for r in ranked} == {""}
        assert all(r["note"] == f"too few cases (n = {r['files']})" for r in ranked)
        for office, text in zip(bars["y"], bars["text"], strict=True):
            assert f"n = {offices[office]['files']}" in text
        assert set(bars["marker"]["color"]) == {"#c8c8c8"}
        assert "No office is ranked in this period." in caption
    # Idle files: not closed and not moved for 30 days (2 and 9 April in the fixture).
    assert sum(r["idle"] for r in ranked) == (2 if period == "2020-04-01" else 0)


def test_a_week_shows_its_month_and_the_whole_period_is_partial(app, district_page):
    week = _block(app, district_page, "week", "2020-05-25")
    month = _block(app, district_page, "month", "2020-05-01")
    assert week[2] == month[2]
    assert t("eo.week_month", "en") in week[1]
    _, caption, rows, _ = _block(app, district_page, "total", "2020-04-01")
    offices = [r for r in rows if r["department"] == "All departments"]
    assert offices and {(r["rank"], r["note"]) for r in offices} == {("", "partial period")}
    assert "No office is ranked" in caption


def test_the_block_in_hindi(app, district_page):
    figure, caption, rows, columns = _block(app, district_page, "month", "2020-04-01", "hi")
    assert columns[:3] == ["रैंक", "कार्यालय", "विभाग"]
    assert rows[0]["office"] == "‘DIPRO Office Jhajjar’"
    assert {r["department"] for r in rows} == {
        "सभी विभाग",
        "राजस्व",
        "सामाजिक न्याय",
        "सामान्य प्रशासन",
    }
    assert figure["data"][0]["y"] == ["‘DIPRO Office Jhajjar’"]
    assert "कार्यालयवार, झज्जर" in figure["layout"]["title"]["text"]
    texts = [caption, figure["layout"]["title"]["text"], *columns]
    texts += [str(v) for r in rows for v in r.values()]
    texts += [a["text"] for a in figure["layout"].get("annotations", [])]
    assert english_words(" ".join(texts)) == []
