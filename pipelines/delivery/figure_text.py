"""An alert's figures in words: each key's label and each value written the Indian way.

The figures are the district-level numbers an alert rule kept (warehouse/alerts/evaluate.py:
value and target, ranks and their ranges, counts and growth, a source's flags and days
behind). A share of a rate KPI reads as a percentage, counts with Indian grouping, months
and days as officials write them; a key this module does not know is spelt out from its
id, so a new rule's figures still reach the reader. Source names repeat the dashboard's
(the pipelines may not import it).
"""

from __future__ import annotations

import datetime as dt
import re

from pipelines.delivery import formatting as fmt
from warehouse.kpi_catalogue import catalogue
from warehouse.source_names import SOURCE_NAMES

# In the order a message lists them: the figure first, what it is compared with next.
LABELS = {
    "value": ("Value", "मान"),
    "previous": ("Previous month", "पिछला महीना"),
    "growth_pct": ("Growth", "वृद्धि"),
    "target": ("Target", "लक्ष्य"),
    "direction": ("Better when", "बेहतर जब"),
    "status": ("Against target", "लक्ष्य की तुलना में"),
    "periods": ("Months in a row", "लगातार महीने"),
    "from": ("From", "से"),
    "to": ("To", "तक"),
    "rank_from": ("Rank before", "पहले की रैंक"),
    "rank_to": ("Rank now", "अब की रैंक"),
    "range_from": ("Rank range before", "पहले की रैंक सीमा"),
    "range_to": ("Rank range now", "अब की रैंक सीमा"),
    "month_from": ("Compared with", "तुलना का महीना"),
    "min_count": ("Counted from", "न्यूनतम संख्या"),
    "source": ("Source", "स्रोत"),
    "reasons": ("Reasons", "कारण"),
    "staged_rows": ("Rows loaded", "लोड की गई पंक्तियाँ"),
    "quarantined_rows": ("Rows quarantined", "क्वारंटीन की गई पंक्तियाँ"),
    "failed_checks": ("Checks failed", "विफल जाँचें"),
    "stale_days": ("Days without records", "बिना रिकॉर्ड के दिन"),
    "last_event_day": ("Newest record", "नवीनतम रिकॉर्ड"),
    "as_of": ("Data as of", "डेटा की तिथि"),
    "days_behind": ("Days behind", "दिन पीछे"),
    "days": ("Allowed days", "अनुमत दिन"),
    "runs_failed": ("Runs failed", "विफल रन"),
    "first_failed_at": ("First failure", "पहली विफलता"),
    "last_failed_at": ("Last failure", "अंतिम विफलता"),
    "last_run_id": ("Last run", "अंतिम रन"),
    "blocked": ("Blocked by checks", "रोकने वाली जाँचें"),
}
WORDS = {
    "higher": ("higher", "अधिक"),
    "lower": ("lower", "कम"),
    "missed": ("missed", "चूका"),
    "near": ("near", "निकट"),
    "met": ("met", "पूरा"),
}
# Keys whose value counts something: never a percentage, whatever the KPI.
_COUNTING = re.compile(r"(rank|rows|checks|days|count|periods|runs|numerator|denominator)")
_MONTH_KEYS = ("from", "to", "month_from")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "hi" else pair[0]


def spelt(identifier: str, lang: str) -> str:
    """An id nothing names, as words ('growth_pct' -> 'Growth pct'); quoted on Hindi."""
    words = identifier.replace("_", " ").replace(".", ": ").strip()
    words = words[:1].upper() + words[1:]
    return f"‘{words}’" if lang == "hi" else words


def source_name(source: str, lang: str) -> str:
    names = SOURCE_NAMES.get(source)
    return _pick(names, lang) if names else spelt(source, lang)


def label(key: str, lang: str) -> str:
    names = LABELS.get(key)
    return _pick(names, lang) if names else spelt(key, lang)


def _is_rate(kpi: str | None) -> bool:
    entry = catalogue().get(kpi) if kpi else None
    return entry is not None and entry.kind == "rate"


def value_text(key: str, value: object, kpi: str | None, lang: str) -> str:
    """One figure the Indian way."""
    if value is None:
        return fmt.MISSING
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        if key.endswith("_pct"):
            return f"{fmt.number(value, lang, 1)} %"
        if _is_rate(kpi) and not _COUNTING.search(key) and -1 <= value <= 1:
            return fmt.percent(value, lang)
        return fmt.number(value, lang)
    if isinstance(value, str):
        if key == "source":
            return source_name(value, lang)
        if value in WORDS:
            return _pick(WORDS[value], lang)
        if _DATE.match(value):
            if key in _MONTH_KEYS:
                return fmt.period(value, "month", lang)
            return fmt.day(value, lang)
        if _MOMENT.match(value):
            return fmt.moment(dt.datetime.fromisoformat(value), lang)
        return value
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(v, int | float) for v in value):
            return f"{fmt.number(value[0], lang)}–{fmt.number(value[1], lang)}"
        return "; ".join(_item(v, lang) for v in value) or fmt.MISSING
    return str(value)


def _item(value: object, lang: str) -> str:
    if isinstance(value, dict) and "check" in value:
        rows = value.get("rows")
        where = source_name(str(value.get("source", "")), lang)
        return f"{where}: {value['check']}" + (f" ({fmt.number(rows, lang)})" if rows else "")
    return str(value)


def figure_lines(figures: dict, kpi: str | None, lang: str) -> list[str]:
    """'  Value: 42.0 %' per figure: the known keys in LABELS' order, then the others."""
    order = {key: i for i, key in enumerate(LABELS)}
    keys = sorted(figures, key=lambda k: order.get(k, len(order)))
    return [f"  {label(k, lang)}: {value_text(k, figures[k], kpi, lang)}" for k in keys]
