"""Figures are pure functions: titles with units, data mapped to the right marks, Hindi labels."""

from __future__ import annotations

import polars as pl

from dashboards import figures
from warehouse.districts import districts

VALUES = pl.DataFrame(
    {
        "district": ["Jhajjar", "Gurugram", "Nuh", "Haryana"],
        "value": [0.29, 0.61, None, 0.45],
    }
)


def test_ranked_bar_orders_best_first_with_percentages_and_state_line():
    fig = figures.ranked_bar(VALUES, "pass_approval_rate", "en")
    bar = fig["data"][0]
    assert list(bar["y"]) == ["Gurugram", "Jhajjar"]  # best first; no value -> left out
    assert [round(x, 6) for x in bar["x"]] == [61.0, 29.0]
    assert (
        "(%)" in fig["layout"]["title"]["text"]
        and "Movement-pass approval rate" in fig["layout"]["title"]["text"]
    )
    assert fig["layout"]["xaxis"]["title"]["text"] == "%"
    assert fig["layout"]["shapes"][0]["x0"] == 45.0  # the state's dashed line
    assert (
        fig["layout"]["shapes"][0]["layer"] == "below"
    )  # behind the bars, not through their labels
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"


def test_ranked_bar_lower_is_better_and_hindi_names():
    values = pl.DataFrame({"district": ["Jhajjar", "Gurugram"], "value": [12.0, 30.0]})
    fig = figures.ranked_bar(values, "grievance_pending_over_30d", "hi")
    assert list(fig["data"][0]["y"]) == ["झज्जर", "गुरुग्राम"]  # fewer pending is better


def test_count_axis_uses_indian_grouping():
    values = pl.DataFrame({"district": ["Gurugram", "Jhajjar"], "value": [103515.0, 5195.0]})
    fig = figures.ranked_bar(values, "calls_received", "en")
    assert "1.04 lakh" in fig["data"][0]["text"]
    assert any("lakh" in tick for tick in fig["layout"]["xaxis"]["ticktext"])


def test_tile_map_places_districts_on_their_tiles():
    fig = figures.tile_map(VALUES, "pass_approval_rate", "en")
    heat = fig["data"][0]
    # Jhajjar sits at tile (3, 4), Gurugram at (4, 4) in warehouse/reference/districts.csv.
    assert round(heat["z"][4][3], 6) == 29.0
    assert round(heat["z"][4][4], 6) == 61.0
    assert heat["colorscale"] == "Viridis"
    grey = fig["data"][1]  # districts without a value
    assert "Nuh" in " ".join(grey["text"])
    assert "tile map" in fig["layout"]["title"]["text"] and "(%)" in fig["layout"]["title"]["text"]


def test_trend_lines_state_is_black_dashed():
    series = pl.DataFrame(
        {
            "district": ["Jhajjar", "Jhajjar", "Haryana", "Haryana"],
            "period_start": ["2020-04-01", "2020-05-01", "2020-04-01", "2020-05-01"],
            "value": [0.2, 0.3, 0.4, 0.5],
        }
    )
    fig = figures.trend_lines(series, "pass_approval_rate", "en")
    names = [trace["name"] for trace in fig["data"]]
    assert names == ["Jhajjar", "Haryana (state)"]
    assert fig["data"][1]["line"]["dash"] == "dash" and fig["data"][1]["line"]["color"] == "#000000"
    assert [round(y, 6) for y in fig["data"][0]["y"]] == [20.0, 30.0]


def test_waiting_histogram_colours_by_rts_points_and_marks_30_45():
    hist = pl.DataFrame(
        {
            "bucket_lower_min": [0, 25, 30, 45, 120],
            "bucket_upper_min": [5, 30, 35, 50, None],
            "rts_points": [10, 10, 5, 0, 0],
            "transactions": [10, 20, 30, 40, 5],
        }
    )
    fig = figures.waiting_histogram(hist, "en")
    bar = fig["data"][0]
    assert list(bar["y"]) == [10, 20, 30, 40, 5]
    assert list(bar["marker"]["color"][:3]) == [
        figures.OKABE_ITO[2],
        figures.OKABE_ITO[2],
        figures.OKABE_ITO[1],
    ]
    assert {shape["x0"] for shape in fig["layout"]["shapes"]} == {30, 45}
    assert "(transactions)" in fig["layout"]["title"]["text"]
    assert bar["customdata"][-1][0] == "> 120"


def test_funnel_shows_share_of_first_step():
    fig = figures.funnel([("Applied", 28629), ("Issued", 8304)], "Passes (count)", "en")
    assert list(fig["data"][0]["x"]) == [28629, 8304]
    assert fig["data"][0]["text"][1] == "8,304 (29.0 %)"


def test_empty_figure_says_why():
    fig = figures.empty_figure("No data for this selection.", "Title")
    assert fig["layout"]["annotations"][0]["text"] == "No data for this selection."


def test_nice_ticks():
    assert figures.nice_ticks(103515) == [0.0, 25000.0, 50000.0, 75000.0, 100000.0, 125000.0]
    assert figures.nice_ticks(0) == [0.0]


