"""The district profile's "Control room: staffed for its calls?" and the explorer's hours
panel, as their callbacks send them, against the queries and kpi_values on the dashboard
warehouse (stg_warehouse.py); the figures on a hand-made frame; Hindi with no English left;
cell labels readable on every colour of both scales."""

from __future__ import annotations

import polars as pl
import pytest

from dashboards import data
from dashboards.catalog import format_value
from dashboards.comparison import compare
from dashboards.figures.cell_colours import _luminance, scale_colour, text_on
from dashboards.figures.control_room import staffing_heatmap, understaffed_heatmap
from dashboards.figures.style import DIVERGING, SHORTAGE
from dashboards.i18n import t
from tests.dashboards.hindi_scan import english_words

J = "Jhajjar"
MAY = "2020-05-01"


@pytest.fixture
def pages(app):
    from dashboards import explorer_callbacks
    from dashboards.pages import district  # pages register once an app exists

    return district, explorer_callbacks


def _district_block(app, page, period: str = MAY, lang: str = "en", grain: str = "month"):
    with app.server.app_context():
        return page.update_control_room(J, grain, period, lang)


def _parts(block):
    """(line text, figure, caption, table rows, table column names) of the block."""
    line, chart, table = block.children
    figure = chart.children[0].children.figure  # the graph, in its scrolling box
    caption = chart.children[1].children
    datatable = table.children[0]
    text = "".join(c if isinstance(c, str) else c.children for c in line.children)
    return text, figure, caption, datatable.data, [c["name"] for c in datatable.columns]


def _texts(figure: dict) -> list[str]:
    """Every text of a figure a reader may meet: title, axes, colour bar, cells, hovers."""
    layout = figure["layout"]
    out = [layout["title"]["text"].replace("<br>", " "), layout["xaxis"]["title"]["text"]]
    out.append(layout["yaxis"].get("title", {}).get("text", ""))
    heat, labels = figure["data"]
    out += [heat["colorbar"]["title"]["text"], *heat["colorbar"].get("ticktext", [])]
    out += [str(y) for y in heat["y"]] + [h for row in heat["customdata"] for h in row]
    return out + list(labels["text"])


