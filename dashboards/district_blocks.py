"""The district profile's secondary blocks: the call mix, the pass and relief funnels, why the
composite moved, and the gaming cross-checks. The page (dashboards/pages/district.py) lays
them out; each block reads its mart through dashboards.data and returns components.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from dash import html

from dashboards import data, figures
from dashboards.figure_block import figure_block
from dashboards.i18n import district_name, t
from dashboards.messages import message
from dashboards.periods import period_label
from dashboards.table_block import data_table


def mix_block(warehouse: Path, district: str, grain: str, lang: str) -> html.Div:
    mix_grain = "week" if grain == "week" else "month"
    mix = data.category_mix(warehouse, district, mix_grain)
    if mix.is_empty():
        return message(t("msg.no_rows", lang))
    top = (
        mix.group_by("category")
        .agg(pl.col("numerator").sum())
        .sort("numerator", descending=True)["category"][0]
    )
    from dashboards.i18n import category_name

    caption = (
        f"हर स्तंभ एक अवधि की सभी कॉल (100 %) है; सबसे बड़ी श्रेणी: {category_name(top, lang)}।"
        if lang == "hi"
        else f"Each bar is all helpline calls of one {t(f'grain.{mix_grain}', lang).lower()} "
        f"(100 %), split by what callers asked for; the largest category is "
        f"{category_name(top, lang).lower()}."
    )
    return figure_block(
        "district-mix", figures.category_mix_bars(mix, district, lang), caption, lang=lang
    )


def funnels_block(warehouse: Path, district: str, lang: str) -> list:
    steps = data.funnels(warehouse, district)
    if steps.is_empty():
        return [message(t("msg.no_rows", lang))]
    blocks = []
    for funnel, head_en, head_hi in (
        ("passes", "Movement passes", "मूवमेंट पास"),
        ("relief", "CM relief fund", "मुख्यमंत्री राहत कोष"),
    ):
        rows = steps.filter(pl.col("funnel") == funnel).sort("step_order")
        stages = [
            (_step_label(s, lang), n) for s, n in zip(rows["step"], rows["records"], strict=True)
        ]
        if not stages:
            continue
        head = head_hi if lang == "hi" else head_en
        title = f"{head}: {district_name(district, lang)} ({t('unit.count', lang)})"
        last = rows["share_of_first"].to_list()[-1]
        share = "–" if last is None else f"{last * 100:.1f} %"
        caption = (
            f"पूरी अवधि; अंतिम चरण तक पहले चरण का {share}।"
            if lang == "hi"
            else f"Whole period; {share} of the first step reach the last."
        )
        blocks.append(
            figure_block(
                f"district-funnel-{funnel}", figures.funnel(stages, title, lang), caption, lang=lang
            )
        )
    return blocks


STEP_LABELS = {
    "applied": {"en": "Applied", "hi": "आवेदन"},
    "decided": {"en": "Decided", "hi": "निर्णय हुआ"},
    "approved": {"en": "Approved (issued)", "hi": "स्वीकृत (जारी)"},
    "registered": {"en": "Registered", "hi": "पंजीकृत"},
    "eligible": {"en": "Eligible", "hi": "पात्र"},
    "paid": {"en": "Paid at least once", "hi": "कम से कम एक बार भुगतान"},
}


def _step_label(step: str, lang: str) -> str:
    return STEP_LABELS.get(step, {}).get(lang, step)


def attribution_block(warehouse: Path, district: str, grain: str, period: str, lang: str):
    """Why the district's composite moved against the month before: each KPI's part."""
    month = period if grain == "month" else None
    if month is None:
        month = data.latest_attribution_month(warehouse, district)
    parts = data.attribution(warehouse, district, month) if month else None
    if parts is None or parts.is_empty():
        return message(t("msg.no_rows", lang))
    change = parts["composite_change"][0]
    label = period_label(month, "month", lang)
    caption = (
        f"{label}: समग्र सूचकांक में {change:+.1f} अंक का बदलाव, हर संकेतक का हिस्सा "
        "(भार × उसके 0-100 अंक का बदलाव); हिस्सों का योग ठीक कुल बदलाव है।"
        if lang == "hi"
        else f"{label}: the composite moved {change:+.1f} points against the month before; "
        "each bar is one KPI's part (its weight × the change of its 0-100 score, plus the "
        "re-weighting when a KPI enters or leaves), and the parts add up exactly to the change."
    )
    return figure_block(
        "district-attribution", figures.attribution_bars(parts, change, lang), caption, lang=lang
    )


def gaming_block(warehouse: Path, district: str, lang: str):
    """The gaming cross-checks of the district, month by month; flagged rows first."""
    flags = data.gaming_flags(warehouse, district)
    if flags.is_empty():
        return message(t("msg.no_rows", lang))
    flags = flags.sort(["flagged", "period_start"], descending=[True, True])
    rows = [
        {
            "month": period_label(r["period_start"], "month", lang),
            "check": t(f"gaming.{r['check_name']}", lang),
            "numerator": r["numerator"],
            "denominator": r["denominator"],
            "share": None if r["share"] is None else 100 * r["share"],
            "threshold": 100 * r["threshold"],
            "flagged": ("⚑ " + t("word.yes", lang)) if r["flagged"] else t("word.no", lang),
        }
        for r in flags.iter_rows(named=True)
    ]
    n = int(flags["flagged"].sum())
    caption = (
        f"{n} चेतावनियाँ: जब हिस्सा सीमा से ऊपर हो और पर्याप्त मामले हों।"
        if lang == "hi"
        else f"{n} flagged: a share above its threshold with enough cases behind it. Flags "
        "ask a question of the district's figures; they do not change its rank."
    )
    return data_table(
        "district-gaming-table",
        rows,
        [
            ("month", t("col.month", lang), "text"),
            ("check", t("col.check", lang), "text"),
            ("numerator", t("col.numerator", lang), "int"),
            ("denominator", t("col.denominator", lang), "int"),
            ("share", t("col.share", lang), "number1"),
            ("threshold", t("col.threshold", lang), "number1"),
            ("flagged", t("col.flagged", lang), "text"),
        ],
        caption,
        page_size=12,
        lang=lang,
        download=("district", district, "gaming-checks"),
    )
