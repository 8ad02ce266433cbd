"""The scorecard page's secondary blocks: most / least improved, theme sub-indices and the
weighting sensitivity. The page (dashboards/pages/scorecard.py) lays them out.
"""

from __future__ import annotations

from pathlib import Path

from dash import html

from dashboards import data, figures
from dashboards.figure_block import figure_block
from dashboards.i18n import district_name, t
from dashboards.messages import message
from dashboards.table_block import data_table

STATEWIDE = "__state__"  # the peer-group choice "all districts"


def in_peer_group(frame, division: str):
    return frame if division == STATEWIDE else frame.filter(frame["division"] == division)


def improved_block(warehouse: Path, grain: str, period: str, division: str, lang: str):
    frame = in_peer_group(data.scorecard_full(warehouse, grain, period), division)
    # A district that is not ranked this period (too low a KPI coverage) is not judged on
    # its change either.
    moved = frame.filter(
        frame["composite_change"].is_not_null() & frame["ranked"].fill_null(True)
    ).sort("composite_change", descending=True)
    if moved.is_empty():
        return message(t("msg.no_rows", lang))

    def items(part):
        return [
            html.Li(f"{district_name(r['district'], lang)}: {r['composite_change']:+.1f}")
            for r in part.iter_rows(named=True)
        ]

    n = min(3, moved.height)
    return html.Div(
        [
            html.Div([html.Strong("▲"), html.Ol(items(moved.head(n)), id="scorecard-most")]),
            html.Div(
                [html.Strong("▼"), html.Ol(items(moved.tail(n).reverse()), id="scorecard-least")]
            ),
        ],
        className="cards",
    )


def themes_block(warehouse: Path, grain: str, period: str, division: str, lang: str):
    frame = in_peer_group(data.scorecard_full(warehouse, grain, period), division)
    order = (
        frame.filter(frame["composite_index"].is_not_null())
        .sort("composite_index", descending=True)["district"]
        .to_list()
    )
    themes = in_peer_group(data.scorecard_themes(warehouse, grain, period), division)
    caption = (
        "हर विषय का उप-सूचकांक उसके संकेतकों के 0-100 अंकों का भारित औसत है (100 = सर्वश्रेष्ठ)।"
        if lang == "hi"
        else "Each theme's sub-index is the weighted mean of its KPIs' 0-100 scores "
        "(100 = best in the state that period)."
    )
    return figure_block(
        "scorecard-themes-heatmap", figures.theme_heatmap(themes, order, lang), caption, lang=lang
    )


def _agreement(tau: float | None, lang: str) -> str:
    """Kendall's tau in words: ' (nearly the same order)', ' (similar)', ' (different)'."""
    if tau is None:
        return ""
    key = "tau.same" if tau >= 0.9 else ("tau.similar" if tau >= 0.7 else "tau.different")
    return f" ({t(key, lang)})"


def sensitivity_block(warehouse: Path, grain: str, period: str, division: str, lang: str):
    sensitivity = data.scorecard_sensitivity(warehouse, grain, period)
    if sensitivity.is_empty():
        return message(t("msg.no_rows", lang))
    frame = in_peer_group(
        sensitivity.join(
            data.scorecard_full(warehouse, grain, period).select("district", "division"),
            on="district",
        ),
        division,
    )
    if frame.is_empty():
        return message(t("msg.no_rows", lang))
    rows = [
        {
            "district": district_name(r["district"], lang),
            "rank_reviewed": r["rank_reviewed"],
            "rank_equal": r["rank_equal"],
            "rank_theme_equal": r["rank_theme_equal"],
            "weighting_dependent": t("word.yes", lang) if r["weighting_dependent"] else "",
        }
        for r in frame.iter_rows(named=True)
    ]
    taus = data.scorecard_kendall(warehouse, grain, period)
    tau_text = t("tau.lead", lang) + "; ".join(
        f"{t('weighting.' + r['weighting_a'], lang)} ↔ {t('weighting.' + r['weighting_b'], lang)}: "
        f"τ = {'–' if r['kendall_tau'] is None else format(r['kendall_tau'], '.2f')}"
        f"{_agreement(r['kendall_tau'], lang)}"
        for r in taus.iter_rows(named=True)
    )
    caption = (
        "समीक्षित, समान और समान-विषय भार के तहत रैंक (पूरे राज्य में); केंडल τ दो रैंकिंग की "
        "सहमति है (1 = समान क्रम)। "
        if lang == "hi"
        else "Statewide ranks under the reviewed weights, equal KPI weights and equal theme "
        "weights; Kendall's tau measures how far two rankings agree (1 = the same order). "
    )
    return html.Div(
        [
            html.P(tau_text, id="scorecard-kendall", className="caption"),
            data_table(
                "scorecard-sensitivity-table",
                rows,
                [
                    ("district", t("col.district", lang), "text"),
                    ("rank_reviewed", t("col.rank_reviewed", lang), "int"),
                    ("rank_equal", t("col.rank_equal", lang), "int"),
                    ("rank_theme_equal", t("col.rank_theme_equal", lang), "int"),
                    ("weighting_dependent", t("col.weighting_dependent", lang), "text"),
                ],
                caption,
                lang=lang,
                download=("scorecard", grain, period, division, "weighting-sensitivity"),
            ),
        ]
    )