def test_long_district_names_break_on_their_tiles_instead_of_being_cut():
    from dashboards.figures.ranking import tile_label

    assert tile_label("Yamunanagar") == "Yamuna-<br>nagar"
    assert tile_label("Mahendragarh") == "Mahendra-<br>garh"
    assert tile_label("Charkhi Dadri") == "Charkhi<br>Dadri"
    assert tile_label("Jhajjar") == "Jhajjar"
    fig = figures.tile_map(VALUES, "pass_approval_rate", "en")
    texts = [text for row in fig["data"][0]["text"] for text in row if text]
    assert not [t for t in texts if max(len(p) for p in t.split("<br>")[:2]) > 10]


def test_long_source_names_wrap_on_the_freshness_axis():
    from dashboards.figures.quality import freshness_heatmap
    from dashboards.figures.style import wrap_label

    assert wrap_label("Relief fund beneficiaries") == "Relief fund<br>beneficiaries"
    assert wrap_label("Appointments") == "Appointments"  # one word is never cut
    fresh = pl.DataFrame(
        {
            "source": ["relief_beneficiaries", "grievances"],
            "district": ["Jhajjar", "Jhajjar"],
            "age_days": [0, 3],
            "last_event_day": ["2020-07-31", "2020-07-28"],
        }
    )
    labels = freshness_heatmap(fresh, "en")["data"][0]["y"]
    assert all(len(line) <= 14 for label in labels for line in label.split("<br>")), labels


def test_a_score_axis_stops_at_its_scale_so_labels_do_not_stretch_it():
    values = pl.DataFrame({"district": ["Jhajjar", "Nuh"], "value": [9.9, 4.0]})
    fig = figures.ranked_bar(values, "rts_score", "en")
    assert list(fig["layout"]["xaxis"]["range"]) == [0, 10]


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' colours."""

    def lum(c: str) -> float:
        ch = [int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        ch = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _hex(rgb: str) -> str:
    return "#" + "".join(f"{round(float(c)):02x}" for c in rgb[rgb.index("(") + 1 : -1].split(","))


def test_heatmap_cell_labels_meet_aa_contrast_on_their_cells():
    """The tile map's and the theme heatmap's labels, black or white cell by cell: each
    reads at 4.5:1 at least on the colour Viridis gives its cell (computed here from
    Plotly's own scale), including the mid-greens where white fell to 3.9:1."""
    from plotly.colors import sample_colorscale

    values = pl.DataFrame(
        {
            "district": [d.name for d in districts()],
            "value": [i / (len(districts()) - 1) for i in range(len(districts()))],
        }
    )
    fig = figures.tile_map(values, "pass_approval_rate", "en", min_cases=0)
    heat, labels = fig["data"][0], fig["data"][-1]
    low, high = heat["zmin"], heat["zmax"]
    checked = 0
    for x, y, colour in zip(labels["x"], labels["y"], labels["textfont"]["color"], strict=True):
        share = (heat["z"][y][x] - low) / (high - low)
        cell = _hex(sample_colorscale("Viridis", [share])[0])
        assert _contrast(colour, cell) >= 4.5, (x, y, colour, cell)
        checked += 1
    assert checked == len(districts())

    themes = pl.DataFrame(
        {
            "district": ["Jhajjar"] * 11,
            "theme": [f"t{i}" for i in range(11)],
            "sub_index": [i * 10.0 for i in range(11)],
        }
    )
    fig = figures.theme_heatmap(themes, ["Jhajjar"], "en")
    labels = fig["data"][-1]
    by_theme = dict(zip(themes["theme"], themes["sub_index"], strict=True))
    assert len(labels["x"]) == 11
    for theme, colour in zip(labels["x"], labels["textfont"]["color"], strict=True):
        cell = _hex(sample_colorscale("Viridis", [by_theme[theme] / 100])[0])
        assert _contrast(colour, cell) >= 4.5, (theme, colour, cell)


def test_a_scale_colour_is_the_colour_plotly_samples_at_that_share():
    """scale_colour reads a table sampled once per scale; each entry must be Plotly's own
    colour at its share, at the ends, at the stops and between them, reversed too."""
    from plotly.colors import sample_colorscale

    from dashboards.figures.cell_colours import scale_colour
    from dashboards.figures.style import DIVERGING, SEQUENTIAL, SHORTAGE

    for scale in (SEQUENTIAL, DIVERGING, SHORTAGE):
        for share in (0.0, 0.001, 0.25, 0.333, 0.5, 0.617, 0.999, 1.0):
            expected = _hex(sample_colorscale(scale, [share])[0])
            assert scale_colour(-5 + 10 * share, -5, 5, scale) == expected, (scale, share)
            assert scale_colour(1 - share, 0, 1, scale, reverse=True) == expected, (scale, share)
    assert scale_colour(7, 3, 3) == _hex(sample_colorscale(SEQUENTIAL, [0.5])[0])  # no range
    assert scale_colour(99, 0, 1) == _hex(sample_colorscale(SEQUENTIAL, [1.0])[0])  # clipped
