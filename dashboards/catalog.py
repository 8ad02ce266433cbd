"""What the dashboard knows about each KPI id: its kind (how to write and plot it) and direction.

KPI ids are the contract of DOMAIN.md. Ids the snapshot carries that are not listed here are
shown too (as plain numbers, higher is better) so that a new KPI never breaks a page; ids in a
URL are accepted only when the snapshot has them (see dashboards.urlstate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboards.i18n import (
    DEFAULT_LANG,
    format_compact,
    format_indian,
    format_percent,
    format_rupees,
    t,
)

KPI_ID = re.compile(r"^[a-z][a-z0-9_]{0,60}(\.[a-z][a-z0-9_]{0,60})?$")


@dataclass(frozen=True)
class KpiInfo:
    kind: str  # rate | count | per_lakh | rupees | score | index | rank | median | mean | number
    higher_is_better: bool = True
    unit: str = ""  # for medians and means: hours | days | rating


CATALOG: dict[str, KpiInfo] = {
    "calls_received": KpiInfo("count"),
    "call_resolution_rate": KpiInfo("rate"),
    "food_within_2h_rate": KpiInfo("rate"),
    "feedback_coverage": KpiInfo("rate"),
    "pass_applications": KpiInfo("count"),
    "pass_approval_rate": KpiInfo("rate"),
    "relief_eligible": KpiInfo("count"),
    "relief_disbursal_coverage": KpiInfo("rate"),
    "relief_amount_disbursed": KpiInfo("rupees"),
    "migrant_dispatch_rate": KpiInfo("rate"),
    "rts_score": KpiInfo("score"),
    "rts_on_time_rate": KpiInfo("rate"),
    "sms_coverage": KpiInfo("rate"),
    "grievance_disposal_rate": KpiInfo("rate"),
    "grievance_pending_over_30d": KpiInfo("count", higher_is_better=False),
    "grievance_pending_over_30d_share": KpiInfo("rate", higher_is_better=False),
    "pass_pending_share": KpiInfo("rate", higher_is_better=False),
    "rts_overdue_pending": KpiInfo("count", higher_is_better=False),
    "appointment_slot_24h_rate": KpiInfo("rate"),
    "eoffice_electronic_share": KpiInfo("rate"),
    "composite_index": KpiInfo("index"),
    "composite_rank": KpiInfo("rank", higher_is_better=False),
}

# The state overview's headline cards, in order.
HEADLINE_KPIS = (
    "calls_received",
    "call_resolution_rate",
    "food_within_2h_rate",
    "pass_approval_rate",
    "relief_disbursal_coverage",
    "relief_amount_disbursed",
    "rts_score",
    "rts_on_time_rate",
    "grievance_disposal_rate",
    "appointment_slot_24h_rate",
)

DEFAULT_KPI = "call_resolution_rate"


def info(kpi: str) -> KpiInfo:
    """Metadata of a KPI id; category shares are rates; unknown ids are plain numbers."""
    if kpi in CATALOG:
        return CATALOG[kpi]
    if kpi.startswith("call_category_share."):
        return KpiInfo("rate")
    if kpi.endswith("_per_lakh"):
        return KpiInfo("per_lakh")
    if "_median_" in kpi:
        unit = "hours" if "hours" in kpi else "days"
        return KpiInfo("median", higher_is_better=False, unit=unit)
    if "_mean_" in kpi and "rating" in kpi:
        return KpiInfo("mean", unit="rating")
    if kpi.endswith("_rate") or kpi.endswith("_share") or kpi.endswith("_coverage"):
        return KpiInfo("rate")
    return KpiInfo("number")


def is_valid_kpi_id(value: object) -> bool:
    """Shape check for ids from outside (URLs): lower-case words, at most one dot."""
    return isinstance(value, str) and bool(KPI_ID.match(value))


def unit_label(kpi: str, lang: str = DEFAULT_LANG) -> str:
    """The unit shown in axis titles and headers."""
    kind = info(kpi).kind
    return {
        "rate": t("unit.percent", lang),
        "count": t("unit.calls", lang) if kpi == "calls_received" else t("unit.count", lang),
        "rupees": t("unit.rupees", lang),
        "score": t("unit.score", lang),
        "index": t("unit.index", lang),
        "rank": t("unit.rank", lang),
        "per_lakh": t("unit.per_lakh", lang),
        "median": t(f"unit.{info(kpi).unit or 'days'}", lang),
        "mean": t("unit.rating", lang),
    }.get(kind, t("unit.count", lang))


def plot_value(kpi: str, value: float | None) -> float | None:
    """The number as plotted: rates as percentages, everything else as is."""
    if value is None:
        return None
    return value * 100 if info(kpi).kind == "rate" else value


def format_value(kpi: str, value: float | None, lang: str = DEFAULT_LANG) -> str:
    """The value as a person reads it: '61.8 %', '1,03,515', 'Rs 3.16 crore', '7.4'."""
    kind = info(kpi).kind
    if kind == "rate":
        return format_percent(value)
    if kind == "rupees":
        return format_rupees(value, lang)
    if kind == "count":
        return format_compact(value, lang)
    if kind in ("score", "index", "median", "mean", "per_lakh"):
        return format_indian(value, 1)
    if kind == "rank":
        return format_indian(value, 0)
    return format_compact(value, lang)


def format_change(kpi: str, current: float | None, previous: float | None, lang: str) -> str:
    """Change against the previous period: percentage points for rates, per cent otherwise."""
    if current is None or previous is None:
        return "–"
    kind = info(kpi).kind
    if kind == "rate":
        diff = (current - previous) * 100
        return f"{'+' if diff >= 0 else ''}{format_indian(diff, 1)} {t('pp', lang)}"
    if kind in ("score", "index", "rank", "median", "mean"):
        diff = current - previous
        return f"{'+' if diff >= 0 else ''}{format_indian(diff, 1)}"
    if previous == 0:
        return "–"
    pct = (current - previous) / abs(previous) * 100
    return f"{'+' if pct >= 0 else ''}{format_indian(pct, 1)} %"
