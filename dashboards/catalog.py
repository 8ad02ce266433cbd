"""What the dashboard knows about each KPI id: how to write and plot it, and which way is better.

Everything comes from the KPI catalogue (warehouse/reference/kpis.yml through
warehouse.kpi_catalogue); nothing is guessed from an id's spelling. An id the catalogue does
not know (a snapshot built by a newer pipeline than this dashboard) gets an explicit,
conservative fallback rather than an error, so a page never breaks on it: a plain number with
no better direction. The tests check that every id the marts produce is in the catalogue, so
the fallback is never used in practice. Ids in a URL are accepted only when the snapshot has
them (see dashboards.urlstate).
"""

from __future__ import annotations

import functools
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
from warehouse.kpi_catalogue import catalogue

KPI_ID = re.compile(r"^[a-z][a-z0-9_]{0,60}(\.[a-z][a-z0-9_]{0,60})?$")


@dataclass(frozen=True)
class KpiInfo:
    """How the dashboard writes one KPI.

    ``kind`` is the catalogue's kind, except that an amount in rupees is ``rupees`` (written
    as lakh / crore of rupees) and an unknown id is ``number``. ``direction`` is the
    catalogue's: higher | lower | none.
    """

    kind: str  # rate | count | rupees | amount | per_lakh | score | index | rank | median | mean | number
    direction: str = "none"
    unit: str = ""  # the catalogue's unit: hours | days | rating 1-5 | calls | share | ...

    @property
    def higher_is_better(self) -> bool:
        """The order districts are listed in: largest first unless lower is better.

        With no better direction this is only an order; words that claim a direction use
        :func:`direction_text`.
        """
        return self.direction != "lower"


# An id the catalogue does not know: a plain number, no direction claimed.
UNKNOWN = KpiInfo("number", "none", "")

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


@functools.cache
def info(kpi: str) -> KpiInfo:
    """How to write a KPI id, from the catalogue; :data:`UNKNOWN` for an id it lacks."""
    entry = catalogue().get(kpi)
    if entry is None:
        return UNKNOWN
    kind = "rupees" if entry.kind == "amount" and entry.unit == "rupees" else entry.kind
    return KpiInfo(kind, entry.direction, entry.unit)


def direction_text(kpi: str, lang: str = DEFAULT_LANG) -> str:
    """'higher is better', 'lower is better', or that neither is (volumes, the call mix)."""
    direction = info(kpi).direction
    return t({"higher": "higher_better", "lower": "lower_better"}.get(direction, "no_better"), lang)


def is_valid_kpi_id(value: object) -> bool:
    """Shape check for ids from outside (URLs): lower-case words, at most one dot."""
    return isinstance(value, str) and bool(KPI_ID.match(value))


# The words of a mean's, a median's or a count's unit, by the catalogue's unit: a mean is a
# rating, a handle time in seconds, operators or calls per operator-hour; a count of hours
# is hours. A unit not listed reads as its kind's default.
_UNIT_KEYS = {
    "calls": "unit.calls",
    "hours": "unit.hours",
    "days": "unit.days",
    "seconds": "unit.seconds",
    "operators": "unit.operators",
    "calls per operator-hour": "unit.calls_per_operator_hour",
    "share of rostered time": "unit.share_of_rostered_time",
    "rating 1-5": "unit.rating",
}
_UNIT_DEFAULTS = {"count": "unit.count", "median": "unit.days", "mean": "unit.rating"}


def is_percent(kpi: str) -> bool:
    """Whether a KPI is a share written in per cent: a rate, or a mean of a share (operator
    occupancy: the share of the rostered time spent on calls, which can pass 100 %)."""
    meta = info(kpi)
    return meta.kind == "rate" or (meta.kind == "mean" and meta.unit.startswith("share"))


def unit_label(kpi: str, lang: str = DEFAULT_LANG) -> str:
    """The unit shown in axis titles and headers."""
    meta = info(kpi)
    if meta.kind in _UNIT_DEFAULTS:
        return t(_UNIT_KEYS.get(meta.unit, _UNIT_DEFAULTS[meta.kind]), lang)
    return {
        "rate": t("unit.percent", lang),
        "rupees": t("unit.rupees", lang),
        "score": t("unit.score", lang),
        "index": t("unit.index", lang),
        "rank": t("unit.rank", lang),
        "per_lakh": t("unit.per_lakh", lang),
    }.get(meta.kind, t("unit.count", lang))


def plot_value(kpi: str, value: float | None) -> float | None:
    """The number as plotted: shares as percentages (is_percent), everything else as is."""
    if value is None:
        return None
    return value * 100 if is_percent(kpi) else value


def format_value(kpi: str, value: float | None, lang: str = DEFAULT_LANG) -> str:
    """The value as a person reads it: '61.8 %', '1,03,515', 'Rs 3.16 crore', '7.4'."""
    kind = info(kpi).kind
    if is_percent(kpi):
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


def table_value(kpi: str, value: float | None, lang: str = DEFAULT_LANG) -> str:
    """The value in full for a table cell: counts and ranks whole ('1,44,529'), rupees in
    full ('Rs 31,64,000'), rates as '61.8 %', scores, medians and means to one decimal."""
    kind = info(kpi).kind
    if is_percent(kpi):
        return format_percent(value)
    if kind in ("count", "rank"):
        return format_indian(value, 0)
    if kind == "rupees":
        text = format_indian(value, 0)
        return text if text == "–" else f"{t('unit.rupees', lang)} {text}"
    return format_indian(value, 1)


SCALE_OF_KIND = {"score": 10, "index": 100, "mean": 5}  # a mean: of ratings 1-5 only


def value_on_scale(kpi: str, value: float | None, lang: str = DEFAULT_LANG) -> str:
    """The value with its scale where a bare number would not say how good it is:
    'RTS waiting-time score 6.8 / 10', a composite '62.4 / 100', a rating '3.9 / 5'."""
    text = format_value(kpi, value, lang)
    meta = info(kpi)
    top = SCALE_OF_KIND.get(meta.kind) if meta.kind != "mean" or meta.unit == "rating 1-5" else None
    return f"{text} / {top}" if top and value is not None else text


def change_verdict(kpi: str, current: float | None, previous: float | None) -> str | None:
    """'better', 'worse' or 'same' by the KPI's direction in the catalogue; None when the
    KPI has no direction (a count) or either value is missing."""
    direction = info(kpi).direction
    if current is None or previous is None or direction not in ("higher", "lower"):
        return None
    if round(current - previous, 9) == 0:
        return "same"
    up = current > previous
    return "better" if up == (direction == "higher") else "worse"


def format_change(kpi: str, current: float | None, previous: float | None, lang: str) -> str:
    """Change against the previous period: percentage points for rates, per cent otherwise."""
    if current is None or previous is None:
        return "–"
    kind = info(kpi).kind
    if is_percent(kpi):
        diff = (current - previous) * 100
        return f"{'+' if diff >= 0 else ''}{format_indian(diff, 1)} {t('pp', lang)}"
    if kind in ("score", "index", "rank", "median", "mean"):
        diff = current - previous
        return f"{'+' if diff >= 0 else ''}{format_indian(diff, 1)}"
    if previous == 0:
        return "–"
    pct = (current - previous) / abs(previous) * 100
    return f"{'+' if pct >= 0 else ''}{format_indian(pct, 1)} %"
