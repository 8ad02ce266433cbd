"""Fair comparisons without a warehouse: the ranking rule (dashboards.comparison), the ranked
bar's intervals, counts and greying, and the period picker's partial marks. Every expected
value is worked out by hand in the comment beside it."""

from __future__ import annotations

import polars as pl
import pytest

from dashboards import data, figures
from dashboards.comparison import compare, interval_text, rank_text, value_text
from dashboards.figures.style import NEUTRAL_LIGHT, OKABE_ITO, PALE
from dashboards.periods import period_options

KPI = "call_resolution_rate"  # a rate, higher is better


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema=["district", "numerator", "denominator", "value", "ci_low", "ci_high", "status"],
        orient="row",
    )


# A 20-case district at 100 % against districts with thousands of calls.
SMALL_AND_LARGE = _frame(
    [
        ("Charkhi Dadri", 20, 20, 1.0, 0.839, 1.0, "final"),
        ("Gurugram", 4326, 7000, 0.618, 0.607, 0.629, "final"),
        ("Hisar", 3100, 5000, 0.620, 0.606, 0.633, "final"),
        ("Jhajjar", 1100, 2000, 0.550, 0.528, 0.572, "final"),
        ("Nuh", None, 0, None, None, None, "final"),
        ("Haryana", 8546, 14020, 0.6096, 0.601, 0.618, "final"),
    ]
)


def test_a_20_case_district_is_shown_but_never_ranked_above_thousands():
    rows = compare(SMALL_AND_LARGE, KPI, min_cases=30)
    by = {r["district"]: r for r in rows}
    # 20 < 30 cases: not ranked, listed after the ranked ones, before the missing value.
    assert [r["district"] for r in rows] == ["Hisar", "Gurugram", "Jhajjar", "Charkhi Dadri", "Nuh"]
    assert by["Charkhi Dadri"]["rank"] is None and by["Charkhi Dadri"]["note"] == "too_few"
    # Hisar 60.6-63.3 and Gurugram 60.7-62.9 overlap: neither is clearly better, both =1.
    # Jhajjar's 52.8-57.2 lies wholly below both: two are clearly better, rank 3.
    assert [rank_text(by[d]) for d in ("Hisar", "Gurugram", "Jhajjar")] == ["=1", "=1", "3"]
    assert "Haryana" not in by


def test_lower_is_better_ties_and_provisional_values():
    values = _frame(
        [
            ("Ambala", 50, 1000, 0.050, 0.038, 0.065, "final"),
            ("Sirsa", 80, 1000, 0.080, 0.065, 0.099, "final"),
            ("Karnal", 150, 1000, 0.150, 0.129, 0.173, "final"),
            ("Rohtak", 10, 1000, 0.010, 0.005, 0.018, "provisional"),
        ]
    )
    rows = compare(values, "pass_pending_share", min_cases=30)  # lower is better
    by = {r["district"]: r for r in rows}
    # Ambala 3.8-6.5 and Sirsa 6.5-9.9 touch (not clearly apart): =1; Karnal's 12.9-17.3 is
    # wholly above both: rank 3. Rohtak's 1.0 % is the best value but provisional: no rank.
    assert [rank_text(by[d]) for d in ("Ambala", "Sirsa", "Karnal")] == ["=1", "=1", "3"]
    assert by["Rohtak"]["rank"] is None and by["Rohtak"]["note"] == "provisional"
    assert rows[-1]["district"] == "Rohtak"


def test_without_an_interval_ranks_go_by_value():
    values = pl.DataFrame({"district": ["A", "B", "C"], "value": [7.0, 9.0, 7.0]})
    rows = compare(values, "rts_score", min_cases=30)
    assert [(r["district"], rank_text(r)) for r in rows] == [("B", "1"), ("A", "=2"), ("C", "=2")]


