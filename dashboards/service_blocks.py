"""The service-delivery page's blocks, one function each: the RTS waiting-time score by
district, the waiting-time distribution, the score by centre and by department, the on-time
rate, overdue pendency and the table of centres. Each takes (warehouse, month, district,
lang), reads its marts through dashboards.data and returns components; the page
(dashboards/pages/service.py) gives each its own callback, so each is drawn as it is ready.
"""

from __future__ import annotations

from pathlib import Path

from dashboards import data, figures
from dashboards.figure_block import figure_block
from dashboards.i18n import (
    centre_type_name,
    data_name,
    department_name,
    district_name,
    format_compact,
    format_indian,
    t,
)
from dashboards.messages import message
from dashboards.periods import period_label
from dashboards.table_block import data_table
from warehouse.districts import STATE

MAX_CENTRES = 25


def _where_when(month: str, district: str | None, lang: str) -> tuple[str, str]:
    """('Jhajjar' or 'All districts', 'May 2020') in the page's language."""
    where = district_name(district, lang) if district else t("ctl.all_districts", lang)
    return where, period_label(month, "month", lang)


def _no_centres(warehouse: Path, month: str, district: str | None, lang: str):
    """A message when no centre reported in the month (and district), else None."""
    if data.service_centres(warehouse, month, district).is_empty():
        return message(t("msg.no_rows", lang))
    return None


def rts_district_block(warehouse: Path, month: str, district: str | None, lang: str):
    _, when = _where_when(month, district, lang)
    scores = data.kpi_by_district(warehouse, "rts_score", "month", month)
    min_cases = data.min_cases(warehouse)
    rts_district = figure_block(
        "service-rts-district",
        figures.ranked_bar(scores, "rts_score", lang, min_cases),
        (
            f"{when}: हर लेनदेन को 30 मिनट में पूरा होने पर 10, 45 में 5, वरना 0 अंक; ज़िले का अंक औसत है।"
            if lang == "hi"
            else f"{when}: each counter transaction scores 10 points if completed within 30 minutes "
            "of the token, 5 within 45, else 0; a district's score is the mean (0-10)."
        ),
        lang=lang,
    )
    return rts_district


def wait_block(warehouse: Path, month: str, district: str | None, lang: str):
    where, when = _where_when(month, district, lang)
    hist = data.wait_histogram(warehouse, month, district)
    summary = data.service_groups(warehouse, month, district or STATE, "scope")
    if hist.is_empty() or summary.is_empty():
        wait = message(t("msg.no_rows", lang))
    else:
        scored = summary["rts_scored"][0]
        share30 = (summary["within_30_min_share"][0] or 0) * 100
        share45 = (summary["within_45_min_share"][0] or 0) * 100
        wait = figure_block(
            "service-wait",
            figures.waiting_histogram(hist, lang, f" — {where}"),
            (
                f"{when}, {where}: {format_compact(scored, lang)} लेनदेन में से {share30:.1f} % 30 मिनट "
                f"में और {share45:.1f} % 45 मिनट में पूरे हुए (हरा = 10 अंक, नारंगी = 5, लाल = 0)।"
                if lang == "hi"
                else f"{when}, {where}: of {format_compact(scored, lang)} completed transactions, "
                f"{share30:.1f} % were done within 30 minutes and {share45:.1f} % within 45 "
                "(green = 10 points, orange = 5, red = 0)."
            ),
            lang=lang,
        )
    return wait


def centre_block(warehouse: Path, month: str, district: str | None, lang: str):
    where, _ = _where_when(month, district, lang)
    empty = _no_centres(warehouse, month, district, lang)
    if empty is not None:
        return empty
    by_centre = (
        data.service_groups(warehouse, month, district, "centre")
        .sort("rts_score", nulls_last=True)
        .head(MAX_CENTRES)
    )
    centre = figure_block(
        "service-centre",
        figures.category_bar(
            [data_name(c, lang) for c in by_centre["member"].to_list()],
            by_centre["rts_score"].to_list(),
            f"{t('col.rts_score', lang)} — {t('col.centre', lang)}, {where}",
            t("unit.score", lang),
            lang,
            value_text=[format_indian(v, 1) for v in by_centre["rts_score"].to_list()],
            x_range=(0, 10),
        ),
        (
            f"सबसे कम अंक वाले {MAX_CENTRES} केंद्र तक, सबसे कम ऊपर।"
            if lang == "hi"
            else f"Up to {MAX_CENTRES} centres, lowest score at the top: where waiting needs attention first."
        ),
        lang=lang,
    )
    return centre