def test_the_district_block_is_the_query_and_kpi_values(app, warehouse, pages):
    line, figure, caption, rows, _ = _parts(_district_block(app, pages[0]))
    cells = data.staffing_by_weekday_hour(warehouse, J, "month", MAY)
    lookup = {(r["weekday"], r["hour_of_day"]): r for r in cells.iter_rows(named=True)}
    heat, labels = figure["data"]
    assert heat["y"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert heat["x"] == list(range(24))
    for w in range(7):
        for h in range(24):
            cell = lookup[(w + 1, h)]
            if cell["calls_offered"]:
                want = cell["rostered"] - cell["needed"]
                assert heat["z"][w][h] == pytest.approx(want)
            else:  # no call from 17:00 in the fixture: left empty, not zero
                assert heat["z"][w][h] is None
                assert "no call with an answer time" in heat["customdata"][w][h]
    drawn = sum(v is not None for row in heat["z"] for v in row)
    assert len(labels["text"]) == drawn == sum(bool(c["calls_offered"]) for c in lookup.values())
    assert all(heat["z"][w][h] is None for w in range(7) for h in range(17, 24))
    assert all("/" in s for s in labels["text"])
    # The table: every judged weekday and hour, the query's figures.
    assert len(rows) == 7 * 24
    monday_ten = next(r for r in rows if r["weekday"] == "Mon" and r["hour"] == "10:00–11:00")
    assert monday_ten["rostered"] == pytest.approx(lookup[(1, 10)]["rostered"])
    assert monday_ten["needed"] == pytest.approx(lookup[(1, 10)]["needed"])
    assert monday_ten["hours_judged"] == 4
    # The line of figures: kpi_values of Jhajjar and the state, written by format_value.
    values = data.period_values(warehouse, "month", MAY)
    for kpi in ("call_service_level_20s", "call_abandonment_rate"):
        for who in (J, "Haryana"):
            v = values.filter((pl.col("kpi") == kpi) & (pl.col("district") == who))["value"][0]
            assert format_value(kpi, v) in line
    assert line.startswith("Jhajjar beside the state, May 2020:")
    assert "Understaffed hours: " in line and " of 744 hours (state " in line
    assert "Empty" not in caption and "Grey cells are left empty" in caption


def test_the_caption_names_the_most_short_staffed_hours():
    cells = pl.DataFrame(
        {
            "weekday": [1, 1, 2, 3],
            "hour_of_day": [10, 11, 3, 9],
            "hours_judged": [4, 4, 4, 4],
            "calls_offered": [120, 90, 0, 40],
            "rostered": [2.0, 3.5, 1.0, 3.0],
            "needed": [5.0, 4.0, 0.0, 2.0],
            "understaffed_hours": [4, 2, 0, 0],
            "overstaffed_hours": [0, 0, 4, 4],
        }
    )
    from dashboards.control_room_block import caption_text, worst_cells

    assert [(r["weekday"], r["hour_of_day"]) for r in worst_cells(cells)] == [(1, 10), (1, 11)]
    caption = caption_text(cells, J, "May 2020", "en")
    assert caption.startswith(
        "Most short-staffed: Mon 10:00–11:00, 2 operators rostered for 5 needed; "
        "Mon 11:00–12:00, 3.5 operators rostered for 4 needed."
    )
    figure = staffing_heatmap(cells, J)
    heat, labels = figure["data"]
    assert heat["z"][0][10] == -3 and heat["z"][2][9] == 1
    assert heat["z"][1][3] is None  # Tuesday 03:00: rostered, but no call to staff for
    assert heat["zmin"] == -3 and heat["zmax"] == 3 and heat["zmid"] == 0
    assert sorted(labels["text"]) == ["2/5", "3.5/4", "3/2"]
    assert "short by 3" in heat["customdata"][0][10]
    assert "1 more than needed" in heat["customdata"][2][9]
    even = cells.with_columns(pl.col("rostered").alias("needed"))
    assert caption_text(even, J, "May 2020", "en").startswith(
        "On average no hour of the week was short-staffed; 6 of the period's 16 single hours were."
    )
    never = even.with_columns(pl.lit(0).alias("understaffed_hours"))
    assert caption_text(never, J, "May 2020", "en").startswith(t("cr.none_short", "en"))


def test_a_period_or_district_without_telephony_says_so(app, pages):
    block = _district_block(app, pages[0], period="2020-03-01")
    assert block.children == t("cr.no_telephony", "en")
    assert _district_block(app, pages[0], "2020-03-01", "hi").children == t("cr.no_telephony", "hi")


def test_the_district_block_in_hindi(app, pages):
    line, figure, caption, rows, columns = _parts(_district_block(app, pages[0], lang="hi"))
    assert figure["data"][0]["y"][0] == "सोम"
    assert line.startswith("झज्जर और राज्य, मई 2020:")
    texts = [line, caption, *columns, *_texts(figure)]
    texts += [str(v) for r in rows for v in r.values() if v is not None]
    assert english_words(" ".join(texts)) == []


def test_the_explorer_panel_is_hidden_and_not_computed_for_other_kpis(app, pages, monkeypatch):
    explorer = pages[1]

    def fail(*_args):
        raise AssertionError("queried for a KPI without the panel")

    monkeypatch.setattr(data, "understaffed_by_hour", fail)
    with app.server.app_context():
        assert explorer.update_control_room("rts_score", "month", MAY, "en") == (None, True)


def _panel(app, explorer, kpi: str = "understaffed_hours", lang: str = "en"):
    with app.server.app_context():
        panel, hidden = explorer.update_control_room(kpi, "month", MAY, lang)
    assert hidden is False
    heading, chart, table = panel.children
    figure = chart.children[0].children.figure
    return heading.children, figure, chart.children[1].children, table.children[0]


@pytest.mark.parametrize("kpi", ["understaffed_hours", "call_service_level_20s"])
def test_the_explorer_panel_follows_the_ranking(app, warehouse, pages, kpi):
    heading, figure, caption, table = _panel(app, pages[1], kpi)
    assert heading == t("h.cr_by_hour", "en")
    values = data.kpi_by_district(warehouse, kpi, "month", MAY)
    order = [r["district"] for r in compare(values, kpi, data.min_cases(warehouse))]
    heat = figure["data"][0]
    assert heat["y"] == order and len(order) == 22
    shares = data.understaffed_by_hour(warehouse, "month", MAY)
    for r in shares.iter_rows(named=True):
        i = order.index(r["district"])
        assert heat["z"][i][r["hour_of_day"]] == pytest.approx(r["understaffed_share"] * 100)
    assert [row["district"] for row in table.data][::24] == order
    assert caption.startswith("Most often short: ")
    assert table.id == "explorer-control-room-table"


def test_the_explorer_panel_in_hindi(app, pages):
    heading, figure, caption, table = _panel(app, pages[1], lang="hi")
    texts = [heading, caption, *(c["name"] for c in table.columns), *_texts(figure)]
    texts += [str(v) for r in table.data for v in r.values() if v is not None]
    assert english_words(" ".join(texts)) == []


def test_the_hours_panel_on_a_hand_made_frame():
    shares = pl.DataFrame(
        {
            "district": ["Hisar", "Ambala", "Ambala"],
            "hour_of_day": [10, 10, 3],
            "hours_judged": [4, 2, 1],
            "understaffed_hours": [1, 1, 0],
            "understaffed_share": [0.25, 0.5, 0.0],
        }
    )
    figure = understaffed_heatmap(shares, ["Hisar", "Ambala"])
    heat, labels = figure["data"]
    assert heat["y"] == ["Hisar", "Ambala"]
    assert heat["z"][0][10] == 25 and heat["z"][1][10] == 50 and heat["z"][1][3] == 0
    assert heat["z"][0][3] is None  # Hisar 03:00: no hour judged, left empty
    assert sorted(labels["text"]) == ["0", "25", "50"]
    assert "1 of 2 hours short-staffed (50 %)" in heat["customdata"][1][10]


def test_the_colours_reach_to_the_worst_shortfall():
    from dashboards.figures.control_room import colour_reach

    # a big night roster (8.6 over) does not wash out the short hours: red reaches -1.6
    assert colour_reach([-1.6, -0.4, 8.6]) == (1.6, True)
    assert colour_reach([0.5, 2.0]) == (2.0, False)  # none short: the largest surplus
    assert colour_reach([-0.2, 0.3]) == (1.0, False)  # at least one operator either way


@pytest.mark.parametrize(("scale", "low", "high"), [(DIVERGING, -3, 3), (SHORTAGE, 0, 100)])
def test_every_cell_label_reads_on_its_colour(scale, low, high):
    """WCAG AA (4.5:1) for the black or white text_on picks, across each scale."""
    for step in range(101):
        value = low + (high - low) * step / 100
        cell = scale_colour(value, low, high, scale)
        a, b = sorted([_luminance(cell), _luminance(text_on(cell))], reverse=True)
        assert (a + 0.05) / (b + 0.05) >= 4.5, (value, cell)
