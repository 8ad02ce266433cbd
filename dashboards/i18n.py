"""English and Hindi text, and numbers written the Indian way.

Numbers use Indian digit grouping (the last three digits, then pairs: 1,03,515) and, where a
figure is large, lakh (1,00,000) and crore (1,00,00,000): 12,345,678 is "1.23 crore" in
English and "1.23 करोड़" in Hindi. Digits stay Latin in both languages, as state portals print
them. Every label the dashboard shows comes from :data:`TEXT` through :func:`t`, so a missing
translation falls back to English instead of breaking a page; KPI names come from the KPI
catalogue (warehouse/reference/kpis.yml), the one list of KPIs, through :func:`kpi_name`.
"""

from __future__ import annotations

import math

from dashboards.texts import TEXT
from warehouse.districts import STATE, districts
from warehouse.kpi_catalogue import catalogue
from warehouse.sources import HELPLINE_CATEGORIES

LANGS = ("en", "hi")
DEFAULT_LANG = "en"
LAKH = 100_000
CRORE = 10_000_000
MISSING = "–"

STATE_HI = "हरियाणा"


_CATEGORY_EN = {key: labels[0] for key, labels in HELPLINE_CATEGORIES.items()}
# The Hindi label is the last Devanagari spelling the export contract accepts.
_CATEGORY_HI = {
    key: next(
        (x for x in reversed(labels) if any("\u0900" <= ch <= "\u097f" for ch in x)), labels[0]
    )
    for key, labels in HELPLINE_CATEGORIES.items()
}


def lang_or_default(lang: object) -> str:
    """The language code if it is one we have, else English."""
    return lang if isinstance(lang, str) and lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **fmt: object) -> str:
    """The label for ``key`` in ``lang``; English when Hindi is missing; the key if unknown."""
    entry = TEXT.get(key)
    if entry is None:
        return key
    text = entry.get(lang_or_default(lang)) or entry["en"]
    return text.format(**fmt) if fmt else text


def category_name(category: str, lang: str = DEFAULT_LANG) -> str:
    """A helpline call category in words."""
    table = _CATEGORY_HI if lang == "hi" else _CATEGORY_EN
    return table.get(category, category.replace("_", " ").capitalize())


def kpi_name(kpi: str, lang: str = DEFAULT_LANG) -> str:
    """A KPI id in words, from the KPI catalogue (warehouse/reference/kpis.yml).

    An id the catalogue lacks is spelled out from the id itself (a page never breaks on it).
    """
    entry = catalogue().get(kpi)
    if entry is not None:
        return entry.name_in(lang_or_default(lang))
    return kpi.replace("_", " ").replace(".", ": ").capitalize()


def district_name(name: str, lang: str = DEFAULT_LANG) -> str:
    """A canonical district name (or Haryana) in the chosen language."""
    if lang != "hi":
        return name
    if name == STATE:
        return STATE_HI
    for d in districts():
        if d.name == name:
            return d.name_hi
    return name


def _group_indian(digits: str) -> str:
    """'103515' -> '1,03,515': the last three digits, then groups of two."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    pairs = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    if head:
        pairs.insert(0, head)
    return ",".join(pairs + [tail])


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))


def format_indian(value: float | int | None, decimals: int = 0) -> str:
    """A number with Indian digit grouping: 103515 -> '1,03,515', 1234567.891 (2) -> '12,34,567.89'."""
    if _is_missing(value):
        return MISSING
    sign = "-" if value < 0 else ""
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    grouped = _group_indian(whole)
    if sign and set(whole + frac) <= {"0"}:
        sign = ""
    return f"{sign}{grouped}.{frac}" if frac else f"{sign}{grouped}"


def format_compact(value: float | int | None, lang: str = DEFAULT_LANG, decimals: int = 2) -> str:
    """Large numbers in lakh and crore: 12345678 -> '1.23 crore', 250000 -> '2.50 lakh'.

    Below one lakh the number is written in full with Indian grouping (99,999).
    """
    if _is_missing(value):
        return MISSING
    magnitude = abs(value)
    if magnitude >= CRORE:
        word = "करोड़" if lang == "hi" else "crore"
        return f"{format_indian(value / CRORE, decimals)} {word}"
    if magnitude >= LAKH:
        word = "लाख" if lang == "hi" else "lakh"
        return f"{format_indian(value / LAKH, decimals)} {word}"
    return format_indian(value, 0 if float(value).is_integer() else 1)


def format_percent(rate: float | None, decimals: int = 1) -> str:
    """A rate (0-1) as a percentage: 0.29 -> '29.0 %'."""
    if _is_missing(rate):
        return MISSING
    return f"{format_indian(rate * 100, decimals)} %"


def format_rupees(value: float | None, lang: str = DEFAULT_LANG) -> str:
    """Rupees, compact: 31640000 -> 'Rs 3.16 crore'."""
    if _is_missing(value):
        return MISSING
    return f"{t('unit.rupees', lang)} {format_compact(value, lang)}"


def theme_name(theme: str, lang: str) -> str:
    """A theme's label; an unknown theme (a KPI that is its own theme) shows its id."""
    key = f"theme.{theme}"
    return t(key, lang) if key in TEXT else theme