def test_interval_and_count_texts():
    assert interval_text(KPI, 0.581, 0.652) == "58–65 %"  # 7 points wide: whole points
    assert interval_text(KPI, 0.601, 0.618) == "60.1–61.8 %"  # under 2 points: one decimal
    assert interval_text("rts_score", 1.0, 2.0) == ""  # not a rate
    row = {"value": 0.618, "ci_low": 0.581, "ci_high": 0.652, "denominator": 700, "note": None}
    assert value_text(KPI, row, "en") == "61.8 % (58–65 %)"
    small = {"value": 1.0, "ci_low": 0.839, "ci_high": 1.0, "denominator": 20, "note": "too_few"}
    assert value_text(KPI, small, "en") == "100.0 % · n = 20"
    score = {"value": 7.4, "ci_low": None, "ci_high": None, "denominator": 1234.0, "note": None}
    assert value_text("rts_score", score, "en") == "7.4 · n = 1,234"


def test_ranked_bar_carries_intervals_counts_ranks_and_grey():
    fig = figures.ranked_bar(SMALL_AND_LARGE, KPI, "en", min_cases=30)
    bar = fig["data"][0]
    assert list(bar["y"]) == ["Hisar", "Gurugram", "Jhajjar", "Charkhi Dadri"]  # Nuh: no value
    assert list(fig["layout"]["yaxis"]["ticktext"]) == [
        "=1  Hisar",
        "=1  Gurugram",
        "3  Jhajjar",
        "Charkhi Dadri",
    ]
    # Error bars in percentage points: Hisar 62.0 (60.6-63.3) -> +1.3 / -1.4.
    assert bar["error_x"]["array"][0] == pytest.approx(1.3)
    assert bar["error_x"]["arrayminus"][0] == pytest.approx(1.4)
    assert bar["text"][0] == "62.0 % (61–63 %)"
    assert bar["text"][3] == "100.0 % · n = 20"
    assert list(bar["marker"]["color"]) == [OKABE_ITO[0]] * 3 + [NEUTRAL_LIGHT]


def test_provisional_bars_are_pale_hatched_and_labelled():
    values = SMALL_AND_LARGE.with_columns(pl.lit("provisional").alias("status"))
    fig = figures.ranked_bar(values, KPI, "hi", min_cases=30)
    bar = fig["data"][0]
    assert set(bar["marker"]["color"]) == {PALE}
    assert set(bar["marker"]["pattern"]["shape"]) == {"/"}
    assert all("अनंतिम" in text for text in bar["text"])
    assert all("=" not in tick for tick in fig["layout"]["yaxis"]["ticktext"])  # nobody ranked
    assert figures.tile_map(values, KPI, "en")["layout"]["title"]["text"].endswith(" · provisional")


def test_tile_map_greys_too_few_and_writes_the_interval():
    fig = figures.tile_map(SMALL_AND_LARGE, KPI, "en", min_cases=30)
    grey = fig["data"][1]
    assert any("Charkhi<br>Dadri" in text and "n = 20" in text for text in grey["text"])
    tiles = [text for row in fig["data"][0]["text"] for text in row if text]
    assert any(text.startswith("Gurugram") and "(61–63 %)" in text for text in tiles)


def test_period_picker_marks_partial_periods_and_defaults_to_complete():
    status = {
        "2020-08-03": {"period_end": "2020-08-09", "complete": False},
        "2020-07-27": {"period_end": "2020-08-02", "complete": True},
    }
    plist = ["2020-08-03", "2020-07-27"]
    en = period_options(plist, "week", "en", status)
    hi = period_options(plist, "week", "hi", status)
    assert en[0]["label"].endswith(" · partial") and hi[0]["label"].endswith(" · अपूर्ण")
    assert "partial" not in en[1]["label"]
    assert data.latest_complete(plist, status) == "2020-07-27"
    # Nothing complete yet: the newest, marked partial in the picker.
    assert data.latest_complete(plist, {}) == "2020-08-03"


def test_trend_marks_provisional_and_partial_points_open():
    series = pl.DataFrame(
        {
            "district": ["Jhajjar"] * 3,
            "period_start": ["2020-04-01", "2020-05-01", "2020-06-01"],
            "value": [0.6, 0.5, 0.2],
            "status": ["final", "provisional", "partial"],
        }
    )
    line = figures.trend_lines(series, KPI, "en")["data"][0]
    assert list(line["marker"]["symbol"]) == ["circle", "circle-open", "circle-open"]
    assert list(line["customdata"]) == ["60.0 %", "50.0 % · provisional", "20.0 % · partial period"]
