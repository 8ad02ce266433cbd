"""English and Hindi text, and numbers and dates written the Indian way.

Numbers use Indian digit grouping (the last three digits, then pairs: 1,03,515) and, where a
figure is large, lakh (1,00,000) and crore (1,00,00,000): 12,345,678 is "1.23 crore" in
English and "1.23 करोड़" in Hindi. Digits stay Latin in both languages, as state portals print
them. Grouping and month names come from Babel's CLDR data for the en_IN and hi_IN locales
("Jul 2020", "जुलाई 2020"), not from tables of our own. Every label the dashboard shows comes from :data:`TEXT` through :func:`t`, so a missing
translation falls back to English instead of breaking a page; KPI names come from the KPI
catalogue (warehouse/reference/kpis.yml), the one list of KPIs, through :func:`kpi_name`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

from babel import Locale
from babel.dates import format_date, get_day_names
from babel.numbers import NumberPattern, parse_pattern

from dashboards.texts import TEXT
from warehouse.districts import STATE, districts
from warehouse.kpi_catalogue import catalogue
from warehouse.sources import HELPLINE_CATEGORIES, SOURCES

LANGS = ("en", "hi")
DEFAULT_LANG = "en"
LAKH = 100_000
CRORE = 10_000_000
MISSING = "–"

STATE_HI = "हरियाणा"
LOCALES = {"en": "en_IN", "hi": "hi_IN"}


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
    return text_in(TEXT, key, lang, **fmt)


def text_in(texts: dict[str, dict[str, str]], key: str, lang: str, /, **fmt: object) -> str:
    """``key`` of a table of texts ({key: {"en": ..., "hi": ...}}) in ``lang``, English when
    Hindi is missing, the key itself when the table lacks it, with ``fmt`` filled in: the
    one lookup behind the pages' labels, the brief's sentences and the case lists' words
    (positional, so that any name can be a placeholder: "{table}", "{key}")."""
    entry = texts.get(key)
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


def severity_name(severity: str, lang: str = DEFAULT_LANG) -> str:
    """'blocking' / 'warning' in the page's language ('रोकने वाली' / 'चेतावनी')."""
    key = f"severity.{severity}"
    return t(key, lang) if key in TEXT else severity


def source_name(source: str, lang: str = DEFAULT_LANG) -> str:
    """An export source (or 'scorecard') in words: 'Helpline 1950 calls'."""
    key = f"source.{source}"
    return t(key, lang) if key in TEXT else source.replace("_", " ").capitalize()


def centre_type_name(centre_type: str | None, lang: str = DEFAULT_LANG) -> str:
    """A counter's type in words, as the export contract spells it in English and Hindi
    ('saral_kendra' -> 'SARAL Kendra', 'सरल केंद्र'); empty when unknown."""
    if not centre_type:
        return ""
    labels = SOURCES["service_transactions"].column("centre_type").labels.get(centre_type)
    if not labels:
        return centre_type.replace("_", " ")
    return labels[-1] if lang == "hi" and len(labels) > 1 else labels[0]


def department_name(name: str | None, lang: str = DEFAULT_LANG) -> str:
    """A department as the export names it, in Hindi from the reference file; one the file
    lacks is quoted on a Hindi page (‘Fisheries’): the export's own English label."""
    from warehouse.departments import department_hindi, department_key

    if not name or lang_or_default(lang) != "hi":
        return name or ""
    return department_hindi().get(department_key(name), f"‘{name}’")


def data_name(name: str | None, lang: str = DEFAULT_LANG) -> str:
    """A name the exports write and no reference translates (a centre, an office): quoted on
    a Hindi page, as a cited label, and as it is in English."""
    if not name:
        return ""
    return f"‘{name}’" if lang_or_default(lang) == "hi" else name


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


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))


def format_indian(value: float | int | None, decimals: int = 0) -> str:
    """A number with Indian digit grouping: 103515 -> '1,03,515', 1234567.891 (2) -> '12,34,567.89'.

    A value that rounds to zero has no sign ('-0.0' reads as a change that is not there).
    """
    if _is_missing(value):
        return MISSING
    return _format_indian(value, decimals)


@functools.lru_cache(maxsize=1 << 16)
def _format_indian(value: float | int, decimals: int) -> str:
    """format_indian's Babel call, remembered: a page writes a few hundred numbers, many the
    same from one request to the next (the state's line, the districts' totals)."""
    if round(abs(value), decimals) == 0:
        value = 0
    return _indian_pattern(decimals).apply(value, _locale("en"))


@functools.cache
def _indian_pattern(decimals: int) -> NumberPattern:
    """'#,##,##0.0…', parsed once: Babel's format_decimal parses its pattern and looks its
    locale up on every call (~70 µs; a page writes a few hundred numbers)."""
    return parse_pattern("#,##,##0" + ("." + "0" * decimals if decimals > 0 else ""))


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


def _as_date(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def format_month(value: dt.date | str, lang: str = DEFAULT_LANG) -> str:
    """A month as officials write it: 'Jul 2020', 'जुलाई 2020'."""
    return _formatted_date(_as_date(value), "LLLL y" if lang == "hi" else "MMM y", lang)


def format_day(value: dt.date | str, lang: str = DEFAULT_LANG, year: bool = True) -> str:
    """A day: '6 Apr 2020' ('6 अप्रैल 2020'); without the year, '6 Apr'."""
    pattern = ("d MMMM" if lang == "hi" else "d MMM") + (" y" if year else "")
    return _formatted_date(_as_date(value), pattern, lang)


@functools.lru_cache(maxsize=1 << 14)
def _formatted_date(day: dt.date, pattern: str, lang: str) -> str:
    """Babel's format_date, remembered: it parses the locale and the pattern on every call
    (~45 µs), and a case list writes 2,000 dates, most of them the same few hundred days --
    90 ms of its 170 ms callback."""
    return format_date(day, pattern, locale=LOCALES[lang_or_default(lang)])


def weekday_name(iso_weekday: int, lang: str = DEFAULT_LANG, wide: bool = False) -> str:
    """A weekday (1 = Monday .. 7 = Sunday) as officials write it, from Babel's CLDR data:
    'Mon' / 'सोम', or in full 'Monday' / 'सोमवार'."""
    names = _day_names("wide" if wide else "abbreviated", lang_or_default(lang))
    return names[(int(iso_weekday) - 1) % 7]


@functools.cache
def _day_names(width: str, lang: str) -> dict[int, str]:
    return dict(get_day_names(width, locale=LOCALES[lang]))


@functools.lru_cache(maxsize=64)
def hour_span(hour: int) -> str:
    """A clock hour of the day (0-23) as the hour it covers: 10 -> '10:00–11:00', 23 ->
    '23:00–24:00' (IST, as the exports' times are)."""
    return f"{int(hour):02d}:00–{int(hour) + 1:02d}:00"


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