def department_block(warehouse: Path, month: str, district: str | None, lang: str):
    where, _ = _where_when(month, district, lang)
    empty = _no_centres(warehouse, month, district, lang)
    if empty is not None:
        return empty
    by_dept = data.service_groups(warehouse, month, district or STATE, "department").sort(
        "rts_score", descending=True, nulls_last=True
    )
    department = figure_block(
        "service-department",
        figures.category_bar(
            [department_name(d, lang) for d in by_dept["member"].to_list()],
            by_dept["rts_score"].to_list(),
            f"{t('col.rts_score', lang)} — {t('col.department', lang)}, {where}",
            t("unit.score", lang),
            lang,
            value_text=[format_indian(v, 1) for v in by_dept["rts_score"].to_list()],
            x_range=(0, 10),
        ),
        "विभागवार औसत अंक (0-10)।"
        if lang == "hi"
        else "Mean waiting-time score per department (0-10).",
        lang=lang,
    )
    return department


def ontime_block(warehouse: Path, month: str, district: str | None, lang: str):
    _, when = _where_when(month, district, lang)
    min_cases = data.min_cases(warehouse)
    empty = _no_centres(warehouse, month, district, lang)
    if empty is not None:
        return empty
    on_time = data.kpi_by_district(warehouse, "rts_on_time_rate", "month", month)
    ontime = figure_block(
        "service-ontime",
        figures.ranked_bar(on_time, "rts_on_time_rate", lang, min_cases),
        (
            f"{when}: अधिसूचित आरटीएस समयसीमा में दी गई सेवाओं का हिस्सा (दी गई सेवाओं में से)। "
            if lang == "hi"
            else f"{when}: share of delivered applications delivered within the notified RTS "
            "timeline. "
        )
        + t("rank.how", lang, min_cases=min_cases),
        lang=lang,
    )
    return ontime


def overdue_block(warehouse: Path, month: str, district: str | None, lang: str):
    where, _ = _where_when(month, district, lang)
    empty = _no_centres(warehouse, month, district, lang)
    if empty is not None:
        return empty
    # With a district: its departments; for all districts: each district's total.
    overdue_rows = data.service_groups(
        warehouse, month, district, "department" if district else "scope"
    ).sort("overdue_pending", descending=True)
    labels = overdue_rows["member"].to_list()
    name = department_name if district else district_name
    labels = [name(label, lang) for label in labels]
    overdue = figure_block(
        "service-overdue",
        figures.category_bar(
            labels,
            overdue_rows["overdue_pending"].to_list(),
            f"{t('col.overdue', lang)} — {where} ({t('unit.count', lang)})",
            t("unit.count", lang),
            lang,
            value_text=[format_compact(v, lang) for v in overdue_rows["overdue_pending"].to_list()],
        ),
        (
            "टोकन इस माह के, जो आज भी लंबित हैं और समयसीमा पार कर चुके हैं: स्वतः अपील के उम्मीदवार।"
            if lang == "hi"
            else "Applications of this month's tokens still pending past their RTS timeline: "
            "candidates for auto-appeal."
        ),
        lang=lang,
    )
    return overdue


def table_block(warehouse: Path, month: str, district: str | None, lang: str):
    where, when = _where_when(month, district, lang)
    empty = _no_centres(warehouse, month, district, lang)
    if empty is not None:
        return empty
    centres = data.service_centres(warehouse, month, district)
    # One row per centre (its departments together; they have their own chart above),
    # lowest waiting-time score first: the first page is where to act.
    kinds = dict(zip(centres["centre"].to_list(), centres["centre_type"].to_list(), strict=True))
    every_centre = data.service_groups(warehouse, month, district, "centre").sort(
        ["rts_score", "transactions"], descending=[False, True], nulls_last=True
    )
    table_rows = [
        {
            "district": district_name(r["district"], lang),
            "centre": data_name(r["member"], lang),
            "centre_type": centre_type_name(kinds.get(r["member"]), lang),
            "transactions": r["transactions"],
            "rts_score": r["rts_score"],
            "on_time": None if r["rts_on_time_rate"] is None else r["rts_on_time_rate"] * 100,
            "overdue": r["overdue_pending"],
        }
        for r in every_centre.iter_rows(named=True)
    ]
    table = data_table(
        "service-table",
        table_rows,
        [
            ("district", t("col.district", lang), "text"),
            ("centre", t("col.centre", lang), "text"),
            ("centre_type", t("col.centre_type", lang), "text"),
            ("transactions", t("col.transactions", lang), "int"),
            ("rts_score", t("col.rts_score", lang), "number2"),
            ("on_time", "On time (%)" if lang != "hi" else "समय पर (%)", "number1"),
            ("overdue", t("col.overdue", lang), "int"),
        ],
        f"{when}, {where}. "
        + (
            "हर केंद्र एक पंक्ति में (उसके सभी विभाग साथ), सबसे कम प्रतीक्षा अंक पहले; विभागवार अंक ऊपर के चार्ट में।"
            if lang == "hi"
            else "One row per centre (its departments together), lowest waiting-time score "
            "first; each department's score is in the chart above."
        ),
        lang=lang,
        download=("service", district or "all-districts", month, "centres"),
    )
    return table


BLOCKS = (
    rts_district_block,
    wait_block,
    centre_block,
    department_block,
    ontime_block,
    overdue_block,
    table_block,
)
